import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import { Construct } from 'constructs';
import { CacheScalingDimension, CacheUtilizationScalingProps } from './props';
import { ScalableCacheDimension, ScalableReplicationGroupProps } from './scalable-cache-dimension';
import { DOC_SHARD_CONSOLE } from './sources';

// The console's target range for shard policies: "greater than or equal to 35 and less than or equal to 70".
const CONSOLE_RANGE = [35, 70];

/**
 * The shards of a replication group under Application Auto Scaling
 * (`elasticache:replication-group:NodeGroups`). Made by `ReplicationGroup.autoScaleShards()`.
 */
export class ScalableShards extends ScalableCacheDimension {
  constructor(scope: Construct, id: string, props: ScalableReplicationGroupProps) {
    super(scope, id, props, CacheScalingDimension.SHARDS);
  }

  /**
   * Keeps the average engine CPU of the primaries near a target (ElastiCachePrimaryEngineCPUUtilization).
   */
  public scaleOnCpuUtilization(props: CacheUtilizationScalingProps): void {
    this.trackUtilization('scaleOnCpuUtilization', appscaling.PredefinedMetric.ELASTICACHE_PRIMARY_ENGINE_CPU_UTILIZATION, props,
      CONSOLE_RANGE, DOC_SHARD_CONSOLE);
  }

  /**
   * Keeps the memory used for data near a target: ElastiCacheDatabaseMemoryUsageCountedForEvictPercentage,
   * or on data-tiering nodes (r6gd), where that metric is not allowed, the capacity of memory and SSD
   * (ElastiCacheDatabaseCapacityUsageCountedForEvictPercentage).
   */
  public scaleOnMemoryUtilization(props: CacheUtilizationScalingProps): void {
    // "Data-tiered instance types cannot use ElastiCacheDatabaseMemoryUsageCountedForEvictPercentage, as these
    // instance types store data in both memory and SSD" (DOC_SHARD_METRICS); the capacity metric covers both.
    const metric = this.dataTiering
      ? appscaling.PredefinedMetric.ELASTICACHE_DATABASE_CAPACITY_USAGE_COUNTED_FOR_EVICT_PERCENTAGE
      : appscaling.PredefinedMetric.ELASTICACHE_DATABASE_MEMORY_USAGE_COUNTED_FOR_EVICT_PERCENTAGE;
    this.trackUtilization('scaleOnMemoryUtilization', metric, props, CONSOLE_RANGE, DOC_SHARD_CONSOLE);
  }
}
