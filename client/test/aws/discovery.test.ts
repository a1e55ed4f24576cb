import {
  CacheClusterNotFoundFault,
  DescribeCacheClustersCommand,
  DescribeReplicationGroupsCommand,
  ElastiCacheClient,
  ReplicationGroup,
  ReplicationGroupNotFoundFault,
} from '@aws-sdk/client-elasticache';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { discoverCache } from '../../src/aws';
import { CacheDiscoveryError } from '../../src/aws/errors';
import { CacheAuthMode } from '../../src/contract';
import { CacheOptionError } from '../../src/errors';

const ec = mockClient(ElastiCacheClient);
beforeEach(() => ec.reset());

const CONFIG = { Address: 'clustercfg.orders.abc123.euw1.cache.amazonaws.com', Port: 6379 };
const PRIMARY = { Address: 'master.orders.abc123.euw1.cache.amazonaws.com', Port: 6379 };
const READER = { Address: 'replica.orders.abc123.euw1.cache.amazonaws.com', Port: 6379 };

function group(g: ReplicationGroup) {
  ec.on(DescribeReplicationGroupsCommand, { ReplicationGroupId: 'orders' }).resolves({ ReplicationGroups: [{ ReplicationGroupId: 'orders', Status: 'available', ...g }] });
}

