import type { CacheCluster, Endpoint, ReplicationGroup } from '@aws-sdk/client-elasticache';
import { CacheAuthMode } from '../contract';
import { CacheOptionError } from '../errors';
import { CacheDiscoveryError } from './errors';
import { AwsSdkClient, loadSdk } from './sdk';

type ElastiCacheModule = typeof import('@aws-sdk/client-elasticache');

export interface DiscoverCacheOptions {
  /** A Valkey / Redis OSS replication group. Give this or `cacheClusterId`. */
  readonly replicationGroupId?: string;
  /** A Memcached cluster (or a single-node Redis OSS cluster outside any group). */
  readonly cacheClusterId?: string;
  /** @default - the SDK's default Region (AWS_REGION, the profile, …) */
  readonly region?: string;
  /** An ElastiCache client to use (any SDK v3 `ElastiCacheClient`). @default - a new client */
  readonly client?: AwsSdkClient;
}

/** What a client needs to connect, in the terms of the connection contract (`CACHE_*`). */
export interface DiscoveredCache {
  /** Replication group id, or Memcached cluster id. */
  readonly id: string;
  readonly engine: string;
  /** `host:port`: the configuration endpoint in cluster mode and for Memcached, the primary endpoint otherwise. */
  readonly endpoint: string;
  /** `host:port` of the reader endpoint (cluster mode disabled). */
  readonly readerEndpoint?: string;
  readonly clusterMode: boolean;
  /** In-transit encryption is on: connect with TLS. */
  readonly tls: boolean;
  /**
   * `none` or `token` when the API says so; undefined for a group with RBAC user groups, where
   * each user is either `password` or `iam` (look at the user you connect as).
   */
  readonly authMode?: CacheAuthMode;
  readonly userGroupIds: string[];
  /** `available`, `modifying`, `snapshotting`, …: a cache can be used in any of these. */
  readonly status: string;
}

/**
 * Looks a cache up with DescribeReplicationGroups / DescribeCacheClusters: for apps that get an
 * id rather than the full connection contract. A member cluster of a replication group resolves
 * to its group (clients connect to the group's endpoints).
 */
export async function discoverCache(options: DiscoverCacheOptions): Promise<DiscoveredCache> {
  const { replicationGroupId, cacheClusterId } = options;
  if ((replicationGroupId === undefined) === (cacheClusterId === undefined)) {
    throw new CacheOptionError(replicationGroupId === undefined
      ? "discoverCache needs 'replicationGroupId' (Valkey / Redis OSS) or 'cacheClusterId' (Memcached)."
      : `discoverCache got both 'replicationGroupId' (${JSON.stringify(replicationGroupId)}) and 'cacheClusterId' (${JSON.stringify(cacheClusterId)}): give exactly one.`);
  }
  for (const [option, value] of [['replicationGroupId', replicationGroupId], ['cacheClusterId', cacheClusterId]] as const) {
    if (value !== undefined && (typeof value !== 'string' || value.trim() === '')) {
      throw new CacheOptionError(`Invalid value for option '${option}': ${JSON.stringify(value)}. Use the id shown in the ElastiCache console.`);
    }
  }
  const sdk = await loadSdk<ElastiCacheModule>('@aws-sdk/client-elasticache', 'discoverCache');
  const client = options.client ?? new sdk.ElastiCacheClient(options.region === undefined ? {} : { region: options.region });
  const where = options.region === undefined ? '' : ` in ${options.region}`;
  if (replicationGroupId !== undefined) return describeGroup(sdk, client, replicationGroupId, where);

  const describe = new sdk.DescribeCacheClustersCommand({ CacheClusterId: cacheClusterId, ShowCacheNodeInfo: true });
  const clusters = await send(() => client.send(describe as never), 'CacheClusterNotFoundFault', `cache cluster '${cacheClusterId}'${where}`) as { CacheClusters?: CacheCluster[] };
  const cluster = clusters.CacheClusters?.[0];
  if (cluster === undefined) throw new CacheDiscoveryError(`ElastiCache cache cluster '${cacheClusterId}' was not found${where}.`);
  if (cluster.ReplicationGroupId !== undefined) return describeGroup(sdk, client, cluster.ReplicationGroupId, where);
  return fromCluster(cluster, cacheClusterId!);
}

