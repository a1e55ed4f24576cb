import { App, Duration, Errors, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as fc from 'fast-check';
import {
  CacheAuthentication, CacheEngine, CacheIpDiscovery, CacheNetworkType, CacheParameterGroup, CacheParameterGroupEngine, CacheRestoreSource,
  CacheSubnetGroup, ClusterMode, DurabilityMode, MemcachedAzMode, MemcachedCluster, MemcachedEngineVersion, ReplicationGroup,
} from '../../src';

// Thousands of random prop sets, as they could come from JavaScript or a JSON/YAML config: each
// either builds, or throws one ValidationError whose failures each name a property of the set.

const junk = fc.oneof(
  fc.constant(null), fc.constant(Number.NaN), fc.constant(1e9), fc.constant(-1), fc.constant(''),
  fc.string({ maxLength: 12 }), fc.integer({ min: -5, max: 700 }), fc.double({ noNaN: false }), fc.boolean(),
  fc.constant([]), fc.constant({}), fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
);
// Mostly left out, mostly valid when given, sometimes junk: both outcomes must be common.
const maybe = <T>(valid: fc.Arbitrary<T>) =>
  fc.option(fc.oneof({ weight: 40, arbitrary: valid }, { weight: 1, arbitrary: junk }), { nil: undefined, freq: 2 });
const mostly = <T>(usual: fc.Arbitrary<T>, rare: fc.Arbitrary<T>) => fc.oneof({ weight: 8, arbitrary: usual }, { weight: 1, arbitrary: rare });
const days = fc.integer({ min: -2, max: 40 }).map((d) => Duration.days(Math.max(d, 0)));
const networkType = maybe(fc.constantFrom(CacheNetworkType.IPV4, CacheNetworkType.IPV6, CacheNetworkType.DUAL_STACK));
const ipDiscovery = maybe(fc.constantFrom(CacheIpDiscovery.IPV4, CacheIpDiscovery.IPV6));
const zones = fc.array(fc.constantFrom('us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1f'), { maxLength: 4 });

const optional = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const shardConfiguration = fc.record({
  slots: optional(fc.constantFrom('0-16383', '0-8191', '8192-16383', '0-16384', '0,1')),
  replicaCount: optional(fc.integer({ min: -1, max: 6 })),
  primaryAvailabilityZone: optional(fc.constantFrom('us-east-1a', 'us-east-1b', 'us-east-1f')),
  replicaAvailabilityZones: optional(zones),
  nodeGroupId: optional(fc.constantFrom('0001', '0002', '7', '12345', 'a')),
}, { requiredKeys: [] });

const replicationGroupProps = fc.record({
  replicationGroupId: maybe(fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9-]{0,44}$/)),
  description: maybe(fc.string({ maxLength: 300 })),
  engine: maybe(fc.constantFrom(CacheEngine.VALKEY_9_1, CacheEngine.VALKEY_9_0, CacheEngine.VALKEY_8_2, CacheEngine.VALKEY_7_2, CacheEngine.REDIS_6_2,
    CacheEngine.REDIS_7_1)),
  nodeType: maybe(fc.constantFrom('cache.t4g.micro', 'cache.r6gd.xlarge', 'cache.r7g.large', 'cache.m8g.large', 'cache.i8ge.48xlarge',
    'cache.t2.micro', 'cache.x.y')),
  clusterMode: maybe(fc.constantFrom(ClusterMode.ENABLED, ClusterMode.DISABLED, ClusterMode.COMPATIBLE)),
  shards: maybe(mostly(fc.integer({ min: 1, max: 4 }), fc.oneof(fc.integer({ min: 0, max: 600 }), fc.constant(1e9)))),
  replicasPerShard: maybe(mostly(fc.integer({ min: 0, max: 3 }), fc.integer({ min: -1, max: 7 }))),
  multiAz: maybe(fc.boolean()),
  automaticFailover: maybe(fc.boolean()),
  preferredAvailabilityZones: maybe(zones),
  shardConfigurations: maybe(fc.array(shardConfiguration, { maxLength: 3 })),
  restoreFrom: maybe(fc.constantFrom(CacheRestoreSource.snapshot('orders-backup'), CacheRestoreSource.s3(['arn:aws:s3:::dumps/orders.rdb']),
    CacheRestoreSource.s3(['arn:aws:s3:::dumps']), CacheRestoreSource.s3([]))),
  port: maybe(mostly(fc.integer({ min: 1024, max: 65535 }), fc.integer({ min: -1, max: 70000 }))),
  transitEncryption: maybe(mostly(fc.constant(true), fc.boolean())),
  atRestEncryption: maybe(fc.boolean()),
  authentication: maybe(fc.constantFrom(
    CacheAuthentication.authToken(), CacheAuthentication.none(), CacheAuthentication.iam(),
    CacheAuthentication.rbac({ users: [{ userName: 'app' }] }),
  )),
  parameters: maybe(fc.dictionary(fc.constantFrom('maxmemory-policy', 'timeout'), fc.string({ maxLength: 8 }), { maxKeys: 2 })),
  snapshotRetention: maybe(days),
  backupWindow: maybe(fc.constantFrom('03:00-04:00', '03:00-03:30', '25:00-26:00', 'soon')),
  maintenanceWindow: maybe(fc.constantFrom('sun:05:00-sun:06:00', 'sun:03:30-sun:04:30', 'sunday')),
  removalPolicy: maybe(fc.constantFrom(RemovalPolicy.DESTROY, RemovalPolicy.RETAIN, RemovalPolicy.SNAPSHOT)),
  dataTiering: maybe(fc.boolean()),
  networkType,
  ipDiscovery,
  subnetGroup: maybe(fc.constantFrom('made', 'imported')),
  parameterGroup: maybe(fc.constantFrom('made', 'imported')),
  // Rarely given: SYNC and ASYNC have many documented partners, and would leave few sets that build.
  durability: fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: maybe(fc.constantFrom(DurabilityMode.SYNC, DurabilityMode.ASYNC, DurabilityMode.DISABLED)) }),
}, { requiredKeys: [] });

