import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticbeanstalk from 'aws-cdk-lib/aws-elasticbeanstalk';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { CacheAuthentication, CacheClientTarget, ReplicationGroup } from '../../src';
import { newStack } from '../helpers';

function setup() {
  const { app, stack, vpc } = newStack();
  const cache = new ReplicationGroup(stack, 'Cache', { vpc, replicationGroupId: 'orders' });
  return { app, stack, vpc, cache };
}

const machineImage = ec2.MachineImage.latestAmazonLinux2023({ cpuType: ec2.AmazonLinuxCpuType.ARM_64 });
const instanceType = ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MICRO);

function statementsOf(template: Template, rolePrefix: string): any[] {
  const attached = { Properties: { Roles: [{ Ref: Match.stringLikeRegexp(`^${rolePrefix}`) }] } };
  return ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy'].flatMap((t) => Object.values(template.findResources(t, attached)))
    .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}

function parameters(template: Template): Record<string, unknown> {
  return Object.fromEntries(Object.values(template.findResources('AWS::SSM::Parameter')).map((p: any) => [p.Properties.Name, p.Properties.Value]));
}

function expectSsmRead(template: Template, rolePrefix: string, path: string) {
  const read = statementsOf(template, rolePrefix).find((s) => JSON.stringify(s.Action).includes('ssm:GetParametersByPath'));
  expect(read.Action).toEqual(['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath']);
  const resources = JSON.stringify(read.Resource);
  expect(resources).toContain(`:parameter${path}"`);
  expect(resources).toContain(`:parameter${path}/*"`);
}

describe('EC2 instance', () => {
  test('ingress from its security group, secret read on its role, the contract in Parameter Store', () => {
    const { stack, vpc, cache } = setup();
    const instance = new ec2.Instance(stack, 'App', { vpc, instanceType, machineImage, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } });
    const target = CacheClientTarget.ec2Instance(instance);
    const env = cache.connect(target, { prefix: 'orders' });
    expect(target.parameterPath).toBe('/cdk-elasticache/Test/App');
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 6380, Description: 'Clients of Test/Cache', SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AppInstanceSecurityGroup'), 'GroupId'] },
    });
    const params = parameters(template);
    expect(Object.keys(params).sort()).toEqual(Object.keys(env).map((name) => `/cdk-elasticache/Test/App/${name}`).sort());
    expect(params['/cdk-elasticache/Test/App/ORDERS_CACHE_AUTH']).toBe('token');
    const statements = statementsOf(template, 'AppInstanceRole');
    expect(statements.some((s) => JSON.stringify(s.Action).includes('secretsmanager:GetSecretValue'))).toBe(true);
    expectSsmRead(template, 'AppInstanceRole', '/cdk-elasticache/Test/App');
  });

  test('parameterPath, two caches under one path with prefixes, connecting twice is harmless', () => {
    const { stack, vpc, cache } = setup();
    const other = new ReplicationGroup(stack, 'Other', { vpc, authentication: CacheAuthentication.iam() });
    const instance = new ec2.Instance(stack, 'App', { vpc, instanceType, machineImage, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } });
    cache.connect(CacheClientTarget.ec2Instance(instance, { parameterPath: '/shop/app' }), { prefix: 'orders' });
    cache.connect(CacheClientTarget.ec2Instance(instance, { parameterPath: '/shop/app' }), { prefix: 'orders' });
    other.connect(CacheClientTarget.ec2Instance(instance, { parameterPath: '/shop/app' }), { prefix: 'sessions' });
    const template = Template.fromStack(stack);
    const params = parameters(template);
    expect(params).toHaveProperty(['/shop/app/ORDERS_CACHE_ENDPOINT']);
    expect(params['/shop/app/SESSIONS_CACHE_AUTH']).toBe('iam');
    expect(statementsOf(template, 'AppInstanceRole').some((s) => s.Action === 'elasticache:Connect')).toBe(true);
    expect(() => cache.connect(CacheClientTarget.ec2Instance(instance, { parameterPath: '/shop/app' }))).not.toThrow();
  });

  test('an invalid parameterPath names the property and the SSM rule', () => {
    const { stack, vpc } = setup();
    const instance = new ec2.Instance(stack, 'App', { vpc, instanceType, machineImage, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } });
    expect(() => CacheClientTarget.ec2Instance(instance, { parameterPath: 'shop/app' })).toThrow(/parameterPath: 'shop\/app' is invalid: a parameter path starts with a slash/);
  });
});

describe('Auto Scaling group', () => {
  test('ingress from its security group, grants and Parameter Store read on its role', () => {
    const { stack, vpc, cache } = setup();
    const asg = new autoscaling.AutoScalingGroup(stack, 'Fleet', { vpc, instanceType, machineImage, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } });
    cache.connect(CacheClientTarget.autoScalingGroup(asg));
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 6380, SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FleetInstanceSecurityGroup'), 'GroupId'] },
    });
    expect(parameters(template)['/cdk-elasticache/Test/Fleet/CACHE_ENGINE']).toBe('valkey');
    expect(statementsOf(template, 'FleetInstanceRole').some((s) => JSON.stringify(s.Action).includes('secretsmanager:GetSecretValue'))).toBe(true);
    expectSsmRead(template, 'FleetInstanceRole', '/cdk-elasticache/Test/Fleet');
  });
});

