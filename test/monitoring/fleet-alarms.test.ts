import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as fc from 'fast-check';
import { CacheAlarmScope, CacheAlarmTopic, CacheMonitoring, MemcachedCluster, ReplicationGroup } from '../../src';
import { newStack } from '../helpers';
import { valkeyClusterTarget } from './targets';

const FLEET = { alarmScope: CacheAlarmScope.FLEET };
const alarmsOf = (template: Template) => Object.values(template.findResources('AWS::CloudWatch::Alarm')) as any[];
const queryOf = (alarm: any): string => alarm.Properties.Metrics?.[0]?.Expression ?? '';
const tagOf = (resource: any): string | undefined => resource.Properties.Tags?.find((t: any) => t.Key === 'CdkElastiCacheAlarms')?.Value;

describe('alarms that follow the fleet (Metrics Insights over tagged nodes)', () => {
  test('a replication group: one query alarm per recommended alarm over every tagged node, each node a contributor', () => {
    const { stack, vpc } = newStack();
    new ReplicationGroup(stack, 'Cache', { vpc, replicationGroupId: 'orders', shards: 2, replicasPerShard: 1, monitoring: FLEET });
    const template = Template.fromStack(stack);
    const group = tagOf(Object.values(template.findResources('AWS::ElastiCache::ReplicationGroup'))[0]);
    expect(group).toMatch(/^g[0-9a-f]{12}$/);
    const alarms = alarmsOf(template);
    // No alarm names a node: none has to change when nodes come or go.
    expect(alarms.every((a) => a.Properties.Dimensions === undefined && !JSON.stringify(a).includes('orders-0001'))).toBe(true);
    const perNode = alarms.filter((a) => queryOf(a).includes('GROUP BY CacheClusterId, CacheNodeId'));
    expect(perNode.length).toBeGreaterThan(5);
    for (const alarm of perNode) {
      expect(queryOf(alarm)).toMatch(new RegExp(`^SELECT (MAX|MIN|AVG|SUM)\\(\\w+\\) FROM SCHEMA\\("AWS/ElastiCache", CacheClusterId, CacheNodeId\\) WHERE tag.CdkElastiCacheAlarms = '${group}' GROUP BY`));
    }
    expect(perNode.map(queryOf)).toEqual(expect.arrayContaining([expect.stringContaining('MAX(CPUUtilization)'),
      expect.stringContaining('MAX(DatabaseMemoryUsagePercentage)'), expect.stringContaining('MAX(ReplicationLag)')]));
  });

  test('the same thresholds, operators and M of N as the per-node alarms', () => {
    const build = (alarmScope: CacheAlarmScope) => {
      const { stack, vpc } = newStack();
      new ReplicationGroup(stack, 'Cache', { vpc, replicationGroupId: 'orders', monitoring: { alarmScope } });
      return alarmsOf(Template.fromStack(stack));
    };
    const shape = ({ Properties: p }: any) => [p.Threshold, p.ComparisonOperator, p.EvaluationPeriods, p.DatapointsToAlarm];
    const metricOf = (a: any) => a.Properties.MetricName ?? /\((\w+)\)/.exec(queryOf(a))?.[1];
    const nodeAlarms = new Map<string, unknown[]>();
    for (const a of build(CacheAlarmScope.NODE)) nodeAlarms.set(metricOf(a), [...nodeAlarms.get(metricOf(a)) ?? [], shape(a)]);
    const fleet = build(CacheAlarmScope.FLEET).filter((a) => queryOf(a).includes('GROUP BY'));
    for (const alarm of fleet) {
      // The network allowance is one summed alarm per node, one alarm per counter here (threshold 0 either way).
      if (/AllowanceExceeded/.test(metricOf(alarm))) continue;
      expect(nodeAlarms.get(metricOf(alarm))).toContainEqual(shape(alarm));
    }
  });

  test('property: the alarm count does not depend on shards or replicas', () => {
    const count = (shards: number, replicasPerShard: number) => {
      const { stack, vpc } = newStack();
      new ReplicationGroup(stack, 'Cache', { vpc, shards, replicasPerShard, monitoring: FLEET });
      return alarmsOf(Template.fromStack(stack)).length;
    };
    const withReplicas = count(1, 1);
    const topology = [fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 5 })] as const;
    fc.assert(fc.property(...topology, (shards, replicas) => count(shards, replicas) === withReplicas), { numRuns: 8 });
  });

  test('caches of a stack with the same settings and topic share one set of alarms; the alarms name every cache', () => {
    const build = (ids: string[]) => {
      const { stack, vpc } = newStack();
      const monitoring = { ...FLEET, alarmTopic: new CacheAlarmTopic(stack, 'Topic').topic };
      ids.forEach((replicationGroupId) => new ReplicationGroup(stack, replicationGroupId, { vpc, replicationGroupId, monitoring }));
      return Template.fromStack(stack);
    };
    const one = alarmsOf(build(['orders'])).length;
    const template = build(['orders', 'carts', 'prices']);
    expect(alarmsOf(template)).toHaveLength(one);
    const groups = Object.values(template.findResources('AWS::ElastiCache::ReplicationGroup')).map(tagOf);
    expect(new Set(groups).size).toBe(1);
    expect(alarmsOf(template).every((a) => /orders, carts, prices/.test(a.Properties.AlarmDescription))).toBe(true);
  });

  test('a fleet alarm takes further actions like any alarm; the others keep only the topic', () => {
    const { stack, vpc } = newStack();
    const cache = new ReplicationGroup(stack, 'Orders', { vpc, monitoring: FLEET });
    const pager = new sns.Topic(stack, 'Pager');
    const [first, ...rest] = cache.monitoring!.alarms;
    first.addAlarmAction(new actions.SnsAction(pager));
    first.addInsufficientDataAction(new actions.SnsAction(pager));
    const template = Template.fromStack(stack);
    const byArn = (alarm: cloudwatch.IAlarm) => (stack.resolve(alarm.alarmArn) as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
    const firstAlarm = template.findResources('AWS::CloudWatch::Alarm')[byArn(first)];
    expect(firstAlarm.Properties.AlarmActions).toHaveLength(2);
    expect(firstAlarm.Properties.InsufficientDataActions).toEqual([{ Ref: stack.resolve(pager.topicArn).Ref }]);
    for (const alarm of rest) {
      const resource = template.findResources('AWS::CloudWatch::Alarm')[byArn(alarm)];
      expect(resource.Properties.AlarmActions).toHaveLength(1);
      expect(resource.Properties.InsufficientDataActions).toBeUndefined();
    }
  });

  test('different thresholds (another node type) or another topic: another group', () => {
    const { stack, vpc } = newStack();
    const topic = new CacheAlarmTopic(stack, 'Topic').topic;
    new ReplicationGroup(stack, 'A', { vpc, monitoring: { ...FLEET, alarmTopic: topic } });
    new ReplicationGroup(stack, 'B', { vpc, nodeType: 'cache.r7g.xlarge', monitoring: { ...FLEET, alarmTopic: topic } });
    new ReplicationGroup(stack, 'C', { vpc, monitoring: { ...FLEET, alarmTopic: topic, alarms: { evictions: { threshold: 5 } } } });
    new ReplicationGroup(stack, 'D', { vpc, monitoring: FLEET });
    const groups = Object.values(Template.fromStack(stack).findResources('AWS::ElastiCache::ReplicationGroup')).map(tagOf);
    expect(new Set(groups).size).toBe(4);
  });

  test('NodesReporting breaches while no node of the group reports (resource tags for telemetry off, or every node down)', () => {
    const { stack, vpc } = newStack();
    new ReplicationGroup(stack, 'Cache', { vpc, monitoring: FLEET });
    const template = Template.fromStack(stack);
    const probe = alarmsOf(template).filter((a) => /^SELECT COUNT\(CPUUtilization\)/.test(queryOf(a)));
    expect(probe).toHaveLength(1);
    expect(queryOf(probe[0])).not.toContain('GROUP BY');
    expect(probe[0].Properties).toMatchObject({ Threshold: 1, ComparisonOperator: 'LessThanThreshold', TreatMissingData: 'breaching' });
    expect(probe[0].Properties.AlarmDescription).toMatch(/resource tags for telemetry/);
  });

  test('a Memcached cluster: its nodes by CacheNodeId, the cluster tagged', () => {
    const { stack, vpc } = newStack();
    new MemcachedCluster(stack, 'Cache', { vpc, clusterName: 'sessions', nodes: 3, monitoring: FLEET });
    const template = Template.fromStack(stack);
    const group = tagOf(Object.values(template.findResources('AWS::ElastiCache::CacheCluster'))[0]);
    expect(alarmsOf(template).map(queryOf)).toEqual(expect.arrayContaining([expect.stringMatching(
      new RegExp(`^SELECT MAX\\(SwapUsage\\) .* WHERE tag.CdkElastiCacheAlarms = '${group}' GROUP BY CacheClusterId, CacheNodeId$`))]));
  });

  test('a stack past half the Metrics Insights alarm quota gets a warning', () => {
    const { stack, vpc } = newStack();
    for (let i = 0; i < 10; i++) new ReplicationGroup(stack, `C${i}`, { vpc, monitoring: { ...FLEET, alarms: { evictions: { threshold: 100 + i } } } });
    Template.fromStack(stack);
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('metrics-insights-quota'))).toHaveLength(1);
  });

  test('a cache made elsewhere: CacheMonitoring gives the tag to put on it, and tags nothing itself', () => {
    const { stack } = newStack();
    const monitoring = new CacheMonitoring(stack, 'Orders', { target: valkeyClusterTarget(), alarmScope: CacheAlarmScope.FLEET });
    const template = Template.fromStack(stack);
    expect(monitoring.alarmGroupTag?.key).toBe('CdkElastiCacheAlarms');
    expect(alarmsOf(template).every((a) => queryOf(a).includes(`tag.CdkElastiCacheAlarms = '${monitoring.alarmGroupTag?.value}'`))).toBe(true);
    expect(JSON.stringify(template.toJSON())).not.toContain('"Key":"CdkElastiCacheAlarms"');
  });
});
