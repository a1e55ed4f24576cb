import { Template } from 'aws-cdk-lib/assertions';
import {
  CacheAuthentication, CacheEngine, ClusterMode, DurabilityMode, ReplicationGroup, ReplicationGroupProps,
} from '../../src';
import { newStack } from '../helpers';

type Props = Omit<ReplicationGroupProps, 'vpc'>;

// A group durability accepts: Valkey 9.0, an r7g node, the defaults for the rest (cluster mode,
// a replica with Multi-AZ, TLS, encryption at rest).
const DURABLE: Props = { engine: CacheEngine.VALKEY_9_0, nodeType: 'cache.r7g.large', durability: DurabilityMode.SYNC };

function group(props: Props = {}) {
  const { stack, vpc } = newStack();
  new ReplicationGroup(stack, 'Cache', { vpc, ...props });
  const template = Template.fromStack(stack);
  return Object.values(template.findResources('AWS::ElastiCache::ReplicationGroup'))[0].Properties;
}

describe('durability in the template', () => {
  test.each([DurabilityMode.SYNC, DurabilityMode.ASYNC])('%s passes through as Durability', (durability) => {
    expect(group({ ...DURABLE, durability }).Durability).toEqual(durability);
  });

  test('left out: no Durability property (ElastiCache\'s default), as before', () => {
    expect(group({ engine: CacheEngine.VALKEY_9_0, nodeType: 'cache.r7g.large' })).not.toHaveProperty('Durability');
  });

  test('DISABLED is written as disabled, needs none of the durable rules and keeps the plain id', () => {
    const base: Props = { engine: CacheEngine.VALKEY_8_2, clusterMode: ClusterMode.DISABLED, replicasPerShard: 0 };
    const off = group({ ...base, durability: DurabilityMode.DISABLED });
    expect(off.Durability).toEqual('disabled');
    expect(off.ReplicationGroupId).toEqual(group(base).ReplicationGroupId);
  });
});

describe('durability on or off replaces the group; SYNC and ASYNC switch in place', () => {
  const id = (props: Props) => group(props).ReplicationGroupId;

  test('turning durability on changes the generated id (CloudFormation cannot turn it on in place)', () => {
    expect(id(DURABLE)).not.toEqual(id({ ...DURABLE, durability: undefined }));
    expect(id(DURABLE)).not.toEqual(id({ ...DURABLE, durability: DurabilityMode.DISABLED }));
  });

  test('SYNC and ASYNC share the id', () => {
    expect(id({ ...DURABLE, durability: DurabilityMode.ASYNC })).toEqual(id(DURABLE));
  });

  test('a user-given id is kept, with the replacement warning naming durability', () => {
    const { stack, vpc } = newStack();
    const cache = new ReplicationGroup(stack, 'Cache', { vpc, ...DURABLE, replicationGroupId: 'durable' });
    const warnings = cache.node.metadata.filter((m) => m.type === 'aws:cdk:warning').map((m) => String(m.data));
    expect(warnings.join('\n')).toMatch(/durability/);
  });
});

describe('durability rules (Durability limitations)', () => {
  const build = (props: Props) => () => group(props);

  test.each<[string, Props]>([
    ['Valkey 9.0, r7g', DURABLE],
    ['Valkey 9.1, asynchronous', { ...DURABLE, engine: CacheEngine.VALKEY_9_1, durability: DurabilityMode.ASYNC }],
    ['r6g', { ...DURABLE, nodeType: 'cache.r6g.large' }],
    ['m6g', { ...DURABLE, nodeType: 'cache.m6g.large' }],
    ['m7g', { ...DURABLE, nodeType: 'cache.m7g.large' }],
    ['c7gn', { ...DURABLE, nodeType: 'cache.c7gn.large' }],
    ['r8g (the newer translations of the limitations page)', { ...DURABLE, nodeType: 'cache.r8g.large' }],
    ['m8g', { ...DURABLE, nodeType: 'cache.m8g.large' }],
    ['several shards with two replicas each', { ...DURABLE, shards: 3, replicasPerShard: 2 }],
  ])('accepted: %s', (_, props) => {
    expect(build(props)).not.toThrow();
  });

  test.each<[string, Props, RegExp]>([
    ['Valkey 8.2', { ...DURABLE, engine: CacheEngine.VALKEY_8_2 }, /engine: 'valkey 8.2' is invalid: durability \(sync\) needs Valkey 9.0 or later/],
    ['Redis OSS 7.1', { ...DURABLE, engine: CacheEngine.REDIS_7_1 }, /engine: 'redis 7.1' is invalid: durability \(sync\) needs Valkey 9.0/],
    ['a t4g node', { ...DURABLE, nodeType: 'cache.t4g.micro' }, /nodeType: 'cache.t4g.micro' is invalid: durability \(sync\) needs a node of the R6g, .* families, not t4g/],
    ['an m5 node', { ...DURABLE, nodeType: 'cache.m5.large' }, /nodeType: 'cache.m5.large' .*not m5/],
    ['cluster mode disabled', { ...DURABLE, clusterMode: ClusterMode.DISABLED }, /clusterMode: 'disabled' is invalid: durability \(sync\) needs ClusterMode.ENABLED/],
    ['compatible mode', { ...DURABLE, clusterMode: ClusterMode.COMPATIBLE }, /clusterMode: 'compatible' is invalid: durability \(sync\) needs ClusterMode.ENABLED/],
    ['no replica', { ...DURABLE, replicasPerShard: 0 }, /replicasPerShard: 0 is invalid: durability \(sync\) needs at least one replica per shard/],
    ['Multi-AZ off', { ...DURABLE, multiAz: false }, /multiAz: false is invalid: durability \(sync\) needs Multi-AZ/],
    ['no TLS', { ...DURABLE, transitEncryption: false, authentication: CacheAuthentication.none() },
      /transitEncryption: false is invalid: durability \(sync\) needs transit encryption/],
    ['no encryption at rest', { ...DURABLE, atRestEncryption: false }, /atRestEncryption: false is invalid: durability \(sync\) needs encryption at rest/],
    ['data tiering (r6gd)', { ...DURABLE, nodeType: 'cache.r6gd.xlarge' }, /dataTiering: true is invalid: durability \(sync\) is not supported with data tiering/],
    ['not a mode', { ...DURABLE, durability: 'always' as DurabilityMode }, /durability: 'always' is invalid: .*sync, async, disabled/],
  ])('rejected: %s', (_, props, message) => {
    expect(build(props)).toThrow(message);
  });

  test('every rule names the limitations page', () => {
    expect(build({ ...DURABLE, multiAz: false })).toThrow(/Durability.Limitations.html/);
  });
});
