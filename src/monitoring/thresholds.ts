import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { hasReplicas, isRedisLike } from './alarm-metrics';
import { CacheAlarmConfig, CacheAlarmKind, CacheAlarmOptions } from './alarm-options';
import { CacheMonitoringTarget } from './cache-nodes';
import { NETWORK_ALLOWANCE_METRICS } from '../common/node-metrics';
import { fail } from '../common/validation';

/** Where each recommended value comes from. */
export const SOURCES = {
  /** AWS's own ElastiCache alarm pack (node-based): metric, statistic, period, threshold, M of N. */
  ALARM_PACK: 'https://github.com/aws/agent-toolkit-for-aws/blob/main/skills/specialized-skills/database-skills/amazon-elasticache/references/monitoring/alarm-packs.md',
  /** ElastiCache user guide, "Which Metrics Should I Monitor?". */
  WHICH_METRICS: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.WhichShouldIMonitor.html',
  /** Memcached user guide, "Which Metrics Should I Monitor?" (SwapUsage 50 MB). */
  WHICH_METRICS_MEMCACHED: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/mem-ug/CacheMetrics.WhichShouldIMonitor.html',
  /** Metrics for Valkey and Redis OSS: names, units (ReplicationLag seconds, latency microseconds). */
  REDIS_METRICS: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.Redis.html',
  /** Host-level metrics: CPUUtilization, SwapUsage, FreeableMemory, Network*AllowanceExceeded. */
  HOST_METRICS: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.HostLevel.html',
  /** "Nodes support up to 65,000 concurrent client connections". */
  CONNECTIONS: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/BestPractices.Clients.Redis.Connections.html',
} as const;

/** A recommended alarm, resolved for one target: what every node's alarm of this kind looks like. */
export interface AlarmSpec {
  readonly kind: CacheAlarmKind;
  /** The option that configures it, e.g. `cpu`. */
  readonly option: keyof CacheAlarmOptions;
  /** The metric alarmed on; for the network alarm, a name for the sum of `metricNames`. */
  readonly metricName: string;
  /** The ElastiCache metrics it reads. */
  readonly metricNames: string[];
  readonly statistic: string;
  readonly period: Duration;
  readonly comparisonOperator: cloudwatch.ComparisonOperator;
  readonly threshold: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  /** Unit for people: `%`, ` s`, ` µs`, ` bytes`, or '' for counts. */
  readonly unit: string;
  /** What a breach means and what to do. */
  readonly advice: string;
  /** Where the recommended value comes from. */
  readonly source: string;
}


const MB = 1024 * 1024;
const GT = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
const LT = cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD;

interface Default extends Omit<AlarmSpec, 'option' | 'kind'> {
  /** Created unless the user says otherwise. */
  readonly enabled: boolean;
}

/** The option key of each kind. */
const OPTION: Record<CacheAlarmKind, keyof CacheAlarmOptions> = {
  [CacheAlarmKind.CPU]: 'cpu',
  [CacheAlarmKind.MEMORY_WARNING]: 'memoryWarning',
  [CacheAlarmKind.MEMORY_CRITICAL]: 'memoryCritical',
  [CacheAlarmKind.EVICTIONS]: 'evictions',
  [CacheAlarmKind.CURR_CONNECTIONS]: 'currConnections',
  [CacheAlarmKind.NEW_CONNECTIONS]: 'newConnections',
  [CacheAlarmKind.REPLICATION_LAG]: 'replicationLag',
  [CacheAlarmKind.NETWORK_ALLOWANCE]: 'networkAllowance',
  [CacheAlarmKind.TRAFFIC_MANAGEMENT]: 'trafficManagement',
  [CacheAlarmKind.CACHE_HIT_RATE]: 'cacheHitRate',
  [CacheAlarmKind.READ_LATENCY]: 'readLatency',
  [CacheAlarmKind.WRITE_LATENCY]: 'writeLatency',
  [CacheAlarmKind.SWAP_USAGE]: 'swapUsage',
  [CacheAlarmKind.FREEABLE_MEMORY]: 'freeableMemory',
};

