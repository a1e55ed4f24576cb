import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { CacheAuthMode, CacheClientTarget, MemcachedCluster, ReplicationGroup, ReplicationGroupAttributes } from '../../src';
import { newStack } from '../helpers';

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-token-AbCdEf';

function imported(attrs: Partial<ReplicationGroupAttributes> = {}) {
  const { stack, vpc } = newStack();
  const cache = ReplicationGroup.fromReplicationGroupAttributes(stack, 'Imported', {
    replicationGroupId: 'orders',
    endpointAddress: 'clustercfg.orders.abc123.use1.cache.amazonaws.com',
    endpointPort: 6379,
    securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(stack, 'CacheSg', 'sg-0123456789abcdef0')],
    ...attrs,
  });
  const fn = new lambda.Function(stack, 'Fn', {
    runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => {}'), vpc,
  });
  const secret = () => secretsmanager.Secret.fromSecretCompleteArn(stack, 'Token', SECRET_ARN);
  return { stack, cache, fn, secret };
}

function statements(template: Template): any[] {
  return Object.values(template.findResources('AWS::IAM::ManagedPolicy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^FnServiceRole') }] } }))
    .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}

describe('connect() to an imported replication group', () => {
  test('AUTH token (the default) without authSecret: an error naming authSecret and what to pass', () => {
    const { cache, fn } = imported();
    expect(() => cache.connect(CacheClientTarget.lambdaFunction(fn))).toThrow(
      /authSecret: undefined is invalid: the replication group 'Test\/Imported' uses an AUTH token \(authMode token, the default\), which clients read from a secret; pass authSecret/);
  });

  test('grantReadAuthSecret without authSecret: the same kind of error, never an empty policy', () => {
    const { stack, cache } = imported();
    const role = new iam.Role(stack, 'App', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    expect(() => cache.grantReadAuthSecret(role)).toThrow(/authSecret: undefined is invalid: .*\(authentication: token\); pass authSecret/);
  });

  test('AUTH token with authSecret: the secret ARN in the environment and read granted', () => {
    const { stack, fn, secret } = imported();
    const cache = ReplicationGroup.fromReplicationGroupAttributes(stack, 'WithSecret', {
      replicationGroupId: 'orders', endpointAddress: 'cfg.orders', endpointPort: 6379, securityGroups: [], authSecret: secret(),
    });
    const env = cache.connect(CacheClientTarget.lambdaFunction(fn));
    expect(env).toMatchObject({ CACHE_AUTH: 'token', CACHE_AUTH_SECRET_ARN: SECRET_ARN, CACHE_ENDPOINT: 'cfg.orders:6379' });
    expect(statements(Template.fromStack(stack))).toContainEqual(expect.objectContaining({
      Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: SECRET_ARN,
    }));
  });

  test('IAM with iamUserIds: elasticache:Connect on the group and the user', () => {
    const { stack, cache, fn } = imported({ authMode: CacheAuthMode.IAM, iamUserIds: ['app'] });
    expect(cache.connect(CacheClientTarget.lambdaFunction(fn))).toMatchObject({ CACHE_AUTH: 'iam', CACHE_USER: 'app', CACHE_ID: 'orders' });
    const connect = statements(Template.fromStack(stack)).find((s) => s.Action === 'elasticache:Connect');
    expect(JSON.stringify(connect.Resource)).toContain(':replicationgroup:orders');
    expect(JSON.stringify(connect.Resource)).toContain(':user:app');
  });

  test('IAM without iamUserIds: an error naming iamUserIds', () => {
    const { cache, fn } = imported({ authMode: CacheAuthMode.IAM });
    expect(() => cache.connect(CacheClientTarget.lambdaFunction(fn))).toThrow(/iamUserIds: \[\] is invalid: .* uses iam authentication, so clients connect as one of its users; pass iamUserIds/);
  });

  test('password user: CACHE_USER and the secret', () => {
    const { stack, fn, secret } = imported();
    const cache = ReplicationGroup.fromReplicationGroupAttributes(stack, 'Rbac', {
      replicationGroupId: 'orders',
      endpointAddress: 'cfg.orders',
      endpointPort: 6379,
      securityGroups: [],
      authMode: CacheAuthMode.PASSWORD,
      authUserName: 'app',
      authSecret: secret(),
    });
    expect(cache.connect(CacheClientTarget.lambdaFunction(fn))).toMatchObject({ CACHE_AUTH: 'password', CACHE_USER: 'app', CACHE_AUTH_SECRET_ARN: SECRET_ARN });
    expect(JSON.stringify(statements(Template.fromStack(stack)))).toContain('secretsmanager:GetSecretValue');
  });

  test('password user without authSecret: an error naming authSecret', () => {
    const { cache, fn } = imported({ authMode: CacheAuthMode.PASSWORD, authUserName: 'app' });
    expect(() => cache.connect(CacheClientTarget.lambdaFunction(fn))).toThrow(/authSecret: undefined is invalid: .*the password of user 'app'/);
  });

  test('no authentication: connects, and the grant is a grant of nothing', () => {
    const { stack, cache, fn } = imported({ authMode: CacheAuthMode.NONE, transitEncryption: false });
    expect(cache.connect(CacheClientTarget.lambdaFunction(fn))).toMatchObject({ CACHE_AUTH: 'none' });
    const grant = cache.grantClientAccess(fn);
    expect(grant).toBeInstanceOf(iam.Grant);
    expect(grant.success).toBe(false);
    Template.fromStack(stack).resourceCountIs('AWS::IAM::ManagedPolicy', 0);
  });
});

describe('grants return iam.Grant', () => {
  test('Memcached: grantClientAccess is a grant of nothing, never undefined', () => {
    const { stack, fn } = imported();
    const memcached = MemcachedCluster.fromMemcachedClusterAttributes(stack, 'Sessions', {
      clusterName: 'sessions', configurationEndpointAddress: 'sessions.cfg', configurationEndpointPort: 11211, securityGroups: [],
    });
    expect(memcached.grantClientAccess(fn)).toBeInstanceOf(iam.Grant);
    expect(memcached.connect(CacheClientTarget.lambdaFunction(fn))).toMatchObject({ CACHE_ENGINE: 'memcached', CACHE_ENDPOINT: 'sessions.cfg:11211' });
  });
});
