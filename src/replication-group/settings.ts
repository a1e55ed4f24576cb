import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import { isSharded } from './cluster-mode';
import { ClusterMode, ReplicationGroupProps } from './props';
import { seedsFromS3 } from './restore-rules';
import { nodeGroupConfigurations } from './shard-rules';
import { findNodeType } from '../common/node-type-rules';
import { isResolved } from '../common/validation';

/** The replication group's settings with every default applied. */
export interface ReplicationGroupSettings {
  readonly nodeType: string;
  readonly port: number;
  /** The cluster mode as given (COMPATIBLE is the migration step). */
  readonly clusterModeSetting: ClusterMode;
  /** Sharded, cluster protocol: ENABLED only (COMPATIBLE keeps the one-shard template and endpoints). */
  readonly clusterMode: boolean;
  readonly shards: number;
  readonly replicasPerShard: number;
  readonly automaticFailover: boolean;
  readonly multiAz: boolean;
  readonly transitEncryption: boolean;
  readonly atRestEncryption: boolean;
  readonly snapshotRetentionDays: number;
  readonly dataTiering: boolean;
}

/** Defaults: cluster mode, one shard, one replica, Multi-AZ, TLS, encryption at rest, 15 days of snapshots. */
export function resolveSettings(props: ReplicationGroupProps): ReplicationGroupSettings {
  const nodeType = props.nodeType ?? 'cache.t4g.micro';
  // Distributed KV nodes have no replicas, one zone and no snapshots: their defaults follow.
  const kv = isResolved(nodeType) && findNodeType(nodeType)?.distributedKvCaching === true;
  const clusterModeSetting = props.clusterMode ?? ClusterMode.ENABLED;
  const clusterMode = isSharded(clusterModeSetting);
  const replicasPerShard = props.replicasPerShard ?? (kv ? 0 : 1);
  const hasReplica = !isResolved(replicasPerShard) || replicasPerShard > 0;
  const automaticFailover = props.automaticFailover ?? (clusterMode || hasReplica);
  const retention = props.snapshotRetention;
  return {
    nodeType,
    port: props.port ?? 6380,
    clusterModeSetting,
    clusterMode,
    shards: props.shards ?? ((clusterMode && props.shardConfigurations?.length) || 1),
    replicasPerShard,
    automaticFailover,
    multiAz: props.multiAz ?? (hasReplica && automaticFailover),
    transitEncryption: props.transitEncryption ?? true,
    atRestEncryption: props.atRestEncryption ?? true,
    snapshotRetentionDays: retention === undefined ? (kv ? 0 : 15) : retention.toDays({ integral: false }),
    dataTiering: props.dataTiering ?? (isResolved(nodeType) && nodeType.startsWith('cache.r6gd.')),
  };
}

/** Where the nodes go: explicit per-shard zones (cluster mode) or per-node zones, from the preferred zones. */
export interface NodePlacement {
  readonly nodeGroupConfiguration?: elasticache.CfnReplicationGroup.NodeGroupConfigurationProperty[];
  readonly preferredCacheClusterAZs?: string[];
}

/**
 * Round robin over the preferred zones: each shard's primary takes the next zone and its replicas
 * the zones after it, so one shard's nodes land in different zones when there are enough zones.
 * In cluster mode, per-shard configurations (and the slots of an S3 seed) take their place shard by
 * shard (see nodeGroupConfigurations). Call only with validated counts (it builds one entry per shard).
 */
export function nodePlacement(s: ReplicationGroupSettings, props: ReplicationGroupProps): NodePlacement {
  const azs = props.preferredAvailabilityZones;
  const hasAzs = azs !== undefined && azs.length > 0;
  if (!isResolved(s.shards) || !isResolved(s.replicasPerShard)) return {};
  if (!s.clusterMode) {
    return hasAzs ? { preferredCacheClusterAZs: Array.from({ length: 1 + s.replicasPerShard }, (_, n) => azs[n % azs.length]) } : {};
  }
  if (!hasAzs && props.shardConfigurations === undefined && !seedsFromS3(props.restoreFrom)) return {};
  return { nodeGroupConfiguration: nodeGroupConfigurations(s, props) };
}
