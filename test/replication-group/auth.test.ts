import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import {
  CacheAuthentication, CacheAuthMode, CacheEngine, CacheUserAuthType, ReplicationGroup, ReplicationGroupProps,
} from '../../src';
import { newStack } from '../helpers';

const RG = 'AWS::ElastiCache::ReplicationGroup';

function synth(props: Omit<ReplicationGroupProps, 'vpc'> = {}) {
  const { stack, vpc } = newStack();
  const cache = new ReplicationGroup(stack, 'Cache', { vpc, replicationGroupId: 'orders', ...props });
  return { stack, vpc, cache };
}

function onlyId(template: Template, type: string, props?: any, only?: RegExp): string {
  // The alarms' topic and key, and the rotation function's key and dead letters, are the stack's shared ones, not the cache's own.
  const ids = Object.keys(template.findResources(type, props ? { Properties: props } : undefined))
    .filter((id) => (only ? only.test(id) : !/Monitoring|CacheAlarmTopic|Rotation[0-9A-F]{8}(Key|DeadLetters)/.test(id)));
  expect(ids).toHaveLength(1);
  return ids[0];
}

function rgProps(template: Template): Record<string, any> {
  return Object.values(template.findResources(RG))[0].Properties;
}

/** The ARN CDK formats for an ElastiCache resource of this stack (account and region are concrete). */
function arn(resource: string, name: unknown) {
  return {
    'Fn::Join': ['', typeof name === 'string'
      ? ['arn:', { Ref: 'AWS::Partition' }, `:elasticache:us-east-1:123456789012:${resource}:${name}`]
      : ['arn:', { Ref: 'AWS::Partition' }, `:elasticache:us-east-1:123456789012:${resource}:`, name]],
  };
}