/** The shape of an alarm: metric, statistic, period in minutes, operator, threshold, N periods, M breaching. */
function rule(metricName: string, statistic: string, periodMinutes: number, comparisonOperator: cloudwatch.ComparisonOperator,
  threshold: number, evaluationPeriods: number, datapointsToAlarm: number) {
  return {
    metricName,
    metricNames: [metricName],
    statistic,
    period: Duration.minutes(periodMinutes),
    comparisonOperator,
    threshold,
    evaluationPeriods,
    datapointsToAlarm,
  };
}

/** The recommended alarms for a target's engine and node type, before user overrides. */
function defaults(target: CacheMonitoringTarget): Partial<Record<CacheAlarmKind, Default>> {
  const redis = isRedisLike(target.engine);
  const vcpus = target.nodeType.vcpus;
  const scaleAdvice = redis
    ? (target.clusterMode
      ? 'if reads dominate, add replicas; if writes dominate, add shards.'
      : 'if reads dominate, add replicas; if writes dominate, scale up the node type.')
    : 'scale up the node type or add nodes.';
  const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

  const common: Partial<Record<CacheAlarmKind, Default>> = {
    // Evictions Sum 300 s > 100, 2 of 3 (AWS alarm pack, node-based). The user guide leaves the
    // threshold to the application (WHICH_METRICS "Evictions").
    [CacheAlarmKind.EVICTIONS]: {
      ...rule('Evictions', 'Sum', 5, GT, 100, 3, 2),
      enabled: true,
      unit: '',
      advice: redis
        ? 'The dataset outgrew memory: add shards or scale up, set TTLs, or raise this threshold if the eviction policy evicts by design.'
        : 'The dataset outgrew memory: scale up the node type or add nodes.',
      source: SOURCES.ALARM_PACK,
    },
    // ElastiCache nodes accept up to 65,000 concurrent connections (CONNECTIONS); alarm at 80 % of it.
    // The user guide leaves the threshold to the application (WHICH_METRICS "CurrConnections").
    [CacheAlarmKind.CURR_CONNECTIONS]: {
      ...rule('CurrConnections', 'Maximum', 1, GT, 52_000, 5, 3),
      enabled: true,
      unit: '',
      advice: `Connections approach the 65,000 a node accepts: look for a connection leak, pool connections${redis ? ', spread reads to replicas' : ', add nodes'}.`,
      source: SOURCES.CONNECTIONS,
    },
    // NewConnections Sum 60 s > 1000, 2 of 3 (AWS alarm pack, node-based).
    [CacheAlarmKind.NEW_CONNECTIONS]: {
      ...rule('NewConnections', 'Sum', 1, GT, 1000, 3, 2),
      enabled: true,
      unit: '',
      advice: 'A connection storm: clients reconnect instead of reusing pooled connections (TLS handshakes cost CPU).',
      source: SOURCES.ALARM_PACK,
    },
    // The alarm pack recommends the four Network*AllowanceExceeded alarms "for large instances" with
    // no number; each counts packets shaped by the node's EC2 allowance (HOST_METRICS). Any shaping
    // sustained for 3 of 5 minutes is worth knowing about. Summed in one alarm (metric math, 4 of the
    // 10 metrics an alarm may read).
    [CacheAlarmKind.NETWORK_ALLOWANCE]: {
      ...rule('NetworkAllowanceExceeded', 'Sum', 1, GT, 0, 5, 3),
      enabled: true,
      unit: ' packets',
      metricNames: [...NETWORK_ALLOWANCE_METRICS],
      advice: `The node's network allowance shapes packets (check ${NETWORK_ALLOWANCE_METRICS.join(', ')}): ${scaleAdvice} Fewer, pooled connections help with conntrack.`,
      source: SOURCES.ALARM_PACK,
    },
    // FreeableMemory "close to 0 (i.e., below 100MB)" indicates memory pressure (WHICH_METRICS, SwapUsage).
    [CacheAlarmKind.FREEABLE_MEMORY]: {
      ...rule('FreeableMemory', 'Minimum', 1, LT, 100 * MB, 5, 3),
      enabled: false,
      unit: ' bytes',
      advice: redis
        ? 'The host is under memory pressure: raise reserved-memory-percent, or scale up before the next snapshot.'
        : 'The host is under memory pressure: scale up the node type.',
      source: SOURCES.WHICH_METRICS,
    },
  };

  if (!redis) {
    return {
      ...common,
      // "Because Memcached is multi-threaded, this metric can be as high as 90%" (WHICH_METRICS, CPUUtilization).
      [CacheAlarmKind.CPU]: {
        ...rule('CPUUtilization', 'Maximum', 1, GT, 90, 5, 3),
        enabled: true,
        unit: '%',
        advice: capitalized(scaleAdvice),
        source: SOURCES.WHICH_METRICS,
      },
      // SwapUsage "should not exceed 50 MB" (WHICH_METRICS_MEMCACHED).
      [CacheAlarmKind.SWAP_USAGE]: {
        ...rule('SwapUsage', 'Maximum', 1, GT, 50 * MB, 5, 3),
        enabled: true,
        unit: ' bytes',
        advice: 'The node swaps: raise memcached_connections_overhead (ConnectionOverhead) or scale up the node type.',
        source: SOURCES.WHICH_METRICS_MEMCACHED,
      },
    };
  }

  // Valkey / Redis OSS are single-threaded: on node types with 2 vCPUs or fewer alarm on the host's
  // CPUUtilization at 90 % of one core (90 / vCPUs: 45 % on 2 vCPUs); on larger ones on the engine
  // thread's EngineCPUUtilization at 90 % (WHICH_METRICS "CPUUtilization"; AWS alarm pack "EngineCPU":
  // Maximum, 60 s, 3 of 5).
  const small = vcpus <= 2;
  const cpu: Default = small
    ? {
      ...rule('CPUUtilization', 'Maximum', 1, GT, Math.round(90 / Math.max(vcpus, 1)), 5, 3),
      enabled: true,
      unit: '%',
      advice: `The ${vcpus}-vCPU host is busy (90 % of one core for the single-threaded engine): ${scaleAdvice}`,
      source: SOURCES.WHICH_METRICS,
    }
    : {
      ...rule('EngineCPUUtilization', 'Maximum', 1, GT, 90, 5, 3),
      enabled: true,
      unit: '%',
      advice: `The engine thread is saturated: look for slow commands (SLOWLOG), then ${scaleAdvice}`,
      source: SOURCES.ALARM_PACK,
    };

  const memory = (threshold: number, level: string): Default => ({
    ...rule('DatabaseMemoryUsagePercentage', 'Maximum', 1, GT, threshold, 5, 3),
    enabled: true,
    unit: '%',
    advice: `${level}: evictions start at maxmemory. Add shards or scale up, set TTLs, or enable data tiering.`,
    source: SOURCES.ALARM_PACK,
  });

  const latency = (metricName: string, what: string): Default => ({
    ...rule(metricName, 'Average', 1, GT, 5000, 5, 3),
    enabled: false,
    unit: ' µs',
    advice: `${what} take over 5 ms on the server: look for slow commands (SLOWLOG), large keys, CPU or network saturation.`,
    source: SOURCES.ALARM_PACK,
  });

  return {
    ...common,
    [CacheAlarmKind.CPU]: cpu,
    // DatabaseMemoryUsagePercentage Maximum 60 s > 80, 3 of 5; "Set a critical alarm at 90%" (AWS alarm pack).
    [CacheAlarmKind.MEMORY_WARNING]: memory(80, 'Memory is filling up'),
    [CacheAlarmKind.MEMORY_CRITICAL]: memory(90, 'Memory is nearly full'),
    // ReplicationLag Maximum 60 s > 1 second, 3 of 5 (AWS alarm pack); the unit is seconds (REDIS_METRICS).
    // Only replicas report it, and failover swaps roles, so every node gets the alarm and a primary's
    // missing data counts as not breaching.
    [CacheAlarmKind.REPLICATION_LAG]: {
      ...rule('ReplicationLag', 'Maximum', 1, GT, 1, 5, 3),
      enabled: hasReplicas(target),
      unit: ' s',
      advice: 'Replicas fall behind the primary: reads from replicas are stale. Check write volume, network allowance and primary CPU.',
      source: SOURCES.ALARM_PACK,
    },
    // TrafficManagementActive: 1 means ElastiCache throttles an underscaled node; act "if this metric
    // remains 1 for long periods" (WHICH_METRICS "Traffic Management"): 5 of 5 minutes.
    [CacheAlarmKind.TRAFFIC_MANAGEMENT]: {
      ...rule('TrafficManagementActive', 'Maximum', 1, GT, 0, 5, 5),
      enabled: true,
      unit: '',
      advice: `ElastiCache is throttling commands sent to this node: ${scaleAdvice}`,
      source: SOURCES.WHICH_METRICS,
    },
    // CacheHitRate Average 300 s < 80, 4 of 6 (AWS alarm pack). Off by default: workload-dependent,
    // and a replica that serves no reads has no meaningful hit rate.
    [CacheAlarmKind.CACHE_HIT_RATE]: {
      ...rule('CacheHitRate', 'Average', 5, LT, 80, 6, 4),
      enabled: false,
      unit: '%',
      advice: 'Most reads miss: check key design, TTLs and whether the working set fits in memory.',
      source: SOURCES.ALARM_PACK,
    },
    // Successful{Read,Write}RequestLatency Average 60 s > 5000 µs, 3 of 5 (AWS alarm pack); unit
    // microseconds (REDIS_METRICS). Off by default: pipelining with CLIENT REPLY on inflates both
    // (WHICH_METRICS "Latency"), and the right value is the application's SLA.
    [CacheAlarmKind.READ_LATENCY]: latency('SuccessfulReadRequestLatency', 'Reads'),
    [CacheAlarmKind.WRITE_LATENCY]: latency('SuccessfulWriteRequestLatency', 'Writes'),
  };
}

