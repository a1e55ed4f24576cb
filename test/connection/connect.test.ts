import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import {
  CacheAuthentication, CacheClientTarget, CacheConnectionEnv, CacheEngine, CacheUserAuthType, ClusterMode, MemcachedCluster,
  ReplicationGroup, ReplicationGroupProps,
} from '../../src';
import { newStack } from '../helpers';

function setup(props: Omit<ReplicationGroupProps, 'vpc'> = {}) {
  const { stack, vpc } = newStack();
  const cache = new ReplicationGroup(stack, 'Cache', { vpc, replicationGroupId: 'orders', ...props });
  const fn = new lambda.Function(stack, 'Fn', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => {}'),
    vpc,
  });
  return { stack, vpc, cache, fn };
}

function envOf(template: Template): Record<string, unknown> {
  const fns = template.findResources('AWS::Lambda::Function');
  const id = Object.keys(fns).find((k) => k.startsWith('Fn'))!;
  return fns[id].Properties.Environment.Variables;
}

/** Statements of the inline and customer-managed policies attached to the role. */
function policyStatements(template: Template, rolePrefix: string, type = '*'): any[] {
  const attached = { Properties: { Roles: [{ Ref: Match.stringLikeRegexp(`^${rolePrefix}`) }] } };
  const types = type === '*' ? ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy'] : [type];
  return types.flatMap((t) => Object.values(template.findResources(t, attached)))
    .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}

describe('connect a Lambda function (AUTH token, cluster mode)', () => {
  const { stack, cache, fn } = setup();
  const written = cache.connect(CacheClientTarget.lambdaFunction(fn));
  const template = Template.fromStack(stack);
  const env = envOf(template);

  test('the contract variables: engine, endpoint, cluster mode, TLS, auth, secret, id, region', () => {
    expect(Object.keys(env).sort()).toEqual([
      'CACHE_AUTH', 'CACHE_AUTH_SECRET_ARN', 'CACHE_CLUSTER_MODE', 'CACHE_ENDPOINT', 'CACHE_ENGINE', 'CACHE_ID', 'CACHE_REGION', 'CACHE_TLS',
    ]);
    expect(env).toMatchObject({ CACHE_ENGINE: 'valkey', CACHE_CLUSTER_MODE: 'true', CACHE_TLS: 'true', CACHE_AUTH: 'token', CACHE_REGION: 'us-east-1' });
    expect(Object.keys(written).sort()).toEqual(Object.keys(env).sort());
  });

  test('the endpoint is the configuration endpoint host:port', () => {
    const rgId = Object.keys(template.findResources('AWS::ElastiCache::ReplicationGroup'))[0];
    expect(env.CACHE_ENDPOINT).toEqual({
      'Fn::Join': ['', [{ 'Fn::GetAtt': [rgId, 'ConfigurationEndPoint.Address'] }, ':', { 'Fn::GetAtt': [rgId, 'ConfigurationEndPoint.Port'] }]],
    });
    expect(env.CACHE_ID).toEqual({ Ref: rgId });
  });

  test('the secret ARN is the AUTH token secret, and the function may read it', () => {
    const secretId = Object.keys(template.findResources('AWS::SecretsManager::Secret'))[0];
    expect(env.CACHE_AUTH_SECRET_ARN).toEqual({ Ref: secretId });
    const statements = policyStatements(template, 'FnServiceRole');
    expect(statements).toEqual(expect.arrayContaining([
      expect.objectContaining({ Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: { Ref: secretId } }),
    ]));
  });

  test('the function may decrypt with the cache key (the secret is encrypted with it)', () => {
    const keyId = Object.keys(template.findResources('AWS::KMS::Key'))[0];
    const key = template.findResources('AWS::KMS::Key')[keyId];
    const decrypt = key.Properties.KeyPolicy.Statement.filter((s: any) => JSON.stringify(s.Action).includes('kms:Decrypt')
      && JSON.stringify(s.Principal).includes('FnServiceRole'));
    expect(decrypt).toHaveLength(1);
  });

  test('ingress on the cache port from the function\'s security group only', () => {
    const fnSg = Object.keys(template.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('Fn') } }))[0];
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp',
      FromPort: 6380,
      ToPort: 6380,
      SourceSecurityGroupId: { 'Fn::GetAtt': [fnSg, 'GroupId'] },
      Description: 'Clients of Test/Cache',
    });
  });
});

