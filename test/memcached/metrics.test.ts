import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { MemcachedCluster, MemcachedClusterMetrics, MemcachedClusterProps, MetricAggregation } from '../../src';
import { newStack } from '../helpers';

function build(props: Omit<MemcachedClusterProps, 'vpc'> = {}) {
  const { stack, vpc } = newStack();
  return new MemcachedCluster(stack, 'Cache', { vpc, clusterName: 'sessions', ...props });
}

/** The Metrics of an alarm made from the metric, as synthesized. */
function alarmMetrics(metric: cloudwatch.IMetric): any[] {
  const { stack } = newStack();
  new cloudwatch.Alarm(stack, 'Alarm', { metric, threshold: 1, evaluationPeriods: 1 });
  const alarm = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm'))[0];
  return alarm.Properties.Metrics;
}

function metricStat(name: string, nodeId: string, stat: string) {
  return {
    Metric: {
      Namespace: 'AWS/ElastiCache',
      MetricName: name,
      Dimensions: [{ Name: 'CacheClusterId', Value: 'sessions' }, { Name: 'CacheNodeId', Value: nodeId }],
    },
    Period: 60,
    Stat: stat,
  };
}

describe('MemcachedClusterMetrics', () => {
  const metrics = new MemcachedClusterMetrics('sessions', ['0001', '0002', '0003']);

  test('forNode: namespace AWS/ElastiCache, dimensions CacheClusterId and CacheNodeId, 1 minute average', () => {
    const m = metrics.forNode('CurrItems', '0002');
    expect(m.namespace).toBe('AWS/ElastiCache');
    expect(m.metricName).toBe('CurrItems');
    expect(m.dimensions).toEqual({ CacheClusterId: 'sessions', CacheNodeId: '0002' });
    expect(m.period.toSeconds()).toBe(60);
    expect(m.statistic).toBe('Average');
  });

  test('forNode takes options', () => {
    const m = metrics.forNode('CurrItems', '0001', { statistic: 'Maximum', period: Duration.minutes(5) });
    expect(m.statistic).toBe('Maximum');
    expect(m.period.toMinutes()).toBe(5);
    expect(m.dimensions).toEqual({ CacheClusterId: 'sessions', CacheNodeId: '0001' });
  });

  test('perNode: one metric per node, in order', () => {
    expect(metrics.perNode('Evictions').map((m) => m.dimensions!.CacheNodeId)).toEqual(['0001', '0002', '0003']);
  });

  test('aggregate defaults to MAX; other aggregations by name', () => {
    expect((metrics.aggregate('CurrItems') as cloudwatch.MathExpression).expression).toBe('MAX([m0,m1,m2])');
    expect((metrics.aggregate('CurrItems', {}, MetricAggregation.AVG) as cloudwatch.MathExpression).expression).toBe('AVG([m0,m1,m2])');
  });

  test('aggregate on one node is the node\'s metric', () => {
    expect(new MemcachedClusterMetrics('sessions', ['0001']).aggregate('CurrItems')).toBeInstanceOf(cloudwatch.Metric);
  });

  test('no known nodes: a clear error instead of an empty expression', () => {
    expect(() => new MemcachedClusterMetrics('sessions', []).aggregate('CurrItems')).toThrow(/node ids of cluster 'sessions' are unknown/);
  });
});