describe('default AUTH token with rotation', () => {
  const { stack, cache } = synth();
  const template = Template.fromStack(stack);
  const secretId = onlyId(template, 'AWS::SecretsManager::Secret');
  const keyId = onlyId(template, 'AWS::KMS::Key');
  const rgId = onlyId(template, RG);
  const fnId = onlyId(template, 'AWS::Lambda::Function');
  const fn = template.findResources('AWS::Lambda::Function')[fnId];
  const roleRef = fn.Properties.Role['Fn::GetAtt'][0];
  const rotationSg = fn.Properties.VpcConfig.SecurityGroupIds[0]['Fn::GetAtt'][0];
  const cacheSg = rgProps(template).SecurityGroupIds[0]['Fn::GetAtt'][0];

  test('the secret generates the token under the key "token", encrypted with the cache key', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ GenerateStringKey: 'token', SecretStringTemplate: '{}' }),
      KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
    expect(cache.authMode).toBe(CacheAuthMode.TOKEN);
    expect(stack.resolve(cache.authSecret!.secretArn)).toEqual({ Ref: secretId });
  });

  test('AuthToken is a dynamic reference to the secret\'s token', () => {
    expect(rgProps(template).AuthToken).toEqual({
      'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretId }, ':SecretString:token::}}']],
    });
    template.hasResourceProperties(RG, { UserGroupIds: Match.absent() });
  });

  test('the rotation schedule calls the rotation function, every 30 days, after the replication group exists', () => {
    template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 1);
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      SecretId: { Ref: secretId },
      RotationLambdaARN: { 'Fn::GetAtt': [fnId, 'Arn'] },
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
    });
    template.hasResource('AWS::SecretsManager::RotationSchedule', { DependsOn: Match.arrayWith([rgId]) });
    expect(stack.resolve(cache.authTokenRotationFunction!.functionArn)).toEqual({ 'Fn::GetAtt': [fnId, 'Arn'] });
  });

  test('one function serves every cache of the stack: the secret\'s tag names the group, the environment names no cache', () => {
    const secret = template.findResources('AWS::SecretsManager::Secret')[secretId];
    expect(secret.Properties.Tags).toEqual(expect.arrayContaining([
      { Key: 'cdk-elasticache:replication-group-id', Value: rgProps(template).ReplicationGroupId },
    ]));
    expect(Object.keys(fn.Properties.Environment.Variables)).toEqual(['AWS_NODEJS_CONNECTION_REUSE_ENABLED']);
  });

  test('no inline policies: the role only has customer managed policies', () => {
    template.resourceCountIs('AWS::IAM::Policy', 0);
    const role = template.findResources('AWS::IAM::Role')[roleRef];
    expect(role.Properties.Policies).toBeUndefined();
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    const attached = template.findResources('AWS::IAM::ManagedPolicy', { Properties: { Roles: Match.arrayWith([{ Ref: roleRef }]) } });
    // The function's logging and dead letters, its network interfaces, and the grants of the caches it rotates.
    expect(Object.keys(attached)).toHaveLength(3);
  });

  test('the managed policies name the secret, the key, the replication group ARN and the log group', () => {
    const attached = template.findResources('AWS::IAM::ManagedPolicy', { Properties: { Roles: Match.arrayWith([{ Ref: roleRef }]) } });
    const statements = Object.values(attached).flatMap((p) => p.Properties.PolicyDocument.Statement);
    const resourcesOf = (action: string) => statements
      .filter((s: any) => [s.Action].flat().includes(action))
      .map((s: any) => s.Resource);
    expect(resourcesOf('secretsmanager:PutSecretValue')).toEqual([{ Ref: secretId }]);
    expect(resourcesOf('secretsmanager:GetSecretValue')).toEqual([{ Ref: secretId }]);
    expect(resourcesOf('secretsmanager:UpdateSecretVersionStage')).toEqual([{ Ref: secretId }]);
    // The function's own key (logs, dead letters), then the cache's key (the secret).
    const functionKey = onlyId(template, 'AWS::KMS::Key', undefined, /Rotation[0-9A-F]{8}Key/);
    expect(resourcesOf('kms:Decrypt')).toEqual([{ 'Fn::GetAtt': [functionKey, 'Arn'] }, { 'Fn::GetAtt': [keyId, 'Arn'] }]);
    expect(resourcesOf('elasticache:ModifyReplicationGroup')).toEqual([arn('replicationgroup', { Ref: rgId })]);
    const logGroup = fn.Properties.LoggingConfig.LogGroup.Ref;
    expect(resourcesOf('logs:PutLogEvents')).toEqual([{ 'Fn::GetAtt': [logGroup, 'Arn'] }]);
    expect(template.findResources('AWS::Logs::LogGroup')[logGroup]).toBeDefined();
    // Only EC2's network-interface actions may use "*".
    const wildcard = statements.filter((s: any) => s.Resource === '*').flatMap((s: any) => [s.Action].flat());
    expect(wildcard.every((a: string) => /^ec2:.*NetworkInterface/.test(a) || /^ec2:.*PrivateIpAddresses$/.test(a))).toBe(true);
  });

  test('no secretsmanager:GetRandomPassword anywhere', () => {
    expect(JSON.stringify(template.toJSON())).not.toContain('GetRandomPassword');
  });

  test('the function runs in the VPC with reserved concurrency 1 and a dead letter topic', () => {
    const topic = onlyId(template, 'AWS::SNS::Topic', undefined, /DeadLetters/);
    // One run per cache it serves: here one.
    expect(fn.Properties.ReservedConcurrentExecutions).toBe(1);
    expect(fn.Properties.DeadLetterConfig).toEqual({ TargetArn: { Ref: topic } });
    expect(fn.Properties.VpcConfig.SubnetIds).toHaveLength(3);
    for (const subnet of fn.Properties.VpcConfig.SubnetIds) expect(subnet.Ref).toMatch(/^VpcisolatedSubnet/);
    expect(rotationSg).not.toBe(cacheSg);
  });

  test('the cache security group only gets ingress on the cache port from the function\'s security group', () => {
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'));
    expect(ingress).toHaveLength(1);
    expect(ingress[0].Properties).toEqual(expect.objectContaining({
      GroupId: { 'Fn::GetAtt': [cacheSg, 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [rotationSg, 'GroupId'] },
      IpProtocol: 'tcp',
      FromPort: 6380,
      ToPort: 6380,
    }));
    const sg = template.findResources('AWS::EC2::SecurityGroup')[cacheSg];
    expect(sg.Properties.SecurityGroupIngress).toBeUndefined();
  });
});