/** The alarms each engine has, in the order they are made. */
const KINDS_REDIS: CacheAlarmKind[] = [
  CacheAlarmKind.CPU, CacheAlarmKind.MEMORY_WARNING, CacheAlarmKind.MEMORY_CRITICAL, CacheAlarmKind.EVICTIONS,
  CacheAlarmKind.CURR_CONNECTIONS, CacheAlarmKind.NEW_CONNECTIONS, CacheAlarmKind.REPLICATION_LAG,
  CacheAlarmKind.NETWORK_ALLOWANCE, CacheAlarmKind.TRAFFIC_MANAGEMENT, CacheAlarmKind.CACHE_HIT_RATE,
  CacheAlarmKind.READ_LATENCY, CacheAlarmKind.WRITE_LATENCY, CacheAlarmKind.FREEABLE_MEMORY,
];
const KINDS_MEMCACHED: CacheAlarmKind[] = [
  CacheAlarmKind.CPU, CacheAlarmKind.SWAP_USAGE, CacheAlarmKind.FREEABLE_MEMORY, CacheAlarmKind.EVICTIONS,
  CacheAlarmKind.CURR_CONNECTIONS, CacheAlarmKind.NEW_CONNECTIONS, CacheAlarmKind.NETWORK_ALLOWANCE,
];
const PERCENT = new Set<string>(['CPUUtilization', 'EngineCPUUtilization', 'DatabaseMemoryUsagePercentage', 'CacheHitRate']);

