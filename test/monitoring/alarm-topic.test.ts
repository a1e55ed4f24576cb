import { RemovalPolicy } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CacheAlarmTopic } from '../../src';
import { newStack } from '../helpers';

const ALARM_ARNS = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:us-east-1:123456789012:alarm:*']] };
const FROM_ALARMS_HERE = {
  StringEquals: { 'aws:SourceAccount': '123456789012' },
  ArnLike: { 'aws:SourceArn': ALARM_ARNS },
};

function build(props = {}) {
  const { stack } = newStack();
  const topic = new CacheAlarmTopic(stack, 'AlarmTopic', props);
  return { stack, topic, template: Template.fromStack(stack) };
}

describe('CacheAlarmTopic', () => {
  test('encrypted with its own KMS key, rotation on', () => {
    const { template, topic, stack } = build();
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: stack.resolve(topic.key.keyArn) });
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Delete' });
  });

  test('the key policy lets CloudWatch alarms of this account and Region publish, and nothing else', () => {
    const { template } = build();
    const key = Object.values(template.findResources('AWS::KMS::Key'))[0] as any;
    const statements = key.Properties.KeyPolicy.Statement;
    expect(statements).toHaveLength(2);
    // The account administers the key (CDK's default key policy).
    expect(statements[0]).toMatchObject({ Action: 'kms:*', Effect: 'Allow', Principal: { AWS: expect.anything() } });
    expect(statements[1]).toEqual({
      Sid: 'AllowCloudWatchAlarmsToPublish',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      Resource: '*',
      Condition: FROM_ALARMS_HERE,
    });
    // ElastiCache event notifications cannot use an encrypted topic: no grant for it.
    expect(JSON.stringify(statements)).not.toContain('elasticache');
  });

  test('the topic policy: CloudWatch alarms may publish, nothing without TLS', () => {
    const { template, stack, topic } = build();
    const ref = stack.resolve(topic.topic.topicArn);
    template.resourceCountIs('AWS::SNS::TopicPolicy', 1);
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayEquals([
          {
            Sid: 'AllowPublishThroughSSLOnly',
            Effect: 'Deny',
            Principal: '*',
            Action: 'sns:Publish',
            Resource: ref,
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
          {
            Sid: 'AllowCloudWatchAlarmsToPublish',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Resource: ref,
            Condition: FROM_ALARMS_HERE,
          },
        ]),
      },
    });
  });

  test('e-mail subscriptions', () => {
    const { template, stack, topic } = build({ emails: ['ops@example.com', 'oncall@example.org'], displayName: 'Cache alarms' });
    template.resourceCountIs('AWS::SNS::Subscription', 2);
    for (const email of ['ops@example.com', 'oncall@example.org']) {
      template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: email, TopicArn: stack.resolve(topic.topic.topicArn) });
    }
    template.hasResourceProperties('AWS::SNS::Topic', { DisplayName: 'Cache alarms' });
  });

  test('no subscriptions by default', () => {
    build().template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  test('the key can be retained', () => {
    build({ keyRemovalPolicy: RemovalPolicy.RETAIN }).template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
  });

  test('an address that is not one fails at synth time', () => {
    expect(() => build({ emails: ['ops.example.com'] })).toThrow(/emails: 'ops.example.com' is invalid: it is not an e-mail address/);
  });
});