describe('connect options and other authentication', () => {
  test('a function passed as it is (from JavaScript) is a clear error naming the factory', () => {
    const { cache, fn } = setup();
    expect(() => cache.connect(fn as never)).toThrow(/target: 'Test\/Fn' is invalid: it is a CacheClientTarget: wrap the compute, e\.g\. cache\.connect\(CacheClientTarget\.lambdaFunction\(fn\)\)/);
    expect(() => cache.connect(undefined as never)).toThrow(/target: undefined is invalid/);
  });

  test('a prefix names every variable ORDERS_CACHE_…', () => {
    const { stack, cache, fn } = setup();
    cache.connect(CacheClientTarget.lambdaFunction(fn), { prefix: 'orders' });
    const env = envOf(Template.fromStack(stack));
    expect(Object.keys(env).every((k) => k.startsWith('ORDERS_CACHE_'))).toBe(true);
    expect(env).toHaveProperty(CacheConnectionEnv.withPrefix(CacheConnectionEnv.ENDPOINT, 'orders'));
  });

  test('two caches on one function without prefixes is an error naming both', () => {
    const { stack, vpc, cache, fn } = setup();
    const other = new ReplicationGroup(stack, 'Other', { vpc });
    cache.connect(CacheClientTarget.lambdaFunction(fn));
    expect(() => other.connect(CacheClientTarget.lambdaFunction(fn))).toThrow(/'Test\/Other' and 'Test\/Cache' would both write CACHE_ENGINE to the same target; give each cache its own prefix/);
  });

  test('two caches on one function with prefixes', () => {
    const { stack, vpc, cache, fn } = setup();
    const other = new ReplicationGroup(stack, 'Other', { vpc });
    cache.connect(CacheClientTarget.lambdaFunction(fn), { prefix: 'orders' });
    other.connect(CacheClientTarget.lambdaFunction(fn), { prefix: 'sessions' });
    const env = envOf(Template.fromStack(stack));
    expect(env).toHaveProperty('ORDERS_CACHE_ENDPOINT');
    expect(env).toHaveProperty('SESSIONS_CACHE_ENDPOINT');
  });

  test('connecting the same cache twice is harmless', () => {
    const { cache, fn } = setup();
    cache.connect(CacheClientTarget.lambdaFunction(fn));
    expect(() => cache.connect(CacheClientTarget.lambdaFunction(fn))).not.toThrow();
  });

  test('IAM: CACHE_USER is the IAM user, no secret, elasticache:Connect on the group and that user', () => {
    const { stack, cache, fn } = setup({ authentication: CacheAuthentication.iam() });
    cache.connect(CacheClientTarget.lambdaFunction(fn));
    const template = Template.fromStack(stack);
    const env = envOf(template);
    expect(env).toMatchObject({ CACHE_AUTH: 'iam', CACHE_USER: 'orders-iam' });
    expect(env).not.toHaveProperty('CACHE_AUTH_SECRET_ARN');
    const statements = policyStatements(template, 'FnServiceRole');
    const connect = statements.find((s) => s.Action === 'elasticache:Connect');
    expect(JSON.stringify(connect.Resource)).toContain(':user:orders-iam');
    expect(JSON.stringify(connect.Resource)).toContain(':replicationgroup:');
    expect(statements.some((s) => JSON.stringify(s.Action).includes('secretsmanager'))).toBe(false);
  });

  test('RBAC with IAM users: the chosen user, in IAM mode, granted alone', () => {
    const { stack, cache, fn } = setup({
      authentication: CacheAuthentication.rbac({
        users: [
          { userName: 'reader', authType: CacheUserAuthType.IAM },
          { userName: 'writer', authType: CacheUserAuthType.IAM },
        ],
      }),
    });
    cache.connect(CacheClientTarget.lambdaFunction(fn), { user: 'writer' });
    const template = Template.fromStack(stack);
    expect(envOf(template)).toMatchObject({ CACHE_AUTH: 'iam', CACHE_USER: 'writer' });
    const connect = policyStatements(template, 'FnServiceRole').find((s) => s.Action === 'elasticache:Connect');
    expect(JSON.stringify(connect.Resource)).toContain(':user:writer');
    expect(JSON.stringify(connect.Resource)).not.toContain(':user:reader');
  });

  test('RBAC with only IAM users: the first IAM user by default', () => {
    const { stack, cache, fn } = setup({
      authentication: CacheAuthentication.rbac({ users: [{ userName: 'reader', authType: CacheUserAuthType.IAM }] }),
    });
    cache.connect(CacheClientTarget.lambdaFunction(fn));
    expect(envOf(Template.fromStack(stack))).toMatchObject({ CACHE_AUTH: 'iam', CACHE_USER: 'reader' });
  });

  test('IAM: a user that is not one of the cache\'s IAM users is an error', () => {
    const { cache, fn } = setup({ authentication: CacheAuthentication.iam() });
    expect(() => cache.connect(CacheClientTarget.lambdaFunction(fn), { user: 'nobody' })).toThrow(/user: 'nobody' is invalid: connect as one of the cache's users \(orders-iam\)/);
  });

  test('RBAC password user: CACHE_USER and the user\'s password secret', () => {
    const { stack, cache, fn } = setup({ engine: CacheEngine.VALKEY_8_2, authentication: CacheAuthentication.rbac({ users: [{ userName: 'app' }] }) });
    cache.connect(CacheClientTarget.lambdaFunction(fn));
    const template = Template.fromStack(stack);
    const env = envOf(template);
    expect(env).toMatchObject({ CACHE_AUTH: 'password', CACHE_USER: 'app' });
    const secrets = template.findResources('AWS::SecretsManager::Secret', {
      Properties: { GenerateSecretString: { SecretStringTemplate: '{"username":"app"}' } },
    });
    expect(env.CACHE_AUTH_SECRET_ARN).toEqual({ Ref: Object.keys(secrets)[0] });
  });

  test('cluster mode disabled with a replica: primary endpoint and reader endpoint', () => {
    const { stack, cache, fn } = setup({ clusterMode: ClusterMode.DISABLED });
    cache.connect(CacheClientTarget.lambdaFunction(fn));
    const template = Template.fromStack(stack);
    const env = envOf(template);
    const rgId = Object.keys(template.findResources('AWS::ElastiCache::ReplicationGroup'))[0];
    expect(env.CACHE_CLUSTER_MODE).toBe('false');
    expect(JSON.stringify(env.CACHE_ENDPOINT)).toContain(`"${rgId}","PrimaryEndPoint.Address"`);
    expect(JSON.stringify(env.CACHE_READER_ENDPOINT)).toContain(`"${rgId}","ReaderEndPoint.Address"`);
  });

  test('no authentication and no TLS', () => {
    const { stack, cache, fn } = setup({ authentication: CacheAuthentication.none(), transitEncryption: false });
    cache.connect(CacheClientTarget.lambdaFunction(fn));
    const env = envOf(Template.fromStack(stack));
    expect(env).toMatchObject({ CACHE_AUTH: 'none', CACHE_TLS: 'false' });
    expect(env).not.toHaveProperty('CACHE_AUTH_SECRET_ARN');
    expect(env).not.toHaveProperty('CACHE_USER');
  });

  test('a function outside the VPC is an error that says why', () => {
    const { stack, cache } = setup();
    const outside = new lambda.Function(stack, 'Outside', {
      runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => {}'),
    });
    expect(() => cache.connect(CacheClientTarget.lambdaFunction(outside))).toThrow(/the function 'Test\/Outside' is not in a VPC/);
  });
});

describe('grants in a customer-managed policy', () => {
  test('by default the grants are a managed policy on the function\'s role, not inline', () => {
    const { stack, cache, fn } = setup();
    cache.connect(CacheClientTarget.lambdaFunction(fn));
    cache.connect(CacheClientTarget.lambdaFunction(fn));
    const template = Template.fromStack(stack);
    const managed = policyStatements(template, 'FnServiceRole', 'AWS::IAM::ManagedPolicy');
    expect(managed.filter((s) => JSON.stringify(s.Action).includes('secretsmanager:GetSecretValue'))).toHaveLength(1);
    expect(policyStatements(template, 'FnServiceRole', 'AWS::IAM::Policy').some((s) => JSON.stringify(s.Action).includes('secretsmanager'))).toBe(false);
  });

  test('managedPolicy: false uses the role\'s inline default policy', () => {
    const { stack, cache, fn } = setup();
    cache.connect(CacheClientTarget.lambdaFunction(fn), { managedPolicy: false });
    const template = Template.fromStack(stack);
    expect(policyStatements(template, 'FnServiceRole', 'AWS::IAM::Policy').some((s) => JSON.stringify(s.Action).includes('secretsmanager'))).toBe(true);
    expect(policyStatements(template, 'FnServiceRole', 'AWS::IAM::ManagedPolicy')).toEqual([]);
  });

  test('a principal that is not a role gets the usual grant', () => {
    const { stack, vpc, cache } = setup();
    const sg = new ec2.SecurityGroup(stack, 'AppSg', { vpc });
    const user = new iam.User(stack, 'Operator');
    cache.connect(CacheClientTarget.custom({ connectable: sg, grantee: user }));
    const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy', { Properties: { Users: [{ Ref: Match.stringLikeRegexp('^Operator') }] } });
    expect(JSON.stringify(policies)).toContain('secretsmanager:GetSecretValue');
  });
});

describe('other targets', () => {
  test('an ECS container: environment on the container, grants to the task role, ingress from the service', () => {
    const { stack, vpc, cache } = setup();
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task');
    const container = taskDefinition.addContainer('app', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/node:22') });
    const service = new ecs.FargateService(stack, 'Service', { cluster, taskDefinition, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } });
    cache.connect(CacheClientTarget.ecsContainer(container, service));
    const template = Template.fromStack(stack);
    const task = Object.values(template.findResources('AWS::ECS::TaskDefinition'))[0];
    const names = task.Properties.ContainerDefinitions[0].Environment.map((e: any) => e.Name);
    expect(names).toEqual(expect.arrayContaining(['CACHE_ENDPOINT', 'CACHE_AUTH_SECRET_ARN', 'CACHE_TLS']));
    const statements = policyStatements(template, 'TaskTaskRole');
    expect(statements.some((s) => JSON.stringify(s.Action).includes('secretsmanager:GetSecretValue'))).toBe(true);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 6380, Description: 'Clients of Test/Cache' });
  });

  test('custom: a security group and a role, no environment', () => {
    const { stack, vpc, cache } = setup();
    const sg = new ec2.SecurityGroup(stack, 'AppSg', { vpc });
    const role = new iam.Role(stack, 'AppRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    const written = cache.connect(CacheClientTarget.custom({ connectable: sg, grantee: role }));
    expect(written.CACHE_ENGINE).toBe('valkey');
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 6380, SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AppSg'), 'GroupId'] },
    });
    expect(policyStatements(template, 'AppRole').some((s) => JSON.stringify(s.Action).includes('secretsmanager:GetSecretValue'))).toBe(true);
  });
});

