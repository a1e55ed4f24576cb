import { Lazy, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CacheRestoreSource, ClusterMode, ReplicationGroup, ReplicationGroupProps } from '../../src';
import { newStack } from '../helpers';

const RG = 'AWS::ElastiCache::ReplicationGroup';
const ARN = 'arn:aws:s3:::my-bucket/dumps/dump.rdb';
type Props = Omit<ReplicationGroupProps, 'vpc'>;

function synth(props: Props = {}) {
  const { stack, vpc } = newStack();
  const cache = new ReplicationGroup(stack, 'Cache', { vpc, ...props });
  return { stack, cache, template: Template.fromStack(stack) };
}

function rgProps(props: Props = {}): Record<string, any> {
  const groups = Object.values(synth(props).template.findResources(RG));
  expect(groups).toHaveLength(1);
  return groups[0].Properties;
}

describe('restoreFrom', () => {
  test('a snapshot: SnapshotName, no SnapshotArns', () => {
    const props = rgProps({ restoreFrom: CacheRestoreSource.snapshot('orders-2026-01-01') });
    expect(props.SnapshotName).toBe('orders-2026-01-01');
    expect(props.SnapshotArns).toBeUndefined();
  });

  test('an automatic snapshot name (with dots) is accepted', () => {
    expect(rgProps({ restoreFrom: CacheRestoreSource.snapshot('automatic.orders-2026-01-01-03-00') }).SnapshotName)
      .toBe('automatic.orders-2026-01-01-03-00');
  });

  test('S3 in cluster mode: SnapshotArns, and every shard gets an even share of the slots', () => {
    const props = rgProps({ restoreFrom: CacheRestoreSource.s3([ARN]), shards: 3 });
    expect(props.SnapshotArns).toEqual([ARN]);
    expect(props.SnapshotName).toBeUndefined();
    expect(props.NumNodeGroups).toBe(3);
    expect(props.NodeGroupConfiguration).toEqual([
      { NodeGroupId: '0001', ReplicaCount: 1, Slots: '0-5460' },
      { NodeGroupId: '0002', ReplicaCount: 1, Slots: '5461-10921' },
      { NodeGroupId: '0003', ReplicaCount: 1, Slots: '10922-16383' },
    ]);
  });

  test('S3 with cluster mode disabled: no slots, no node groups', () => {
    const props = rgProps({ restoreFrom: CacheRestoreSource.s3([ARN, 'arn:aws:s3:::my-bucket/dump2.rdb']), clusterMode: ClusterMode.DISABLED });
    expect(props.SnapshotArns).toHaveLength(2);
    expect(props.NodeGroupConfiguration).toBeUndefined();
  });

  test('S3 ARNs may be tokens (a bucket of the app), and other partitions', () => {
    const { stack, vpc } = newStack();
    const bucket = new s3.Bucket(stack, 'Dumps');
    new ReplicationGroup(stack, 'Cache', { vpc, restoreFrom: CacheRestoreSource.s3([bucket.arnForObjects('dump.rdb'), 'arn:aws-cn:s3:::b/k.rdb']) });
    Template.fromStack(stack).hasResourceProperties(RG, { SnapshotArns: [Match.objectLike({ 'Fn::Join': Match.anyValue() }), 'arn:aws-cn:s3:::b/k.rdb'] });
  });

  test('absent: no SnapshotName, SnapshotArns or NodeGroupConfiguration (the default template)', () => {
    const props = rgProps();
    expect(props.SnapshotName).toBeUndefined();
    expect(props.SnapshotArns).toBeUndefined();
    expect(props.NodeGroupConfiguration).toBeUndefined();
  });
});