describe('AUTH token options', () => {
  test('rotation: false → no rotation schedule and no function', () => {
    const { stack, cache } = synth({ authentication: CacheAuthentication.authToken({ rotation: false }) });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 0);
    template.resourceCountIs('AWS::Lambda::Function', 0);
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
    expect(cache.authTokenRotationFunction).toBeUndefined();
    expect(rgProps(template).AuthToken).toBeDefined();
  });

  test('an existing secret: AuthToken references it and nothing is generated or rotated', () => {
    const { stack, vpc } = newStack();
    const secretArn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-token-AbCdEf';
    const existing = secretsmanager.Secret.fromSecretCompleteArn(stack, 'Existing', secretArn);
    const cache = new ReplicationGroup(stack, 'Cache', { vpc, authentication: CacheAuthentication.authToken({ secret: existing }) });
    const template = Template.fromStack(stack);
    expect(rgProps(template).AuthToken).toBe(`{{resolve:secretsmanager:${secretArn}:SecretString:token::}}`);
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 0);
    template.resourceCountIs('AWS::Lambda::Function', 0);
    expect(cache.authSecret).toBe(existing);
  });

  test('rotationInterval 7 days → rate(7 days)', () => {
    const { stack } = synth({ authentication: CacheAuthentication.authToken({ rotationInterval: Duration.days(7) }) });
    Template.fromStack(stack).hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      RotationRules: { ScheduleExpression: 'rate(7 days)' },
    });
  });
});