describe('replication groups', () => {
  test('cluster mode enabled: the configuration endpoint, TLS, AUTH token', async () => {
    group({
      Engine: 'valkey',
      ClusterEnabled: true,
      ClusterMode: 'enabled',
      ConfigurationEndpoint: CONFIG,
      NodeGroups: [{ NodeGroupId: '0001' }, { NodeGroupId: '0002' }],
      TransitEncryptionEnabled: true,
      AuthTokenEnabled: true,
    });
    expect(await discoverCache({ replicationGroupId: 'orders', region: 'eu-west-1' })).toEqual({
      id: 'orders',
      engine: 'valkey',
      endpoint: 'clustercfg.orders.abc123.euw1.cache.amazonaws.com:6379',
      clusterMode: true,
      tls: true,
      authMode: CacheAuthMode.TOKEN,
      userGroupIds: [],
      status: 'available',
    });
    expect(ec).toHaveReceivedCommandWith(DescribeReplicationGroupsCommand, { ReplicationGroupId: 'orders' });
  });

  test('cluster mode disabled: primary and reader endpoints of the node group; no TLS, no auth', async () => {
    group({ Engine: 'redis', ClusterEnabled: false, NodeGroups: [{ NodeGroupId: '0001', PrimaryEndpoint: PRIMARY, ReaderEndpoint: READER }] });
    expect(await discoverCache({ replicationGroupId: 'orders' })).toEqual({
      id: 'orders',
      engine: 'redis',
      endpoint: 'master.orders.abc123.euw1.cache.amazonaws.com:6379',
      readerEndpoint: 'replica.orders.abc123.euw1.cache.amazonaws.com:6379',
      clusterMode: false,
      tls: false,
      authMode: CacheAuthMode.NONE,
      userGroupIds: [],
      status: 'available',
    });
  });

  test('RBAC user groups: the auth mode is left open (each user is iam or password)', async () => {
    group({ ClusterEnabled: true, ConfigurationEndpoint: CONFIG, TransitEncryptionEnabled: true, UserGroupIds: ['orders-users'] });
    const found = await discoverCache({ replicationGroupId: 'orders' });
    expect(found.authMode).toBeUndefined();
    expect(found.userGroupIds).toEqual(['orders-users']);
  });

  test('without ClusterEnabled, the configuration endpoint decides', async () => {
    group({ ConfigurationEndpoint: CONFIG });
    expect((await discoverCache({ replicationGroupId: 'orders' })).clusterMode).toBe(true);
  });

  test('not found: ReplicationGroupNotFoundFault becomes a clear error', async () => {
    ec.on(DescribeReplicationGroupsCommand).rejects(new ReplicationGroupNotFoundFault({ message: 'ReplicationGroup orders not found.', $metadata: {} }));
    const err = await discoverCache({ replicationGroupId: 'orders', region: 'eu-west-1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CacheDiscoveryError);
    expect((err as Error).message).toBe("ElastiCache replication group 'orders' in eu-west-1 was not found (ReplicationGroupNotFoundFault). Check the id and the Region.");
  });

  test('still creating: no endpoint yet', async () => {
    group({ Status: 'creating', ClusterEnabled: false, NodeGroups: [{ NodeGroupId: '0001', Status: 'creating' }] });
    await expect(discoverCache({ replicationGroupId: 'orders' })).rejects.toThrow(
      "ElastiCache replication group 'orders' is still being created (status 'creating'): it has no endpoint yet. Retry once its status is 'available'.");
  });

  test('another status without an endpoint names the missing field', async () => {
    group({ Status: 'create-failed', ClusterEnabled: true });
    await expect(discoverCache({ replicationGroupId: 'orders' })).rejects.toThrow(
      "ElastiCache replication group 'orders' has no ConfigurationEndpoint (status 'create-failed'), so there is nothing to connect to.");
  });

  test('other API errors are wrapped, naming the group', async () => {
    ec.on(DescribeReplicationGroupsCommand).rejects(new Error('User is not authorized to perform: elasticache:DescribeReplicationGroups'));
    await expect(discoverCache({ replicationGroupId: 'orders' })).rejects.toThrow(
      "Cannot describe ElastiCache replication group 'orders': User is not authorized to perform: elasticache:DescribeReplicationGroups");
  });
});

describe('cache clusters', () => {
  test('Memcached: the configuration endpoint, TLS', async () => {
    ec.on(DescribeCacheClustersCommand).resolves({
      CacheClusters: [{
        CacheClusterId: 'sessions',
        Engine: 'memcached',
        CacheClusterStatus: 'available',
        TransitEncryptionEnabled: true,
        ConfigurationEndpoint: { Address: 'sessions.abc123.cfg.euw1.cache.amazonaws.com', Port: 11211 },
        CacheNodes: [{ CacheNodeId: '0001', Endpoint: { Address: 'sessions.abc123.0001.euw1.cache.amazonaws.com', Port: 11211 } }],
      }],
    });
    expect(await discoverCache({ cacheClusterId: 'sessions' })).toEqual({
      id: 'sessions',
      engine: 'memcached',
      endpoint: 'sessions.abc123.cfg.euw1.cache.amazonaws.com:11211',
      clusterMode: false,
      tls: true,
      authMode: CacheAuthMode.NONE,
      userGroupIds: [],
      status: 'available',
    });
    expect(ec).toHaveReceivedCommandWith(DescribeCacheClustersCommand, { CacheClusterId: 'sessions', ShowCacheNodeInfo: true });
  });

  test('a member cluster of a replication group resolves to the group', async () => {
    ec.on(DescribeCacheClustersCommand).resolves({ CacheClusters: [{ CacheClusterId: 'orders-001', Engine: 'redis', ReplicationGroupId: 'orders' }] });
    group({ ClusterEnabled: false, NodeGroups: [{ PrimaryEndpoint: PRIMARY }] });
    const found = await discoverCache({ cacheClusterId: 'orders-001' });
    expect(found).toMatchObject({ id: 'orders', endpoint: 'master.orders.abc123.euw1.cache.amazonaws.com:6379' });
    expect(found.readerEndpoint).toBeUndefined();
  });

  test('a single-node Redis OSS cluster outside any group: its node endpoint', async () => {
    ec.on(DescribeCacheClustersCommand).resolves({
      CacheClusters: [{ CacheClusterId: 'legacy', Engine: 'redis', AuthTokenEnabled: true, CacheNodes: [{ Endpoint: { Address: 'legacy.abc123.0001.euw1.cache.amazonaws.com', Port: 6380 } }] }],
    });
    expect(await discoverCache({ cacheClusterId: 'legacy' })).toMatchObject({ engine: 'redis', endpoint: 'legacy.abc123.0001.euw1.cache.amazonaws.com:6380', authMode: CacheAuthMode.TOKEN });
  });

  test('Memcached still creating', async () => {
    ec.on(DescribeCacheClustersCommand).resolves({ CacheClusters: [{ CacheClusterId: 'sessions', Engine: 'memcached', CacheClusterStatus: 'creating' }] });
    await expect(discoverCache({ cacheClusterId: 'sessions' })).rejects.toThrow(/cache cluster 'sessions' is still being created/);
  });

  test('not found: CacheClusterNotFoundFault, or an empty answer', async () => {
    ec.on(DescribeCacheClustersCommand).rejectsOnce(new CacheClusterNotFoundFault({ message: 'CacheCluster not found: sessions', $metadata: {} })).resolves({ CacheClusters: [] });
    await expect(discoverCache({ cacheClusterId: 'sessions' })).rejects.toThrow("ElastiCache cache cluster 'sessions' was not found (CacheClusterNotFoundFault)");
    await expect(discoverCache({ cacheClusterId: 'sessions' })).rejects.toThrow("ElastiCache cache cluster 'sessions' was not found.");
  });
});

describe('input', () => {
  test('both ids, or neither, is ambiguous', async () => {
    await expect(discoverCache({ replicationGroupId: 'a', cacheClusterId: 'b' })).rejects.toThrow(
      'discoverCache got both \'replicationGroupId\' ("a") and \'cacheClusterId\' ("b"): give exactly one.');
    await expect(discoverCache({})).rejects.toThrow(CacheOptionError);
    await expect(discoverCache({ replicationGroupId: ' ' })).rejects.toThrow(/option 'replicationGroupId'/);
    expect(ec.calls()).toHaveLength(0);
  });

  test('uses the given client', async () => {
    group({ ConfigurationEndpoint: CONFIG });
    const client = new ElastiCacheClient({ region: 'eu-west-1' });
    const send = jest.spyOn(client, 'send');
    await discoverCache({ replicationGroupId: 'orders', client });
    expect(send).toHaveBeenCalledTimes(1);
  });
});
