import { Duration, Errors, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import {
  CacheAuthentication, CacheEngine, CacheUser, ClusterMode, MemcachedCluster, MemcachedClusterProps, ReplicationGroup,
  ReplicationGroupProps, TransitEncryptionMode,
} from '../../src';
import { newStack } from '../helpers';

function group(props: Omit<ReplicationGroupProps, 'vpc'> = {}) {
  const { stack, vpc } = newStack();
  const cache = new ReplicationGroup(stack, 'Cache', { vpc, ...props });
  return { stack, cache, template: Template.fromStack(stack) };
}

function groupId(props: Omit<ReplicationGroupProps, 'vpc'> = {}): string {
  const { template } = group(props);
  return Object.values(template.findResources('AWS::ElastiCache::ReplicationGroup'))[0].Properties.ReplicationGroupId;
}

function memcachedName(props: Omit<MemcachedClusterProps, 'vpc'> = {}): string {
  const { stack, vpc } = newStack();
  new MemcachedCluster(stack, 'Cache', { vpc, ...props });
  return Object.values(Template.fromStack(stack).findResources('AWS::ElastiCache::CacheCluster'))[0].Properties.ClusterName;
}

describe('changing shards is an in-place update', () => {
  test('cluster-mode groups carry UseOnlineResharding', () => {
    group({ shards: 2 }).template.hasResource('AWS::ElastiCache::ReplicationGroup', {
      UpdatePolicy: { UseOnlineResharding: true },
    });
  });

  test('the id does not change with the shard or replica count', () => {
    expect(groupId({ shards: 3, replicasPerShard: 2 })).toEqual(groupId());
  });

  test('cluster mode disabled has no resharding policy (it has one shard)', () => {
    const { template } = group({ clusterMode: ClusterMode.DISABLED });
    const rg = Object.values(template.findResources('AWS::ElastiCache::ReplicationGroup'))[0];
    expect(rg.UpdatePolicy).toBeUndefined();
  });
});

describe('a create-only change deploys as a replacement under a new generated id', () => {
  const plain = groupId();

  test('the defaults keep the plain generated id', () => {
    expect(plain).toMatch(/^[a-z][a-z0-9-]*[a-z0-9]$/);
    expect(plain.length).toBeLessThanOrEqual(40);
  });

  test.each<[string, Omit<ReplicationGroupProps, 'vpc'>]>([
    ['port', { port: 6379 }],
    ['encryption at rest off', { atRestEncryption: false }],
    ['r6gd data tiering', { nodeType: 'cache.r6gd.xlarge' }],
    ['no AUTH token', { authentication: CacheAuthentication.none(), transitEncryption: true }],
    ['AUTH token to users', { authentication: CacheAuthentication.iam() }],
    ['preferred zones without cluster mode', { clusterMode: ClusterMode.DISABLED, preferredAvailabilityZones: ['us-east-1a', 'us-east-1b'] }],
  ])('%s changes the id, which stays valid and stable', (_name, props) => {
    const id = groupId(props);
    expect(id).not.toEqual(plain);
    expect(id).toEqual(groupId(props));
    expect(id).toMatch(/^[a-z][a-z0-9-]*[a-z0-9]$/);
    expect(id).not.toContain('--');
    expect(id.length).toBeLessThanOrEqual(40);
  });

  test('a customer key changes the id, by the key and not its token', () => {
    const ids = [1, 2].map(() => {
      const { stack, vpc } = newStack();
      const key = new kms.Key(stack, 'MyKey');
      new ReplicationGroup(stack, 'Cache', { vpc, encryptionKey: key });
      return Object.values(Template.fromStack(stack).findResources('AWS::ElastiCache::ReplicationGroup'))[0].Properties.ReplicationGroupId;
    });
    expect(ids[0]).toEqual(ids[1]);
    expect(ids[0]).not.toEqual(plain);
  });

  test('member cluster ids (metrics) follow the id', () => {
    const { cache } = group({ port: 6379 });
    const id = groupId({ port: 6379 });
    expect(cache.memberClusterIds[0]).toEqual(`${id}-0001-001`);
  });

  test('Memcached: port, node type, node count and TLS change the generated name', () => {
    const base = memcachedName();
    for (const props of [{ port: 11211 }, { nodeType: 'cache.r7g.large' }, { nodes: 3 }, { transitEncryption: false }]) {
      const name = memcachedName(props);
      expect(name).not.toEqual(base);
      expect(name.length).toBeLessThanOrEqual(50);
    }
    expect(memcachedName({ nodes: 3, preferredAvailabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] })).toEqual(base);
  });
});