describe('RBAC', () => {
  const users = [{ userName: 'app' }, { userName: 'app-iam', authType: CacheUserAuthType.IAM }];

  describe('Valkey with a password user and an IAM user', () => {
    const { stack, cache } = synth({ authentication: CacheAuthentication.rbac({ users }) });
    const template = Template.fromStack(stack);
    const allUsers = template.findResources('AWS::ElastiCache::User');
    const byName = (name: string) => Object.entries(allUsers).find(([, u]) => u.Properties.UserName === name)!;

    test('three users: the two asked for and a default', () => {
      expect(Object.values(allUsers).map((u) => u.Properties.UserName).sort()).toEqual(['app', 'app-iam', 'default']);
      for (const u of Object.values(allUsers)) expect(u.Properties.Engine).toBe('valkey');
    });

    test('the password user\'s password is a dynamic reference to a generated secret', () => {
      const [, app] = byName('app');
      expect(app.Properties.UserId).toBe('orders-app');
      expect(app.Properties.AccessString).toBe('on ~* +@all -@dangerous');
      const mode = app.Properties.AuthenticationMode;
      expect(mode.Type).toBe('password');
      expect(mode.Passwords).toHaveLength(1);
      const [prefix, ref, suffix] = mode.Passwords[0]['Fn::Join'][1];
      expect(prefix).toBe('{{resolve:secretsmanager:');
      expect(suffix).toBe(':SecretString:password::}}');
      const secret = template.findResources('AWS::SecretsManager::Secret')[ref.Ref];
      expect(secret.Properties.GenerateSecretString).toEqual(expect.objectContaining({
        GenerateStringKey: 'password', SecretStringTemplate: '{"username":"app"}',
      }));
      expect(secret.Properties.SecretString).toBeUndefined();
      expect(stack.resolve(cache.authSecret!.secretArn)).toEqual(ref);
    });

    test('no plain-text password anywhere in the users', () => {
      for (const u of Object.values(allUsers)) {
        for (const p of u.Properties.AuthenticationMode.Passwords ?? []) expect(typeof p).not.toBe('string');
      }
    });

    test('the IAM user: Type iam, UserId equals UserName', () => {
      const [, user] = byName('app-iam');
      expect(user.Properties.AuthenticationMode).toEqual({ Type: 'iam' });
      expect(user.Properties.UserId).toBe(user.Properties.UserName);
      expect(cache.iamUserIds).toEqual(['app-iam']);
    });

    test('a default user switched off, with a generated password (Valkey)', () => {
      const [, def] = byName('default');
      expect(def.Properties.AccessString).toBe('off -@all');
      expect(def.Properties.UserId).toBe('orders-default');
      expect(def.Properties.AuthenticationMode.Type).toBe('password');
      expect(def.Properties.AuthenticationMode.Passwords[0]['Fn::Join'][1][0]).toBe('{{resolve:secretsmanager:');
    });

    test('the user group holds every user and depends on them', () => {
      const groupId = onlyId(template, 'AWS::ElastiCache::UserGroup');
      const group = template.findResources('AWS::ElastiCache::UserGroup')[groupId];
      expect(group.Properties.Engine).toBe('valkey');
      expect(group.Properties.UserGroupId).toBe('orders-users');
      expect([...group.Properties.UserIds].sort()).toEqual(['app-iam', 'orders-app', 'orders-default']);
      expect([...group.DependsOn].sort()).toEqual(Object.keys(allUsers).sort());
    });

    test('the replication group uses the user group and no AUTH token', () => {
      const groupId = onlyId(template, 'AWS::ElastiCache::UserGroup');
      template.hasResourceProperties(RG, { UserGroupIds: [{ Ref: groupId }], AuthToken: Match.absent() });
      expect(cache.authMode).toBe(CacheAuthMode.PASSWORD);
    });

    test('one function rotates both generated passwords (app and default), each every 30 days once the cache exists', () => {
      const rgId = onlyId(template, RG);
      const fnId = onlyId(template, 'AWS::Lambda::Function');
      const secrets = Object.keys(template.findResources('AWS::SecretsManager::Secret'));
      expect(secrets).toHaveLength(2);
      const schedules = Object.values(template.findResources('AWS::SecretsManager::RotationSchedule'));
      expect(schedules.map((s) => s.Properties.SecretId.Ref).sort()).toEqual([...secrets].sort());
      for (const schedule of schedules) {
        expect(schedule.Properties.RotationLambdaARN).toEqual({ 'Fn::GetAtt': [fnId, 'Arn'] });
        expect(schedule.Properties.RotationRules).toEqual({ ScheduleExpression: 'rate(30 days)' });
        expect(schedule.DependsOn).toEqual(expect.arrayContaining([rgId]));
      }
      expect(stack.resolve(cache.userPasswordRotationFunction!.functionArn)).toEqual({ 'Fn::GetAtt': [fnId, 'Arn'] });
      expect(cache.authTokenRotationFunction).toBeUndefined();
    });

    test('each secret is tagged with its user id, which the function modifies', () => {
      const tags = Object.values(template.findResources('AWS::SecretsManager::Secret'))
        .map((s) => s.Properties.Tags.find((t: any) => t.Key === 'cdk-elasticache:user-id').Value).sort();
      expect(tags).toEqual(['orders-app', 'orders-default']);
      const statements = Object.values(template.findResources('AWS::IAM::ManagedPolicy'))
        .flatMap((p) => p.Properties.PolicyDocument.Statement);
      const modify = statements.find((st: any) => [st.Action].flat().includes('elasticache:ModifyUser'));
      expect([modify.Action].flat().sort()).toEqual(['elasticache:DescribeUsers', 'elasticache:ModifyUser']);
      expect(modify.Resource).toEqual([arn('user', 'orders-app'), arn('user', 'orders-default')]);
    });

    test('the function AUTHs against the cache endpoint over TLS', () => {
      const rgId = onlyId(template, RG);
      const fn = Object.values(template.findResources('AWS::Lambda::Function'))[0];
      // testSecret AUTHs on the cache the secrets' tag names, at the endpoint ElastiCache reports of it.
      const secrets = Object.values(template.findResources('AWS::SecretsManager::Secret'))
        .filter((secret: any) => secret.Properties.Tags?.some((t: any) => t.Key === 'cdk-elasticache:user-id'));
      expect(secrets.length).toBeGreaterThan(0);
      for (const secret of secrets) {
        expect(secret.Properties.Tags).toContainEqual({ Key: 'cdk-elasticache:rotation-cache', Value: `replication-group:${rgProps(template).ReplicationGroupId}` });
      }
      expect(rgId).toBeDefined();
      expect(fn.Properties.Handler).toBe('index.handler');
      expect(fn.Properties.Description).toBe('Rotates the AUTH tokens and user passwords of the ElastiCache caches of stack Test in VPC Test/Vpc');
    });
  });

  test('Redis OSS 7.1: the default user needs no password (and has no secret)', () => {
    const { stack } = synth({ engine: CacheEngine.REDIS_7_1, authentication: CacheAuthentication.rbac({ users }) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ElastiCache::User', {
      UserName: 'default',
      Engine: 'redis',
      AccessString: 'off -@all',
      AuthenticationMode: { Type: 'no-password-required' },
    });
    template.hasResourceProperties('AWS::ElastiCache::UserGroup', { Engine: 'redis' });
    // Only the password user has a secret.
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
  });

  test('a user named default replaces the generated one', () => {
    const { stack } = synth({ authentication: CacheAuthentication.rbac({ users: [{ userName: 'default', userId: 'orders-def' }] }) });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ElastiCache::User', 1);
    template.hasResourceProperties('AWS::ElastiCache::User', { UserName: 'default', UserId: 'orders-def', AccessString: 'on ~* +@all -@dangerous' });
  });

  test('access strings pass through', () => {
    const { stack } = synth({ authentication: CacheAuthentication.rbac({ users: [{ userName: 'reader', accessString: 'on ~app:* +@read' }] }) });
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::User', { UserName: 'reader', AccessString: 'on ~app:* +@read' });
  });
});

