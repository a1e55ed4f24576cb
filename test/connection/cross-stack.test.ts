import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { VALIDATE_AGAINST_DEFAULT_RULES } from 'aws-cdk-lib/cx-api';
import { CacheAuthentication, CacheClientTarget, CacheEngine, ICacheConnectionSource, MemcachedCluster, ReplicationGroup } from '../../src';

const env = { account: '123456789012', region: 'us-east-1' };

/** A cache in a data stack, a function in its VPC in a compute stack of the same app. */
function apart(makeCache: (data: Stack, vpc: ec2.IVpc) => ICacheConnectionSource, managedPolicy?: boolean) {
  const app = new App({ context: { [VALIDATE_AGAINST_DEFAULT_RULES]: true } });
  const data = new Stack(app, 'Data', { env });
  const vpc = new ec2.Vpc(data, 'Vpc', { natGateways: 0, subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const compute = new Stack(app, 'Compute', { env });
  const fn = new lambda.Function(compute, 'Fn', {
    runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => {}'), vpc,
  });
  const cache = makeCache(data, vpc);
  cache.connect(CacheClientTarget.lambdaFunction(fn), { managedPolicy });
  // The whole app: a cycle between the stacks fails here.
  app.synth();
  const t = { data: Template.fromStack(data), compute: Template.fromStack(compute) };
  // The cache's stack refers to nothing of the compute stack.
  expect(JSON.stringify(t.data.toJSON())).not.toContain('Fn::ImportValue');
  return t;
}

const importOf = (pattern: string) => ({ 'Fn::ImportValue': expect.stringMatching(new RegExp(`^Data:ExportsOutput${pattern}`)) });

function statementsOfRole(template: Template): any[] {
  const attached = { Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^FnServiceRole') }] } };
  return ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy'].flatMap((t) => Object.values(template.findResources(t, attached)))
    .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}

function variables(template: Template): Record<string, any> {
  return Object.values(template.findResources('AWS::Lambda::Function'))[0].Properties.Environment.Variables;
}

/** The ingress rule is in the compute stack, on the cache's (imported) group, from the function's group. */
function expectIngress(t: { data: Template; compute: Template }, port: number) {
  t.compute.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
    FromPort: port,
    ToPort: port,
    IpProtocol: 'tcp',
    GroupId: { 'Fn::ImportValue': Match.stringLikeRegexp('^Data:ExportsOutputFnGetAttCacheNetworkSecurityGroup') },
    SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FnSecurityGroup'), 'GroupId'] },
  });
  expect(t.data.findResources('AWS::EC2::SecurityGroupIngress', { Properties: { Description: 'Clients of Data/Cache' } })).toEqual({});
}

/** Secret read and kms:Decrypt through Secrets Manager, both on the function's side; the key policy does not name it. */
function expectSecretRead(t: { data: Template; compute: Template }, secretPattern: string) {
  const statements = statementsOfRole(t.compute);
  expect(statements).toContainEqual(expect.objectContaining({
    Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
    Resource: { 'Fn::ImportValue': expect.stringMatching(new RegExp(`^Data:ExportsOutputRef${secretPattern}`)) },
  }));
  expect(statements).toContainEqual(expect.objectContaining({
    Action: 'kms:Decrypt',
    Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } },
    Resource: { 'Fn::ImportValue': expect.stringMatching(/^Data:ExportsOutputFnGetAttCacheKey.*Arn/) },
  }));
  const key = JSON.stringify(t.data.findResources('AWS::KMS::Key'));
  expect(key).not.toContain('Compute');
  expect(key).not.toContain('FnServiceRole');
  // The default key policy lets the account's IAM policies grant use of the key.
  t.data.hasResourceProperties('AWS::KMS::Key', {
    KeyPolicy: {
      Statement: Match.arrayWith([Match.objectLike({
        Action: 'kms:*', Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::123456789012:root']] } }, Resource: '*',
      })]),
    },
  });
}

