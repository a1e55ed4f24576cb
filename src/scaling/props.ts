import { Duration } from 'aws-cdk-lib';

/** What Application Auto Scaling changes on a replication group. */
export enum CacheScalingDimension {
  /** The number of shards (`elasticache:replication-group:NodeGroups`). */
  SHARDS = 'shards',
  /** The number of replicas in every shard (`elasticache:replication-group:Replicas`). */
  REPLICAS = 'replicas',
}

/** The bounds Application Auto Scaling keeps a dimension (shards, or replicas per shard) within. */
export interface CacheScalingCapacity {
  /**
   * The fewest shards (or replicas per shard) scaling may leave. The template's `shards`
   * (`replicasPerShard`) must lie within [minCapacity, maxCapacity].
   * @default 1
   */
  readonly minCapacity?: number;
  /** The most shards (or replicas per shard) scaling may add. */
  readonly maxCapacity: number;
}

/** A target-tracking policy on a utilization metric of the group. */
export interface CacheUtilizationScalingProps {
  /**
   * The utilization, in percent, scaling keeps the metric at or near. The ElastiCache console
   * accepts 35 to 70; a value outside that range gives a synth warning.
   */
  readonly targetUtilizationPercent: number;
  /**
   * How long after a scale-in before another scale-in may start.
   * @default - Application Auto Scaling's default
   */
  readonly scaleInCooldown?: Duration;
  /**
   * How long after a scale-out before another scale-out may start.
   * @default - Application Auto Scaling's default
   */
  readonly scaleOutCooldown?: Duration;
  /**
   * Only scale out, never in (the policy does not remove shards or replicas).
   * @default false
   */
  readonly disableScaleIn?: boolean;
  /**
   * The policy's name.
   * @default - generated from the construct path
   */
  readonly policyName?: string;
}