describe('IAM authentication', () => {
  test('iam(): an IAM user named after the group id', () => {
    const { stack, cache } = synth({ authentication: CacheAuthentication.iam() });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ElastiCache::User', {
      UserName: 'orders-iam',
      UserId: 'orders-iam',
      AuthenticationMode: { Type: 'iam' },
      AccessString: 'on ~* +@all -@dangerous',
    });
    template.hasResourceProperties('AWS::ElastiCache::UserGroup', { UserIds: Match.arrayWith(['orders-iam']) });
    template.hasResourceProperties(RG, { AuthToken: Match.absent(), UserGroupIds: [{ Ref: Match.anyValue() }] });
    expect(cache.authMode).toBe(CacheAuthMode.IAM);
    expect(cache.iamUserIds).toEqual(['orders-iam']);
  });

  test('an upper-case replicationGroupId is lower-cased, as ElastiCache stores it, in the group and its users', () => {
    const { stack, cache } = synth({ replicationGroupId: 'Orders', authentication: CacheAuthentication.iam() });
    const template = Template.fromStack(stack);
    template.hasResourceProperties(RG, { ReplicationGroupId: 'orders' });
    template.hasResourceProperties('AWS::ElastiCache::User', { UserId: 'orders-iam', UserName: 'orders-iam' });
    template.hasResourceProperties('AWS::ElastiCache::UserGroup', { UserGroupId: 'orders-users' });
    expect(cache.iamUserIds).toEqual(['orders-iam']);
    expect(cache.memberClusterIds[0]).toBe('orders-0001-001');
  });

  test('iam() on Valkey: no auth secret (the switched-off default user\'s password is not one)', () => {
    const { cache } = synth({ engine: CacheEngine.VALKEY_8_2, authentication: CacheAuthentication.iam() });
    expect(cache.authSecret).toBeUndefined();
    expect(() => cache.grantReadAuthSecret(new iam.AnyPrincipal())).toThrow(/authSecret: undefined is invalid: the replication group 'Test\/Cache' has no AUTH token or password secret \(authentication: iam\)/);
  });

  test('grantConnect works for RBAC groups that hold an IAM user beside password users', () => {
    const { stack, cache } = synth({
      authentication: CacheAuthentication.rbac({
        users: [{ userName: 'app' }, { userName: 'worker', authType: CacheUserAuthType.IAM }],
      }),
    });
    const role = new iam.Role(stack, 'App', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    cache.grantConnect(role);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [Match.objectLike({ Action: 'elasticache:Connect', Resource: Match.arrayWith([arn('user', 'worker')]) })] },
    });
  });

  test('iam({ userName, accessString })', () => {
    const { stack, cache } = synth({ authentication: CacheAuthentication.iam({ userName: 'worker', accessString: 'on ~jobs:* +@all' }) });
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::User', {
      UserName: 'worker', UserId: 'worker', AccessString: 'on ~jobs:* +@all', AuthenticationMode: { Type: 'iam' },
    });
    expect(cache.iamUserIds).toEqual(['worker']);
  });

  test('grantConnect: elasticache:Connect on the replication group and the user', () => {
    const { stack, cache } = synth({ authentication: CacheAuthentication.iam() });
    const role = new iam.Role(stack, 'App', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    cache.grantConnect(role);
    const template = Template.fromStack(stack);
    const rgId = onlyId(template, RG);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^App') }],
      PolicyDocument: {
        Statement: [{
          Action: 'elasticache:Connect',
          Effect: 'Allow',
          Resource: [arn('replicationgroup', { Ref: rgId }), arn('user', 'orders-iam')],
        }],
      },
    });
  });

  test('grantConnect on an AUTH token group throws, naming the auth mode', () => {
    const { stack, cache } = synth();
    const role = new iam.Role(stack, 'App', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    expect(() => cache.grantConnect(role)).toThrow(/grantConnect: the replication group 'Test\/Cache' has no IAM-authenticated user \(authentication: token\)/);
  });

  test('grantConnect without authentication throws, naming the auth mode', () => {
    const { stack, cache } = synth({ authentication: CacheAuthentication.none(), transitEncryption: false });
    const role = new iam.Role(stack, 'App', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    expect(() => cache.grantConnect(role)).toThrow(/authentication: none/);
  });
});

