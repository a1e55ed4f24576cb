/**
 * The data a new replication group starts with: an ElastiCache snapshot, or .rdb files in S3.
 *
 * ElastiCache reads the source only when it creates the group (SnapshotName and SnapshotArns are
 * create-only): changing or removing it later replaces the group with a new one, seeded from the
 * new source or empty. Keep it in the code after the first deploy.
 *
 * @see https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/backups-restoring.html
 */
export class CacheRestoreSource {
  /**
   * An ElastiCache snapshot of this account and Region, by name: a manual backup, an automatic
   * one (`automatic.my-cache-2026-01-01-03-00`) or the final snapshot of a removed cache.
   * A snapshot of a cluster-mode group cannot be restored into a group with cluster mode disabled,
   * and one of a data-tiering (r6gd) group only into r6gd nodes.
   */
  public static snapshot(snapshotName: string): CacheRestoreSource {
    return new CacheRestoreSource(snapshotName, undefined);
  }

  /**
   * Valkey or Redis OSS .rdb files in S3, by object ARN (`arn:aws:s3:::my-bucket/dump.rdb`), in
   * the cache's Region. ElastiCache needs read access to them (the bucket policy or object ACL
   * grants it, see the seeding tutorial). In cluster mode the construct gives every shard its
   * slots, split evenly unless `shardConfigurations` name them, since ElastiCache requires them.
   * A cluster-mode group takes only files of database 0, and a group with cluster mode disabled
   * no file made by a cluster-mode one.
   *
   * @see https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/backups-seeding-redis.html
   */
  public static s3(objectArns: string[]): CacheRestoreSource {
    return new CacheRestoreSource(undefined, objectArns);
  }

  /** The snapshot to restore, if the source is a snapshot. */
  public readonly snapshotName?: string;
  /** The S3 object ARNs of the .rdb files, if the source is S3. */
  public readonly objectArns?: string[];

  private constructor(snapshotName: string | undefined, objectArns: string[] | undefined) {
    this.snapshotName = snapshotName;
    this.objectArns = objectArns;
  }
}
