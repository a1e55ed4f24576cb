import { Lazy, RemovalPolicy, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { MemcachedAzMode, MemcachedCluster, MemcachedClusterProps, MemcachedEngineVersion } from '../../src';
import { newStack } from '../helpers';

type Case = [string, () => Omit<MemcachedClusterProps, 'vpc'>, RegExp];

function build(props: Omit<MemcachedClusterProps, 'vpc'>) {
  const { stack, vpc } = newStack();
  return { stack, cache: new MemcachedCluster(stack, 'Cache', { vpc, ...props }) };
}

// Each case: the property, its bad value and the rule must all be in the message.
const invalid: Case[] = [
  ['id with --', () => ({ clusterName: 'my--cache' }), /clusterName: 'my--cache' is invalid: .*two consecutive hyphens/],
  ['id ending in -', () => ({ clusterName: 'cache-' }), /clusterName: 'cache-' is invalid: .*cannot end with a hyphen/],
  ['id starting with a digit', () => ({ clusterName: '1cache' }), /clusterName: '1cache' is invalid: .*starts with a letter/],
  ['id with _', () => ({ clusterName: 'my_cache' }), /clusterName: 'my_cache' is invalid: .*letters, digits and hyphens/],
  ['id over 50', () => ({ clusterName: 'a'.repeat(51) }), /clusterName: 'a{51}' is invalid: .*1 to 50 characters/],
  ['empty id', () => ({ clusterName: '' }), /clusterName: '' is invalid: .*1 to 50 characters/],
  ['unknown node type', () => ({ nodeType: 'cache.t4g.huge' }), /nodeType: 'cache.t4g.huge' is invalid: .*not an ElastiCache node type/],
  ['previous-generation node type', () => ({ nodeType: 'cache.t2.micro' }), /nodeType: 'cache.t2.micro' is invalid: .*no longer creates clusters/],
  ['0 nodes', () => ({ nodes: 0 }), /nodes: 0 is invalid: .*1 to 60 nodes/],
  ['61 nodes', () => ({ nodes: 61 }), /nodes: 61 is invalid: .*1 to 60 nodes/],
  ['fractional nodes', () => ({ nodes: 2.5 }), /nodes: 2.5 is invalid: .*1 to 60 nodes/],
  ['cross-az with one node', () => ({ nodes: 1, azMode: MemcachedAzMode.CROSS_AZ }), /azMode: 'cross-az' is invalid: .*two nodes or more, not 1/],
  ['preferred zones fewer than nodes', () => ({ nodes: 3, preferredAvailabilityZones: ['dummy1a', 'dummy1b'] }),
    /preferredAvailabilityZones: \["dummy1a","dummy1b"\] is invalid: .*must equal the number of nodes \(3\)/],
  ['preferred zones more than nodes', () => ({ preferredAvailabilityZones: ['dummy1a', 'dummy1b', 'dummy1c'] }),
    /preferredAvailabilityZones: .* is invalid: .*must equal the number of nodes \(2\)/],
  ['no preferred zones', () => ({ preferredAvailabilityZones: [] }), /preferredAvailabilityZones: \[\] is invalid: .*one Availability Zone per node/],
  ['TLS on 1.6.6', () => ({ engineVersion: MemcachedEngineVersion.V1_6_6 }), /transitEncryption: true is invalid: .*1.6.12 or later, not 1.6.6/],
  ['port 0', () => ({ port: 0 }), /port: 0 is invalid: .*1 to 65535/],
  ['port 70000', () => ({ port: 70000 }), /port: 70000 is invalid: .*1 to 65535/],
  ['maintenance window format', () => ({ maintenanceWindow: 'sunday:05:00-sunday:06:00' }),
    /maintenanceWindow: 'sunday:05:00-sunday:06:00' is invalid: .*ddd:hh24:mi-ddd:hh24:mi/],
  ['maintenance window 59 minutes', () => ({ maintenanceWindow: 'sun:05:00-sun:05:59' }),
    /maintenanceWindow: 'sun:05:00-sun:05:59' is invalid: .*at least 60 minutes/],
  ['SNAPSHOT removal policy', () => ({ removalPolicy: RemovalPolicy.SNAPSHOT }), /removalPolicy: 'SNAPSHOT' is invalid: .*cannot be snapshotted/],
  ['slab_chunk_max above max_item_size', () => ({ parameters: { slab_chunk_max: '2097152', max_item_size: '1048576' } }),
    /parameters.slab_chunk_max: '2097152' is invalid: .*must not exceed max_item_size \(1048576\)/],
  ['max_item_size not a multiple of slab_chunk_max', () => ({ parameters: { slab_chunk_max: '524288', max_item_size: '1500000' } }),
    /parameters.max_item_size: '1500000' is invalid: .*multiple of slab_chunk_max \(524288\)/],
];

describe('invalid configurations fail at synth time', () => {
  test.each(invalid)('%s', (_name, props, message) => {
    expect(() => build(props())).toThrow(message);
  });

  test('every error names its source document', () => {
    for (const [, props] of invalid) {
      expect(() => build(props())).toThrow(/\. See https:\/\/(docs\.aws\.amazon\.com|registry\.terraform\.io)\//);
    }
  });

  test('an engine version ElastiCache does not offer', () => {
    expect(() => MemcachedEngineVersion.of('1.6.99')).toThrow(/engineVersion: '1.6.99' is invalid: ElastiCache offers Memcached 1.6.6, 1.6.12, 1.6.17, 1.6.22/);
    expect(() => MemcachedEngineVersion.of('1.5.16')).toThrow(/engineVersion: '1.5.16' is invalid/);
  });
});

describe('valid edge cases pass', () => {
  test.each<[string, Omit<MemcachedClusterProps, 'vpc'>]>([
    ['a 50-character id', { clusterName: `a${'b'.repeat(49)}` }],
    ['60 nodes', { nodes: 60 }],
    ['one node in one AZ', { nodes: 1, azMode: MemcachedAzMode.SINGLE_AZ }],
    ['TLS off on 1.6.6', { engineVersion: MemcachedEngineVersion.V1_6_6, transitEncryption: false }],
    ['TLS on 1.6.12', { engineVersion: MemcachedEngineVersion.V1_6_12 }],
    ['a zone repeated for several nodes', { nodes: 2, preferredAvailabilityZones: ['dummy1b', 'dummy1b'] }],
    ['a 60-minute window across midnight', { maintenanceWindow: 'sat:23:30-sun:00:30' }],
    ['item sizes that agree', { parameters: { slab_chunk_max: '524288', max_item_size: '1048576' } }],
    ['only one item-size parameter', { parameters: { max_item_size: '1500000' } }],
    ['RETAIN', { removalPolicy: RemovalPolicy.RETAIN }],
    // CDK's placeholder zones before the context look-up: the user's zones cannot be checked yet.
    ['zones checked against placeholder zones', { preferredAvailabilityZones: ['us-east-1a', 'us-east-1b'] }],
  ])('%s', (_name, props) => {
    const { stack } = build(props);
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  test('a memcached-capable node type of every family the catalog knows for Memcached is accepted', () => {
    for (const nodeType of ['cache.t3.small', 'cache.m6g.large', 'cache.r6g.xlarge', 'cache.m5.large']) {
      expect(() => build({ nodeType })).not.toThrow();
    }
  });
});

describe('unresolved tokens are skipped, never guessed', () => {
  test('token cluster name, node type, node count, port, zones and window', () => {
    const { stack, cache } = build({
      clusterName: Lazy.string({ produce: () => 'late' }),
      nodeType: Lazy.string({ produce: () => 'cache.r7g.large' }),
      nodes: Token.asNumber(Lazy.number({ produce: () => 3 })),
      port: Token.asNumber(Lazy.number({ produce: () => 11300 })),
      preferredAvailabilityZones: Token.asList(Lazy.list({ produce: () => ['dummy1a', 'dummy1b', 'dummy1c'] })),
      maintenanceWindow: Lazy.string({ produce: () => 'sun:05:00-sun:06:00' }),
    });
    const props = Object.values(Template.fromStack(stack).findResources('AWS::ElastiCache::CacheCluster'))[0].Properties;
    expect(props).toEqual(expect.objectContaining({ ClusterName: 'late', NumCacheNodes: 3, Port: 11300, AZMode: 'cross-az' }));
    // Node ids are unknown for a token node count, and the catalog entry for a token node type.
    expect(cache.cacheNodeIds).toEqual([]);
    expect(cache.nodeTypeInfo).toBeUndefined();
  });
});