describe('cache in one stack, function in another', () => {
  test('AUTH token: no cycle, ingress, secret and key grants on the function side, variables from exports', () => {
    const t = apart((data, vpc) => new ReplicationGroup(data, 'Cache', { vpc }));
    expectIngress(t, 6380);
    expectSecretRead(t, 'CacheAuthTokenSecret');
    // The policy that names the role is in the role's stack.
    t.compute.hasResourceProperties('AWS::IAM::ManagedPolicy', { Description: 'Lets Compute/Fn/ServiceRole connect to Data/Cache' });
    expect(JSON.stringify(t.data.findResources('AWS::IAM::ManagedPolicy'))).not.toContain('Compute');
    const vars = variables(t.compute);
    expect(vars).toMatchObject({ CACHE_AUTH: 'token', CACHE_AUTH_SECRET_ARN: importOf('RefCacheAuthTokenSecret'), CACHE_ID: importOf('RefCache') });
    expect(JSON.stringify(vars.CACHE_ENDPOINT)).toMatch(/Data:ExportsOutputFnGetAttCache\w+ConfigurationEndPointAddress/);
  });

  test('RBAC password user: no cycle, the user\'s secret and its key on the function side', () => {
    const t = apart((data, vpc) => new ReplicationGroup(data, 'Cache', {
      vpc, engine: CacheEngine.VALKEY_8_2, authentication: CacheAuthentication.rbac({ users: [{ userName: 'app' }] }),
    }));
    expectIngress(t, 6380);
    expectSecretRead(t, 'CacheUserappPassword');
    expect(variables(t.compute)).toMatchObject({ CACHE_AUTH: 'password', CACHE_USER: 'app', CACHE_AUTH_SECRET_ARN: importOf('RefCacheUserappPassword') });
  });

  test('IAM: no cycle, elasticache:Connect on the exported group and its user', () => {
    const t = apart((data, vpc) => new ReplicationGroup(data, 'Cache', { vpc, replicationGroupId: 'orders', authentication: CacheAuthentication.iam() }));
    expectIngress(t, 6380);
    const connect = statementsOfRole(t.compute).find((s) => s.Action === 'elasticache:Connect');
    expect(JSON.stringify(connect.Resource)).toMatch(/Data:ExportsOutputRefCache/);
    expect(JSON.stringify(connect.Resource)).toContain(':user:orders-iam');
    expect(statementsOfRole(t.compute).some((s) => JSON.stringify(s.Action).includes('secretsmanager'))).toBe(false);
    expect(variables(t.compute)).toMatchObject({ CACHE_AUTH: 'iam', CACHE_USER: 'orders-iam', CACHE_ID: importOf('RefCache') });
  });

  test('Memcached: no cycle, ingress on the cluster port, no grants', () => {
    const t = apart((data, vpc) => new MemcachedCluster(data, 'Cache', { vpc }));
    expectIngress(t, 11212);
    expect(statementsOfRole(t.compute)).toEqual([]);
    const vars = variables(t.compute);
    expect(vars).toMatchObject({ CACHE_ENGINE: 'memcached', CACHE_AUTH: 'none', CACHE_ID: importOf('RefCache') });
    expect(JSON.stringify(vars.CACHE_ENDPOINT)).toMatch(/Data:ExportsOutputFnGetAttCache\w+ConfigurationEndpointAddress/);
  });

  test('managedPolicy: false: the grants go to the role\'s own policy, still no cycle', () => {
    const t = apart((data, vpc) => new ReplicationGroup(data, 'Cache', { vpc }), false);
    expectSecretRead(t, 'CacheAuthTokenSecret');
    t.compute.resourceCountIs('AWS::IAM::ManagedPolicy', 0);
  });

  test('an EC2 instance in the compute stack: parameters and their read policy there, no cycle', () => {
    const app = new App();
    const data = new Stack(app, 'Data', { env });
    const vpc = new ec2.Vpc(data, 'Vpc', { natGateways: 0, subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const cache = new ReplicationGroup(data, 'Cache', { vpc });
    const compute = new Stack(app, 'Compute', { env });
    const instance = new ec2.Instance(compute, 'App', {
      vpc,
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MICRO),
      machineImage: ec2.MachineImage.latestAmazonLinux2023({ cpuType: ec2.AmazonLinuxCpuType.ARM_64 }),
    });
    cache.connect(CacheClientTarget.ec2Instance(instance));
    expect(() => app.synth()).not.toThrow();
    const template = Template.fromStack(compute);
    template.hasResourceProperties('AWS::SSM::Parameter', {
      Name: '/cdk-elasticache/Compute/App/CACHE_AUTH_SECRET_ARN', Value: { 'Fn::ImportValue': Match.stringLikeRegexp('^Data:ExportsOutputRefCacheAuthTokenSecret') },
    });
    expect(JSON.stringify(Template.fromStack(data).toJSON())).not.toContain('Fn::ImportValue');
  });

  test('grantReadAuthSecret on a role in another stack keeps the key policy in the cache stack unchanged', () => {
    const app = new App();
    const data = new Stack(app, 'Data', { env });
    const vpc = new ec2.Vpc(data, 'Vpc', { natGateways: 0 });
    const cache = new ReplicationGroup(data, 'Cache', { vpc });
    const compute = new Stack(app, 'Compute', { env });
    const role = new iam.Role(compute, 'App', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    const grant = cache.grantReadAuthSecret(role);
    expect(grant.success).toBe(true);
    // The role's stack refers to the cache's, and nothing refers back.
    compute.addStackDependency(data);
    expect(() => app.synth()).not.toThrow();
    expect(JSON.stringify(Template.fromStack(data).toJSON())).not.toContain('AppRole');
  });
});