/**
 * The alarms a target gets, with the user's overrides applied and checked. Throws, naming the
 * option, for a value CloudWatch would reject or an alarm enabled on an engine that lacks the metric.
 */
export function resolveAlarmSpecs(target: CacheMonitoringTarget, options: CacheAlarmOptions = {}): AlarmSpec[] {
  validateTarget(target);
  const all = defaults(target);
  const kinds = isRedisLike(target.engine) ? KINDS_REDIS : KINDS_MEMCACHED;
  // Options for alarms the engine lacks: enabling one is a mistake; other overrides are ignored,
  // so one options object can serve several caches.
  for (const kind of Object.values(CacheAlarmKind)) {
    const config = options[OPTION[kind]] as CacheAlarmConfig | undefined;
    if (!kinds.includes(kind) && config?.enabled === true) {
      fail(`alarms.${OPTION[kind]}.enabled`, true, `${target.engine} nodes do not publish the metric this alarm reads`);
    }
  }
  if (options.enabled === false) return [];

  const specs: AlarmSpec[] = [];
  for (const kind of kinds) {
    const base = all[kind]!;
    const option = OPTION[kind];
    const config = (options[option] ?? {}) as CacheAlarmConfig;
    if (kind === CacheAlarmKind.REPLICATION_LAG && config.enabled === true && !hasReplicas(target)) {
      fail(`alarms.${option}.enabled`, true, 'the cache has no replicas, and only replicas report ReplicationLag');
    }
    if (!(config.enabled ?? base.enabled)) continue;
    const spec = applyOverrides(kind, option, base, config);
    specs.push(spec);
  }
  return specs;
}

