import type { ScalableReplicas } from './scalable-replicas';
import type { ScalableShards } from './scalable-shards';

/**
 * What of a replication group Application Auto Scaling owns. Code that reads the group's counts
 * (alarms per node, cost estimates, connection pools) should read the bounds here, not `shards`
 * or `replicasPerShard` alone: those are only the counts the group is created with.
 */
export interface ReplicationGroupAutoScaling {
  /**
   * The shards' scalable target, when `autoScaleShards()` was called.
   * @default - shards do not auto scale
   */
  readonly shards?: ScalableShards;
  /**
   * The replicas' scalable target, when `autoScaleReplicas()` was called.
   * @default - replicas do not auto scale
   */
  readonly replicas?: ScalableReplicas;
}
