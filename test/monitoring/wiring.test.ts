import { CfnParameter } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { CacheAlarmScope, MemcachedCluster, ReplicationGroup } from '../../src';
import { newStack } from '../helpers';

function alarmDimensions(template: Template): string[] {
  return Object.values(template.findResources('AWS::CloudWatch::Alarm')).flatMap((a: any) => {
    const dims = a.Properties.Dimensions ?? a.Properties.Metrics?.flatMap((m: any) => m.MetricStat?.Metric.Dimensions ?? []) ?? [];
    return dims.filter((d: any) => d.Name === 'CacheClusterId').map((d: any) => d.Value);
  });
}

describe('the constructs monitor themselves', () => {
  test('by default, alarms that follow the fleet: Metrics Insights queries over the tagged nodes, none naming a node', () => {
    const { stack, vpc } = newStack();
    new ReplicationGroup(stack, 'Cache', { vpc, replicationGroupId: 'orders', shards: 2, replicasPerShard: 1 });
    new MemcachedCluster(stack, 'Sessions', { vpc, clusterName: 'sessions', nodes: 3 });
    const template = Template.fromStack(stack);
    expect(alarmDimensions(template)).toEqual([]);
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as any[];
    expect(alarms.every((a) => /^SELECT .* WHERE tag\.CdkElastiCacheAlarms = 'g[0-9a-f]{12}'/.test(a.Properties.Metrics[0].Expression))).toBe(true);
  });

  test('NODE scope, a replication group: the recommended alarms on every member node, to an encrypted topic', () => {
    const { stack, vpc } = newStack();
    const cache = new ReplicationGroup(stack, 'Cache', {
      vpc, replicationGroupId: 'orders', shards: 2, replicasPerShard: 1, monitoring: { alarmScope: CacheAlarmScope.NODE },
    });
    const template = Template.fromStack(stack);
    // 4 nodes × 8 alarms + ReplicationLag on each of the 4 nodes.
    template.resourceCountIs('AWS::CloudWatch::Alarm', 4 * 8 + 4);
    expect(cache.monitoring!.alarms).toHaveLength(36);
    expect(new Set(alarmDimensions(template))).toEqual(new Set(['orders-0001-001', 'orders-0001-002', 'orders-0002-001', 'orders-0002-002']));
    const topicId = Object.keys(template.findResources('AWS::SNS::Topic', { Properties: { KmsMasterKeyId: Match.anyValue(), DisplayName: 'ElastiCache alarms of Test' } }))[0];
    template.allResourcesProperties('AWS::CloudWatch::Alarm', { AlarmActions: [{ Ref: topicId }], OKActions: [{ Ref: topicId }] });
  });

  test('NODE scope, a Memcached cluster: alarms on each node (CacheNodeId 0001, 0002, 0003)', () => {
    const { stack, vpc } = newStack();
    new MemcachedCluster(stack, 'Cache', { vpc, clusterName: 'sessions', nodes: 3, monitoring: { alarmScope: CacheAlarmScope.NODE } });
    const template = Template.fromStack(stack);
    const nodeIds = Object.values(template.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: 'SwapUsage' } }))
      .map((a: any) => a.Properties.Dimensions.find((d: any) => d.Name === 'CacheNodeId').Value).sort();
    expect(nodeIds).toEqual(['0001', '0002', '0003']);
    expect(new Set(alarmDimensions(template))).toEqual(new Set(['sessions']));
  });

  test('alarms off: no alarms and no topic', () => {
    const { stack, vpc } = newStack();
    const cache = new ReplicationGroup(stack, 'Cache', { vpc, monitoring: { alarms: { enabled: false } } });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    expect(cache.monitoring!.alarmTopic).toBeUndefined();
    expect(Object.keys(template.findResources('AWS::SNS::Topic')).some((id) => id.includes('Monitoring'))).toBe(false);
  });

  test('by default, one topic per stack: the caches share it and each e-mail address is subscribed once', () => {
    const { stack, vpc } = newStack();
    const first = new ReplicationGroup(stack, 'Cache', { vpc, monitoring: { alarmEmails: ['ops@example.com'] } });
    const second = new MemcachedCluster(stack, 'Memcached', { vpc, monitoring: { alarmEmails: ['ops@example.com', 'web@example.com'] } });
    expect(second.monitoring!.createdTopic).toBe(first.monitoring!.createdTopic);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SNS::Topic', 2); // the alarm topic and the rotation function's dead letters
    expect(Object.keys(template.findResources('AWS::SNS::Topic')).filter((id) => id.startsWith('CacheAlarmTopic'))).toHaveLength(1);
    const endpoints = Object.values(template.findResources('AWS::SNS::Subscription')).map((s: any) => s.Properties.Endpoint).sort();
    expect(endpoints).toEqual(['ops@example.com', 'web@example.com']);
  });

  test('one given topic for two caches', () => {
    const { stack, vpc } = newStack();
    const first = new ReplicationGroup(stack, 'Cache', { vpc });
    const second = new MemcachedCluster(stack, 'Memcached', { vpc, monitoring: { alarmTopic: first.monitoring!.alarmTopic } });
    expect(second.monitoring!.createdTopic).toBeUndefined();
    const template = Template.fromStack(stack);
    expect(Object.keys(template.findResources('AWS::SNS::Topic')).filter((id) => id.includes('AlarmTopic'))).toHaveLength(1);
  });

  test('a token node count: no per-node alarms, and a warning that says why', () => {
    const { stack, vpc } = newStack();
    const nodes = new CfnParameter(stack, 'Nodes', { type: 'Number', default: 2 });
    const cache = new MemcachedCluster(stack, 'Cache', { vpc, nodes: nodes.valueAsNumber });
    expect(cache.monitoring).toBeUndefined();
    Template.fromStack(stack).resourceCountIs('AWS::CloudWatch::Alarm', 0);
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('cdk-elasticache:no-alarms'))).toHaveLength(1);
  });
});