describe('grantReadAuthSecret', () => {
  test('grants secretsmanager:GetSecretValue on the AUTH token secret', () => {
    const { stack, cache } = synth();
    const role = new iam.Role(stack, 'App', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    expect(cache.grantReadAuthSecret(role)).toBeDefined();
    const template = Template.fromStack(stack);
    const secretId = onlyId(template, 'AWS::SecretsManager::Secret');
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^App') }],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: Match.arrayWith(['secretsmanager:GetSecretValue']),
          Effect: 'Allow',
          Resource: { Ref: secretId },
        })]),
      },
    });
  });

  test('grants the password user\'s secret under RBAC', () => {
    const { stack, cache } = synth({ authentication: CacheAuthentication.rbac({ users: [{ userName: 'app' }] }) });
    const role = new iam.Role(stack, 'App', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    cache.grantReadAuthSecret(role);
    const template = Template.fromStack(stack);
    const appSecret = onlyId(template, 'AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ SecretStringTemplate: '{"username":"app"}' }),
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: Match.arrayWith(['secretsmanager:GetSecretValue']),
          Resource: { Ref: appSecret },
        })]),
      },
    });
  });

  test('no secret: an error naming authSecret, and no grant', () => {
    const { stack, cache } = synth({ authentication: CacheAuthentication.none(), transitEncryption: false });
    const role = new iam.Role(stack, 'App', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    expect(() => cache.grantReadAuthSecret(role)).toThrow(/authSecret: undefined is invalid: .*\(authentication: none\)/);
    Template.fromStack(stack).resourceCountIs('AWS::IAM::Policy', 0);
  });
});