const memcachedProps = fc.record({
  clusterName: maybe(fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9-]{0,54}$/)),
  engineVersion: maybe(fc.constantFrom(MemcachedEngineVersion.V1_6_22, MemcachedEngineVersion.V1_6_6)),
  nodeType: maybe(fc.constantFrom('cache.t4g.micro', 'cache.r7g.large', 'cache.t2.micro', 'cache.nope')),
  nodes: maybe(mostly(fc.integer({ min: 2, max: 6 }), fc.oneof(fc.integer({ min: 0, max: 70 }), fc.constant(1e9)))),
  azMode: maybe(fc.constantFrom(MemcachedAzMode.SINGLE_AZ, MemcachedAzMode.CROSS_AZ)),
  preferredAvailabilityZones: maybe(zones),
  transitEncryption: maybe(fc.boolean()),
  port: maybe(mostly(fc.integer({ min: 1024, max: 65535 }), fc.integer({ min: -1, max: 70000 }))),
  maintenanceWindow: maybe(fc.constantFrom('sun:05:00-sun:06:00', 'sun:05:00-sun:05:30', 'x')),
  removalPolicy: maybe(fc.constantFrom(RemovalPolicy.DESTROY, RemovalPolicy.RETAIN, RemovalPolicy.SNAPSHOT)),
  networkType,
  ipDiscovery,
  subnetGroup: maybe(fc.constantFrom('made', 'imported')),
  parameterGroup: maybe(fc.constantFrom('made', 'imported')),
}, { requiredKeys: [] });

/** The groups the arbitraries name ('made', 'imported') made in the stack; junk stays junk. */
function withGroups(stack: Stack, vpc: ec2.IVpc, props: Record<string, unknown>, engine: CacheParameterGroupEngine): Record<string, unknown> {
  const subnetGroup = props.subnetGroup === 'made' ? new CacheSubnetGroup(stack, 'Subnets', { vpc })
    : props.subnetGroup === 'imported' ? CacheSubnetGroup.fromSubnetGroupName(stack, 'Subnets', 'existing') : props.subnetGroup;
  const parameterGroup = props.parameterGroup === 'made' ? new CacheParameterGroup(stack, 'Params', { engine })
    : props.parameterGroup === 'imported' ? CacheParameterGroup.fromParameterGroupName(stack, 'Params', 'existing') : props.parameterGroup;
  return { ...props, subnetGroup, parameterGroup };
}

function stackWithVpc(): { stack: Stack; vpc: ec2.IVpc } {
  const stack = new Stack(new App(), 'Test', { env: { account: '123456789012', region: 'us-east-1' } });
  // An imported VPC with real zones: cheap to make thousands of times.
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-1',
    availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
    isolatedSubnetIds: ['subnet-a', 'subnet-b', 'subnet-c'],
  });
  return { stack, vpc };
}

/** @returns whether it built, so a test can show both outcomes happen */
function expectBuiltOrNamedError(build: () => unknown, props: Record<string, unknown>): boolean {
  try {
    build();
    return true;
  } catch (e) {
    if (!Errors.isValidationError(e)) throw e;
    const failures = (e as unknown as { failures: { property: string }[] }).failures;
    expect(failures.length).toBeGreaterThan(0);
    const given = Object.keys(props).filter((k) => props[k] !== undefined);
    for (const f of failures) {
      const root = f.property.split(/[.[]/)[0];
      // A rule may name the property whose default clashes with what was given (e.g. transitEncryption
      // for an AUTH token, replicasPerShard for durability on an i8ge node without replicas), so the
      // failure names a given property or one of the rule's partners.
      expect([...given, 'transitEncryption', 'automaticFailover', 'multiAz', 'engine', 'dataTiering', 'azMode', 'nodeType', 'replicasPerShard']).toContain(root);
    }
    return false;
  }
}

test('ReplicationGroup: any prop set builds or fails with a ValidationError naming its props', () => {
  let built = 0;
  fc.assert(fc.property(replicationGroupProps, (props) => {
    const { stack, vpc } = stackWithVpc();
    const given = withGroups(stack, vpc, props, CacheParameterGroupEngine.fromCacheEngine(CacheEngine.LATEST));
    if (expectBuiltOrNamedError(() => new ReplicationGroup(stack, 'Cache', { vpc, ...given } as never), props)) built++;
  }), { numRuns: 1000 });
  expect(built).toBeGreaterThan(5); // both outcomes happen (about 30 of 1,000 build); a higher floor made the test flaky
  expect(built).toBeLessThan(1000);
});

test('MemcachedCluster: any prop set builds or fails with a ValidationError naming its props', () => {
  let built = 0;
  fc.assert(fc.property(memcachedProps, (props) => {
    const { stack, vpc } = stackWithVpc();
    const given = withGroups(stack, vpc, props, CacheParameterGroupEngine.fromMemcached(MemcachedEngineVersion.LATEST));
    if (expectBuiltOrNamedError(() => new MemcachedCluster(stack, 'Cache', { vpc, ...given } as never), props)) built++;
  }), { numRuns: 1000 });
  expect(built).toBeGreaterThan(5); // both outcomes happen (about 30 of 1,000 build); a higher floor made the test flaky
  expect(built).toBeLessThan(1000);
});