describe('a user-given id keeps its name and warns', () => {
  test('the warning lists the properties that would replace it', () => {
    const { stack } = group({ replicationGroupId: 'Orders' });
    Annotations.fromStack(stack).hasWarning('/Test/Cache', Match.stringLikeRegexp('replicationGroupId is fixed.*port, atRestEncryption, encryptionKey'));
    expect(groupId({ replicationGroupId: 'Orders', port: 6379 })).toEqual('orders');
  });

  test('no warning for a generated id', () => {
    const { stack } = group();
    expect(Annotations.fromStack(stack).findWarning('/Test/Cache', Match.stringLikeRegexp('is fixed'))).toHaveLength(0);
  });
});

describe('removalPolicy reaches what the cache made', () => {
  const policies = (template: Template, type: string) =>
    Object.values(template.findResources(type)).map((r) => r.DeletionPolicy ?? 'Delete');

  test('RETAIN keeps the AUTH token secret and the key', () => {
    const { template } = group({ removalPolicy: RemovalPolicy.RETAIN });
    expect(policies(template, 'AWS::SecretsManager::Secret')).toEqual(['Retain']);
    expect(policies(template, 'AWS::KMS::Key')).toContain('Retain');
  });

  test('RETAIN keeps RBAC user secrets', () => {
    const { template } = group({ removalPolicy: RemovalPolicy.RETAIN, authentication: CacheAuthentication.rbac({ users: [{ userName: 'app' }] }) });
    const secrets = policies(template, 'AWS::SecretsManager::Secret');
    expect(secrets.length).toBeGreaterThan(0);
    expect(new Set(secrets)).toEqual(new Set(['Retain']));
  });

  test('SNAPSHOT (default) keeps the key the final snapshot is encrypted with', () => {
    const { template } = group();
    template.hasResource('AWS::ElastiCache::ReplicationGroup', { DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot' });
    expect(policies(template, 'AWS::KMS::Key')).toContain('Retain');
  });

  test('DESTROY removes the key and the logs too', () => {
    const { template } = group({ removalPolicy: RemovalPolicy.DESTROY, logDelivery: {} });
    template.hasResource('AWS::ElastiCache::ReplicationGroup', { DeletionPolicy: 'Delete' });
    const keys = Object.values(template.findResources('AWS::KMS::Key', { Properties: { Description: Match.stringLikeRegexp('Encrypts ElastiCache') } }));
    expect(keys.map((k) => k.DeletionPolicy)).toEqual(['Delete']);
    // The cache's own logs; the stack's shared rotation function keeps its logs (and their key).
    const ownLogs = Object.entries(template.findResources('AWS::Logs::LogGroup')).filter(([id]) => !/Rotation/.test(id));
    expect(ownLogs.length).toBeGreaterThan(0);
    expect(new Set(ownLogs.map(([, r]) => r.DeletionPolicy))).toEqual(new Set(['Delete']));
  });
});

describe('errors a user can act on', () => {
  test('every failure at once, as a ValidationError bound to the construct', () => {
    let error: unknown;
    try {
      group({ shards: 0, port: 0, replicasPerShard: 9, description: 'd'.repeat(300) });
    } catch (e) {
      error = e;
    }
    expect(Errors.isValidationError(error)).toBe(true);
    const message = (error as Error).message;
    for (const property of ['shards: 0', 'port: 0', 'replicasPerShard: 9', 'description:']) expect(message).toContain(property);
    expect(message).toContain('4 problems');
    expect((error as { constructPath?: string }).constructPath).toEqual('Test/Cache');
  });

  test('preferred zones outside the subnets (real zones)', () => {
    const { stack, vpc } = newStack({ maxAzs: undefined, availabilityZones: ['us-east-1a', 'us-east-1b'] });
    expect(() => new ReplicationGroup(stack, 'Cache', { vpc, preferredAvailabilityZones: ['us-east-1a', 'us-east-1f'] }))
      .toThrow(/preferredAvailabilityZones: .* is invalid: us-east-1f is not among the subnet group's zones \(us-east-1a, us-east-1b\)/);
    expect(() => new MemcachedCluster(stack, 'Memcached', { vpc, preferredAvailabilityZones: ['us-east-1a', 'us-east-1f'] }))
      .toThrow(/us-east-1f is not among the subnet group's zones/);
  });

  test('a KMS-encrypted notification topic', () => {
    const stack = new Stack();
    const topic = new sns.Topic(stack, 'Topic', { masterKey: new kms.Key(stack, 'K') });
    expect(() => group({ notificationTopic: topic })).toThrow(/notificationTopic: .* is invalid: ElastiCache cannot publish events to a KMS-encrypted topic/);
  });

  test.each<[string, unknown, RegExp]>([
    ['null retention', { snapshotRetention: null }, /snapshotRetention: null is invalid: null is not a value here/],
    ['a numeric id', { replicationGroupId: 42 }, /replicationGroupId: 42 is invalid: it must be a string, not a number/],
    ['a numeric node type', { nodeType: 7 }, /nodeType: 7 is invalid: it must be a string/],
    ['a huge shard count with zones', { shards: 1e9, preferredAvailabilityZones: ['us-east-1a', 'us-east-1b'] }, /shards: 1000000000 is invalid: .*1 to 500 shards/],
    ['NaN replicas', { replicasPerShard: NaN }, /replicasPerShard: NaN is invalid/],
    ['an engine that is not a CacheEngine', { engine: 'valkey' }, /engine: 'valkey' is invalid: it must be an object/],
    ['props that are not an object', 'cache', /props: 'cache' is invalid/],
  ])('%s', (_name, props, message) => {
    const { stack, vpc } = newStack();
    const input = typeof props === 'object' && props !== null ? { vpc, ...props } : props;
    expect(() => new ReplicationGroup(stack, 'Cache', input as ReplicationGroupProps)).toThrow(message);
  });
});

describe('online TLS migration', () => {
  test('PREFERRED then REQUIRED, in place (the id stays)', () => {
    const before = groupId({ transitEncryption: false, authentication: CacheAuthentication.none() });
    const { template } = group({ transitEncryptionMode: TransitEncryptionMode.PREFERRED, authentication: CacheAuthentication.none() });
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { TransitEncryptionEnabled: true, TransitEncryptionMode: 'preferred' });
    const preferred = groupId({ transitEncryptionMode: TransitEncryptionMode.PREFERRED, authentication: CacheAuthentication.none() });
    const required = groupId({ transitEncryptionMode: TransitEncryptionMode.REQUIRED, authentication: CacheAuthentication.none() });
    expect(new Set([before, preferred, required]).size).toBe(1);
  });

  test('before Valkey 7.2 / Redis OSS 7.0, TLS is a create-only setting', () => {
    const tls = groupId({ engine: CacheEngine.REDIS_6_2, authentication: CacheAuthentication.none() });
    expect(groupId({ engine: CacheEngine.REDIS_6_2, transitEncryption: false, authentication: CacheAuthentication.none() })).not.toEqual(tls);
  });

  test.each<[string, Omit<ReplicationGroupProps, 'vpc'>, RegExp]>([
    ['a mode without TLS', { transitEncryption: false, transitEncryptionMode: TransitEncryptionMode.PREFERRED, authentication: CacheAuthentication.none() },
      /transitEncryptionMode: 'preferred' is invalid: a transit encryption mode needs transitEncryption: true/],
    ['Redis OSS 6.2', { engine: CacheEngine.REDIS_6_2, transitEncryptionMode: TransitEncryptionMode.PREFERRED },
      /transitEncryptionMode: 'preferred' is invalid: online TLS migration needs Valkey 7.2 or later, or Redis OSS 7.0 or later/],
    ['not a mode', { transitEncryptionMode: 'optional' as TransitEncryptionMode }, /transitEncryptionMode: 'optional' is invalid: it is one of preferred, required/],
  ])('%s', (_name, props, message) => {
    expect(() => group(props)).toThrow(message);
  });
});

describe('rotation intervals', () => {
  test.each([0, 1000 * 24 + 1])('an AUTH token rotated every %d hours is refused (0 would switch rotation off)', (hours) => {
    expect(() => group({ authentication: CacheAuthentication.authToken({ rotationInterval: Duration.hours(hours) }) }))
      .toThrow(/authentication.rotationInterval: .* is invalid: secrets rotate every 4 hours to 1,000 days; to stop rotating, set rotation: false/);
  });

  test('a user password rotated every 0 days is refused', () => {
    const { stack } = newStack();
    expect(() => new CacheUser(stack, 'User', { userName: 'app', rotationInterval: Duration.days(0) }))
      .toThrow(/rotationInterval: .* is invalid: secrets rotate every 4 hours to 1,000 days/);
  });

  test('7 days is fine', () => {
    expect(() => group({ authentication: CacheAuthentication.authToken({ rotationInterval: Duration.days(7) }) })).not.toThrow();
  });
});