describe('cluster metrics: per-node dimensions, combined with math', () => {
  test('the construct\'s metrics name its cluster id and node ids', () => {
    const cache = build({ nodes: 3 });
    expect(cache.metrics.cacheClusterId).toBe('sessions');
    expect(cache.metrics.cacheNodeIds).toEqual(['0001', '0002', '0003']);
  });

  test.each<[string, (c: MemcachedCluster) => cloudwatch.IMetric, string, string, string]>([
    ['metricCPUUtilization', (c) => c.metricCPUUtilization(), 'CPUUtilization', 'MAX', 'Maximum'],
    ['metricFreeableMemory', (c) => c.metricFreeableMemory(), 'FreeableMemory', 'MIN', 'Minimum'],
    ['metricSwapUsage', (c) => c.metricSwapUsage(), 'SwapUsage', 'MAX', 'Maximum'],
    ['metricEvictions', (c) => c.metricEvictions(), 'Evictions', 'SUM', 'Sum'],
    ['metricCurrConnections', (c) => c.metricCurrConnections(), 'CurrConnections', 'SUM', 'Maximum'],
    ['metricNewConnections', (c) => c.metricNewConnections(), 'NewConnections', 'SUM', 'Sum'],
    ['metricCurrItems', (c) => c.metricCurrItems(), 'CurrItems', 'SUM', 'Maximum'],
    ['metricGetHits', (c) => c.metricGetHits(), 'GetHits', 'SUM', 'Sum'],
    ['metricGetMisses', (c) => c.metricGetMisses(), 'GetMisses', 'SUM', 'Sum'],
    ['metricBytesUsedForCacheItems', (c) => c.metricBytesUsedForCacheItems(), 'BytesUsedForCacheItems', 'MAX', 'Maximum'],
    ['metric (generic, MAX)', (c) => c.metric('CmdGet', { statistic: 'Sum' }), 'CmdGet', 'MAX', 'Sum'],
  ])('%s: %s %s of per-node %s', (_name, make, metricName, fn, stat) => {
    const cache = build();
    const metrics = alarmMetrics(make(cache));
    expect(metrics[0]).toEqual({
      Id: 'expr_1',
      Expression: `${fn}([m0,m1])`,
      Label: `${metricName} (${fn.toLowerCase()} over nodes)`,
      ReturnData: true,
    });
    expect(metrics.slice(1)).toEqual([
      { Id: 'm0', MetricStat: metricStat(metricName, '0001', stat), ReturnData: false },
      { Id: 'm1', MetricStat: metricStat(metricName, '0002', stat), ReturnData: false },
    ]);
  });

  test('on a single node the metric is plain, with both dimensions', () => {
    const cache = build({ nodes: 1 });
    const { stack } = newStack();
    new cloudwatch.Alarm(stack, 'Alarm', { metric: cache.metricCPUUtilization(), threshold: 90, evaluationPeriods: 1 });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'CPUUtilization',
      Namespace: 'AWS/ElastiCache',
      Statistic: 'Maximum',
      Period: 60,
      Dimensions: [{ Name: 'CacheClusterId', Value: 'sessions' }, { Name: 'CacheNodeId', Value: '0001' }],
    });
  });

  test('metricHitRate: 100 * hits / (hits + misses), summed over nodes', () => {
    const cache = build();
    const metrics = alarmMetrics(cache.metricHitRate());
    expect(metrics[0]).toEqual({
      Id: 'expr_1',
      Expression: '100 * SUM([hit0,hit1]) / (SUM([hit0,hit1]) + SUM([miss0,miss1]))',
      Label: 'Get hit rate (%)',
      ReturnData: true,
    });
    expect(metrics.slice(1)).toEqual([
      { Id: 'hit0', MetricStat: metricStat('GetHits', '0001', 'Sum'), ReturnData: false },
      { Id: 'hit1', MetricStat: metricStat('GetHits', '0002', 'Sum'), ReturnData: false },
      { Id: 'miss0', MetricStat: metricStat('GetMisses', '0001', 'Sum'), ReturnData: false },
      { Id: 'miss1', MetricStat: metricStat('GetMisses', '0002', 'Sum'), ReturnData: false },
    ]);
  });

  test('metricHitRate on one node needs no SUM', () => {
    const cache = build({ nodes: 1 });
    expect((cache.metricHitRate() as cloudwatch.MathExpression).expression).toBe('100 * hit0 / (hit0 + miss0)');
  });

  test('metricNetworkAllowanceExceeded: SUM of the four allowance counters of every node', () => {
    const cache = build();
    const metrics = alarmMetrics(cache.metricNetworkAllowanceExceeded());
    expect(metrics[0]).toEqual(expect.objectContaining({ Expression: 'SUM([m0,m1,m2,m3,m4,m5,m6,m7])', Label: 'Network allowance exceeded (packets)' }));
    const names = ['NetworkBandwidthInAllowanceExceeded', 'NetworkBandwidthOutAllowanceExceeded',
      'NetworkPacketsPerSecondAllowanceExceeded', 'NetworkConntrackAllowanceExceeded'];
    expect(metrics.slice(1).map((m) => m.MetricStat)).toEqual([
      ...names.map((n) => metricStat(n, '0001', 'Sum')),
      ...names.map((n) => metricStat(n, '0002', 'Sum')),
    ]);
  });

  test('options reach every node metric: period and label', () => {
    const cache = build();
    const metric = cache.metricEvictions({ period: Duration.minutes(5), label: 'evicted' }) as cloudwatch.MathExpression;
    expect(metric.period.toMinutes()).toBe(5);
    expect(metric.label).toBe('evicted');
    const metrics = alarmMetrics(metric);
    expect(metrics.slice(1).every((m) => m.MetricStat.Period === 300)).toBe(true);
  });
});
