import { Duration } from 'aws-cdk-lib';

/**
 * The recommended alarms, one of each per node. The defaults (thresholds, periods and their
 * sources) are listed in `thresholds.ts` and in each option's documentation below.
 */
export enum CacheAlarmKind {
  /** EngineCPUUtilization, or CPUUtilization on nodes with 2 vCPUs or fewer and on Memcached. */
  CPU = 'CPU',
  /** DatabaseMemoryUsagePercentage, warning level (Valkey / Redis OSS). */
  MEMORY_WARNING = 'MEMORY_WARNING',
  /** DatabaseMemoryUsagePercentage, critical level (Valkey / Redis OSS). */
  MEMORY_CRITICAL = 'MEMORY_CRITICAL',
  /** Evictions. */
  EVICTIONS = 'EVICTIONS',
  /** CurrConnections. */
  CURR_CONNECTIONS = 'CURR_CONNECTIONS',
  /** NewConnections. */
  NEW_CONNECTIONS = 'NEW_CONNECTIONS',
  /** ReplicationLag (Valkey / Redis OSS with replicas). */
  REPLICATION_LAG = 'REPLICATION_LAG',
  /** The four Network*AllowanceExceeded counters, summed. */
  NETWORK_ALLOWANCE = 'NETWORK_ALLOWANCE',
  /** TrafficManagementActive (Valkey / Redis OSS). */
  TRAFFIC_MANAGEMENT = 'TRAFFIC_MANAGEMENT',
  /** CacheHitRate (Valkey / Redis OSS). */
  CACHE_HIT_RATE = 'CACHE_HIT_RATE',
  /** SuccessfulReadRequestLatency (Valkey / Redis OSS). */
  READ_LATENCY = 'READ_LATENCY',
  /** SuccessfulWriteRequestLatency (Valkey / Redis OSS). */
  WRITE_LATENCY = 'WRITE_LATENCY',
  /** SwapUsage (Memcached). */
  SWAP_USAGE = 'SWAP_USAGE',
  /** FreeableMemory. */
  FREEABLE_MEMORY = 'FREEABLE_MEMORY',
}

/** Overrides for one recommended alarm. Anything left out keeps the recommended default. */
export interface CacheAlarmConfig {
  /**
   * Create this alarm.
   * @default - the alarm's default (most are on; see each option)
   */
  readonly enabled?: boolean;
  /**
   * The threshold, in the metric's unit (percent, count, seconds, microseconds or bytes).
   * @default - the recommended threshold
   */
  readonly threshold?: number;
  /**
   * The number of periods the alarm looks at.
   * @default - the recommended number
   */
  readonly evaluationPeriods?: number;
  /**
   * How many of those periods must breach ("M out of N").
   * @default - the recommended number, at most `evaluationPeriods`
   */
  readonly datapointsToAlarm?: number;
  /**
   * The period of each datapoint: a whole number of minutes (ElastiCache publishes every 60 seconds).
   * @default - the recommended period
   */
  readonly period?: Duration;
}

/**
 * The recommended alarms of a cache, each created once per node.
 *
 * Count, with the defaults: Valkey / Redis OSS `nodes × 8`, plus `nodes` more when the cache
 * has replicas (ReplicationLag); Memcached `nodes × 6`. Each opt-in alarm adds `nodes`.
 */
export interface CacheAlarmOptions {
  /**
   * Create any alarm at all. `false` turns every alarm (and the alarm topic) off.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * CPU. Valkey / Redis OSS: EngineCPUUtilization Maximum > 90 % in 3 of 5 minutes; on node types
   * with 2 vCPUs or fewer CPUUtilization > 90 / vCPUs (45 % on 2 vCPUs). Memcached (multi-threaded):
   * CPUUtilization > 90 %.
   * @default - on
   */
  readonly cpu?: CacheAlarmConfig;
  /**
   * DatabaseMemoryUsagePercentage Maximum > 80 % in 3 of 5 minutes (Valkey / Redis OSS).
   * @default - on
   */
  readonly memoryWarning?: CacheAlarmConfig;
  /**
   * DatabaseMemoryUsagePercentage Maximum > 90 % in 3 of 5 minutes (Valkey / Redis OSS).
   * @default - on
   */
  readonly memoryCritical?: CacheAlarmConfig;
  /**
   * Evictions Sum > 100 per 5 minutes in 2 of 3 periods. Raise or disable it for `volatile-*`
   * eviction policies or Memcached LRU caches where evicting is expected.
   * @default - on
   */
  readonly evictions?: CacheAlarmConfig;
  /**
   * CurrConnections Maximum > 52,000 (80 % of the 65,000 connections a node accepts) in 3 of 5 minutes.
   * @default - on
   */
  readonly currConnections?: CacheAlarmConfig;
  /**
   * NewConnections Sum > 1,000 per minute in 2 of 3 minutes: a connection storm or no pooling.
   * @default - on
   */
  readonly newConnections?: CacheAlarmConfig;
  /**
   * ReplicationLag Maximum > 1 second in 3 of 5 minutes (Valkey / Redis OSS with replicas; on every
   * node, since failover swaps roles and primaries report no data).
   * @default - on when the cache has replicas
   */
  readonly replicationLag?: CacheAlarmConfig;
  /**
   * NetworkBandwidthIn/Out-, NetworkPacketsPerSecond- and NetworkConntrackAllowanceExceeded summed
   * per minute > 0 packets in 3 of 5 minutes: the node's EC2 network allowance shapes traffic.
   * @default - on
   */
  readonly networkAllowance?: CacheAlarmConfig;
  /**
   * TrafficManagementActive Maximum > 0 in 5 of 5 minutes: ElastiCache throttles an underscaled
   * node (Valkey / Redis OSS).
   * @default - on
   */
  readonly trafficManagement?: CacheAlarmConfig;
  /**
   * CacheHitRate Average < 80 % in 4 of 6 five-minute periods (Valkey / Redis OSS). Off by default:
   * the right hit rate depends on the workload, and a replica that serves no reads would alarm.
   * @default - off
   */
  readonly cacheHitRate?: CacheAlarmConfig;
  /**
   * SuccessfulReadRequestLatency Average > 5,000 µs in 3 of 5 minutes (Valkey / Redis OSS). Off by
   * default: pipelining with CLIENT REPLY on inflates it, and the right value is the app's SLA.
   * @default - off
   */
  readonly readLatency?: CacheAlarmConfig;
  /**
   * SuccessfulWriteRequestLatency Average > 5,000 µs in 3 of 5 minutes (Valkey / Redis OSS). Off by default.
   * @default - off
   */
  readonly writeLatency?: CacheAlarmConfig;
  /**
   * SwapUsage Maximum > 50 MB in 3 of 5 minutes (Memcached).
   * @default - on
   */
  readonly swapUsage?: CacheAlarmConfig;
  /**
   * FreeableMemory Minimum < 100 MB in 3 of 5 minutes: host memory pressure. Off by default: it
   * overlaps DatabaseMemoryUsagePercentage (Valkey / Redis OSS) and SwapUsage (Memcached).
   * @default - off
   */
  readonly freeableMemory?: CacheAlarmConfig;
}
