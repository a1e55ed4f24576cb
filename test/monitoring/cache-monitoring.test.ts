import { Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { alarmProps, memcachedTarget, singleNodeTarget, valkeyClusterTarget } from './targets';
import { CacheMonitoring, CacheMonitoringProps } from '../../src';
import { newStack } from '../helpers';

function build(props: CacheMonitoringProps) {
  const { stack } = newStack();
  const monitoring = new CacheMonitoring(stack, 'Monitoring', props);
  return { stack, monitoring, template: Template.fromStack(stack) };
}

describe('CacheMonitoring', () => {
  test('defaults: an encrypted topic, the recommended alarms notifying it, no dashboard', () => {
    const { template, monitoring, stack } = build({ target: valkeyClusterTarget() });
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 54);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
    expect(monitoring.alarms).toHaveLength(54);
    expect(monitoring.createdTopic).toBeDefined();
    expect(monitoring.dashboard).toBeUndefined();
    const topicRef = stack.resolve(monitoring.alarmTopic!.topicArn);
    for (const p of alarmProps(template)) {
      expect(p.AlarmActions).toEqual([topicRef]);
      expect(p.OKActions).toEqual([topicRef]);
    }
    template.hasResourceProperties('AWS::SNS::Topic', { DisplayName: 'ElastiCache alarms of Test' });
  });

  test('e-mails subscribe to the created topic', () => {
    const { template } = build({ target: singleNodeTarget(), alarmEmails: ['ops@example.com'] });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
  });

  test('a given topic is used (and subscribed to); no topic or key is created', () => {
    const { stack } = newStack();
    const topic = sns.Topic.fromTopicArn(stack, 'Existing', 'arn:aws:sns:us-east-1:123456789012:ops');
    const monitoring = new CacheMonitoring(stack, 'Monitoring', { target: memcachedTarget(), alarmTopic: topic, alarmEmails: ['ops@example.com'] });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SNS::Topic', 0);
    template.resourceCountIs('AWS::KMS::Key', 0);
    template.hasResourceProperties('AWS::SNS::Subscription', { TopicArn: 'arn:aws:sns:us-east-1:123456789012:ops' });
    expect(monitoring.alarmTopic).toBe(topic);
    expect(monitoring.createdTopic).toBeUndefined();
    for (const p of alarmProps(template)) expect(p.AlarmActions).toEqual(['arn:aws:sns:us-east-1:123456789012:ops']);
  });

  test('alarms off: no alarms, no topic, no key', () => {
    const { template, monitoring } = build({ target: valkeyClusterTarget(), alarms: { enabled: false } });
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    template.resourceCountIs('AWS::SNS::Topic', 0);
    template.resourceCountIs('AWS::KMS::Key', 0);
    expect(monitoring.alarms).toEqual([]);
    expect(monitoring.alarmTopic).toBeUndefined();
    expect(monitoring.recommendedAlarms).toBeUndefined();
  });

  test('alarms off with e-mails fails at synth time', () => {
    expect(() => build({ target: singleNodeTarget(), alarms: { enabled: false }, alarmEmails: ['ops@example.com'] }))
      .toThrow(/alarmEmails: .* is invalid: there are no alarms/);
  });

  test('a dashboard on request, with an alarm status widget', () => {
    const { template, monitoring } = build({ target: singleNodeTarget(), dashboard: true });
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    expect(monitoring.dashboard).toBeDefined();
    const dashboard = Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0] as any;
    expect(JSON.stringify(dashboard.Properties.DashboardBody)).toContain('\\"type\\":\\"alarm\\"');
  });

  test('a dashboard without alarms', () => {
    const { template } = build({ target: singleNodeTarget(), dashboard: true, alarms: { enabled: false } });
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
  });
});