function applyOverrides(kind: CacheAlarmKind, option: keyof CacheAlarmOptions, base: Default, config: CacheAlarmConfig): AlarmSpec {
  const values = overriddenValues(`alarms.${option}`, base, config, PERCENT.has(base.metricName) ? base.metricName : undefined);
  const { enabled: _enabled, ...rest } = base;
  return { ...rest, kind, option, ...values };
}

/** What an alarm override may change. */
export interface AlarmValues {
  readonly threshold: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly period: Duration;
}

/**
 * An alarm's values with the user's overrides applied, each checked; throws naming `name` for a
 * value CloudWatch would reject.
 * @param percentMetric the metric's name when it is a percentage (thresholds up to 100)
 */
export function overriddenValues(name: string, base: AlarmValues, config: CacheAlarmConfig, percentMetric?: string): AlarmValues {
  const threshold = config.threshold ?? base.threshold;
  if (config.threshold !== undefined && !Token.isUnresolved(config.threshold)) {
    if (!Number.isFinite(config.threshold) || config.threshold < 0) fail(`${name}.threshold`, config.threshold, 'it must be a number of at least 0');
    if (percentMetric && config.threshold > 100) fail(`${name}.threshold`, config.threshold, `${percentMetric} is a percentage, at most 100`);
  }
  const evaluationPeriods = config.evaluationPeriods ?? base.evaluationPeriods;
  const wholeAtLeastOne = Number.isInteger(evaluationPeriods) && evaluationPeriods >= 1;
  if (config.evaluationPeriods !== undefined && !Token.isUnresolved(evaluationPeriods) && !wholeAtLeastOne) {
    fail(`${name}.evaluationPeriods`, evaluationPeriods, 'it must be a whole number of at least 1');
  }
  const datapointsToAlarm = config.datapointsToAlarm ?? Math.min(base.datapointsToAlarm, evaluationPeriods);
  if (!Token.isUnresolved(datapointsToAlarm) && !Token.isUnresolved(evaluationPeriods)
    && !(Number.isInteger(datapointsToAlarm) && datapointsToAlarm >= 1 && datapointsToAlarm <= evaluationPeriods)) {
    fail(`${name}.datapointsToAlarm`, datapointsToAlarm, `it must be a whole number from 1 to evaluationPeriods (${evaluationPeriods})`);
  }
  const period = config.period ?? base.period;
  if (config.period !== undefined && !period.isUnresolved()) {
    const seconds = period.toSeconds();
    // ElastiCache publishes every 60 seconds, so shorter or fractional-minute periods have gaps.
    if (seconds < 60 || seconds % 60 !== 0) fail(`${name}.period`, period.toHumanString(), 'it must be a whole number of minutes (ElastiCache publishes metrics every 60 seconds)');
  }
  return { threshold, evaluationPeriods, datapointsToAlarm, period };
}

function validateTarget(target: CacheMonitoringTarget): void {
  if (target.nodes.length === 0) fail('target.nodes', [], 'a cache has at least one node to monitor');
  if (!Token.isUnresolved(target.nodeType.vcpus) && !(target.nodeType.vcpus >= 1)) {
    fail('target.nodeType.vcpus', target.nodeType.vcpus, 'a node has at least one vCPU');
  }
}

/** `Maximum > 90% in 3 of 5 1-minute periods` */
export function conditionText(spec: AlarmSpec): string {
  const op = spec.comparisonOperator === LT ? '<' : '>';
  const minutesPerPeriod = spec.period.toMinutes({ integral: false });
  const value = spec.unit === ' bytes' && spec.threshold >= MB ? `${+(spec.threshold / MB).toFixed(1)} MB` : `${spec.threshold}${spec.unit}`;
  return `${spec.statistic} ${op} ${value} in ${spec.datapointsToAlarm} of ${spec.evaluationPeriods} ${minutesPerPeriod}-minute periods`;
}
