import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { CacheRestoreSource } from './restore';
import { ShardConfiguration } from './shard-configuration';
import { CacheAuthentication } from '../auth/authentication';
import { CacheEngine } from '../common/engine';
import { CacheNetworkProps } from '../common/network-props';
import { CacheBudgetOptions } from '../cost/budget';
import { ICacheParameterGroup } from '../groups/parameter-group';
import { CacheMonitoringOptions } from '../monitoring/cache-monitoring';

/** Engine log delivery to CloudWatch Logs. */
export interface CacheLogDeliveryOptions {
  /**
   * Deliver the slow log (commands slower than `slowlog-log-slower-than`).
   * @default true
   */
  readonly slowLog?: boolean;
  /**
   * Deliver the engine log (Redis OSS 6.2+ and Valkey).
   * @default true
   */
  readonly engineLog?: boolean;
  /**
   * How long CloudWatch Logs keeps the entries.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly retention?: logs.RetentionDays;
  /**
   * Key that encrypts the log group.
   * @default - the replication group's `encryptionKey`, or a new key with rotation
   */
  readonly encryptionKey?: kms.IKey;
}

/** How strictly a replication group with TLS turns unencrypted clients away. */
export enum TransitEncryptionMode {
  /** TLS and plain connections both accepted: the first step of turning TLS on for a running group. */
  PREFERRED = 'preferred',
  /** TLS connections only: the second step, and what a new group with TLS has anyway. */
  REQUIRED = 'required',
}

/**
 * Cluster mode: how the group partitions its data and which protocol clients speak.
 * @see https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/modify-cluster-mode.html
 */
export enum ClusterMode {
  /** Cluster mode enabled: shards, online resharding, clients use the cluster protocol and the configuration endpoint. */
  ENABLED = 'enabled',
  /** Cluster mode disabled: one shard, clients use the primary and reader endpoints. */
  DISABLED = 'disabled',
  /**
   * The middle step of moving a running group from DISABLED to ENABLED: one shard that answers
   * both protocols while the clients move to the cluster protocol and the configuration endpoint.
   */
  COMPATIBLE = 'compatible',
}

/**
 * Durability (Valkey 9.0+): writes persisted in a Multi-AZ transactional log.
 * @see https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Durability.Options.html
 */
export enum DurabilityMode {
  /** Synchronous writes: persisted in at least two zones before the client gets its reply; single-digit millisecond writes, no acknowledged write lost. */
  SYNC = 'sync',
  /** Asynchronous writes: persisted after the reply; microsecond writes, up to the last 10 seconds of writes may be lost in a failure. */
  ASYNC = 'async',
  /** No durability: the standard ElastiCache behavior. */
  DISABLED = 'disabled',
}

/** Properties of a {@link ReplicationGroup}. */
export interface ReplicationGroupProps extends CacheNetworkProps {
  /**
   * The replication group id: 1-40 letters, digits and hyphens, starting with a letter, without
   * `--` or a trailing hyphen. ElastiCache stores it in lower case.
   * @default - a unique id derived from the construct path
   */
  readonly replicationGroupId?: string;

  /**
   * Description of the replication group.
   * @default - the construct path
   */
  readonly description?: string;

  /**
   * Engine and version.
   * @default CacheEngine.LATEST (the newest Valkey)
   */
  readonly engine?: CacheEngine;

  /**
   * Node type, e.g. `cache.r7g.large`; checked against the node-type catalog.
   * @default 'cache.t4g.micro'
   */
  readonly nodeType?: string;

  /**
   * Cluster mode: data partitioned over shards, resharding online. Cluster mode disabled keeps one shard.
   *
   * A running DISABLED group (Valkey 7.2+ / Redis OSS 7.0+, automatic failover, a replica) moves to
   * ENABLED in place, in two deploys and in this order only (there is no way back): deploy
   * `COMPATIBLE` (only the mode and the parameter group change; no other change in that deploy), move
   * every client to the cluster protocol and the configuration endpoint, then deploy `ENABLED`
   * with one shard and the same replicas (reshard in a later deploy). No synth sees the deployed
   * mode, so the order is yours to keep; the generated id stays the same through both steps.
   * @see https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/modify-cluster-mode.html
   * @default ClusterMode.ENABLED
   */
  readonly clusterMode?: ClusterMode;

  /**
   * Number of shards (node groups). Only cluster mode can have more than one.
   * @default - the number of shardConfigurations, else 1
   */
  readonly shards?: number;

  /**
   * Read replicas per shard, 0-5.
   * @default 1
   */
  readonly replicasPerShard?: number;

  /**
   * Multi-AZ with automatic failover: a replica in another AZ takes over when the primary fails.
   * @default true when there is a replica
   */
  readonly multiAz?: boolean;

  /**
   * Automatic failover to a replica when the primary fails. Cluster mode needs it; Multi-AZ needs it.
   * @default true when there is a replica, else false
   */
  readonly automaticFailover?: boolean;

  /**
   * Availability Zones for the nodes: the primary of shard 1 goes to the first, and each next node to
   * the next zone, round robin.
   * @default - ElastiCache spreads the nodes over the subnet group's zones
   */
  readonly preferredAvailabilityZones?: string[];

  /**
   * Per-shard configuration in cluster mode, one entry per shard: hash slots, zones, node group id.
   * A shard that names its zones takes them instead of its round-robin zones from
   * preferredAvailabilityZones; the other shards keep those. Updatable in place under the
   * group's UseOnlineResharding policy.
   * @default - ElastiCache splits the slots evenly; zones from preferredAvailabilityZones
   */
  readonly shardConfigurations?: ShardConfiguration[];

