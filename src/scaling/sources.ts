// The documents that state the auto scaling rules (ElastiCache User Guide and Application Auto Scaling).

/** Prerequisites: engines, cluster mode, node sizes and families, Global Datastore. */
export const DOC_PREREQUISITES = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoScaling.html';
/** The same page in Italian, which lists the 8th-generation families the English page does not. */
export const DOC_PREREQUISITES_IT = 'https://docs.aws.amazon.com/it_it/AmazonElastiCache/latest/dg/AutoScaling.md';
/** One policy per target metric; min/max capacity; the service-linked role. */
export const DOC_POLICIES = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoScaling-Policies.html';
/** Shard metrics, which node types may not use the memory metric. */
export const DOC_SHARD_METRICS = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoScaling-Scaling-Policies-Target.html';
/** The console's shard target range (35 to 70). */
export const DOC_SHARD_CONSOLE = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoScaling-Scaling-Adding-Policy-Shards.html';
/** The replica metric and its target range (35 to 70). */
export const DOC_REPLICA_METRICS = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoScaling-Scaling-Policies-Replicas-Replicas.html';
/** Shards 1 to 500, 500 nodes at most per group. */
export const DOC_SHARDS = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.NodeGroups.html';
/** 0 to 5 replicas per shard; "up to 90 nodes per cluster" by default. */
export const DOC_CREATE_CME = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Replication.CreatingReplGroup.NoExistingCluster.Cluster.html';
/** TargetValue: for a utilization metric, "a percent value". */
export const API_TARGET_TRACKING = 'https://docs.aws.amazon.com/autoscaling/application/APIReference/API_TargetTrackingScalingPolicyConfiguration.html';
/** Scheduled action names are unique per scalable target. */
export const API_SCHEDULED_ACTION = 'https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScheduledAction.html';
/** Target tracking and scheduled scaling for ElastiCache; the service-linked role. */
export const AAS_ELASTICACHE = 'https://docs.aws.amazon.com/autoscaling/application/userguide/services-that-can-integrate-elasticache.html';