describe('shardConfigurations', () => {
  test('map to NodeGroupConfiguration; shards defaults to their number', () => {
    const props = rgProps({
      replicasPerShard: 1,
      shardConfigurations: [
        { slots: '0-8191', nodeGroupId: '0001', primaryAvailabilityZone: 'us-east-1a', replicaAvailabilityZones: ['us-east-1b'], replicaCount: 1 },
        { slots: '8192-16383', primaryAvailabilityZone: 'us-east-1b', replicaAvailabilityZones: ['us-east-1c'] },
      ],
    });
    expect(props.NumNodeGroups).toBe(2);
    expect(props.NodeGroupConfiguration).toEqual([
      { NodeGroupId: '0001', Slots: '0-8191', PrimaryAvailabilityZone: 'us-east-1a', ReplicaAvailabilityZones: ['us-east-1b'], ReplicaCount: 1 },
      { NodeGroupId: '0002', Slots: '8192-16383', PrimaryAvailabilityZone: 'us-east-1b', ReplicaAvailabilityZones: ['us-east-1c'], ReplicaCount: 1 },
    ]);
  });

  test('a shard with its own zones keeps them; the others take their round-robin zones from preferredAvailabilityZones', () => {
    const props = rgProps({
      preferredAvailabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
      shardConfigurations: [{ primaryAvailabilityZone: 'us-east-1c', replicaAvailabilityZones: ['us-east-1a'] }, {}],
    });
    expect(props.NodeGroupConfiguration).toEqual([
      { NodeGroupId: '0001', PrimaryAvailabilityZone: 'us-east-1c', ReplicaAvailabilityZones: ['us-east-1a'], ReplicaCount: 1 },
      { NodeGroupId: '0002', PrimaryAvailabilityZone: 'us-east-1b', ReplicaAvailabilityZones: ['us-east-1c'], ReplicaCount: 1 },
    ]);
  });

  test('preferredAvailabilityZones alone keep their round robin (unchanged template)', () => {
    expect(rgProps({ shards: 2, preferredAvailabilityZones: ['us-east-1a', 'us-east-1b'] }).NodeGroupConfiguration).toEqual([
      { NodeGroupId: '0001', PrimaryAvailabilityZone: 'us-east-1a', ReplicaAvailabilityZones: ['us-east-1b'], ReplicaCount: 1 },
      { NodeGroupId: '0002', PrimaryAvailabilityZone: 'us-east-1b', ReplicaAvailabilityZones: ['us-east-1a'], ReplicaCount: 1 },
    ]);
  });

  test('given slots win over the even split of an S3 seed', () => {
    const props = rgProps({ restoreFrom: CacheRestoreSource.s3([ARN]), shardConfigurations: [{ slots: '0-999' }, { slots: '1000-16383' }] });
    expect(props.NodeGroupConfiguration.map((g: any) => g.Slots)).toEqual(['0-999', '1000-16383']);
  });

  test('tokens are passed through unchecked', () => {
    const zone = Lazy.string({ produce: () => 'us-east-1a' });
    const props = rgProps({ shardConfigurations: [{ slots: Lazy.string({ produce: () => '0-16383' }), primaryAvailabilityZone: zone }] });
    expect(props.NodeGroupConfiguration[0]).toEqual(expect.objectContaining({ Slots: '0-16383', PrimaryAvailabilityZone: 'us-east-1a' }));
  });

  test('shards and NodeGroupConfiguration update in place under UseOnlineResharding (the id stays)', () => {
    const plain = rgProps().ReplicationGroupId;
    const { template } = synth({ shardConfigurations: [{ slots: '0-16383', primaryAvailabilityZone: 'us-east-1a', replicaAvailabilityZones: ['us-east-1b'] }] });
    template.hasResource(RG, { UpdatePolicy: { UseOnlineResharding: true } });
    expect(Object.values(template.findResources(RG))[0].Properties.ReplicationGroupId).toBe(plain);
  });
});

