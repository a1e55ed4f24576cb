import { NodeTypeInfo } from '../common/node-type-info';

/** The engine family a monitored cache runs: it decides which metrics ElastiCache publishes. */
export enum MonitoredEngine {
  /** Valkey: publishes the Valkey / Redis OSS metrics. */
  VALKEY = 'valkey',
  /** Redis OSS. */
  REDIS = 'redis',
  /** Memcached. */
  MEMCACHED = 'memcached',
}

/**
 * The role a node had when the cache was created. Informational only: after a failover a replica
 * is promoted and the old primary becomes a replica, so alarms never depend on it.
 */
export enum CacheNodeRole {
  /** Created as the primary of its shard (Valkey / Redis OSS). */
  PRIMARY = 'primary',
  /** Created as a read replica (Valkey / Redis OSS). */
  REPLICA = 'replica',
  /** A Memcached node: no replication. */
  NODE = 'node',
}

/**
 * One cache node, as CloudWatch names it: ElastiCache publishes node metrics in `AWS/ElastiCache`
 * with the dimensions `CacheClusterId` and `CacheNodeId`.
 */
export interface CacheNode {
  /** The cache cluster the node belongs to (a replication group member cluster, or a Memcached cluster). */
  readonly cacheClusterId: string;
  /** The node id inside the cluster, e.g. `0001`. */
  readonly cacheNodeId: string;
  /**
   * The role the node had at creation (informational; changes after a failover).
   * @default CacheNodeRole.NODE
   */
  readonly role?: CacheNodeRole;
  /**
   * The shard (node group) the node belongs to, e.g. `0001`.
   * @default - none (Memcached, or not known)
   */
  readonly shard?: string;
}

/** What to monitor: plain data, so any construct (or an imported cache) can describe itself. */
export interface CacheMonitoringTarget {
  /** A name for people: used in alarm descriptions and the dashboard, e.g. the replication group id. */
  readonly cacheName: string;
  /** The engine the nodes run. */
  readonly engine: MonitoredEngine;
  /** The node type's specs (vCPUs decide which CPU metric to alarm on). */
  readonly nodeType: NodeTypeInfo;
  /** Every node, each alarmed on its own so one hot node or shard is caught. */
  readonly nodes: CacheNode[];
  /**
   * The cache has read replicas, so replicas report `ReplicationLag`.
   * @default - true when a node has the role REPLICA
   */
  readonly hasReplicas?: boolean;
  /**
   * Valkey / Redis OSS cluster mode (shards). Only changes the advice in alarm descriptions.
   * @default false
   */
  readonly clusterMode?: boolean;
}

/** Builds the node list of the caches this library makes. */
export class CacheNodes {
  /**
   * The nodes of a Valkey / Redis OSS replication group: every member cluster holds exactly one
   * node, `0001`. Member ids are in shard, then node order; the first node of each shard is
   * created as its primary.
   * @param memberClusterIds the member cluster ids, shard then node order
   * @param replicasPerShard replicas in each shard
   */
  public static ofReplicationGroup(memberClusterIds: string[], replicasPerShard: number): CacheNode[] {
    const perShard = 1 + replicasPerShard;
    return memberClusterIds.map((cacheClusterId, i) => ({
      cacheClusterId,
      cacheNodeId: '0001',
      role: i % perShard === 0 ? CacheNodeRole.PRIMARY : CacheNodeRole.REPLICA,
      shard: String(Math.floor(i / perShard) + 1).padStart(4, '0'),
    }));
  }

  /**
   * The nodes of a Memcached cluster: node ids `0001`, `0002`, …
   * @param cacheClusterId the cluster id
   * @param numNodes how many nodes the cluster has
   */
  public static ofMemcachedCluster(cacheClusterId: string, numNodes: number): CacheNode[] {
    return Array.from({ length: numNodes }, (_, i) => ({
      cacheClusterId,
      cacheNodeId: String(i + 1).padStart(4, '0'),
      role: CacheNodeRole.NODE,
    }));
  }

  private constructor() {}
}
