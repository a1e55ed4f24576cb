import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { fail } from '../common/validation';
import { CacheAlarmConfig } from '../monitoring/alarm-options';
import { AlarmValues, overriddenValues } from '../monitoring/thresholds';

/**
 * The recommended alarms of a serverless cache (one of each: a serverless cache publishes one
 * series). Anything left out keeps the recommended default.
 */
export interface ServerlessAlarmOptions {
  /**
   * Create any alarm at all. `false` turns every alarm (and the alarm topic) off.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * BytesUsedForCache Maximum > 75 % of `usageLimits.dataStorageMax` (counted in 10^9 bytes per GB)
   * in 2 of 3 five-minute periods: at the maximum ElastiCache evicts, then refuses writes.
   * @default - on when a data storage maximum is set
   */
  readonly dataStorage?: CacheAlarmConfig;
  /**
   * ElastiCacheProcessingUnits Sum > 75 % of `usageLimits.ecpuPerSecondMax` × 60 per minute in 3 of
   * 5 minutes: above the maximum ElastiCache throttles requests.
   * @default - on when an ECPU maximum is set
   */
  readonly ecpu?: CacheAlarmConfig;
  /**
   * ThrottledCmds Sum > 0 per minute in 2 of 3 minutes: the workload grows faster than the cache
   * scales, or it reached its ECPU maximum.
   * @default - on
   */
  readonly throttledCmds?: CacheAlarmConfig;
  /**
   * SuccessfulReadRequestLatency Average > 5,000 µs in 3 of 5 minutes.
   * @default - on
   */
  readonly readLatency?: CacheAlarmConfig;
  /**
   * Evictions Sum > 100 per 5 minutes in 2 of 3 periods: the cache reached its data storage maximum.
   * @default - on when a data storage maximum is set
   */
  readonly evictions?: CacheAlarmConfig;
  /**
   * CacheHitRate Average < 80 % in 4 of 6 five-minute periods (Valkey / Redis OSS). Off by default:
   * the right hit rate depends on the workload.
   * @default - off
   */
  readonly cacheHitRate?: CacheAlarmConfig;
}

// "If you setup a maximum limit on BytesUsedForCache or ElastiCacheProcessingUnits, we highly
// recommend setting up a CloudWatch alarm at a value lower than the maximum limit … We recommend
// setting an alarm at 75% of the maximum limit you set." (AWS's agent toolkit says 80 %; the user
// guide wins.) Periods, statistics and M of N come from the toolkit's serverless alarm pack, whose
// thresholds we take but not its dimension (see metrics.ts).
const SCALING = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Scaling-serverless.html';
const PACK = 'https://github.com/aws/agent-toolkit-for-aws/blob/main/skills/specialized-skills/database-skills/amazon-elasticache/references/monitoring/alarm-packs.md';
const GT = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
const LT = cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD;
const GB = 1e9;

/** One recommended alarm, resolved for a cache. */
export interface ServerlessAlarmSpec extends AlarmValues {
  readonly option: keyof ServerlessAlarmOptions;
  readonly metricName: string;
  readonly statistic: string;
  readonly comparisonOperator: cloudwatch.ComparisonOperator;
  /** Threshold for people: `75 % of 10 GB`, `5000 µs`. */
  readonly describe: (threshold: number) => string;
  readonly advice: string;
  readonly source: string;
}

interface Default extends Omit<ServerlessAlarmSpec, 'option'> {
  readonly enabled: boolean;
  /** Why it cannot be enabled here, if it cannot. */
  readonly unavailable?: string;
}

/** What a serverless cache's alarms depend on. */
export interface ServerlessAlarmTarget {
  /** Valkey or Redis OSS (they publish CacheHitRate; Memcached does not). */
  readonly redisLike: boolean;
  /**
   * The data storage maximum, in GB.
   * @default - none: no storage alarm by default
   */
  readonly storageMaxGb?: number;
  /**
   * The ECPU per second maximum.
   * @default - none: no ECPU alarm by default
   */
  readonly ecpuMax?: number;
}

function spec(metricName: string, statistic: string, minutes: number, comparisonOperator: cloudwatch.ComparisonOperator,
  threshold: number, evaluationPeriods: number, datapointsToAlarm: number) {
  return { metricName, statistic, period: Duration.minutes(minutes), comparisonOperator, threshold, evaluationPeriods, datapointsToAlarm };
}

