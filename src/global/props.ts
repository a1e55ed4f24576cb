import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { GlobalDatastore } from './global-datastore';
import { CachePlacementProps } from '../common/network-props';
import { CacheMonitoringOptions } from '../monitoring/cache-monitoring';
import type { ReplicationGroup } from '../replication-group/replication-group';

/** Properties of a `GlobalDatastore`. */
export interface GlobalDatastoreProps {
  /**
   * The primary replication group, in this construct's stack: the Global Datastore takes its node
   * type, engine, shard count, encryption and authentication for every member.
   */
  readonly primary: ReplicationGroup;
  /**
   * The Global Datastore's name. ElastiCache prefixes it with a code of the primary's Region
   * (`attrGlobalReplicationGroupId` is the full id).
   * @default - generated from the construct path
   */
  readonly globalReplicationGroupIdSuffix?: string;
  /**
   * A description.
   * @default - 'Global Datastore ' and the construct path
   */
  readonly description?: string;
}

/**
 * Properties of a secondary replication group of a Global Datastore, in another Region's stack.
 *
 * Only what is the secondary's own: its network, its replicas, its key and its alarms. The node
 * type, engine, shard count, port, encryption, authentication and parameters belong to the Global
 * Datastore (ElastiCache rejects a secondary that sets them), and setting one is an error.
 */
export interface SecondaryReplicationGroupOptions extends CachePlacementProps {
  /**
   * The replication group id.
   * @default - generated from the construct path
   */
  readonly replicationGroupId?: string;
  /**
   * A description.
   * @default - 'ElastiCache secondary ' and the construct path
   */
  readonly description?: string;
  /**
   * Read replicas per shard (0 to 5). A secondary inherits automatic failover from the primary, so
   * when the primary fails over automatically it needs at least one.
   * @default - the primary's replicasPerShard
   */
  readonly replicasPerShard?: number;
  /**
   * How long daily snapshots of the secondary are kept (whole days, 0 for none, up to 35).
   * @default - the primary's retention
   */
  readonly snapshotRetention?: Duration;
  /**
   * The KMS key of the secondary's data at rest, in the secondary's Region (keys are Regional).
   * @default - a key made for the secondary when the primary encrypts at rest with a customer managed key
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * What happens to the secondary when it leaves the stack. Its data is a copy of the primary's,
   * whose own removal policy keeps the final snapshot.
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * The recommended alarms (to a topic in the secondary's Region) and a dashboard.
   * @default - the recommended alarms to the stack's alarm topic
   */
  readonly monitoring?: CacheMonitoringOptions;
}

/** Properties of a `SecondaryReplicationGroup`: its options and the Global Datastore it joins. */
export interface SecondaryReplicationGroupProps extends SecondaryReplicationGroupOptions {
  /** The Global Datastore the secondary joins. */
  readonly globalDatastore: GlobalDatastore;
}
