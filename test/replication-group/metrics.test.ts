import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { CacheAuthentication, ClusterMode, ReplicationGroup, ReplicationGroupMetrics, ReplicationGroupProps } from '../../src';
import { newStack } from '../helpers';

function build(props: Omit<ReplicationGroupProps, 'vpc'> = {}) {
  const { stack, vpc } = newStack();
  const cache = new ReplicationGroup(stack, 'Cache', {
    vpc,
    replicationGroupId: 'orders',
    authentication: CacheAuthentication.authToken({ rotation: false }),
    ...props,
  });
  return { stack, cache };
}

/** The Metrics of an alarm made from the metric, as synthesized. */
function alarmMetrics(metric: cloudwatch.IMetric): any[] {
  const { stack } = newStack();
  new cloudwatch.Alarm(stack, 'Alarm', { metric, threshold: 1, evaluationPeriods: 1 });
  const alarm = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm'))[0];
  return alarm.Properties.Metrics;
}

function metricStat(name: string, clusterId: string, stat: string) {
  return {
    Metric: {
      Namespace: 'AWS/ElastiCache',
      MetricName: name,
      Dimensions: [{ Name: 'CacheClusterId', Value: clusterId }, { Name: 'CacheNodeId', Value: '0001' }],
    },
    Period: 60,
    Stat: stat,
  };
}

describe('memberClusterIds', () => {
  test('cluster mode: <id>-<shard>-<node>', () => {
    const { cache } = build({ shards: 2, replicasPerShard: 1 });
    expect(cache.memberClusterIds).toEqual(['orders-0001-001', 'orders-0001-002', 'orders-0002-001', 'orders-0002-002']);
    expect(cache.metrics.memberClusterIds).toEqual(cache.memberClusterIds);
  });

  test('cluster mode disabled: <id>-<node>', () => {
    const { cache } = build({ clusterMode: ClusterMode.DISABLED, replicasPerShard: 2 });
    expect(cache.memberClusterIds).toEqual(['orders-001', 'orders-002', 'orders-003']);
  });

  test('one node', () => {
    const { cache } = build({ clusterMode: ClusterMode.DISABLED, replicasPerShard: 0 });
    expect(cache.memberClusterIds).toEqual(['orders-001']);
  });

  test('padding of larger groups', () => {
    const { cache } = build({ shards: 12, replicasPerShard: 0 });
    expect(cache.memberClusterIds).toHaveLength(12);
    expect(cache.memberClusterIds[11]).toBe('orders-0012-001');
  });
});

describe('ReplicationGroupMetrics', () => {
  const metrics = new ReplicationGroupMetrics(['orders-0001-001', 'orders-0001-002']);

  test('forNode: namespace AWS/ElastiCache, dimensions CacheClusterId and CacheNodeId 0001, 1 minute average', () => {
    const m = metrics.forNode('CurrItems', 'orders-0001-002');
    expect(m.namespace).toBe('AWS/ElastiCache');
    expect(m.metricName).toBe('CurrItems');
    expect(m.dimensions).toEqual({ CacheClusterId: 'orders-0001-002', CacheNodeId: '0001' });
    expect(m.period.toSeconds()).toBe(60);
    expect(m.statistic).toBe('Average');
  });

  test('forNode takes options', () => {
    const m = metrics.forNode('CurrItems', 'orders-0001-001', { statistic: 'Maximum', period: Duration.minutes(5) });
    expect(m.statistic).toBe('Maximum');
    expect(m.period.toMinutes()).toBe(5);
    expect(m.dimensions).toEqual({ CacheClusterId: 'orders-0001-001', CacheNodeId: '0001' });
  });

  test('perNode: one metric per member cluster, in order', () => {
    expect(metrics.perNode('CurrItems').map((m) => m.dimensions!.CacheClusterId)).toEqual(['orders-0001-001', 'orders-0001-002']);
  });

  test('aggregate defaults to MAX', () => {
    const m = metrics.aggregate('CurrItems') as cloudwatch.MathExpression;
    expect(m).toBeInstanceOf(cloudwatch.MathExpression);
    expect(m.expression).toBe('MAX([m0,m1])');
  });

  test('aggregate on one node is the node\'s metric', () => {
    const m = new ReplicationGroupMetrics(['orders-001']).aggregate('CurrItems');
    expect(m).toBeInstanceOf(cloudwatch.Metric);
  });
});