function defaults(t: ServerlessAlarmTarget): Record<Exclude<keyof ServerlessAlarmOptions, 'enabled'>, Default> {
  const noStorageMax = t.storageMaxGb === undefined ? 'there is no usageLimits.dataStorageMax to alarm near (give a threshold)' : undefined;
  const noEcpuMax = t.ecpuMax === undefined ? 'there is no usageLimits.ecpuPerSecondMax to alarm near (give a threshold)' : undefined;
  return {
    dataStorage: {
      ...spec('BytesUsedForCache', 'Maximum', 5, GT, 0.75 * (t.storageMaxGb ?? 0) * GB, 3, 2),
      enabled: t.storageMaxGb !== undefined,
      unavailable: noStorageMax,
      describe: (v) => `${+(v / GB).toFixed(3)} GB (75 % of the ${t.storageMaxGb ?? '?'} GB maximum by default)`,
      advice: 'Data nears the storage maximum: ElastiCache then evicts keys with a TTL and refuses writes (OOM). Raise dataStorageMax or set TTLs.',
      source: SCALING,
    },
    ecpu: {
      ...spec('ElastiCacheProcessingUnits', 'Sum', 1, GT, 0.75 * (t.ecpuMax ?? 0) * 60, 5, 3),
      enabled: t.ecpuMax !== undefined,
      unavailable: noEcpuMax,
      describe: (v) => `${v} ECPUs per minute (75 % of the ${t.ecpuMax ?? '?'} ECPU/s maximum by default)`,
      advice: 'ECPU use nears the maximum, above which ElastiCache throttles requests: raise ecpuPerSecondMax or look for expensive commands.',
      source: SCALING,
    },
    // "> 0 sustained across 2 of 3 minutes. Any throttling warrants investigation." (alarm pack)
    throttledCmds: {
      ...spec('ThrottledCmds', 'Sum', 1, GT, 0, 3, 2),
      enabled: true,
      describe: (v) => `${v} commands per minute`,
      advice: 'ElastiCache throttles requests: the workload grows faster than the cache scales, or it reached ecpuPerSecondMax.',
      source: PACK,
    },
    // "> 5ms sustained … Serverless latency is typically 1-3ms at p50." (alarm pack)
    readLatency: {
      ...spec('SuccessfulReadRequestLatency', 'Average', 1, GT, 5000, 5, 3),
      enabled: true,
      describe: (v) => `${v} µs`,
      advice: 'Reads take over 5 ms on the server: look for large keys, expensive commands or throttling.',
      source: PACK,
    },
    // Node-based pack: Evictions Sum 300 s > 100, 2 of 3. On serverless, evictions start at the data
    // storage maximum ("ElastiCache will begin evicting data in your cache that has a TTL"), so only then.
    evictions: {
      ...spec('Evictions', 'Sum', 5, GT, 100, 3, 2),
      enabled: t.storageMaxGb !== undefined,
      describe: (v) => `${v} keys per 5 minutes`,
      advice: 'The cache evicts keys: it reached its data storage maximum. Raise dataStorageMax or set shorter TTLs.',
      source: `${PACK} and ${SCALING}`,
    },
    cacheHitRate: {
      ...spec('CacheHitRate', 'Average', 5, LT, 80, 6, 4),
      enabled: false,
      unavailable: t.redisLike ? undefined : 'serverless Memcached publishes no CacheHitRate',
      describe: (v) => `${v} %`,
      advice: 'Most reads miss: check key design and TTLs.',
      source: PACK,
    },
  };
}

/** The alarms a cache gets, with the user's overrides applied and checked. */
export function serverlessAlarmSpecs(target: ServerlessAlarmTarget, options: ServerlessAlarmOptions = {}): ServerlessAlarmSpec[] {
  const all = defaults(target);
  const specs: ServerlessAlarmSpec[] = [];
  for (const [option, base] of Object.entries(all) as Array<[Exclude<keyof ServerlessAlarmOptions, 'enabled'>, Default]>) {
    const config = options[option] ?? {};
    // Without its maximum a near-the-maximum alarm has no threshold, unless one is given.
    const rescued = base.unavailable !== undefined && option !== 'cacheHitRate' && config.threshold !== undefined;
    const unavailable = base.unavailable !== undefined && !rescued;
    if (config.enabled === true && unavailable) fail(`alarms.${option}.enabled`, true, base.unavailable!);
    if (options.enabled === false || unavailable || !(config.enabled ?? (base.enabled || rescued))) continue;
    const { enabled: _e, unavailable: _u, ...rest } = base;
    specs.push({ ...rest, option, ...overriddenValues(`alarms.${option}`, base, config, option === 'cacheHitRate' ? 'CacheHitRate' : undefined) });
  }
  return specs;
}
