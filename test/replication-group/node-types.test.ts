import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CacheEngine, ClusterMode, ReplicationGroup, ReplicationGroupProps } from '../../src';
import { newStack } from '../helpers';

function build(props: Omit<ReplicationGroupProps, 'vpc'>) {
  const { stack, vpc } = newStack();
  new ReplicationGroup(stack, 'Cache', { vpc, ...props });
  return Object.values(Template.fromStack(stack).findResources('AWS::ElastiCache::ReplicationGroup'))[0].Properties;
}

describe('node types ElastiCache offers today', () => {
  test('m8g, r8g and c8gn on Valkey', () => {
    for (const nodeType of ['cache.m8g.large', 'cache.r8g.xlarge', 'cache.c8gn.2xlarge']) {
      expect(build({ nodeType, engine: CacheEngine.VALKEY_8_2 }).CacheNodeType).toEqual(nodeType);
    }
  });

  test('not on Redis OSS', () => {
    expect(() => build({ nodeType: 'cache.m8g.large', engine: CacheEngine.REDIS_7_1 })).toThrow(/nodeType: 'cache.m8g.large' is invalid: .*Redis OSS/);
  });

  test('i8ge.48xlarge: Valkey 9.1+, and its defaults follow (no replicas, no snapshots, no Multi-AZ)', () => {
    const props = build({ nodeType: 'cache.i8ge.48xlarge', engine: CacheEngine.VALKEY_9_1 });
    expect(props).toMatchObject({ ReplicasPerNodeGroup: 0, SnapshotRetentionLimit: 0, MultiAZEnabled: false, AutomaticFailoverEnabled: true, ClusterMode: 'enabled' });
    expect(() => build({ nodeType: 'cache.i8ge.48xlarge', engine: CacheEngine.VALKEY_8_2 })).toThrow(/nodeType: 'cache.i8ge.48xlarge' is invalid/);
  });

  test.each<[string, Omit<ReplicationGroupProps, 'vpc'>, RegExp]>([
    ['replicas', { replicasPerShard: 1 }, /replicasPerShard: 1 is invalid: .*has no replicas/],
    ['snapshots', { snapshotRetention: Duration.days(7) }, /snapshotRetention: '7 days' is invalid: .*takes no snapshots/],
    ['cluster mode disabled', { clusterMode: ClusterMode.DISABLED }, /clusterMode: 'disabled' is invalid: .*needs ClusterMode.ENABLED/],
  ])('i8ge.48xlarge rejects %s', (_name, props, message) => {
    expect(() => build({ nodeType: 'cache.i8ge.48xlarge', engine: CacheEngine.VALKEY_9_1, ...props })).toThrow(message);
  });
});
