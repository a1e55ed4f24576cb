import { Match, Template } from 'aws-cdk-lib/assertions';
import { CacheAlarmTopic, MemcachedCluster, ReplicationGroup, ServerlessCache } from '../../src';
import { COST_TAG_KEY } from '../../src/cost/budget';
import { newStack } from '../helpers';
import { NAG_PACKS, nagFindings } from '../nag';

describe('a budget per cache', () => {
  test('a COST budget on the cache\'s tag, 80 % FORECASTED and 100 % ACTUAL to the alarm topic', () => {
    const { stack, vpc } = newStack();
    const cache = new MemcachedCluster(stack, 'Cache', { vpc, budget: { monthlyLimit: 50 } });
    const template = Template.fromStack(stack);
    const topic = stack.getLogicalId(cache.monitoring!.createdTopic!.topic.node.defaultChild as any);
    const subscribers = [{ SubscriptionType: 'SNS', Address: { Ref: topic } }];
    template.hasResourceProperties('AWS::Budgets::Budget', {
      Budget: {
        BudgetType: 'COST',
        TimeUnit: 'MONTHLY',
        BudgetLimit: { Amount: 50, Unit: 'USD' },
        FilterExpression: { Tags: { Key: COST_TAG_KEY, Values: [cache.budget!.tagValue], MatchOptions: ['EQUALS'] } },
      },
      NotificationsWithSubscribers: [
        { Notification: { NotificationType: 'FORECASTED', Threshold: 80, ComparisonOperator: 'GREATER_THAN', ThresholdType: 'PERCENTAGE' }, Subscribers: subscribers },
        { Notification: { NotificationType: 'ACTUAL', Threshold: 100, ComparisonOperator: 'GREATER_THAN', ThresholdType: 'PERCENTAGE' }, Subscribers: subscribers },
      ],
    });
    // The cache's resources carry the tag the budget filters on.
    template.hasResourceProperties('AWS::ElastiCache::CacheCluster', { Tags: Match.arrayWith([{ Key: COST_TAG_KEY, Value: cache.budget!.tagValue }]) });
  });

  test('the topic policy and the key policy let budgets.amazonaws.com of this account publish', () => {
    const { stack, vpc } = newStack();
    new ServerlessCache(stack, 'Cache', { vpc, budget: { monthlyLimit: 20 } });
    const template = Template.fromStack(stack);
    const conditions = {
      StringEquals: { 'aws:SourceAccount': '123456789012' },
      // arn:<partition>:budgets::<account>:* (the partition is a pseudo parameter).
      ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':budgets::123456789012:*']] } },
    };
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Sid: 'AllowBudgetsToPublish', Effect: 'Allow', Principal: { Service: 'budgets.amazonaws.com' }, Action: 'sns:Publish', Condition: conditions,
        })]),
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Sid: 'AllowBudgetsToPublish', Principal: { Service: 'budgets.amazonaws.com' }, Action: ['kms:GenerateDataKey*', 'kms:Decrypt'], Condition: conditions,
        })]),
      },
    });
  });

  test('several caches sharing one topic grant budgets once', () => {
    const { stack, vpc } = newStack();
    const shared = new CacheAlarmTopic(stack, 'Alarms');
    new MemcachedCluster(stack, 'A', { vpc, budget: { monthlyLimit: 10 }, monitoring: { alarmTopic: shared.topic } });
    new MemcachedCluster(stack, 'B', { vpc, budget: { monthlyLimit: 10 }, monitoring: { alarmTopic: shared.topic } });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Budgets::Budget', 2);
    const policies = Object.values(template.findResources('AWS::SNS::TopicPolicy')) as any[];
    const grants = policies.flatMap((p) => p.Properties.PolicyDocument.Statement).filter((s: any) => s.Sid === 'AllowBudgetsToPublish');
    expect(grants).toHaveLength(1);
  });

  test.each(NAG_PACKS)('%s stays clean with a budget', (_name, pack) => {
    const { stack, vpc } = newStack();
    new ReplicationGroup(stack, 'Cache', { vpc, budget: { monthlyLimit: 100 } });
    expect(nagFindings(pack(), stack, 'Test/Cache')).toEqual([]);
  });

  test.each([0, -5, Number.NaN, Number.POSITIVE_INFINITY, '100' as unknown as number])('monthlyLimit %p fails naming the property, value and rule', (monthlyLimit) => {
    const { stack, vpc } = newStack();
    expect(() => new MemcachedCluster(stack, 'Cache', { vpc, budget: { monthlyLimit } }))
      .toThrow(/budget\.monthlyLimit: .* is invalid: the monthly limit is a finite number of USD greater than 0/);
  });

  test('a budget without an alarm topic (alarms off) fails naming budget', () => {
    const { stack, vpc } = newStack();
    expect(() => new MemcachedCluster(stack, 'Cache', { vpc, budget: { monthlyLimit: 10 }, monitoring: { alarms: { enabled: false } } }))
      .toThrow(/budget: .* is invalid: a budget notifies the cache's alarm topic/);
    expect(() => new MemcachedCluster(stack, 'Null', { vpc, budget: null as any })).toThrow(/budget: null is invalid: it is an object/);
  });
});