describe('group metrics', () => {
  test('metricEngineCPUUtilization on several nodes: MAX over one Maximum metric per node', () => {
    const { cache } = build({ shards: 2, replicasPerShard: 1 });
    const metric = cache.metricEngineCPUUtilization();
    expect(metric).toBeInstanceOf(cloudwatch.MathExpression);
    const ids = cache.memberClusterIds;
    expect(alarmMetrics(metric)).toEqual([
      { Id: 'expr_1', Expression: 'MAX([m0,m1,m2,m3])', Label: 'EngineCPUUtilization (max over nodes)', ReturnData: true },
      ...ids.map((id, i) => ({ Id: `m${i}`, MetricStat: metricStat('EngineCPUUtilization', id, 'Maximum'), ReturnData: false })),
    ]);
  });

  test('metricEngineCPUUtilization on a single node: a plain metric', () => {
    const { cache } = build({ clusterMode: ClusterMode.DISABLED, replicasPerShard: 0 });
    const metric = cache.metricEngineCPUUtilization();
    expect(metric).toBeInstanceOf(cloudwatch.Metric);
    const m = metric as cloudwatch.Metric;
    expect(m.metricName).toBe('EngineCPUUtilization');
    expect(m.namespace).toBe('AWS/ElastiCache');
    expect(m.statistic).toBe('Maximum');
    expect(m.dimensions).toEqual({ CacheClusterId: 'orders-001', CacheNodeId: '0001' });
    const { stack } = newStack();
    new cloudwatch.Alarm(stack, 'Alarm', { metric, threshold: 90, evaluationPeriods: 1 });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'EngineCPUUtilization',
      Namespace: 'AWS/ElastiCache',
      Statistic: 'Maximum',
      Period: 60,
      Dimensions: [{ Name: 'CacheClusterId', Value: 'orders-001' }, { Name: 'CacheNodeId', Value: '0001' }],
    });
  });

  test('metricEvictions: SUM of per-node sums', () => {
    const { cache } = build({ clusterMode: ClusterMode.DISABLED, replicasPerShard: 1 });
    const metrics = alarmMetrics(cache.metricEvictions());
    expect(metrics[0]).toEqual(expect.objectContaining({ Expression: 'SUM([m0,m1])', ReturnData: true }));
    expect(metrics.slice(1).map((m) => m.MetricStat)).toEqual([
      metricStat('Evictions', 'orders-001', 'Sum'),
      metricStat('Evictions', 'orders-002', 'Sum'),
    ]);
  });

  test('metricCacheHitRate: MIN of per-node averages', () => {
    const { cache } = build({ clusterMode: ClusterMode.DISABLED, replicasPerShard: 1 });
    const metrics = alarmMetrics(cache.metricCacheHitRate());
    expect(metrics[0]).toEqual(expect.objectContaining({ Expression: 'MIN([m0,m1])', Label: 'CacheHitRate (min over nodes)' }));
    expect(metrics.slice(1).map((m) => m.MetricStat)).toEqual([
      metricStat('CacheHitRate', 'orders-001', 'Average'),
      metricStat('CacheHitRate', 'orders-002', 'Average'),
    ]);
  });

  test.each<[string, (c: ReplicationGroup) => cloudwatch.IMetric, string, string, string]>([
    ['metricDatabaseMemoryUsagePercentage', (c) => c.metricDatabaseMemoryUsagePercentage(), 'DatabaseMemoryUsagePercentage', 'MAX', 'Maximum'],
    ['metricCurrConnections', (c) => c.metricCurrConnections(), 'CurrConnections', 'SUM', 'Maximum'],
    ['metricNewConnections', (c) => c.metricNewConnections(), 'NewConnections', 'SUM', 'Sum'],
    ['metricReplicationLag', (c) => c.metricReplicationLag(), 'ReplicationLag', 'MAX', 'Maximum'],
    ['metricCPUUtilization', (c) => c.metricCPUUtilization(), 'CPUUtilization', 'MAX', 'Maximum'],
    ['metricFreeableMemory', (c) => c.metricFreeableMemory(), 'FreeableMemory', 'MIN', 'Minimum'],
    ['metric(name)', (c) => c.metric('CurrItems'), 'CurrItems', 'MAX', 'Average'],
  ])('%s', (_name, get, metricName, fn, stat) => {
    const { cache } = build({ clusterMode: ClusterMode.DISABLED, replicasPerShard: 1 });
    const metrics = alarmMetrics(get(cache));
    expect(metrics[0].Expression).toBe(`${fn}([m0,m1])`);
    expect(metrics.slice(1).map((m) => m.MetricStat)).toEqual([
      metricStat(metricName, 'orders-001', stat),
      metricStat(metricName, 'orders-002', stat),
    ]);
  });

  test('options pass to every node\'s metric and the expression', () => {
    const { cache } = build({ clusterMode: ClusterMode.DISABLED, replicasPerShard: 1 });
    const metrics = alarmMetrics(cache.metricEngineCPUUtilization({ period: Duration.minutes(5), statistic: 'Average', label: 'CPU' }));
    expect(metrics[0]).toEqual(expect.objectContaining({ Label: 'CPU', Expression: 'MAX([m0,m1])' }));
    for (const m of metrics.slice(1)) {
      expect(m.MetricStat.Period).toBe(300);
      expect(m.MetricStat.Stat).toBe('Average');
    }
  });

  test('metricNetworkBandwidthAllowanceExceeded: SUM of the 4 allowance metrics of every node', () => {
    const { cache } = build({ clusterMode: ClusterMode.DISABLED, replicasPerShard: 1 });
    const metrics = alarmMetrics(cache.metricNetworkBandwidthAllowanceExceeded());
    expect(metrics[0]).toEqual(expect.objectContaining({
      Expression: 'SUM([m0,m1,m2,m3,m4,m5,m6,m7])',
      Label: 'Network allowance exceeded (packets)',
      ReturnData: true,
    }));
    const names = [
      'NetworkBandwidthInAllowanceExceeded',
      'NetworkBandwidthOutAllowanceExceeded',
      'NetworkPacketsPerSecondAllowanceExceeded',
      'NetworkConntrackAllowanceExceeded',
    ];
    expect(metrics.slice(1).map((m) => m.MetricStat)).toEqual([
      ...names.map((n) => metricStat(n, 'orders-001', 'Sum')),
      ...names.map((n) => metricStat(n, 'orders-002', 'Sum')),
    ]);
  });

  test('metricNetworkBandwidthAllowanceExceeded on one node: still the sum of its 4 metrics', () => {
    const { cache } = build({ clusterMode: ClusterMode.DISABLED, replicasPerShard: 0 });
    const metrics = alarmMetrics(cache.metricNetworkBandwidthAllowanceExceeded());
    expect(metrics[0].Expression).toBe('SUM([m0,m1,m2,m3])');
    expect(metrics).toHaveLength(5);
  });
});
