import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { MemcachedCluster, MemcachedClusterAttributes } from '../../src';
import { newStack } from '../helpers';

function importCluster(attrs: Partial<MemcachedClusterAttributes> = {}) {
  const { stack, vpc } = newStack();
  const sg = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-0123456789abcdef0');
  const cache = MemcachedCluster.fromMemcachedClusterAttributes(stack, 'Imported', {
    clusterName: 'sessions',
    configurationEndpointAddress: 'sessions.abc123.cfg.use1.cache.amazonaws.com',
    configurationEndpointPort: 11212,
    securityGroups: [sg],
    ...attrs,
  });
  return { stack, vpc, cache };
}

describe('MemcachedCluster.fromMemcachedClusterAttributes', () => {
  test('attributes pass through; ARN from the cluster name', () => {
    const { stack, cache } = importCluster();
    expect(cache.clusterName).toBe('sessions');
    expect(cache.configurationEndpointAddress).toBe('sessions.abc123.cfg.use1.cache.amazonaws.com');
    expect(stack.resolve(cache.configurationEndpointPort)).toBe('11212');
    expect(stack.resolve(cache.clusterArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':elasticache:us-east-1:123456789012:cluster:sessions']],
    });
  });

  test('defaults: TLS, two nodes, node type unknown', () => {
    const { cache } = importCluster();
    expect(cache.transitEncryption).toBe(true);
    expect(cache.cacheNodeIds).toEqual(['0001', '0002']);
    expect(cache.nodeTypeInfo).toBeUndefined();
  });

  test('nodes, nodeType and transitEncryption', () => {
    const { cache } = importCluster({ nodes: 4, nodeType: 'cache.r7g.xlarge', transitEncryption: false });
    expect(cache.cacheNodeIds).toEqual(['0001', '0002', '0003', '0004']);
    expect(cache.nodeTypeInfo).toEqual(expect.objectContaining({ vcpus: 4, memoryGiB: 26.32 }));
    expect(cache.transitEncryption).toBe(false);
  });

  test('an unknown node type fails like on a new cluster', () => {
    expect(() => importCluster({ nodeType: 'cache.x9.large' })).toThrow(/nodeType: 'cache.x9.large' is invalid/);
  });

  test('connections open the configuration endpoint port on the imported security group', () => {
    const { stack, vpc, cache } = importCluster();
    const client = new ec2.SecurityGroup(stack, 'Client', { vpc });
    cache.connections.allowDefaultPortFrom(client);
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: 'sg-0123456789abcdef0',
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Client'), 'GroupId'] },
      IpProtocol: 'tcp',
      FromPort: 11212,
      ToPort: 11212,
    });
  });

  test('metrics of an imported cluster use its id and node ids', () => {
    const { cache } = importCluster({ nodes: 1 });
    const metric = cache.metricCPUUtilization() as cloudwatch.Metric;
    expect(metric).toBeInstanceOf(cloudwatch.Metric);
    expect(metric.dimensions).toEqual({ CacheClusterId: 'sessions', CacheNodeId: '0001' });
  });
});
