import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import { Construct } from 'constructs';
import { CacheScalingDimension, CacheUtilizationScalingProps } from './props';
import { ScalableCacheDimension, ScalableReplicationGroupProps } from './scalable-cache-dimension';
import { DOC_REPLICA_METRICS } from './sources';

// "You can set the utilization target between 35 percent and 70 percent" (replica criteria).
const GUIDE_RANGE = [35, 70];

/**
 * The replicas of every shard of a replication group under Application Auto Scaling
 * (`elasticache:replication-group:Replicas`). Made by `ReplicationGroup.autoScaleReplicas()`.
 * Replicas scale on CPU only: the guide's one predefined replica metric is ElastiCacheReplicaEngineCPUUtilization.
 */
export class ScalableReplicas extends ScalableCacheDimension {
  constructor(scope: Construct, id: string, props: ScalableReplicationGroupProps) {
    super(scope, id, props, CacheScalingDimension.REPLICAS);
  }

  /** Keeps the average engine CPU of the replicas near a target (ElastiCacheReplicaEngineCPUUtilization). */
  public scaleOnCpuUtilization(props: CacheUtilizationScalingProps): void {
    this.trackUtilization('scaleOnCpuUtilization', appscaling.PredefinedMetric.ELASTICACHE_REPLICA_ENGINE_CPU_UTILIZATION, props,
      GUIDE_RANGE, DOC_REPLICA_METRICS);
  }
}
