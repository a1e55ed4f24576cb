import { Template } from 'aws-cdk-lib/assertions';
import { CacheEngine, ClusterMode, ReplicationGroup, ReplicationGroupProps } from '../../src';
import { newStack } from '../helpers';

type Props = Omit<ReplicationGroupProps, 'vpc'>;

function group(props: Props = {}) {
  const { stack, vpc } = newStack();
  const cache = new ReplicationGroup(stack, 'Cache', { vpc, ...props });
  const template = Template.fromStack(stack);
  const [[logicalId, resource]] = Object.entries(template.findResources('AWS::ElastiCache::ReplicationGroup'));
  return { cache, template, logicalId, resource, properties: resource.Properties };
}

/** The three deploys of one group, DISABLED → COMPATIBLE → ENABLED, with the same other props. */
function steps(props: Props = {}) {
  return [ClusterMode.DISABLED, ClusterMode.COMPATIBLE, ClusterMode.ENABLED].map((clusterMode) => group({ ...props, clusterMode }));
}

describe('ClusterMode in the template', () => {
  test('the default is ENABLED: ClusterMode enabled, the .cluster.on group, NumNodeGroups, online resharding', () => {
    const { properties, resource, cache } = group();
    expect(properties).toMatchObject({ ClusterMode: 'enabled', CacheParameterGroupName: 'default.valkey9.cluster.on', NumNodeGroups: 1 });
    expect(resource.UpdatePolicy).toEqual({ UseOnlineResharding: true });
    expect(cache.clusterMode).toBe(true);
  });

  test('COMPATIBLE: the cluster-enabled default group, the one-shard template and endpoints of DISABLED', () => {
    const { properties, resource, cache } = group({ clusterMode: ClusterMode.COMPATIBLE });
    expect(properties).toMatchObject({ ClusterMode: 'compatible', CacheParameterGroupName: 'default.valkey9.cluster.on', NumCacheClusters: 2 });
    expect(properties).not.toHaveProperty('NumNodeGroups');
    expect(resource.UpdatePolicy).toBeUndefined();
    // Clients still use the primary endpoint until they move: not yet the cluster protocol.
    expect(cache.clusterMode).toBe(false);
    expect(cache.primaryEndpointAddress).toBeDefined();
    expect(cache.memberClusterIds).toHaveLength(2);
  });

  test('DISABLED: ClusterMode disabled and the unclustered default group', () => {
    expect(group({ clusterMode: ClusterMode.DISABLED }).properties)
      .toMatchObject({ ClusterMode: 'disabled', CacheParameterGroupName: 'default.valkey9' });
  });
});

describe('DISABLED → COMPATIBLE → ENABLED deploys in place', () => {
  test('the generated id stays the same through both steps', () => {
    const ids = steps().map((s) => s.properties.ReplicationGroupId);
    expect(new Set(ids).size).toBe(1);
  });

  test('also with create-only settings off their defaults (the fingerprint does not follow the mode)', () => {
    const ids = steps({ port: 6379, atRestEncryption: false }).map((s) => s.properties.ReplicationGroupId);
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).not.toEqual(group({ clusterMode: ClusterMode.DISABLED }).properties.ReplicationGroupId);
  });

  test('the logical id stays the same (CloudFormation updates the resource, it does not make a new one)', () => {
    expect(new Set(steps().map((s) => s.logicalId)).size).toBe(1);
  });

  test('to COMPATIBLE only ClusterMode and the parameter group change ("parameters (excluding cacheParameterGroupName) cannot be modified")', () => {
    const [disabled, compatible] = steps();
    const changed = Object.keys({ ...disabled.properties, ...compatible.properties })
      .filter((key) => JSON.stringify(disabled.properties[key]) !== JSON.stringify(compatible.properties[key]));
    expect(changed.sort()).toEqual(['CacheParameterGroupName', 'ClusterMode']);
  });

  test('to ENABLED the same single shard and replicas move to NumNodeGroups, resharded online from then on', () => {
    const [, compatible, enabled] = steps({ replicasPerShard: 2 });
    expect(compatible.properties).toMatchObject({ NumCacheClusters: 3 });
    expect(enabled.properties).toMatchObject({ ClusterMode: 'enabled', NumNodeGroups: 1, ReplicasPerNodeGroup: 2 });
    expect(enabled.properties).not.toHaveProperty('NumCacheClusters');
    expect(enabled.resource.UpdatePolicy).toEqual({ UseOnlineResharding: true });
  });

  test('with parameters: COMPATIBLE gets a new parameter group with cluster-enabled yes, which ENABLED keeps', () => {
    const parameters = { 'maxmemory-policy': 'allkeys-lru' };
    const groups = steps({ parameters }).map((s) => s.template.findResources('AWS::ElastiCache::ParameterGroup'));
    const [disabled, compatible, enabled] = groups.map((g) => Object.entries(g).map(([id, r]) => [id, r.Properties.Properties['cluster-enabled']]));
    expect(disabled).toHaveLength(1);
    expect(disabled[0][1]).toEqual('no');
    expect(compatible[0][1]).toEqual('yes');
    expect(compatible[0][0]).not.toEqual(disabled[0][0]);
    expect(enabled).toEqual(compatible);
    // The group switches to the new parameter group in the same deploy as the mode.
    const [, compatibleGroup] = steps({ parameters });
    expect(compatibleGroup.properties.CacheParameterGroupName).toEqual({ Ref: compatible[0][0] });
  });
});

