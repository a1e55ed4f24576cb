import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import {
  CacheEngine, CacheParameterGroup, CacheParameterGroupEngine, CacheSubnetGroup, ClusterMode, MemcachedCluster, MemcachedClusterProps,
  MemcachedEngineVersion, ReplicationGroup, ReplicationGroupProps,
} from '../../src';
import { newStack } from '../helpers';

type Props<P> = (stack: Stack, vpc: ec2.Vpc) => Omit<P, 'vpc'>;
const valkeyGroup = (stack: Stack, props: { clusterMode?: boolean; engine?: CacheEngine } = {}) => new CacheParameterGroup(stack, 'Params', {
  engine: CacheParameterGroupEngine.fromCacheEngine(props.engine ?? CacheEngine.LATEST),
  clusterMode: props.clusterMode,
  parameters: { 'maxmemory-policy': 'allkeys-lru' },
});
const memcachedGroup = (stack: Stack) => new CacheParameterGroup(stack, 'Params', {
  engine: CacheParameterGroupEngine.fromMemcached(MemcachedEngineVersion.LATEST), parameters: { max_item_size: '10485760' },
});
const subnetGroup = (stack: Stack, vpc: ec2.IVpc, name?: string) => new CacheSubnetGroup(stack, 'Subnets', { vpc, subnetGroupName: name });

function replicationGroup(props: Props<ReplicationGroupProps> = () => ({}), vpcProps?: ec2.VpcProps) {
  const { stack, vpc } = newStack(vpcProps);
  const cache = new ReplicationGroup(stack, 'Cache', { vpc, ...props(stack, vpc) });
  return { stack, cache, template: Template.fromStack(stack) };
}

function memcached(props: Props<MemcachedClusterProps> = () => ({}), vpcProps?: ec2.VpcProps) {
  const { stack, vpc } = newStack(vpcProps);
  const cache = new MemcachedCluster(stack, 'Cache', { vpc, ...props(stack, vpc) });
  return { stack, cache, template: Template.fromStack(stack) };
}

const rgId = (t: Template) => Object.values(t.findResources('AWS::ElastiCache::ReplicationGroup'))[0].Properties.ReplicationGroupId;
const mcId = (t: Template) => Object.values(t.findResources('AWS::ElastiCache::CacheCluster'))[0].Properties.ClusterName;

describe('CacheSubnetGroup and CacheParameterGroup', () => {
  test('a subnet group of the VPC\'s cache subnets, named and retained when asked', () => {
    const { stack, vpc } = newStack();
    const group = new CacheSubnetGroup(stack, 'Subnets', { vpc, subnetGroupName: 'shared-cache', removalPolicy: RemovalPolicy.RETAIN });
    const template = Template.fromStack(stack);
    template.hasResource('AWS::ElastiCache::SubnetGroup', {
      DeletionPolicy: 'Retain',
      Properties: { CacheSubnetGroupName: 'shared-cache', SubnetIds: vpc.isolatedSubnets.map((s) => stack.resolve(s.subnetId)) },
    });
    expect(stack.resolve(group.subnetGroupName)).toEqual({ Ref: 'Subnets' });
  });

  test.each([
    ['cluster mode (the default)', undefined, 'yes'],
    ['cluster mode off', false, 'no'],
  ])('a Valkey parameter group: %s', (_, clusterMode, enabled) => {
    const { stack } = newStack();
    const group = valkeyGroup(stack, { clusterMode });
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::ParameterGroup', {
      CacheParameterGroupFamily: 'valkey9', Properties: { 'maxmemory-policy': 'allkeys-lru', 'cluster-enabled': enabled },
    });
    expect([group.family, group.clusterMode]).toEqual(['valkey9', clusterMode ?? true]);
  });

  test('a Memcached parameter group has no cluster-enabled', () => {
    const { stack } = newStack();
    expect(memcachedGroup(stack).clusterMode).toBeUndefined();
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::ParameterGroup', {
      CacheParameterGroupFamily: 'memcached1.6', Properties: { max_item_size: '10485760' },
    });
  });

  test.each([
    ['an undocumented parameter', () => ({ engine: CacheParameterGroupEngine.fromCacheEngine(CacheEngine.VALKEY_8_2), parameters: { 'maxmemory-polcy': 'x' } }),
      /parameters\['maxmemory-polcy'\]: 'x' is invalid: maxmemory-polcy is not a documented valkey8 parameter/],
    ['cluster-enabled as a parameter', () => ({ engine: CacheParameterGroupEngine.fromCacheEngine(CacheEngine.VALKEY_8_2), parameters: { 'cluster-enabled': 'yes' } }),
      /set clusterMode instead/],
    ['Memcached item sizes that disagree', () => ({
      engine: CacheParameterGroupEngine.fromMemcached(MemcachedEngineVersion.LATEST),
      parameters: { slab_chunk_max: '2097152', max_item_size: '1048576' },
    }), /slab_chunk_max must not exceed max_item_size/],
    ['cluster mode for Memcached', () => ({ engine: CacheParameterGroupEngine.fromMemcached(MemcachedEngineVersion.LATEST), clusterMode: true }),
      /clusterMode: true is invalid: cluster mode is a Valkey and Redis OSS setting/],
    ['no engine', () => ({ engine: 'valkey8' }), /engine: 'valkey8' is invalid: it must be an object/],
    ['an engine that is not one', () => ({ engine: { family: 'valkey8' } }), /engine: .* is invalid: it is a CacheParameterGroupEngine/],
  ])('a parameter group with %s fails', (_, props, message) => {
    const { stack } = newStack();
    expect(() => new CacheParameterGroup(stack, 'Params', props() as never)).toThrow(message);
  });

  test('a subnet group name with a space fails', () => {
    const { stack, vpc } = newStack();
    expect(() => subnetGroup(stack, vpc, 'my group')).toThrow(/subnetGroupName: 'my group' is invalid: .*255 letters, digits or hyphens/);
  });
});

