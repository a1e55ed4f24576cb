import { RemovalPolicy } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as sns from 'aws-cdk-lib/aws-sns';
import { MemcachedAzMode, MemcachedCluster, MemcachedClusterProps, MemcachedEngineVersion } from '../../src';
import { newStack, templateJson } from '../helpers';

const CC = 'AWS::ElastiCache::CacheCluster';

function synth(props: Omit<MemcachedClusterProps, 'vpc'> = {}, vpcProps?: ec2.VpcProps) {
  const { stack, vpc } = newStack(vpcProps);
  const cache = new MemcachedCluster(stack, 'Cache', { vpc, ...props });
  return { stack, vpc, cache, template: Template.fromStack(stack) };
}

/** The one cache cluster's Properties. */
function ccProps(template: Template): Record<string, any> {
  const clusters = Object.values(template.findResources(CC));
  expect(clusters).toHaveLength(1);
  return clusters[0].Properties;
}

describe('identity and engine', () => {
  test('clusterName passes through in lower case, and names the metrics', () => {
    const { template, cache } = synth({ clusterName: 'Orders-Cache' });
    expect(ccProps(template).ClusterName).toBe('orders-cache');
    expect(cache.metrics.cacheClusterId).toBe('orders-cache');
  });

  test('engineVersion: a named version', () => {
    const { template, cache } = synth({ engineVersion: MemcachedEngineVersion.V1_6_17 });
    expect(ccProps(template).EngineVersion).toBe('1.6.17');
    expect(cache.engineVersion.parameterGroupFamily).toBe('memcached1.6');
  });

  test('engineVersion: MemcachedEngineVersion.of() with TLS off on 1.6.6', () => {
    const { template } = synth({ engineVersion: MemcachedEngineVersion.of('1.6.6'), transitEncryption: false });
    expect(ccProps(template)).toEqual(expect.objectContaining({ EngineVersion: '1.6.6', TransitEncryptionEnabled: false }));
  });

  test('1.6.12 is the first version with TLS', () => {
    expect(MemcachedEngineVersion.V1_6_6.supportsTransitEncryption).toBe(false);
    expect(MemcachedEngineVersion.V1_6_12.supportsTransitEncryption).toBe(true);
    expect(MemcachedEngineVersion.V1_6_22.toString()).toBe('memcached 1.6.22');
  });

  test('nodeType passes through and its catalog entry is exposed', () => {
    const { template, cache } = synth({ nodeType: 'cache.r7g.large' });
    expect(ccProps(template).CacheNodeType).toBe('cache.r7g.large');
    expect(cache.nodeTypeInfo).toEqual(expect.objectContaining({ vcpus: 2, memoryGiB: 13.07 }));
  });
});

describe('nodes and placement', () => {
  test('nodes → NumCacheNodes and node ids', () => {
    const { template, cache } = synth({ nodes: 12 });
    expect(ccProps(template)).toEqual(expect.objectContaining({ NumCacheNodes: 12, AZMode: 'cross-az' }));
    expect(cache.cacheNodeIds).toHaveLength(12);
    expect(cache.cacheNodeIds[11]).toBe('0012');
  });

  test('one node: single-az by default (cross-az needs two)', () => {
    const { template, cache } = synth({ nodes: 1 });
    expect(ccProps(template)).toEqual(expect.objectContaining({ NumCacheNodes: 1, AZMode: 'single-az' }));
    expect(cache.azMode).toBe(MemcachedAzMode.SINGLE_AZ);
    expect(cache.cacheNodeIds).toEqual(['0001']);
  });

  test('azMode SINGLE_AZ with two nodes', () => {
    const { template } = synth({ azMode: MemcachedAzMode.SINGLE_AZ });
    expect(ccProps(template).AZMode).toBe('single-az');
  });

  test('preferredAvailabilityZones → PreferredAvailabilityZones, one per node', () => {
    const { template, vpc } = synth({ nodes: 3, preferredAvailabilityZones: ['dummy1a', 'dummy1b', 'dummy1a'] });
    expect(vpc.availabilityZones).toEqual(expect.arrayContaining(['dummy1a', 'dummy1b']));
    expect(ccProps(template).PreferredAvailabilityZones).toEqual(['dummy1a', 'dummy1b', 'dummy1a']);
  });
});