describe('Elastic Beanstalk environment', () => {
  function beanstalk(stack: Stack, vpc: ec2.IVpc, optionSettings?: elasticbeanstalk.CfnEnvironment.OptionSettingProperty[]) {
    const securityGroup = new ec2.SecurityGroup(stack, 'WebSg', { vpc });
    const instanceRole = new iam.Role(stack, 'WebRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    const environment = new elasticbeanstalk.CfnEnvironment(stack, 'Web', {
      applicationName: 'shop', solutionStackName: '64bit Amazon Linux 2023 v6.5.0 running Node.js 22', optionSettings,
    });
    return { environment, securityGroup, instanceRole };
  }

  test('environment properties as option settings, ingress from its group, grants on its instance role', () => {
    const { stack, vpc, cache } = setup();
    const keep = { namespace: 'aws:autoscaling:asg', optionName: 'MinSize', value: '2' };
    const { environment, securityGroup, instanceRole } = beanstalk(stack, vpc, [keep]);
    const env = cache.connect(CacheClientTarget.beanstalkEnvironment(environment, { securityGroup, instanceRole }));
    const template = Template.fromStack(stack);
    const settings = Object.values(template.findResources('AWS::ElasticBeanstalk::Environment'))[0].Properties.OptionSettings;
    expect(settings).toContainEqual({ Namespace: 'aws:autoscaling:asg', OptionName: 'MinSize', Value: '2' });
    const properties = settings.filter((s: any) => s.Namespace === 'aws:elasticbeanstalk:application:environment');
    expect(properties.map((s: any) => s.OptionName).sort()).toEqual(Object.keys(env).sort());
    expect(properties).toContainEqual({ Namespace: 'aws:elasticbeanstalk:application:environment', OptionName: 'CACHE_AUTH', Value: 'token' });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 6380, SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WebSg'), 'GroupId'] },
    });
    expect(statementsOf(template, 'WebRole').some((s) => JSON.stringify(s.Action).includes('secretsmanager:GetSecretValue'))).toBe(true);
  });

  test('connecting twice writes each property once', () => {
    const { stack, vpc, cache } = setup();
    const { environment, securityGroup, instanceRole } = beanstalk(stack, vpc);
    cache.connect(CacheClientTarget.beanstalkEnvironment(environment, { securityGroup, instanceRole }));
    cache.connect(CacheClientTarget.beanstalkEnvironment(environment, { securityGroup, instanceRole }));
    const settings = (environment.optionSettings as any[]).filter((s) => s.optionName === 'CACHE_ENDPOINT');
    expect(settings).toHaveLength(1);
  });
});

describe('lambda (deprecated) and the VPC rule', () => {
  test('lambda is an alias of lambdaFunction', () => {
    const { stack, vpc, cache } = setup();
    const fn = new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('x'), vpc });
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    expect(cache.connect(CacheClientTarget.lambdaFunction(fn))).toEqual(cache.connectionValues());
  });

  test('a function in another VPC is an error naming the function, both VPCs and the rule', () => {
    const { stack, cache } = setup();
    const other = new ec2.Vpc(stack, 'OtherVpc', { natGateways: 0, subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const fn = new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('x'), vpc: other });
    expect(() => cache.connect(CacheClientTarget.lambdaFunction(fn))).toThrow(
      /vpc: 'Test\/OtherVpc' is invalid: the function 'Test\/Fn' is in the VPC 'Test\/OtherVpc' but the cache 'Test\/Cache' is in the VPC 'Test\/Vpc'; a cache is only reachable from its own VPC unless the VPCs are peered \(then connect with CacheClientTarget.custom\)/);
  });

  test('across stacks the same VPC passes, and custom() is the way out for a peered VPC', () => {
    const app = new App();
    const env = { account: '123456789012', region: 'us-east-1' };
    const data = new Stack(app, 'Data', { env });
    const vpc = new ec2.Vpc(data, 'Vpc', { natGateways: 0 });
    const cache = new ReplicationGroup(data, 'Cache', { vpc });
    const peered = new ec2.Vpc(data, 'Peered', { natGateways: 0 });
    const compute = new Stack(app, 'Compute', { env });
    const same = new lambda.Function(compute, 'Same', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('x'), vpc });
    const far = new lambda.Function(compute, 'Far', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('x'), vpc: peered });
    expect(() => cache.connect(CacheClientTarget.lambdaFunction(same))).not.toThrow();
    expect(() => cache.connect(CacheClientTarget.lambdaFunction(far))).toThrow(/the function 'Compute\/Far' is in the VPC 'Data\/Peered'/);
    expect(() => cache.connect(CacheClientTarget.custom({ connectable: far, grantee: far }))).not.toThrow();
    expect(() => app.synth()).not.toThrow();
  });

  test('an imported VPC with an unknown id is not guessed at', () => {
    const { stack, cache } = setup();
    const imported = ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
      vpcId: 'vpc-0123456789abcdef0', availabilityZones: ['us-east-1a'], isolatedSubnetIds: ['subnet-0123456789abcdef0'],
    });
    const fn = new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('x'), vpc: imported, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } });
    expect(() => cache.connect(CacheClientTarget.lambdaFunction(fn))).not.toThrow();
  });
});
