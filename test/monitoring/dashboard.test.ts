import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { memcachedTarget, redisWithReplicaTarget, singleNodeTarget, valkeyClusterTarget } from './targets';
import { CacheAlarmOptions, CacheDashboard, CacheMonitoringTarget } from '../../src';
import { newStack } from '../helpers';

/** The dashboard body as JSON (the template joins it from strings and tokens). */
function body(stack: Stack, dashboard: CacheDashboard): any {
  const resource = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Dashboard'))[0] as any;
  const joined = resource.Properties.DashboardBody['Fn::Join'][1]
    .map((part: any) => (typeof part === 'string' ? part : JSON.stringify(stack.resolve(part)).replace(/"/g, '')))
    .join('');
  expect(dashboard.dashboard).toBeDefined();
  return JSON.parse(joined);
}

function build(target: CacheMonitoringTarget, alarmOptions?: CacheAlarmOptions, alarms?: cloudwatch.IAlarm[]) {
  const { stack } = newStack();
  const dashboard = new CacheDashboard(stack, 'Dashboard', { target, alarmOptions, alarms });
  const widgets: any[] = body(stack, dashboard).widgets;
  const graphs = widgets.filter((w) => w.type === 'metric');
  const titled = (prefix: string) => graphs.find((g) => g.properties.title.startsWith(prefix));
  return { stack, widgets, graphs, titled };
}

/** The metric names plotted (one entry per node line). */
function metricNames(graph: any): string[] {
  return graph.properties.metrics.filter((m: any) => !m.some((x: any) => typeof x === 'object' && x.expression)).map((m: any) => m[1]);
}

describe('CacheDashboard', () => {
  test('Valkey / Redis OSS: the graphs, one line per node', () => {
    const { graphs, titled } = build(valkeyClusterTarget());
    expect(graphs.map((g) => g.properties.title)).toEqual([
      'CPU: EngineCPUUtilization (max)',
      'Memory: DatabaseMemoryUsagePercentage (max)',
      'Hit rate: CacheHitRate (avg)',
      'Evictions (sum per minute)',
      'Current connections (max)',
      'New connections (sum per minute)',
      'Read latency: SuccessfulReadRequestLatency (avg)',
      'Write latency: SuccessfulWriteRequestLatency (avg)',
      'Replication lag (max; replicas only)',
      'Packets over network allowance (sum per minute)',
    ]);
    const cpu = titled('CPU');
    expect(metricNames(cpu)).toEqual(Array(6).fill('EngineCPUUtilization'));
    // Each line is one node: CacheClusterId + CacheNodeId, labelled with both.
    expect(cpu.properties.metrics[0]).toEqual([
      'AWS/ElastiCache', 'EngineCPUUtilization', 'CacheClusterId', 'orders-0001-001', 'CacheNodeId', '0001',
      { label: 'orders-0001-001/0001', stat: 'Maximum', period: 60 },
    ]);
    expect(metricNames(titled('Read latency'))).toEqual(Array(6).fill('SuccessfulReadRequestLatency'));
    expect(titled('Read latency').properties.yAxis.left.label).toBe('µs');
  });

  test('alarm thresholds are drawn on the graphs', () => {
    const { titled } = build(valkeyClusterTarget());
    expect(titled('CPU').properties.annotations.horizontal.map((a: any) => a.value)).toEqual([90]);
    expect(titled('Memory').properties.annotations.horizontal.map((a: any) => a.value)).toEqual([80, 90]);
    expect(titled('Replication lag').properties.annotations.horizontal.map((a: any) => a.value)).toEqual([1]);
    // The hit rate alarm is off by default: no line.
    expect(titled('Hit rate').properties.annotations).toBeUndefined();
  });

  test('thresholds follow the alarm options', () => {
    const { titled } = build(singleNodeTarget('cache.r7g.xlarge'), { cpu: { threshold: 70 }, cacheHitRate: { enabled: true, threshold: 60 } });
    expect(titled('CPU').properties.annotations.horizontal.map((a: any) => a.value)).toEqual([70]);
    expect(titled('Hit rate').properties.annotations.horizontal.map((a: any) => a.value)).toEqual([60]);
  });

  test('small node types graph the CPU metric their alarm reads', () => {
    const { titled } = build(redisWithReplicaTarget('cache.t4g.micro'));
    expect(titled('CPU').properties.title).toBe('CPU: CPUUtilization (max)');
    expect(titled('CPU').properties.annotations.horizontal.map((a: any) => a.value)).toEqual([45]);
  });

  test('no replication lag graph without replicas', () => {
    const { graphs } = build(singleNodeTarget());
    expect(graphs.map((g) => g.properties.title)).not.toContain('Replication lag (max; replicas only)');
  });

  test('network allowance: one summed line per node, with ids unique in the graph', () => {
    const { titled } = build(redisWithReplicaTarget());
    const metrics = titled('Packets').properties.metrics;
    const expressions = metrics.filter((m: any) => m[0].expression).map((m: any) => m[0]);
    expect(expressions.map((e: any) => e.expression)).toEqual(['SUM([n0m0,n0m1,n0m2,n0m3])', 'SUM([n1m0,n1m1,n1m2,n1m3])']);
    expect(expressions.map((e: any) => e.label)).toEqual(['sessions-001/0001', 'sessions-002/0001']);
  });

  test('Memcached: CPU, hit rate from GetHits / GetMisses, memory, swap, no latency', () => {
    const { graphs, titled } = build(memcachedTarget());
    expect(graphs.map((g) => g.properties.title)).toEqual([
      'CPU: CPUUtilization (max)',
      'Hit rate: GetHits / (GetHits + GetMisses)',
      'Freeable memory (min)',
      'Swap usage (max)',
      'Evictions (sum per minute)',
      'Current connections (max)',
      'New connections (sum per minute)',
      'Packets over network allowance (sum per minute)',
    ]);
    const hitRate = titled('Hit rate').properties.metrics.filter((m: any) => m[0].expression).map((m: any) => m[0]);
    expect(hitRate[0]).toMatchObject({ expression: '100 * hits0 / (hits0 + misses0)', label: 'pages/0001' });
    expect(hitRate).toHaveLength(3);
    expect(titled('Swap usage').properties.annotations.horizontal.map((a: any) => a.value)).toEqual([50 * 1024 * 1024]);
  });

  test('an alarm status widget when alarms are given', () => {
    const { stack } = newStack();
    const alarm = new cloudwatch.Alarm(stack, 'A', {
      metric: new cloudwatch.Metric({ namespace: 'AWS/ElastiCache', metricName: 'Evictions' }), threshold: 1, evaluationPeriods: 1,
    });
    const dashboard = new CacheDashboard(stack, 'Dashboard', { target: singleNodeTarget(), alarms: [alarm] });
    const widgets = body(stack, dashboard).widgets;
    expect(widgets.filter((w: any) => w.type === 'alarm')).toHaveLength(1);
    expect(widgets[0]).toMatchObject({ type: 'text' });
    expect(widgets[0].properties.markdown).toContain('# ElastiCache tiny');
  });
});