describe('bringing groups to a ReplicationGroup', () => {
  test('a CacheSubnetGroup: the cache makes none and uses it', () => {
    const { stack, cache, template } = replicationGroup((s, vpc) => ({ subnetGroup: subnetGroup(s, vpc) }));
    template.resourceCountIs('AWS::ElastiCache::SubnetGroup', 1);
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { CacheSubnetGroupName: stack.resolve(cache.subnetGroup.subnetGroupName) });
    expect(cache.subnetGroup).toBe(stack.node.findChild('Subnets'));
  });

  test('a subnet group imported by name: the rotation function runs in the VPC\'s cache subnets', () => {
    const { stack, template } = replicationGroup((s) => ({ subnetGroup: CacheSubnetGroup.fromSubnetGroupName(s, 'Subnets', 'existing-group') }));
    template.resourceCountIs('AWS::ElastiCache::SubnetGroup', 0);
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { CacheSubnetGroupName: 'existing-group' });
    const vpc = stack.node.findChild('Vpc') as ec2.Vpc;
    template.hasResourceProperties('AWS::Lambda::Function', {
      VpcConfig: { SubnetIds: vpc.isolatedSubnets.map((s) => stack.resolve(s.subnetId)) },
    });
  });

  test('a CacheParameterGroup replaces the default group', () => {
    const { stack, cache, template } = replicationGroup((s) => ({ parameterGroup: valkeyGroup(s) }));
    template.resourceCountIs('AWS::ElastiCache::ParameterGroup', 1);
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { CacheParameterGroupName: stack.resolve(cache.parameterGroup!.parameterGroupName) });
  });

  test('a parameter group imported by name, of unknown family, is used as it is', () => {
    const { template } = replicationGroup((s) => ({ parameterGroup: CacheParameterGroup.fromParameterGroupName(s, 'Params', 'team-valkey') }));
    template.resourceCountIs('AWS::ElastiCache::ParameterGroup', 0);
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { CacheParameterGroupName: 'team-valkey' });
  });

  test('without groups: its own subnet group, the default parameter group', () => {
    const { cache, template } = replicationGroup();
    expect(cache.subnetGroup).toBeInstanceOf(CacheSubnetGroup);
    expect(cache.parameterGroup).toBeUndefined();
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { CacheParameterGroupName: 'default.valkey9.cluster.on' });
  });

  test.each<[string, Props<ReplicationGroupProps>, RegExp]>([
    ['parameterGroup with parameters', (s) => ({ parameterGroup: valkeyGroup(s), parameters: { timeout: '5' } }),
      /parameterGroup: 'Test\/Params' is invalid: give either parameterGroup or parameters, not both.*cacheparametergroupname/],
    ['a parameter group of another family', (s) => ({ parameterGroup: valkeyGroup(s, { engine: CacheEngine.VALKEY_8_2 }) }),
      /parameterGroup: .* is invalid: the parameter group is of family valkey8; this cache needs one of family valkey9.*ParameterGroups.Management/],
    ['an imported group whose family is given and differs', (s) => ({ parameterGroup: CacheParameterGroup.fromParameterGroupName(s, 'Params', 'p', { family: 'redis7' }) }),
      /the parameter group is of family redis7/],
    ['a Memcached group', (s) => ({ parameterGroup: memcachedGroup(s) }), /the parameter group is of family memcached1.6/],
    ['a group without cluster mode for a cluster-mode cache', (s) => ({ parameterGroup: valkeyGroup(s, { clusterMode: false }) }),
      /the parameter group has cluster-enabled no, but the cache's cluster mode needs cluster-enabled yes/],
    ['a cluster-mode group for a cache without cluster mode', (s) => ({ clusterMode: ClusterMode.DISABLED, parameterGroup: valkeyGroup(s) }),
      /the parameter group has cluster-enabled yes, but the cache's cluster mode needs cluster-enabled no/],
    ['subnetGroup with vpcSubnets', (s, vpc) => ({ subnetGroup: subnetGroup(s, vpc), vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } }),
      /vpcSubnets: .* is invalid: the subnetGroup already names the subnets.*cachesubnetgroupname/],
    ['a subnet group of another VPC', (s) => ({ subnetGroup: subnetGroup(s, new ec2.Vpc(s, 'Other', { natGateways: 0 })) }),
      /subnetGroup: 'Test\/Subnets' is invalid: the subnet group is in Test\/Other, not in the cache's Test\/Vpc/],
    ['a subnetGroup that is not one', (s) => ({ subnetGroup: new ec2.Vpc(s, 'Other', { natGateways: 0 }) as never }),
      /subnetGroup: 'Test\/Other' is invalid: it is an ICacheSubnetGroup/],
    ['a null parameterGroup', () => ({ parameterGroup: null as never }), /parameterGroup: null is invalid/],
  ])('%s fails', (_, props, message) => {
    expect(() => replicationGroup(props)).toThrow(message);
  });

  test('preferred zones are checked against a brought group\'s subnets, not against an imported one\'s', () => {
    const vpcProps = { maxAzs: undefined, availabilityZones: ['us-east-1a', 'us-east-1b'] };
    const zones = ['us-east-1a', 'us-east-1f'];
    expect(() => replicationGroup((s, vpc) => ({ subnetGroup: subnetGroup(s, vpc), preferredAvailabilityZones: zones }), vpcProps))
      .toThrow(/us-east-1f is not among the subnet group's zones \(us-east-1a, us-east-1b\)/);
    expect(() => replicationGroup((s) => ({ subnetGroup: CacheSubnetGroup.fromSubnetGroupName(s, 'S', 'g'), preferredAvailabilityZones: zones }), vpcProps))
      .not.toThrow();
  });

  test('the id follows the subnet group: the default keeps it, another group changes it, a parameter group does not', () => {
    const base = rgId(replicationGroup().template);
    expect(base).toMatch(/^test-cache-[0-9a-f]{8}$/);
    expect(rgId(replicationGroup((s) => ({ parameterGroup: valkeyGroup(s) })).template)).toEqual(base);
    const imported = (name: string) => rgId(replicationGroup((s) => ({ subnetGroup: CacheSubnetGroup.fromSubnetGroupName(s, 'S', name) })).template);
    const made = rgId(replicationGroup((s, vpc) => ({ subnetGroup: subnetGroup(s, vpc) })).template);
    expect(new Set([base, imported('a'), imported('b'), made]).size).toBe(4);
    expect(imported('a')).toEqual(imported('a'));
    expect(made).toEqual(rgId(replicationGroup((s, vpc) => ({ subnetGroup: subnetGroup(s, vpc) })).template));
  });
});

describe('bringing groups to a MemcachedCluster', () => {
  test('a CacheSubnetGroup and a CacheParameterGroup', () => {
    const { stack, cache, template } = memcached((s, vpc) => ({ subnetGroup: subnetGroup(s, vpc), parameterGroup: memcachedGroup(s) }));
    template.resourceCountIs('AWS::ElastiCache::SubnetGroup', 1);
    template.resourceCountIs('AWS::ElastiCache::ParameterGroup', 1);
    template.hasResourceProperties('AWS::ElastiCache::CacheCluster', {
      CacheSubnetGroupName: stack.resolve(cache.subnetGroup.subnetGroupName),
      CacheParameterGroupName: stack.resolve(cache.parameterGroup!.parameterGroupName),
    });
  });

  test('groups imported by name', () => {
    const { template } = memcached((s) => ({
      subnetGroup: CacheSubnetGroup.fromSubnetGroupName(s, 'Subnets', 'existing-group'),
      parameterGroup: CacheParameterGroup.fromParameterGroupName(s, 'Params', 'team-memcached'),
    }));
    template.resourceCountIs('AWS::ElastiCache::SubnetGroup', 0);
    template.hasResourceProperties('AWS::ElastiCache::CacheCluster', { CacheSubnetGroupName: 'existing-group', CacheParameterGroupName: 'team-memcached' });
  });

  test.each<[string, Props<MemcachedClusterProps>, RegExp]>([
    ['parameterGroup with parameters', (s) => ({ parameterGroup: memcachedGroup(s), parameters: { max_item_size: '10485760' } }),
      /give either parameterGroup or parameters, not both.*cachecluster-cacheparametergroupname/],
    ['a Valkey group', (s) => ({ parameterGroup: valkeyGroup(s) }), /the parameter group is of family valkey9; this cache needs one of family memcached1.6/],
    ['subnetGroup with vpcSubnets', (s, vpc) => ({ subnetGroup: subnetGroup(s, vpc), vpcSubnets: {} }), /vpcSubnets: .* the subnetGroup already names the subnets/],
    ['a subnet group of another VPC', (s) => ({ subnetGroup: subnetGroup(s, new ec2.Vpc(s, 'Other', { natGateways: 0 })) }), /the subnet group is in Test\/Other/],
  ])('%s fails', (_, props, message) => {
    expect(() => memcached(props)).toThrow(message);
  });

  test('the id follows the subnet group only', () => {
    const base = mcId(memcached().template);
    expect(mcId(memcached((s) => ({ parameterGroup: memcachedGroup(s) })).template)).toEqual(base);
    expect(mcId(memcached((s) => ({ subnetGroup: CacheSubnetGroup.fromSubnetGroupName(s, 'S', 'g') })).template)).not.toEqual(base);
  });
});
