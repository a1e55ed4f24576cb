import { Duration } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { alarmMetricName, alarmNode, alarmProps, memcachedTarget, redisWithReplicaTarget, singleNodeTarget, valkeyClusterTarget } from './targets';
import { CacheAlarmKind, CacheAlarmOptions, CacheMonitoringTarget, CacheNodes, MonitoredEngine, RecommendedAlarms } from '../../src';
import { nodeTypeInfo } from '../../src/common/node-types';
import { newStack } from '../helpers';

function build(target: CacheMonitoringTarget, options?: CacheAlarmOptions) {
  const { stack } = newStack();
  const topic = new sns.Topic(stack, 'Topic');
  const alarms = new RecommendedAlarms(stack, 'Alarms', { target, topic, options });
  const template = Template.fromStack(stack);
  return { stack, topic, alarms, template, props: alarmProps(template) };
}

/** node → sorted metric names of its alarms. */
function byNode(props: any[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of props) (out[alarmNode(p)] ??= []).push(alarmMetricName(p));
  for (const k of Object.keys(out)) out[k].sort();
  return out;
}

const REDIS_DEFAULT = [
  'CurrConnections', 'DatabaseMemoryUsagePercentage', 'DatabaseMemoryUsagePercentage', 'EngineCPUUtilization',
  'Evictions', 'NewConnections', 'SUM(network)', 'TrafficManagementActive',
];

describe('alarm set per topology', () => {
  test('Valkey cluster mode, 3 shards × 2 nodes: 9 alarms on every node, with ReplicationLag', () => {
    const { props, alarms } = build(valkeyClusterTarget());
    const nodes = byNode(props);
    expect(Object.keys(nodes).sort()).toEqual([
      'orders-0001-001/0001', 'orders-0001-002/0001', 'orders-0002-001/0001',
      'orders-0002-002/0001', 'orders-0003-001/0001', 'orders-0003-002/0001',
    ]);
    for (const metrics of Object.values(nodes)) expect(metrics).toEqual([...REDIS_DEFAULT, 'ReplicationLag'].sort());
    // Formula: nodes × (8 + 1 with replicas).
    expect(props).toHaveLength(6 * 9);
    expect(alarms.alarms).toHaveLength(54);
  });

  test('cluster mode disabled with a replica: ReplicationLag on the primary too (failover swaps roles)', () => {
    const { props } = build(redisWithReplicaTarget());
    const nodes = byNode(props);
    expect(Object.keys(nodes).sort()).toEqual(['sessions-001/0001', 'sessions-002/0001']);
    expect(nodes['sessions-001/0001']).toContain('ReplicationLag');
    expect(nodes['sessions-002/0001']).toContain('ReplicationLag');
    expect(props).toHaveLength(2 * 9);
  });

  test('a single node without replicas gets no ReplicationLag alarm', () => {
    const { props } = build(singleNodeTarget('cache.r7g.xlarge'));
    expect(byNode(props)).toEqual({ 'tiny-001/0001': REDIS_DEFAULT.slice().sort() });
  });

  test('Memcached, 3 nodes: 6 alarms per node, node ids 0001..0003 of one cluster', () => {
    const { props } = build(memcachedTarget());
    const nodes = byNode(props);
    expect(Object.keys(nodes).sort()).toEqual(['pages/0001', 'pages/0002', 'pages/0003']);
    for (const metrics of Object.values(nodes)) {
      expect(metrics).toEqual(['CPUUtilization', 'CurrConnections', 'Evictions', 'NewConnections', 'SUM(network)', 'SwapUsage']);
    }
    expect(props).toHaveLength(3 * 6);
  });

  test('every alarm reads AWS/ElastiCache with CacheClusterId and CacheNodeId', () => {
    const { props } = build(valkeyClusterTarget());
    for (const p of props.filter((a) => a.MetricName)) {
      expect(p.Namespace).toBe('AWS/ElastiCache');
      expect(p.Dimensions.map((d: any) => d.Name).sort()).toEqual(['CacheClusterId', 'CacheNodeId']);
    }
  });
});

