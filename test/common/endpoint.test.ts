import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CacheEndpoint, ClusterMode, MemcachedCluster, ReplicationGroup } from '../../src';
import { newStack } from '../helpers';

// Endpoints are one value (host and port together) from the resource to the connection contract.

const resolve = (stack: Stack, value: unknown) => stack.resolve(value);

test('a literal endpoint: socketAddress is host:port and portNumber a number', () => {
  const e = new CacheEndpoint('orders.abc.cache.amazonaws.com', '6380');
  expect(e.socketAddress).toBe('orders.abc.cache.amazonaws.com:6380');
  expect(e.portNumber).toBe(6380);
});

test('cluster mode: the endpoint is the configuration endpoint, in the contract as one value', () => {
  const { stack, vpc } = newStack();
  const cache = new ReplicationGroup(stack, 'Cache', { vpc });
  expect(resolve(stack, cache.endpoint.hostname)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Cache/), 'ConfigurationEndPoint.Address'] });
  expect(resolve(stack, cache.endpoint.socketAddress)).toEqual(resolve(stack, cache.connectionValues().CACHE_ENDPOINT));
  expect(cache.readerEndpoint).toBeUndefined();
});

test('cluster mode disabled with a replica: primary and reader endpoints, the reader in the contract', () => {
  const { stack, vpc } = newStack();
  const cache = new ReplicationGroup(stack, 'Cache', { vpc, clusterMode: ClusterMode.DISABLED });
  expect(resolve(stack, cache.endpoint.hostname)).toEqual({ 'Fn::GetAtt': [expect.any(String), 'PrimaryEndPoint.Address'] });
  expect(resolve(stack, cache.readerEndpoint!.port)).toEqual({ 'Fn::GetAtt': [expect.any(String), 'ReaderEndPoint.Port'] });
  expect(resolve(stack, cache.connectionValues().CACHE_READER_ENDPOINT)).toEqual(resolve(stack, cache.readerEndpoint!.socketAddress));
});

test('imported: endpoint and reader endpoint from the attributes; the reader port defaults to the endpoint port', () => {
  const { stack } = newStack();
  const cache = ReplicationGroup.fromReplicationGroupAttributes(stack, 'Imported', {
    replicationGroupId: 'orders',
    endpointAddress: 'primary.orders.cache.amazonaws.com',
    endpointPort: 6380,
    readerEndpointAddress: 'replica.orders.cache.amazonaws.com',
    clusterMode: false,
    securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-1')],
  });
  expect(cache.endpoint.socketAddress).toBe('primary.orders.cache.amazonaws.com:6380');
  expect(cache.readerEndpoint?.socketAddress).toBe('replica.orders.cache.amazonaws.com:6380');
});

test('Memcached: the configuration endpoint is the contract endpoint', () => {
  const { stack, vpc } = newStack();
  const cluster = new MemcachedCluster(stack, 'Sessions', { vpc });
  expect(resolve(stack, cluster.configurationEndpoint.socketAddress)).toEqual(resolve(stack, cluster.connectionValues().CACHE_ENDPOINT));
  expect(cluster.configurationEndpoint.port).toBe(cluster.configurationEndpointPort);
});