describe('compatible mode rules (Modifying cluster mode)', () => {
  const COMPATIBLE: Props = { clusterMode: ClusterMode.COMPATIBLE };

  test.each<[string, Props]>([
    ['Valkey 7.2', { ...COMPATIBLE, engine: CacheEngine.VALKEY_7_2 }],
    ['Redis OSS 7.0', { ...COMPATIBLE, engine: CacheEngine.REDIS_7_0 }],
    ['two replicas', { ...COMPATIBLE, replicasPerShard: 2 }],
  ])('accepted: %s', (_, props) => {
    expect(() => group(props)).not.toThrow();
  });

  test.each<[string, Props, RegExp]>([
    ['Redis OSS 6.2', { ...COMPATIBLE, engine: CacheEngine.REDIS_6_2 },
      /clusterMode: 'compatible' is invalid: compatible mode .* needs Valkey 7.2 or later, or Redis OSS 7.0 or later, not redis 6.2/],
    ['no replica', { ...COMPATIBLE, replicasPerShard: 0 }, /replicasPerShard: 0 is invalid: compatible mode .* needs at least one replica/],
    ['no automatic failover', { ...COMPATIBLE, automaticFailover: false, multiAz: false },
      /automaticFailover: false is invalid: compatible mode .* needs automatic failover/],
    ['two shards', { ...COMPATIBLE, shards: 2 }, /shards: 2 is invalid: compatible mode .* runs a single shard: reshard after the move to ClusterMode.ENABLED/],
    ['not a mode', { clusterMode: 'on' as ClusterMode }, /clusterMode: 'on' is invalid: it is one of enabled, disabled, compatible/],
  ])('rejected: %s', (_, props, message) => {
    expect(() => group(props)).toThrow(message);
  });

  test('the rules name the modify-cluster-mode page', () => {
    expect(() => group({ ...COMPATIBLE, replicasPerShard: 0 })).toThrow(/modify-cluster-mode.html/);
  });

  test('DISABLED keeps its own one-shard rule', () => {
    expect(() => group({ clusterMode: ClusterMode.DISABLED, shards: 2 }))
      .toThrow(/shards: 2 is invalid: cluster mode disabled has exactly one shard; set clusterMode: ClusterMode.ENABLED/);
  });
});

test('an imported group keeps the boolean clusterMode attribute', () => {
  const { stack } = newStack();
  const cache = ReplicationGroup.fromReplicationGroupAttributes(stack, 'Imported', {
    replicationGroupId: 'old', endpointAddress: 'old.cache.amazonaws.com', endpointPort: 6380, securityGroups: [], clusterMode: false,
  });
  expect(cache.clusterMode).toBe(false);
});