describe('CPU alarm follows the vCPUs', () => {
  const cpu = (props: any[]) => props.filter((p) => /CPUUtilization/.test(p.MetricName ?? ''));

  test('4 vCPUs: EngineCPUUtilization > 90, Maximum, 1 minute, 3 of 5', () => {
    const [alarm, ...rest] = cpu(build(singleNodeTarget('cache.r7g.xlarge')).props);
    expect(rest).toEqual([]);
    expect(alarm).toMatchObject({
      MetricName: 'EngineCPUUtilization',
      Statistic: 'Maximum',
      Period: 60,
      Threshold: 90,
      EvaluationPeriods: 5,
      DatapointsToAlarm: 3,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  test('2 vCPUs: CPUUtilization > 90 / 2 = 45', () => {
    const [alarm, ...rest] = cpu(build(singleNodeTarget('cache.t4g.micro')).props);
    expect(rest).toEqual([]);
    expect(alarm).toMatchObject({ MetricName: 'CPUUtilization', Threshold: 45, Statistic: 'Maximum' });
    expect(alarm.AlarmDescription).toContain('2-vCPU');
  });

  test('a 2-vCPU non-burstable type (m7g.large) is small too', () => {
    const [alarm] = cpu(build(singleNodeTarget('cache.m7g.large')).props);
    expect(alarm).toMatchObject({ MetricName: 'CPUUtilization', Threshold: 45 });
  });

  test('Memcached is multi-threaded: CPUUtilization > 90 whatever the vCPUs', () => {
    const [alarm] = cpu(build(memcachedTarget('cache.m7g.large')).props);
    expect(alarm).toMatchObject({ MetricName: 'CPUUtilization', Threshold: 90 });
  });
});

describe('recommended thresholds', () => {
  const find = (props: any[], name: string) => props.filter((p) => alarmMetricName(p) === name);

  test('Valkey / Redis OSS defaults', () => {
    const { props } = build(redisWithReplicaTarget());
    const one = (name: string) => find(props, name)[0];
    expect(find(props, 'DatabaseMemoryUsagePercentage').filter((p) => alarmNode(p) === 'sessions-001/0001').map((p) => p.Threshold).sort())
      .toEqual([80, 90]);
    expect(one('Evictions')).toMatchObject({ Statistic: 'Sum', Period: 300, Threshold: 100, EvaluationPeriods: 3, DatapointsToAlarm: 2 });
    expect(one('CurrConnections')).toMatchObject({ Statistic: 'Maximum', Threshold: 52000 });
    expect(one('NewConnections')).toMatchObject({ Statistic: 'Sum', Period: 60, Threshold: 1000, EvaluationPeriods: 3, DatapointsToAlarm: 2 });
    expect(one('ReplicationLag')).toMatchObject({ Statistic: 'Maximum', Period: 60, Threshold: 1, EvaluationPeriods: 5, DatapointsToAlarm: 3 });
    expect(one('TrafficManagementActive')).toMatchObject({ Threshold: 0, EvaluationPeriods: 5, DatapointsToAlarm: 5 });
  });

  test('Memcached SwapUsage > 50 MB', () => {
    const [swap] = find(build(memcachedTarget()).props, 'SwapUsage');
    expect(swap).toMatchObject({ Statistic: 'Maximum', Threshold: 50 * 1024 * 1024, ComparisonOperator: 'GreaterThanThreshold' });
    expect(swap.AlarmDescription).toContain('50 MB');
  });

  test('network allowance: one math alarm summing the four counters of its node', () => {
    const [net] = find(build(singleNodeTarget()).props, 'SUM(network)');
    expect(net.Threshold).toBe(0);
    const expr = net.Metrics.find((m: any) => m.Expression);
    expect(expr).toMatchObject({ Expression: 'SUM([m0,m1,m2,m3])', ReturnData: true });
    const stats = net.Metrics.filter((m: any) => m.MetricStat);
    expect(stats.map((m: any) => m.MetricStat.Metric.MetricName).sort()).toEqual([
      'NetworkBandwidthInAllowanceExceeded', 'NetworkBandwidthOutAllowanceExceeded',
      'NetworkConntrackAllowanceExceeded', 'NetworkPacketsPerSecondAllowanceExceeded',
    ]);
    for (const m of stats) {
      expect(m.MetricStat).toMatchObject({ Stat: 'Sum', Period: 60 });
      expect(m.MetricStat.Metric.Dimensions).toEqual([{ Name: 'CacheClusterId', Value: 'tiny-001' }, { Name: 'CacheNodeId', Value: '0001' }]);
    }
  });

  test('missing data is not breaching, everywhere', () => {
    const { props } = build(valkeyClusterTarget(), { cacheHitRate: { enabled: true }, readLatency: { enabled: true } });
    expect(new Set(props.map((p) => p.TreatMissingData))).toEqual(new Set(['notBreaching']));
  });
});

describe('actions and descriptions', () => {
  test('every alarm sends ALARM and OK to the topic', () => {
    const { props, stack, topic } = build(redisWithReplicaTarget());
    const ref = stack.resolve(topic.topicArn);
    for (const p of props) {
      expect(p.AlarmActions).toEqual([ref]);
      expect(p.OKActions).toEqual([ref]);
      expect(p.ActionsEnabled).not.toBe(false);
    }
  });

  test('descriptions name the cache, the node, the condition, what to do and the source', () => {
    const { props } = build(valkeyClusterTarget());
    const lag = props.find((p) => p.MetricName === 'ReplicationLag' && alarmNode(p) === 'orders-0002-001/0001');
    expect(lag.AlarmDescription).toMatch(/^ElastiCache orders, node orders-0002-001\/0001, shard 0002, created as primary: ReplicationLag Maximum > 1 s in 3 of 5 1-minute periods\./);
    expect(lag.AlarmDescription).toContain('failover swaps roles');
    expect(lag.AlarmDescription).toContain('https://github.com/aws/agent-toolkit-for-aws');
    const cpu = props.find((p) => p.MetricName === 'EngineCPUUtilization');
    expect(cpu.AlarmDescription).toContain('add shards');
    for (const p of props) expect(p.AlarmDescription.length).toBeLessThanOrEqual(1024);
  });
});

describe('overrides', () => {
  test('threshold, evaluation periods, datapoints and period per alarm', () => {
    const { props } = build(singleNodeTarget('cache.r7g.xlarge'), {
      cpu: { threshold: 75, evaluationPeriods: 10, datapointsToAlarm: 8 },
      evictions: { threshold: 0, period: Duration.minutes(1) },
      memoryWarning: { evaluationPeriods: 2 },
    });
    expect(props.find((p) => p.MetricName === 'EngineCPUUtilization')).toMatchObject({ Threshold: 75, EvaluationPeriods: 10, DatapointsToAlarm: 8 });
    expect(props.find((p) => p.MetricName === 'Evictions')).toMatchObject({ Threshold: 0, Period: 60 });
    // Datapoints follow a smaller evaluation period count.
    expect(props.find((p) => p.MetricName === 'DatabaseMemoryUsagePercentage' && p.Threshold === 80))
      .toMatchObject({ EvaluationPeriods: 2, DatapointsToAlarm: 2 });
  });

  test('turn single alarms off and opt-in alarms on', () => {
    const { props } = build(singleNodeTarget('cache.r7g.xlarge'), {
      evictions: { enabled: false },
      trafficManagement: { enabled: false },
      cacheHitRate: { enabled: true },
      readLatency: { enabled: true },
      writeLatency: { enabled: true, threshold: 2000 },
      freeableMemory: { enabled: true },
    });
    const names = props.map(alarmMetricName).sort();
    expect(names).not.toContain('Evictions');
    expect(names).not.toContain('TrafficManagementActive');
    expect(props.find((p) => p.MetricName === 'CacheHitRate')).toMatchObject({
      ComparisonOperator: 'LessThanThreshold', Threshold: 80, Period: 300, EvaluationPeriods: 6, DatapointsToAlarm: 4, Statistic: 'Average',
    });
    expect(props.find((p) => p.MetricName === 'SuccessfulReadRequestLatency')).toMatchObject({ Threshold: 5000, Statistic: 'Average' });
    expect(props.find((p) => p.MetricName === 'SuccessfulWriteRequestLatency')).toMatchObject({ Threshold: 2000 });
    expect(props.find((p) => p.MetricName === 'FreeableMemory')).toMatchObject({
      ComparisonOperator: 'LessThanThreshold', Threshold: 100 * 1024 * 1024, Statistic: 'Minimum',
    });
  });

  test('enabled: false turns every alarm off', () => {
    const { props, alarms } = build(valkeyClusterTarget(), { enabled: false });
    expect(props).toEqual([]);
    expect(alarms.alarms).toEqual([]);
  });

  test('overrides of another engine\'s alarms are ignored, so one options object serves several caches', () => {
    const { props } = build(memcachedTarget(), { memoryWarning: { threshold: 70 }, replicationLag: { threshold: 5 } });
    expect(props).toHaveLength(18);
  });
});

describe('invalid options fail at synth time, naming the option', () => {
  const cases: Array<[string, CacheMonitoringTarget, CacheAlarmOptions, RegExp]> = [
    ['percent over 100', singleNodeTarget(), { memoryCritical: { threshold: 120 } }, /alarms\.memoryCritical\.threshold: 120 is invalid.*percentage/],
    ['negative threshold', singleNodeTarget(), { evictions: { threshold: -1 } }, /alarms\.evictions\.threshold: -1 is invalid/],
    ['zero evaluation periods', singleNodeTarget(), { cpu: { evaluationPeriods: 0 } }, /alarms\.cpu\.evaluationPeriods: 0 is invalid/],
    ['datapoints above periods', singleNodeTarget(), { cpu: { evaluationPeriods: 3, datapointsToAlarm: 4 } }, /alarms\.cpu\.datapointsToAlarm: 4 is invalid/],
    ['sub-minute period', singleNodeTarget(), { cpu: { period: Duration.seconds(30) } }, /alarms\.cpu\.period: '30 seconds' is invalid/],
    ['ReplicationLag without replicas', singleNodeTarget(), { replicationLag: { enabled: true } }, /alarms\.replicationLag\.enabled: true is invalid.*no replicas/],
    ['SwapUsage alarm on Valkey', singleNodeTarget(), { swapUsage: { enabled: true } }, /alarms\.swapUsage\.enabled: true is invalid/],
    ['hit rate alarm on Memcached', memcachedTarget(), { cacheHitRate: { enabled: true } }, /alarms\.cacheHitRate\.enabled: true is invalid: memcached/],
    ['no nodes', { ...singleNodeTarget(), nodes: [] }, {}, /target\.nodes/],
  ];
  test.each(cases)('%s', (_name, target, options, error) => {
    expect(() => build(target, options)).toThrow(error);
  });
});

describe('look-ups', () => {
  test('by metric, kind and node', () => {
    const { alarms } = build(valkeyClusterTarget());
    expect(alarms.alarmsForMetric('DatabaseMemoryUsagePercentage')).toHaveLength(12);
    expect(alarms.alarmsForMetric('NetworkConntrackAllowanceExceeded')).toHaveLength(6);
    expect(alarms.alarmsOfKind(CacheAlarmKind.MEMORY_CRITICAL)).toHaveLength(6);
    expect(alarms.alarmsForNode('orders-0003-002')).toHaveLength(9);
    expect(alarms.alarmsForNode('orders-0003-002', '0002')).toHaveLength(0);
    expect(alarms.alarmsForMetric('CacheHitRate')).toEqual([]);
  });
});

describe('alarm count', () => {
  test('a large cluster warns about CloudFormation\'s resource limit', () => {
    const ids = Array.from({ length: 12 }, (_, s) => [1, 2].map((n) => `big-${String(s + 1).padStart(4, '0')}-00${n}`)).flat();
    const target: CacheMonitoringTarget = {
      cacheName: 'big',
      engine: MonitoredEngine.VALKEY,
      nodeType: nodeTypeInfo('nodeType', 'cache.r7g.xlarge', 'redis'),
      nodes: CacheNodes.ofReplicationGroup(ids, 1),
      clusterMode: true,
    };
    const { stack, props } = build(target);
    expect(props).toHaveLength(24 * 9);
    Annotations.fromStack(stack).hasWarning('/Test/Alarms', Match.stringLikeRegexp('216 alarms'));
  });
});
