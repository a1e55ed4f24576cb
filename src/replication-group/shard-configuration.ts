/**
 * One shard (node group) of a cluster-mode replication group: its hash slots, its zones, its id.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-elasticache-replicationgroup-nodegroupconfiguration.html
 */
export interface ShardConfiguration {
  /**
   * The hash slots the shard holds, `startkey-endkey` within 0-16383, e.g. `'0-5460'`. Given for
   * every shard, the ranges cover the 16384 slots once. After a change of the shard count (online
   * resharding), ElastiCache spreads the slots evenly again: then remove the slots from the code.
   * @default - ElastiCache splits the slots evenly (and the construct does, when seeding from S3)
   */
  readonly slots?: string;

  /**
   * Read replicas in this shard. Every shard has `replicasPerShard` replicas (the member ids,
   * alarms and costs count them so): this can only repeat it.
   * @default - replicasPerShard
   */
  readonly replicaCount?: number;

  /**
   * The zone of the shard's primary.
   * @default - this shard's round-robin zone from preferredAvailabilityZones, or ElastiCache's choice
   */
  readonly primaryAvailabilityZone?: string;

  /**
   * The zones of the shard's replicas, one per replica. A shard that names a zone (primary or
   * replica) takes only its own zones, not those of preferredAvailabilityZones.
   * @default - the round-robin zones from preferredAvailabilityZones, or ElastiCache's choice
   */
  readonly replicaAvailabilityZones?: string[];

  /**
   * The node group id, 1-4 digits. ElastiCache names the member clusters after it, and the
   * construct's metrics and alarms take the shard's position (`0001`, `0002`, …): keep that form.
   * @default - the shard's position, '0001', '0002', …
   */
  readonly nodeGroupId?: string;
}
