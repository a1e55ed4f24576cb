import { Duration, Lazy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import {
  CacheEngine, ClusterMode, ReplicationGroup, ReplicationGroupProps,
} from '../../src';
import { newStack } from '../helpers';

type Case = [string, Omit<ReplicationGroupProps, 'vpc'>, RegExp];

function build(props: Omit<ReplicationGroupProps, 'vpc'>) {
  const { stack, vpc } = newStack();
  return new ReplicationGroup(stack, 'Cache', { vpc, ...props });
}

// Each case: the property, its bad value and the rule must all be in the message.
const invalid: Case[] = [
  ['id with --', { replicationGroupId: 'my--cache' }, /replicationGroupId: 'my--cache' is invalid: .*two consecutive hyphens/],
  ['id ending in -', { replicationGroupId: 'cache-' }, /replicationGroupId: 'cache-' .*cannot end with a hyphen/],
  ['id starting with a digit', { replicationGroupId: '1cache' }, /replicationGroupId: '1cache' .*starts with a letter/],
  ['id with _', { replicationGroupId: 'my_cache' }, /replicationGroupId: 'my_cache' .*letters, digits and hyphens/],
  ['id over 40', { replicationGroupId: 'a'.repeat(41) }, /replicationGroupId: 'a{41}' .*1 to 40 characters/],
  ['description over 255', { description: 'd'.repeat(256) }, /description: .* at most 255 characters/],
  ['unknown node type', { nodeType: 'cache.t4g.huge' }, /nodeType: 'cache.t4g.huge' .*not an ElastiCache node type \(cache.t4g has .*cache.t4g.micro/],
  ['retired node type', { nodeType: 'cache.t2.micro' }, /nodeType: 'cache.t2.micro' .*no longer creates clusters/],
  ['misspelt node type size', { nodeType: 'cache.t4g.micro2' }, /nodeType: 'cache.t4g.micro2' .*not an ElastiCache node type/],
  ['shards 0', { shards: 0 }, /shards: 0 .*1 to 500 shards/],
  ['shards 501', { shards: 501, replicasPerShard: 0 }, /shards: 501 .*1 to 500 shards/],
  ['fractional shards', { shards: 1.5 }, /shards: 1.5 .*1 to 500 shards/],
  ['too many nodes', { shards: 200, replicasPerShard: 2 }, /shards: 200 .*exceed the 500 nodes/],
  ['shards without cluster mode', { clusterMode: ClusterMode.DISABLED, shards: 2 }, /shards: 2 .*cluster mode disabled has exactly one shard/],
  ['replicas 6', { replicasPerShard: 6 }, /replicasPerShard: 6 .*0 to 5 read replicas/],
  ['replicas -1', { replicasPerShard: -1 }, /replicasPerShard: -1 .*0 to 5 read replicas/],
  ['cluster mode without failover', { automaticFailover: false }, /automaticFailover: false .*cluster mode needs automatic failover/],
  ['failover without replica', { clusterMode: ClusterMode.DISABLED, replicasPerShard: 0, automaticFailover: true }, /automaticFailover: true .*at least one read replica/],
  ['Multi-AZ without replica', { replicasPerShard: 0, multiAz: true }, /multiAz: true .*Multi-AZ needs at least one read replica/],
  ['Multi-AZ without failover', { clusterMode: ClusterMode.DISABLED, multiAz: true, automaticFailover: false }, /multiAz: true .*needs automatic failover/],
  ['port 0', { port: 0 }, /port: 0 .*1 to 65535/],
  ['port 70000', { port: 70000 }, /port: 70000 .*1 to 65535/],
  ['Multi-AZ in one preferred zone', { preferredAvailabilityZones: ['us-east-1a'] }, /preferredAvailabilityZones: \["us-east-1a"\] .*Multi-AZ needs at least two zones/],
  ['r6gd without data tiering', { nodeType: 'cache.r6gd.xlarge', dataTiering: false }, /dataTiering: false .*r6gd node types .*must be true/],
  ['retention 36 days', { snapshotRetention: Duration.days(36) }, /snapshotRetention: '36 days' .*0 to 35/],
  ['retention in hours', { snapshotRetention: Duration.hours(36) }, /snapshotRetention: '1.5 days' .*whole number of days/],
  ['backup window format', { backupWindow: '5:00-6:00' }, /backupWindow: '5:00-6:00' .*hh24:mi-hh24:mi/],
  ['backup window 30 minutes', { backupWindow: '05:00-05:30' }, /backupWindow: '05:00-05:30' .*at least 60 minutes/],
  ['maintenance window format', { maintenanceWindow: 'sunday:05:00-sunday:06:00' }, /maintenanceWindow: 'sunday:05:00-sunday:06:00' .*ddd:hh24:mi-ddd:hh24:mi/],
  ['maintenance window 59 minutes', { maintenanceWindow: 'sun:05:00-sun:05:59' }, /maintenanceWindow: 'sun:05:00-sun:05:59' .*at least 60 minutes/],
  ['overlapping windows', { backupWindow: '05:00-06:00', maintenanceWindow: 'tue:05:30-tue:06:30' }, /backupWindow: '05:00-06:00' .*must not overlap the maintenance window 'tue:05:30-tue:06:30'/],
  ['overlap across midnight', { backupWindow: '23:30-00:30', maintenanceWindow: 'sat:23:00-sun:00:15' }, /must not overlap/],
  ['data tiering on t4g', { dataTiering: true }, /dataTiering: true .*data tiering needs an r6gd node type.*not cache.t4g.micro/],
  ['no preferred AZs', { preferredAvailabilityZones: [] }, /preferredAvailabilityZones: \[\] .*at least one/],
  ['log delivery of nothing', { logDelivery: { slowLog: false, engineLog: false } }, /logDelivery: .*at least one of slowLog and engineLog/],
  ['cluster-enabled parameter contradicts cluster mode', { parameters: { 'cluster-enabled': 'no' } }, /parameters\['cluster-enabled'\]: 'no' .*set clusterMode instead/],
];

describe('invalid configurations fail at synth time', () => {
  test.each(invalid)('%s', (_name, props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  test('every error names its source document', () => {
    for (const [, props] of invalid) {
      expect(() => build(props)).toThrow(/\. See https:\/\/(docs\.aws\.amazon\.com|github\.com)\//);
    }
  });

  test('a KMS key without encryption at rest', () => {
    const { stack, vpc } = newStack();
    const encryptionKey = new kms.Key(stack, 'Key');
    expect(() => new ReplicationGroup(stack, 'Cache', { vpc, encryptionKey, atRestEncryption: false }))
      .toThrow(/encryptionKey: 'Test\/Key' .*needs atRestEncryption: true/);
  });

  test('an engine version ElastiCache does not offer', () => {
    expect(() => CacheEngine.valkey('9.9')).toThrow(/engine: 'valkey 9.9' is invalid: ElastiCache offers valkey 7.2, 8.0, 8.1, 8.2/);
    expect(() => CacheEngine.redis('5.0')).toThrow(/engine: 'redis 5.0' .*redis 6.2, 7.0, 7.1/);
  });
});

describe('valid edge cases pass', () => {
  test.each<[string, Omit<ReplicationGroupProps, 'vpc'>]>([
    ['40-character id', { replicationGroupId: 'a'.repeat(40) }],
    ['500 shards without replicas', { shards: 500, replicasPerShard: 0 }],
    ['5 replicas', { replicasPerShard: 5 }],
    ['cluster mode without replicas keeps failover, no Multi-AZ', { replicasPerShard: 0 }],
    ['cluster mode disabled without replicas', { clusterMode: ClusterMode.DISABLED, replicasPerShard: 0 }],
    ['35 days of snapshots', { snapshotRetention: Duration.days(35) }],
    ['no snapshots', { snapshotRetention: Duration.days(0) }],
    ['adjacent windows', { backupWindow: '04:00-05:00', maintenanceWindow: 'sun:05:00-sun:06:00' }],
    ['week-wrapping maintenance window', { maintenanceWindow: 'sat:23:00-sun:01:00' }],
    ['r6gd defaults to data tiering', { nodeType: 'cache.r6gd.xlarge' }],
    ['data tiering on r6gd', { nodeType: 'cache.r6gd.xlarge', dataTiering: true }],
  ])('%s', (_name, props) => {
    expect(() => build(props)).not.toThrow();
  });

  test('unresolved tokens are skipped, not guessed', () => {
    const shards = Lazy.number({ produce: () => 3 });
    const port = Lazy.number({ produce: () => 7000 });
    expect(() => build({ shards, port, replicationGroupId: Lazy.string({ produce: () => 'x--' }) })).not.toThrow();
  });
});