describe('the restore source is create-only: it is part of the generated id', () => {
  const id = (props: Props) => rgProps(props).ReplicationGroupId as string;
  const plain = id({});

  test.each<[string, Props]>([
    ['a snapshot', { restoreFrom: CacheRestoreSource.snapshot('orders-1') }],
    ['another snapshot', { restoreFrom: CacheRestoreSource.snapshot('orders-2') }],
    ['S3 files', { restoreFrom: CacheRestoreSource.s3([ARN]) }],
    ['other S3 files', { restoreFrom: CacheRestoreSource.s3(['arn:aws:s3:::my-bucket/other.rdb']) }],
  ])('%s changes the id, stably', (_name, props) => {
    expect(id(props)).not.toBe(plain);
    expect(id(props)).toBe(id(props));
    expect(id(props)).toMatch(/^[a-z][a-z0-9-]*[a-z0-9]$/);
  });

  test('each source has its own id', () => {
    const ids = new Set([
      id({ restoreFrom: CacheRestoreSource.snapshot('orders-1') }),
      id({ restoreFrom: CacheRestoreSource.snapshot('orders-2') }),
      id({ restoreFrom: CacheRestoreSource.s3([ARN]) }),
      id({ restoreFrom: CacheRestoreSource.s3(['arn:aws:s3:::my-bucket/other.rdb']) }),
    ]);
    expect(ids.size).toBe(4);
  });

  test('a token source gives a stable id across synths', () => {
    const source = () => CacheRestoreSource.snapshot(Token.asString(Lazy.string({ produce: () => 'from-context' })));
    expect(id({ restoreFrom: source() })).toBe(id({ restoreFrom: source() }));
    expect(id({ restoreFrom: source() })).not.toBe(plain);
  });

  test('shardConfigurations do not change the id (updatable with online resharding)', () => {
    expect(id({ shardConfigurations: [{ slots: '0-16383' }] })).toBe(plain);
  });
});

type Case = [string, Props, RegExp];
const slots2 = (a: string, b: string) => [{ slots: a }, { slots: b }];

const invalid: Case[] = [
  ['not a CacheRestoreSource', { restoreFrom: { snapshotName: 'x' } as never }, /restoreFrom: .* it is a CacheRestoreSource/],
  ['empty snapshot name', { restoreFrom: CacheRestoreSource.snapshot(' ') }, /restoreFrom.snapshotName: ' ' is invalid: name the snapshot to restore/],
  ['no S3 ARNs', { restoreFrom: CacheRestoreSource.s3([]) }, /restoreFrom.objectArns: \[\] is invalid: name at least one .rdb file/],
  ['a bucket ARN, not an object', { restoreFrom: CacheRestoreSource.s3(['arn:aws:s3:::my-bucket']) }, /restoreFrom.objectArns: 'arn:aws:s3:::my-bucket' is invalid: an S3 object ARN is arn:aws:s3:::bucket\/key/],
  ['an s3:// URL', { restoreFrom: CacheRestoreSource.s3(['s3://my-bucket/dump.rdb']) }, /an S3 object ARN is/],
  ['a key with a comma', { restoreFrom: CacheRestoreSource.s3(['arn:aws:s3:::my-bucket/a,b.rdb']) }, /cannot contain commas/],
  ['restore on i8ge (distributed KV)', { nodeType: 'cache.i8ge.48xlarge', restoreFrom: CacheRestoreSource.snapshot('s') },
    /restoreFrom: 's' is invalid: distributed key-value caching nodes \(i8ge\) cannot restore data/],
  ['shards without cluster mode', { clusterMode: ClusterMode.DISABLED, shardConfigurations: [{}] }, /shardConfigurations: .* per-shard configuration is for cluster mode/],
  ['an empty list', { shardConfigurations: [] }, /shardConfigurations: \[\] is invalid: name at least one shard/],
  ['fewer entries than shards', { shards: 3, shardConfigurations: [{}, {}] }, /shardConfigurations: '2 entries' is invalid: give one configuration per shard: 2 for 3 shards/],
  ['replicaCount 6', { shardConfigurations: [{ replicaCount: 6 }] }, /shardConfigurations\[0\].replicaCount: 6 is invalid: a shard has 0 to 5 read replicas/],
  ['replicaCount -1', { shardConfigurations: [{ replicaCount: -1 }] }, /replicaCount: -1 is invalid: a shard has 0 to 5/],
  ['replicaCount other than replicasPerShard', { replicasPerShard: 2, shardConfigurations: [{ replicaCount: 1 }] },
    /shardConfigurations\[0\].replicaCount: 1 is invalid: every shard has replicasPerShard \(2\) replicas/],
  ['replica zones not one per replica', { replicasPerShard: 2, shardConfigurations: [{ replicaAvailabilityZones: ['us-east-1a'] }] },
    /shardConfigurations\[0\].replicaAvailabilityZones: \["us-east-1a"\] is invalid: name one zone per replica: 2 for this shard, not 1/],
  ['a 5-digit node group id', { shardConfigurations: [{ nodeGroupId: '00001' }] }, /nodeGroupId: '00001' is invalid: a node group id is 1 to 4 digits/],
  ['a named node group id', { shardConfigurations: [{ nodeGroupId: 'a1' }] }, /nodeGroupId: 'a1' is invalid: a node group id is 1 to 4 digits/],
  ['duplicate node group ids', { shardConfigurations: [{ nodeGroupId: '0002' }, {}] }, /shardConfigurations\[1\].nodeGroupId: '0002' is invalid: each node group id names one shard/],
  ['slots not startkey-endkey', { shardConfigurations: [{ slots: '0,16383' }] }, /shardConfigurations\[0\].slots: '0,16383' is invalid: slots are startkey-endkey, from 0 to 16383/],
  ['slots past 16383', { shardConfigurations: [{ slots: '0-16384' }] }, /slots: '0-16384' is invalid: slots are startkey-endkey/],
  ['slots backwards', { shardConfigurations: slots2('8192-0', '8193-16383') }, /slots: '8192-0' is invalid/],
  ['overlapping slots', { shardConfigurations: slots2('0-8192', '8192-16383') }, /shardConfigurations\[\].slots: '0-8192 and 8192-16383' is invalid: the ranges overlap/],
  ['slots that leave a gap', { shardConfigurations: slots2('0-8000', '8192-16383') }, /shardConfigurations\[\].slots: '0-8000, 8192-16383' is invalid: the shards hold 16193 of the 16384 hash slots/],
  ['slots on some shards of an S3 seed', { restoreFrom: CacheRestoreSource.s3([ARN]), shardConfigurations: [{ slots: '0-8191' }, {}] },
    /shardConfigurations\[\].slots: '1 of 2 shards' is invalid: seeding cluster mode from S3 needs the slots of every shard/],
  ['an S3 seed with a token shard count', { restoreFrom: CacheRestoreSource.s3([ARN]), shards: Token.asNumber(Lazy.number({ produce: () => 2 })) },
    /shards: .* is invalid: restoreFrom needs a shard count known at synth time/],
  ['an entry that is not an object', { shardConfigurations: ['0-16383'] as never }, /shardConfigurations: \["0-16383"\] is invalid: it must be a list of objects/],
  ['a numeric slots field', { shardConfigurations: [{ slots: 5 }] as never }, /shardConfigurations\[0\].slots: 5 is invalid: it must be a string/],
  ['null restoreFrom', { restoreFrom: null } as never, /restoreFrom: null is invalid: null is not a value here/],
];