describe('network and encryption', () => {
  test('port → Port and the connections default port', () => {
    const { stack, vpc } = newStack();
    const cache = new MemcachedCluster(stack, 'Cache', { vpc, port: 11300 });
    cache.connections.allowDefaultPortFrom(new ec2.SecurityGroup(stack, 'Client', { vpc }));
    const template = Template.fromStack(stack);
    expect(ccProps(template).Port).toBe(11300);
    expect(cache.port).toBe(11300);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 11300, ToPort: 11300, IpProtocol: 'tcp' });
  });

  test('transitEncryption false → TransitEncryptionEnabled false', () => {
    const { template, cache } = synth({ transitEncryption: false });
    expect(ccProps(template).TransitEncryptionEnabled).toBe(false);
    expect(cache.transitEncryption).toBe(false);
  });

  test('a user-provided security group is used and none is made for the cache', () => {
    const { stack, vpc } = newStack();
    const sg = new ec2.SecurityGroup(stack, 'Mine', { vpc, allowAllOutbound: false });
    new MemcachedCluster(stack, 'Cache', { vpc, securityGroups: [sg] });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::SecurityGroup', 1);
    expect(ccProps(template).VpcSecurityGroupIds).toEqual([stack.resolve(sg.securityGroupId)]);
  });

  test('vpcSubnets selects the subnet group\'s subnets', () => {
    const { template } = synth({ vpcSubnets: { subnetGroupName: 'private' } }, {
      subnetConfiguration: [
        { name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC },
      ],
      natGateways: 1,
    });
    const group = Object.values(template.findResources('AWS::ElastiCache::SubnetGroup'))[0];
    expect(JSON.stringify(group.Properties.SubnetIds)).toMatch(/private/);
    expect(JSON.stringify(group.Properties.SubnetIds)).not.toMatch(/isolated/);
  });
});

describe('parameters and operations', () => {
  test('parameters → a memcached1.6 parameter group, referenced', () => {
    const { template, cache } = synth({ parameters: { max_item_size: '10485760', chunk_size_growth_factor: '1.5' } });
    template.hasResourceProperties('AWS::ElastiCache::ParameterGroup', {
      CacheParameterGroupFamily: 'memcached1.6',
      Description: 'memcached 1.6.22 parameters',
      Properties: { max_item_size: '10485760', chunk_size_growth_factor: '1.5' },
    });
    const groupId = Object.keys(template.findResources('AWS::ElastiCache::ParameterGroup'))[0];
    expect(ccProps(template).CacheParameterGroupName).toEqual({ Ref: groupId });
    expect(cache.parameterGroup).toBeDefined();
  });

  test('parameters are checked against memcached1.6: a fixed one and a Redis OSS one fail', () => {
    expect(() => synth({ parameters: { 'num_threads': '8', 'maxmemory-policy': 'allkeys-lru' } }))
      .toThrow(/2 problems:[\s\S]*num_threads cannot be changed in a custom parameter group[\s\S]*maxmemory-policy is not a documented memcached1\.6 parameter/);
  });

  test('empty parameters: the default group, nothing made', () => {
    const { template } = synth({ parameters: {} });
    template.resourceCountIs('AWS::ElastiCache::ParameterGroup', 0);
    expect(ccProps(template).CacheParameterGroupName).toBe('default.memcached1.6');
  });

  test('maintenanceWindow → PreferredMaintenanceWindow', () => {
    const { template } = synth({ maintenanceWindow: 'sun:23:00-mon:01:30' });
    expect(ccProps(template).PreferredMaintenanceWindow).toBe('sun:23:00-mon:01:30');
  });

  test('notificationTopic → NotificationTopicArn', () => {
    const { stack, vpc } = newStack();
    const topic = new sns.Topic(stack, 'Events');
    new MemcachedCluster(stack, 'Cache', { vpc, notificationTopic: topic });
    expect(ccProps(Template.fromStack(stack)).NotificationTopicArn).toEqual(stack.resolve(topic.topicArn));
  });

  test('removalPolicy RETAIN → DeletionPolicy Retain', () => {
    const { template } = synth({ removalPolicy: RemovalPolicy.RETAIN });
    template.hasResource(CC, { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });
});

describe('full configuration', () => {
  test('snapshot', () => {
    const { stack, vpc } = newStack();
    new MemcachedCluster(stack, 'Cache', {
      vpc,
      clusterName: 'sessions',
      engineVersion: MemcachedEngineVersion.V1_6_17,
      nodeType: 'cache.m7g.large',
      nodes: 3,
      azMode: MemcachedAzMode.CROSS_AZ,
      preferredAvailabilityZones: ['dummy1a', 'dummy1b', 'dummy1c'],
      transitEncryption: true,
      port: 11300,
      parameters: { max_item_size: '2097152', slab_chunk_max: '524288' },
      maintenanceWindow: 'tue:03:00-tue:04:00',
      notificationTopic: new sns.Topic(stack, 'Events'),
      monitoring: { alarmEmails: ['ops@example.com'], dashboard: true, alarms: { swapUsage: { threshold: 100_000_000 } } },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    expect(templateJson(stack)).toMatchSnapshot();
  });
});