  /**
   * The data the new group starts with: an ElastiCache snapshot or .rdb files in S3. Read only at
   * creation: changing or removing it later replaces the group (under a new generated id), so
   * keep it in the code after the first deploy.
   * @see https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/backups-restoring.html
   * @default - an empty cache
   */
  readonly restoreFrom?: CacheRestoreSource;

  /**
   * The port the cache listens on.
   * @default 6380 (not the engine's well-known 6379, which cdk-nag's AwsSolutions-AEC5 flags)
   */
  readonly port?: number;

  /**
   * Encrypt traffic with TLS.
   * @default true
   */
  readonly transitEncryption?: boolean;

  /**
   * Online TLS migration of a running group (Valkey 7.2+, Redis OSS 7.0+), without replacing it:
   * deploy `transitEncryption: true` with `PREFERRED`, move every client to TLS, then deploy
   * `REQUIRED`. CloudFormation takes the two steps in that order only.
   * @see https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption-enable.html
   * @default - not set: ElastiCache requires TLS on a group created with it
   */
  readonly transitEncryptionMode?: TransitEncryptionMode;

  /**
   * Encrypt data at rest (disks, snapshots).
   * @default true
   */
  readonly atRestEncryption?: boolean;

  /**
   * Customer managed key for encryption at rest (and, by default, the AUTH token secret and logs).
   * @default - a new KMS key with rotation, shared by the cache's secret and logs
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * How clients authenticate.
   * @default CacheAuthentication.authToken(): a generated AUTH token kept in Secrets Manager, rotated
   */
  readonly authentication?: CacheAuthentication;

  /**
   * Engine parameters, e.g. `{ 'maxmemory-policy': 'allkeys-lru' }`. They go into a parameter group
   * made for this cache, of the engine's family, whose `cluster-enabled` matches the cluster mode.
   * @default - ElastiCache's default parameter group for the engine and cluster mode
   */
  readonly parameters?: { [name: string]: string };

  /**
   * A parameter group to use instead of one made for `parameters` (not with them): a
   * `CacheParameterGroup` of the engine's family and cluster mode, or one imported with
   * `CacheParameterGroup.fromParameterGroupName()`. It can change without replacing the cache.
   * @default - ElastiCache's default parameter group, or one made for `parameters`
   */
  readonly parameterGroup?: ICacheParameterGroup;

  /**
   * How long automatic daily snapshots are kept (whole days, 0-35; 0 turns them off).
   * @default Duration.days(15) (meets the HIPAA and NIST automatic-backup rules)
   */
  readonly snapshotRetention?: Duration;

  /**
   * Daily time range (UTC) for snapshots, `hh24:mi-hh24:mi`, at least 60 minutes.
   * @default - ElastiCache picks one
   */
  readonly backupWindow?: string;

  /**
   * Weekly time range (UTC) for maintenance, `ddd:hh24:mi-ddd:hh24:mi`, at least 60 minutes.
   * @default - ElastiCache picks one
   */
  readonly maintenanceWindow?: string;

  /**
   * What happens to the cache when it leaves the stack. SNAPSHOT takes a final snapshot.
   * @default RemovalPolicy.SNAPSHOT
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Apply minor engine upgrades in the maintenance window.
   * @default true
   */
  readonly autoMinorVersionUpgrade?: boolean;

  /**
   * Data tiering: keep less-used data on the node's SSD. Only r6gd node types have one, and
   * ElastiCache requires data tiering on them.
   * @default - true on r6gd node types, else false
   */
  readonly dataTiering?: boolean;

  /**
   * Durability (Valkey 9.0+): a Multi-AZ transactional log keeps acknowledged writes through
   * failures. Needs cluster mode ENABLED, Multi-AZ with a replica in every shard, TLS, encryption
   * at rest and an R6g/R7g/R8g, M6g/M7g/M8g or C7gn/C8gn node; not with data tiering or a Global
   * Datastore. SYNC and ASYNC switch in place; CloudFormation cannot turn durability on or off on a
   * running group, so that change replaces the group (a new, empty one under a new generated id).
   * @see https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Durability.Limitations.html
   * @default - not set: ElastiCache's `default`, which is no durability on Valkey 9.0
   */
  readonly durability?: DurabilityMode;

  /**
   * Deliver engine logs to a CloudWatch log group made for this cache.
   * @default - no log delivery
   */
  readonly logDelivery?: CacheLogDeliveryOptions;

  /**
   * SNS topic for ElastiCache events (failover, node replaced, …). ElastiCache cannot publish to
   * a KMS-encrypted topic, so this must be a plain one (which cdk-nag's HIPAA, NIST and PCI packs
   * flag): that is why there is none by default; the alarms cover the symptoms.
   * @see https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ElastiCacheSNS.html
   * @default - no event notifications
   */
  readonly notificationTopic?: sns.ITopic;

  /**
   * Recommended CloudWatch alarms on every node, to an encrypted SNS topic, and an optional dashboard.
   * @default - the recommended alarms to a new encrypted topic; no dashboard
   */
  readonly monitoring?: CacheMonitoringOptions;

  /**
   * A monthly AWS Budgets cost budget for this cache: its resources get the cost allocation tag
   * `cdk-elasticache:cache`, the budget counts what carries it, and the alarm topic is notified at
   * 80 % of the limit forecast and 100 % actual. Activate the tag in the Billing console first.
   * @default - no budget
   */
  readonly budget?: CacheBudgetOptions;
}