describe('Memcached', () => {
  test('connect: ingress on the cluster port, the Auto Discovery endpoint, no auth and no grants', () => {
    const { stack, vpc, fn } = setup();
    const memcached = new MemcachedCluster(stack, 'Memcached', { vpc });
    const written = memcached.connect(CacheClientTarget.lambdaFunction(fn), { prefix: 'sessions' });
    const template = Template.fromStack(stack);
    const env = envOf(template);
    const id = Object.keys(template.findResources('AWS::ElastiCache::CacheCluster'))[0];
    expect(env).toMatchObject({ SESSIONS_CACHE_ENGINE: 'memcached', SESSIONS_CACHE_AUTH: 'none', SESSIONS_CACHE_TLS: 'true', SESSIONS_CACHE_CLUSTER_MODE: 'false' });
    expect(env.SESSIONS_CACHE_ENDPOINT).toEqual({
      'Fn::Join': ['', [{ 'Fn::GetAtt': [id, 'ConfigurationEndpoint.Address'] }, ':', { 'Fn::GetAtt': [id, 'ConfigurationEndpoint.Port'] }]],
    });
    expect(written).not.toHaveProperty('SESSIONS_CACHE_AUTH_SECRET_ARN');
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 11212, ToPort: 11212, Description: 'Clients of Test/Memcached' });
    expect(policyStatements(template, 'FnServiceRole').some((s) => JSON.stringify(s).includes('elasticache:Connect'))).toBe(false);
  });

  test('a user is an error: Memcached has no users', () => {
    const { stack, vpc, fn } = setup();
    const memcached = new MemcachedCluster(stack, 'Memcached', { vpc });
    expect(() => memcached.connect(CacheClientTarget.lambdaFunction(fn), { user: 'app' })).toThrow(/user: 'app' is invalid: Memcached clusters have no users/);
  });

  test('exportConnection writes the Memcached values', () => {
    const { stack, vpc } = setup();
    const memcached = new MemcachedCluster(stack, 'Memcached', { vpc });
    memcached.exportConnection({ cfnOutputs: false, parameterPrefix: '/shop/sessions' });
    Template.fromStack(stack).hasResourceProperties('AWS::SSM::Parameter', { Name: '/shop/sessions/CACHE_ENGINE', Value: 'memcached' });
  });
});