describe('invalid restore sources and shard configurations fail at synth time', () => {
  test.each(invalid)('%s', (_name, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });

  test('every documented rule names its source', () => {
    const own = ['shards without cluster mode', 'replicaCount other than replicasPerShard', 'not a CacheRestoreSource',
      'an entry that is not an object', 'a numeric slots field', 'null restoreFrom'];
    for (const [name, props] of invalid.filter(([n]) => !own.includes(n))) {
      expect(() => synth(props)).toThrow(/\. See https:\/\/(docs\.aws\.amazon\.com|valkey\.io)\//);
      expect(name).toBeDefined();
    }
  });

  test('per-shard zones outside the subnets (real zones)', () => {
    const { stack, vpc } = newStack({ maxAzs: undefined, availabilityZones: ['us-east-1a', 'us-east-1b'] });
    expect(() => new ReplicationGroup(stack, 'Cache', {
      vpc, shardConfigurations: [{ primaryAvailabilityZone: 'us-east-1f', replicaAvailabilityZones: ['us-east-1a'] }],
    })).toThrow(/shardConfigurations: \["us-east-1f","us-east-1a"\] is invalid: us-east-1f is not among the subnet group's zones \(us-east-1a, us-east-1b\). See https:/);
  });

  test('valid slot layouts build: one shard with all slots, three adjacent ranges', () => {
    expect(() => synth({ shardConfigurations: [{ slots: '0-16383' }] })).not.toThrow();
    expect(() => synth({ shardConfigurations: [{ slots: '10923-16383' }, { slots: '0-5460' }, { slots: '5461-10922' }] })).not.toThrow();
  });
});