async function describeGroup(sdk: ElastiCacheModule, client: AwsSdkClient, id: string, where: string): Promise<DiscoveredCache> {
  const output = await send(() => client.send(new sdk.DescribeReplicationGroupsCommand({ ReplicationGroupId: id }) as never),
    'ReplicationGroupNotFoundFault', `replication group '${id}'${where}`) as { ReplicationGroups?: ReplicationGroup[] };
  const group = output.ReplicationGroups?.[0];
  if (group === undefined) throw new CacheDiscoveryError(`ElastiCache replication group '${id}' was not found${where}.`);
  return fromGroup(group, id);
}

function fromGroup(group: ReplicationGroup, id: string): DiscoveredCache {
  const status = group.Status ?? 'unknown';
  const clusterMode = group.ClusterEnabled ?? (group.ClusterMode === undefined ? group.ConfigurationEndpoint !== undefined : group.ClusterMode === 'enabled');
  const primary = group.NodeGroups?.[0];
  const endpoint = address(clusterMode ? group.ConfigurationEndpoint : primary?.PrimaryEndpoint);
  if (endpoint === undefined) throw noEndpoint(`replication group '${id}'`, status, clusterMode ? 'ConfigurationEndpoint' : 'NodeGroups[0].PrimaryEndpoint');
  const userGroupIds = group.UserGroupIds ?? [];
  const readerEndpoint = clusterMode ? undefined : address(primary?.ReaderEndpoint);
  return {
    id: group.ReplicationGroupId ?? id,
    engine: (group.Engine ?? 'redis').toLowerCase(),
    endpoint,
    ...(readerEndpoint !== undefined ? { readerEndpoint } : {}),
    clusterMode,
    tls: group.TransitEncryptionEnabled === true,
    // RBAC replaces the AUTH token when a user group is attached.
    authMode: userGroupIds.length > 0 ? undefined : group.AuthTokenEnabled ? CacheAuthMode.TOKEN : CacheAuthMode.NONE,
    userGroupIds,
    status,
  };
}

function fromCluster(cluster: CacheCluster, id: string): DiscoveredCache {
  const status = cluster.CacheClusterStatus ?? 'unknown';
  const memcached = cluster.Engine === 'memcached';
  // Memcached clients discover nodes through the configuration endpoint; a lone Redis OSS node has only its own.
  const endpoint = address(memcached ? cluster.ConfigurationEndpoint : cluster.CacheNodes?.[0]?.Endpoint);
  if (endpoint === undefined) throw noEndpoint(`cache cluster '${id}'`, status, memcached ? 'ConfigurationEndpoint' : 'CacheNodes[0].Endpoint');
  return {
    id: cluster.CacheClusterId ?? id,
    engine: (cluster.Engine ?? 'memcached').toLowerCase(),
    endpoint,
    clusterMode: false,
    tls: cluster.TransitEncryptionEnabled === true,
    authMode: cluster.AuthTokenEnabled ? CacheAuthMode.TOKEN : CacheAuthMode.NONE,
    userGroupIds: [],
    status,
  };
}

function noEndpoint(what: string, status: string, field: string): CacheDiscoveryError {
  if (status === 'creating') {
    return new CacheDiscoveryError(`ElastiCache ${what} is still being created (status 'creating'): it has no endpoint yet. Retry once its status is 'available'.`);
  }
  return new CacheDiscoveryError(`ElastiCache ${what} has no ${field} (status '${status}'), so there is nothing to connect to.`);
}

function address(endpoint: Endpoint | undefined): string | undefined {
  if (endpoint?.Address === undefined || endpoint.Address === '' || endpoint.Port === undefined) return undefined;
  return `${endpoint.Address}:${endpoint.Port}`;
}

/** Runs an API call; the "not found" fault becomes a CacheDiscoveryError naming what was looked for. */
async function send(call: () => Promise<unknown>, notFound: string, what: string): Promise<unknown> {
  try {
    return await call();
  } catch (err) {
    const name = (err as Error)?.name;
    if (name === notFound) throw new CacheDiscoveryError(`ElastiCache ${what} was not found (${name}). Check the id and the Region.`, { cause: err });
    throw new CacheDiscoveryError(`Cannot describe ElastiCache ${what}: ${(err as Error)?.message ?? String(err)}`, { cause: err });
  }
}
