import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { CacheAuthMode, ReplicationGroup, ReplicationGroupAttributes } from '../../src';
import { newStack } from '../helpers';

function importGroup(attrs: Partial<ReplicationGroupAttributes> = {}) {
  const { stack, vpc } = newStack();
  const sg = ec2.SecurityGroup.fromSecurityGroupId(stack, 'CacheSg', 'sg-0123456789abcdef0');
  const cache = ReplicationGroup.fromReplicationGroupAttributes(stack, 'Imported', {
    replicationGroupId: 'orders',
    endpointAddress: 'clustercfg.orders.abc123.use1.cache.amazonaws.com',
    endpointPort: 6390,
    securityGroups: [sg],
    ...attrs,
  });
  return { stack, vpc, cache, sg };
}

describe('fromReplicationGroupAttributes', () => {
  test('the ARN is built from the id', () => {
    const { stack, cache } = importGroup();
    expect(cache.replicationGroupId).toBe('orders');
    expect(stack.resolve(cache.replicationGroupArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':elasticache:us-east-1:123456789012:replicationgroup:orders']],
    });
  });

  test('endpoint and defaults: cluster mode, TLS, AUTH token, no IAM users', () => {
    const { stack, cache } = importGroup();
    expect(cache.endpointAddress).toBe('clustercfg.orders.abc123.use1.cache.amazonaws.com');
    expect(cache.endpointPort).toBe('6390');
    expect(stack.resolve(`${cache.endpointAddress}:${cache.endpointPort}`)).toBe('clustercfg.orders.abc123.use1.cache.amazonaws.com:6390');
    expect(cache.clusterMode).toBe(true);
    expect(cache.transitEncryption).toBe(true);
    expect(cache.authMode).toBe(CacheAuthMode.TOKEN);
    expect(cache.iamUserIds).toEqual([]);
    expect(cache.authSecret).toBeUndefined();
  });

  test('connections use the endpoint port: allowDefaultPortFrom opens it on the imported security group', () => {
    const { stack, vpc, cache, sg } = importGroup();
    expect(cache.connections.securityGroups).toEqual([sg]);
    expect(cache.connections.defaultPort?.toString()).toBe('6390');
    const client = new ec2.SecurityGroup(stack, 'Client', { vpc });
    cache.connections.allowDefaultPortFrom(client);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 1);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: 'sg-0123456789abcdef0',
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Client'), 'GroupId'] },
      IpProtocol: 'tcp',
      FromPort: 6390,
      ToPort: 6390,
    });
  });

  test('grantConnect on an imported IAM group: the group and every IAM user', () => {
    const { stack, cache } = importGroup({ authMode: CacheAuthMode.IAM, iamUserIds: ['app', 'worker'] });
    const role = new iam.Role(stack, 'App', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    cache.grantConnect(role);
    const userArn = (id: string) => ({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:elasticache:us-east-1:123456789012:user:${id}`]],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^App') }],
      PolicyDocument: {
        Statement: [{
          Action: 'elasticache:Connect',
          Effect: 'Allow',
          Resource: [
            { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':elasticache:us-east-1:123456789012:replicationgroup:orders']] },
            userArn('app'),
            userArn('worker'),
          ],
        }],
      },
    });
  });

  test('grantConnect on an imported AUTH token group throws', () => {
    const { stack, cache } = importGroup();
    const role = new iam.Role(stack, 'App', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    expect(() => cache.grantConnect(role)).toThrow(/has no IAM-authenticated user \(authentication: token\)/);
  });

  test('grantReadAuthSecret on the imported secret', () => {
    const { stack } = newStack();
    const secret = secretsmanager.Secret.fromSecretCompleteArn(stack, 'Token',
      'arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-token-AbCdEf');
    const cache = ReplicationGroup.fromReplicationGroupAttributes(stack, 'Imported', {
      replicationGroupId: 'orders', endpointAddress: 'x', endpointPort: 6379, securityGroups: [], authSecret: secret,
    });
    const role = new iam.Role(stack, 'App', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    expect(cache.authSecret).toBe(secret);
    cache.grantReadAuthSecret(role);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: Match.arrayWith(['secretsmanager:GetSecretValue']),
          Resource: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-token-AbCdEf',
        })]),
      },
    });
  });

  test('memberClusterIds from shards and replicasPerShard (cluster mode)', () => {
    const { cache } = importGroup({ shards: 2, replicasPerShard: 2 });
    expect(cache.memberClusterIds).toEqual([
      'orders-0001-001', 'orders-0001-002', 'orders-0001-003',
      'orders-0002-001', 'orders-0002-002', 'orders-0002-003',
    ]);
  });

  test('memberClusterIds default to one shard with one replica', () => {
    const { cache } = importGroup();
    expect(cache.memberClusterIds).toEqual(['orders-0001-001', 'orders-0001-002']);
  });

  test('memberClusterIds with cluster mode disabled', () => {
    const { cache } = importGroup({ clusterMode: false, replicasPerShard: 2, transitEncryption: false, authMode: CacheAuthMode.NONE });
    expect(cache.clusterMode).toBe(false);
    expect(cache.transitEncryption).toBe(false);
    expect(cache.authMode).toBe(CacheAuthMode.NONE);
    expect(cache.memberClusterIds).toEqual(['orders-001', 'orders-002', 'orders-003']);
  });
});
