import { Match, Template } from 'aws-cdk-lib/assertions';
import { MemcachedCluster, MemcachedEngineVersion } from '../../src';
import { newStack, templateJson } from '../helpers';

const CC = 'AWS::ElastiCache::CacheCluster';

describe('MemcachedCluster defaults', () => {
  const { stack, vpc } = newStack();
  const cache = new MemcachedCluster(stack, 'Cache', { vpc });
  const template = Template.fromStack(stack);
  const resource = Object.values(template.findResources(CC))[0];

  test('newest Memcached 1.6, cache.t4g.micro, two nodes across AZs, TLS, port 11212, default parameter group', () => {
    template.resourceCountIs(CC, 1);
    template.hasResourceProperties(CC, {
      Engine: 'memcached',
      EngineVersion: '1.6.22',
      CacheNodeType: 'cache.t4g.micro',
      NumCacheNodes: 2,
      AZMode: 'cross-az',
      TransitEncryptionEnabled: true,
      Port: 11212,
      CacheParameterGroupName: 'default.memcached1.6',
    });
    expect(cache.engineVersion).toBe(MemcachedEngineVersion.LATEST);
    expect(MemcachedEngineVersion.LATEST.version).toBe('1.6.22');
  });

  test('no snapshot, replica, at-rest or auto-minor-upgrade settings (Memcached has none)', () => {
    for (const key of ['SnapshotRetentionLimit', 'SnapshotWindow', 'SnapshotArns', 'AutoMinorVersionUpgrade', 'PreferredAvailabilityZones']) {
      expect(resource.Properties[key]).toBeUndefined();
    }
    template.resourceCountIs('AWS::ElastiCache::ParameterGroup', 0);
    // No data key: the only key is the stack's alarm topic's.
    expect(Object.keys(template.findResources('AWS::KMS::Key'))).toEqual([expect.stringMatching(/^CacheAlarmTopic/)]);
  });

  test('deleted with the stack: the cache holds no durable data and cannot be snapshotted', () => {
    expect(resource.DeletionPolicy).toBe('Delete');
    expect(resource.UpdateReplacePolicy).toBe('Delete');
  });

  test('subnet group from the isolated subnets, referenced so CloudFormation orders them', () => {
    const subnetGroup = Object.keys(template.findResources('AWS::ElastiCache::SubnetGroup'))[0];
    expect(resource.Properties.CacheSubnetGroupName).toEqual({ Ref: subnetGroup });
    template.hasResourceProperties('AWS::ElastiCache::SubnetGroup', {
      SubnetIds: Match.arrayWith([{ Ref: Match.stringLikeRegexp('isolated') }]),
    });
  });

  test('security group has no ingress and no egress until connections opens it, on port 11212', () => {
    const groups = template.findResources('AWS::EC2::SecurityGroup', {
      Properties: { GroupDescription: Match.stringLikeRegexp('^ElastiCache memcached') },
    });
    const [id, sg] = Object.entries(groups)[0];
    expect(sg.Properties.SecurityGroupIngress).toBeUndefined();
    // CDK's placeholder rule that matches no traffic: the group allows no egress.
    expect(sg.Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '255.255.255.255/32' })]);
    expect(resource.Properties.VpcSecurityGroupIds).toEqual([{ 'Fn::GetAtt': [id, 'GroupId'] }]);
    expect(cache.connections.defaultPort?.toString()).toBe('11212');
  });

  test('a generated, valid, lower-case cluster id; node ids 0001 and 0002', () => {
    const id: string = resource.Properties.ClusterName;
    expect(id).toMatch(/^[a-z][a-z0-9-]{0,39}$/);
    expect(id).not.toMatch(/--|-$/);
    expect(cache.cacheNodeIds).toEqual(['0001', '0002']);
    expect(cache.metrics.cacheClusterId).toBe(id);
  });

  test('endpoints and ids come from the resource', () => {
    const logicalId = Object.keys(template.findResources(CC))[0];
    expect(stack.resolve(cache.clusterName)).toEqual({ Ref: logicalId });
    expect(stack.resolve(cache.configurationEndpointAddress)).toEqual({ 'Fn::GetAtt': [logicalId, 'ConfigurationEndpoint.Address'] });
    expect(stack.resolve(cache.configurationEndpointPort)).toEqual({ 'Fn::GetAtt': [logicalId, 'ConfigurationEndpoint.Port'] });
    expect(stack.resolve(cache.clusterArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':elasticache:us-east-1:123456789012:cluster:', { Ref: logicalId }]],
    });
  });

  test('node type info from the catalog, for monitoring', () => {
    expect(cache.nodeType).toBe('cache.t4g.micro');
    expect(cache.nodeTypeInfo).toEqual(expect.objectContaining({ vcpus: 2, memoryGiB: 0.5, memcached: true, burstable: true }));
    expect(cache.transitEncryption).toBe(true);
    expect(cache.nodes).toBe(2);
  });

  test('snapshot', () => {
    expect(templateJson(stack)).toMatchSnapshot();
  });
});
