import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import {
  CacheAuthentication, CacheAuthMode, CacheClientTarget, CacheUser, CacheUserAuthType, CacheUserEngine, CacheUserGroup, ReplicationGroup,
} from '../../src';
import { newStack } from '../helpers';

const RG = 'AWS::ElastiCache::ReplicationGroup';

function arn(resource: string, name: string) {
  return { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:elasticache:us-east-1:123456789012:${resource}:${name}`]] };
}

describe('CacheUser', () => {
  test('a password user: a generated password in a KMS-encrypted secret, never plain text', () => {
    const { stack } = newStack();
    const user = new CacheUser(stack, 'Reporting', { userName: 'reporting', userId: 'reporting-user', accessString: 'on ~reports:* +@read' });
    const template = Template.fromStack(stack);
    const secretId = Object.keys(template.findResources('AWS::SecretsManager::Secret'))[0];
    const keyId = Object.keys(template.findResources('AWS::KMS::Key'))[0];
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
      GenerateSecretString: Match.objectLike({ SecretStringTemplate: '{"username":"reporting"}', GenerateStringKey: 'password', PasswordLength: 64 }),
      Tags: [{ Key: 'cdk-elasticache:user-id', Value: 'reporting-user' }],
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::ElastiCache::User', {
      UserId: 'reporting-user',
      UserName: 'reporting',
      Engine: 'valkey',
      AccessString: 'on ~reports:* +@read',
      AuthenticationMode: {
        Type: 'password',
        Passwords: [{ 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretId }, ':SecretString:password::}}']] }],
      },
    });
    expect(user.authType).toBe(CacheUserAuthType.PASSWORD);
    expect(stack.resolve(user.userArn)).toEqual(arn('user', 'reporting-user'));
  });

  test('an IAM user: id = name, no secret, grantConnect on the user ARN', () => {
    const { stack } = newStack();
    const user = new CacheUser(stack, 'Worker', { userName: 'worker', authType: CacheUserAuthType.IAM, engine: CacheUserEngine.REDIS });
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    expect(user.grantConnect(role).success).toBe(true);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ElastiCache::User', { UserId: 'worker', UserName: 'worker', Engine: 'redis', AuthenticationMode: { Type: 'iam' } });
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{ Action: 'elasticache:Connect', Effect: 'Allow', Resource: arn('user', 'worker') }] },
    });
    expect(() => user.grantReadPassword(role)).toThrow(/grantReadPassword: user 'worker' \(Test\/Worker\) has no password secret \(authentication: iam\)/);
  });

  test('grantReadPassword grants the secret; grantConnect on a password user throws', () => {
    const { stack } = newStack();
    const user = new CacheUser(stack, 'App', { userName: 'app' });
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    user.grantReadPassword(role);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['secretsmanager:GetSecretValue']) })]) },
    });
    expect(() => user.grantConnect(role)).toThrow(/grantConnect: user 'app' .* signs in with password; elasticache:Connect only applies to IAM users/);
  });

  test('a default id for password users meets the id rules', () => {
    const { stack } = newStack();
    const user = new CacheUser(stack, 'My_App', { userName: 'app' });
    expect(user.userId).toMatch(/^[a-z][a-z0-9-]*$/);
  });

  test('a user no cache rotates is named in a warning', () => {
    const { stack } = newStack();
    new CacheUser(stack, 'App', { userName: 'app' });
    Annotations.fromStack(stack).hasWarning('/Test/App', Match.stringLikeRegexp('password of ElastiCache user app is not rotated'));
  });

  test('fromUserAttributes: an imported IAM user grants connect; fromUserId is a password user', () => {
    const { stack } = newStack();
    const imported = CacheUser.fromUserAttributes(stack, 'Imported', { userId: 'ops', authType: CacheUserAuthType.IAM });
    expect(imported.userName).toBe('ops');
    expect(stack.resolve(imported.userArn)).toEqual(arn('user', 'ops'));
    const byId = CacheUser.fromUserId(stack, 'ById', 'legacy');
    expect(byId.authType).toBe(CacheUserAuthType.PASSWORD);
    expect(byId.passwordSecret).toBeUndefined();
    Template.fromStack(stack).resourceCountIs('AWS::ElastiCache::User', 0);
  });

  const invalid: Array<[string, any, RegExp]> = [
    ['an id with _', { userName: 'app', userId: 'a_b' }, /userId: 'a_b' is invalid: a user id starts with a lower-case letter.*See https:\/\/docs\.aws\.amazon\.com\//],
    ['an IAM name in upper case', { userName: 'App', authType: CacheUserAuthType.IAM }, /userName: 'App' is invalid: .*lower-case/],
    ['an IAM id that differs from the name', { userName: 'app', userId: 'other', authType: CacheUserAuthType.IAM }, /userId: 'other' .*must equal its user name \('app'\)/],
    ['a name with a space', { userName: 'my app' }, /userName: 'my app' .*no spaces/],
    ['a name over 120', { userName: 'a'.repeat(121) }, /userName: 'a+…?' .*1 to 120 characters/],
    ['a password in the access string', { userName: 'app', accessString: 'on >secret ~* +@all' }, /accessString: .*cannot set passwords/],
    ['reset in the access string', { userName: 'app', accessString: 'reset on ~* +@all' }, /accessString: .*cannot use reset/],
    ['an empty access string', { userName: 'app', accessString: ' ' }, /accessString: ' ' .*not empty/],
    ['a Valkey user without a password', { userName: 'app', authType: CacheUserAuthType.NO_PASSWORD_REQUIRED }, /authType: 'no-password-required' .*Valkey user signs in with a password or IAM/],
    ['a name that is not a string (JavaScript)', { userName: 42 }, /userName: 42 is invalid: the user name is a string/],
    ['an access string that is not a string', { userName: 'app', accessString: 7 }, /accessString: 7 is invalid: the access string is a string/],
  ];
  test.each(invalid)('%s fails with the property, value, rule and source', (_name, props, message) => {
    const { stack } = newStack();
    expect(() => new CacheUser(stack, 'User', props)).toThrow(message);
  });

  test('all failures of one user are reported at once, with its path', () => {
    const { stack } = newStack();
    expect(() => new CacheUser(stack, 'User', { userName: 'my app', accessString: 'reset >pw' }))
      .toThrow(/CacheUser: 3 problems:[\s\S]*userName[\s\S]*accessString[\s\S]*accessString/);
  });
});

describe('CacheUserGroup', () => {
  test('holds its users and a switched-off default user, depends on the user resources only', () => {
    const { stack } = newStack();
    const app = new CacheUser(stack, 'App', { userName: 'app', userId: 'app' });
    const group = new CacheUserGroup(stack, 'Group', { userGroupId: 'shared', users: [app] });
    const template = Template.fromStack(stack);
    const [groupId, resource] = Object.entries(template.findResources('AWS::ElastiCache::UserGroup'))[0];
    expect(resource.Properties).toEqual({ Engine: 'valkey', UserGroupId: 'shared', UserIds: ['app', 'shared-default'] });
    const users = Object.keys(template.findResources('AWS::ElastiCache::User'));
    expect([...resource.DependsOn].sort()).toEqual([...users].sort());
    template.hasResourceProperties('AWS::ElastiCache::User', { UserName: 'default', UserId: 'shared-default', AccessString: 'off -@all' });
    expect(stack.resolve(group.userGroupId)).toEqual({ Ref: groupId });
    expect(group.users.map((u) => u.userName)).toEqual(['app', 'default']);
  });

  test('Redis OSS: the default user needs no password and has no secret', () => {
    const { stack } = newStack();
    new CacheUserGroup(stack, 'Group', { engine: CacheUserEngine.REDIS, users: [new CacheUser(stack, 'App', { userName: 'app', engine: CacheUserEngine.REDIS })] });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ElastiCache::User', { UserName: 'default', Engine: 'redis', AuthenticationMode: { Type: 'no-password-required' } });
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
  });

  test('addUser adds the user id and a dependency', () => {
    const { stack } = newStack();
    const group = new CacheUserGroup(stack, 'Group', { userGroupId: 'shared' });
    group.addUser(new CacheUser(stack, 'Late', { userName: 'late', userId: 'late' }));
    const resource = Object.values(Template.fromStack(stack).findResources('AWS::ElastiCache::UserGroup'))[0];
    expect(resource.Properties.UserIds).toEqual(['shared-default', 'late']);
    expect(resource.DependsOn).toHaveLength(2);
  });

  test('duplicate user ids are a clear error, also from addUser', () => {
    const { stack } = newStack();
    const a = new CacheUser(stack, 'A', { userName: 'a', userId: 'same' });
    const b = new CacheUser(stack, 'B', { userName: 'b', userId: 'same' });
    expect(() => new CacheUserGroup(stack, 'Group', { users: [a, b] }))
      .toThrow(/CacheUserGroup: users: 'same' is invalid: user ids in a user group are unique: two users have this id\. See https:\/\/docs\.aws\.amazon\.com\//);
    const group = new CacheUserGroup(stack, 'Other', { users: [a] });
    expect(() => group.addUser(b)).toThrow(/users: 'same' is invalid: user ids in a user group are unique/);
  });

  test.each<[string, any, RegExp]>([
    ['duplicate names', (s: any) => ({ users: [new CacheUser(s, 'A', { userName: 'app' }), new CacheUser(s, 'B', { userName: 'app' })] }), /users: 'app' is invalid: user names in a user group are unique/],
    ['a Valkey user in a Redis group', (s: any) => ({ engine: CacheUserEngine.REDIS, users: [new CacheUser(s, 'A', { userName: 'app' })] }), /Redis OSS user group only holds Redis OSS users/],
    ['a no-password user in a Valkey group', (s: any) => ({ users: [new CacheUser(s, 'A', { userName: 'app', engine: CacheUserEngine.REDIS, authType: CacheUserAuthType.NO_PASSWORD_REQUIRED })] }), /Valkey user group only holds users that sign in with a password or IAM/],
    ['a bad group id', () => ({ userGroupId: 'my_group' }), /userGroupId: 'my_group' is invalid: a user group id starts with a letter/],
  ])('%s fails', (_name, props, message) => {
    const { stack } = newStack();
    expect(() => new CacheUserGroup(stack, 'Group', props(stack))).toThrow(message);
  });

  test('imports: by id (no known users) and by attributes (with users)', () => {
    const { stack } = newStack();
    const byId = CacheUserGroup.fromUserGroupId(stack, 'ById', 'shared');
    expect(byId.users).toEqual([]);
    expect(stack.resolve(byId.userGroupArn)).toEqual(arn('usergroup', 'shared'));
    const app = CacheUser.fromUserAttributes(stack, 'App', { userId: 'app', passwordSecret: secretsmanager.Secret.fromSecretNameV2(stack, 'S', 'app-password') });
    expect(CacheUserGroup.fromUserGroupAttributes(stack, 'ByAttrs', { userGroupId: 'shared', users: [app] }).users).toEqual([app]);
  });
});

describe('bring your own user group', () => {
  function shared() {
    const { stack, vpc } = newStack();
    const app = new CacheUser(stack, 'App', { userName: 'app', userId: 'app' });
    const reporting = new CacheUser(stack, 'Reporting', { userName: 'reporting', userId: 'reporting', accessString: 'on ~reports:* +@read' });
    const worker = new CacheUser(stack, 'Worker', { userName: 'worker', authType: CacheUserAuthType.IAM });
    const group = new CacheUserGroup(stack, 'Group', { userGroupId: 'shared', users: [app, reporting, worker] });
    const orders = new ReplicationGroup(stack, 'Orders', { vpc, replicationGroupId: 'orders', authentication: CacheAuthentication.userGroup(group) });
    const reports = new ReplicationGroup(stack, 'Reports', { vpc, replicationGroupId: 'reports', authentication: CacheAuthentication.userGroup(group, { defaultUser: 'reporting' }) });
    return { stack, vpc, group, app, reporting, orders, reports };
  }

  test('both caches use the one group; no users or group are made for them', () => {
    const { stack } = shared();
    const template = Template.fromStack(stack);
    const groupId = Object.keys(template.findResources('AWS::ElastiCache::UserGroup'))[0];
    template.resourceCountIs('AWS::ElastiCache::UserGroup', 1);
    template.resourceCountIs('AWS::ElastiCache::User', 4);
    for (const rg of Object.values(template.findResources(RG))) {
      expect(rg.Properties.UserGroupIds).toEqual([{ Ref: groupId }]);
      expect(rg.Properties.AuthToken).toBeUndefined();
    }
  });

  test('the first cache rotates the group\'s passwords, once: one function, one schedule per secret', () => {
    const { stack, orders, reports } = shared();
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 3);
    expect(orders.userPasswordRotationFunction).toBeDefined();
    expect(reports.userPasswordRotationFunction).toBeUndefined();
  });

  test('the default user: the first password user, or the one named', () => {
    const { stack, orders, reports, app, reporting } = shared();
    expect(orders.authMode).toBe(CacheAuthMode.PASSWORD);
    expect(orders.authUserName).toBe('app');
    expect(stack.resolve(orders.authSecret!.secretArn)).toEqual(stack.resolve(app.passwordSecret!.secretArn));
    expect(reports.authUserName).toBe('reporting');
    expect(stack.resolve(reports.authSecret!.secretArn)).toEqual(stack.resolve(reporting.passwordSecret!.secretArn));
    expect(orders.iamUserIds).toEqual(['worker']);
  });

  test('connect(target, { user }) reads that user\'s secret, for any password user of the group', () => {
    const { stack, vpc, orders, reporting } = shared();
    const fn = new lambda.Function(stack, 'Fn', { vpc, runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => {};') });
    const env = orders.connect(CacheClientTarget.lambdaFunction(fn), { user: 'reporting', prefix: 'reports' });
    expect(env.REPORTS_CACHE_AUTH).toBe('password');
    expect(env.REPORTS_CACHE_USER).toBe('reporting');
    expect(stack.resolve(env.REPORTS_CACHE_AUTH_SECRET_ARN)).toEqual(stack.resolve(reporting.passwordSecret!.secretArn));
    const iamEnv = orders.connect(CacheClientTarget.lambdaFunction(fn), { user: 'worker', prefix: 'jobs' });
    expect(iamEnv.JOBS_CACHE_AUTH).toBe('iam');
    expect(() => orders.connect(CacheClientTarget.lambdaFunction(fn), { user: 'nobody', prefix: 'x' }))
      .toThrow(/user: 'nobody' is invalid: connect as one of the cache's users \(worker, app, reporting\)/);
  });

  test('an imported group with its users: connect() reads the named user\'s secret; nothing is rotated', () => {
    const { stack, vpc } = newStack();
    const secret = secretsmanager.Secret.fromSecretNameV2(stack, 'Secret', 'legacy-password');
    const legacy = CacheUser.fromUserAttributes(stack, 'Legacy', { userId: 'legacy', passwordSecret: secret });
    const group = CacheUserGroup.fromUserGroupAttributes(stack, 'Group', { userGroupId: 'existing', users: [legacy] });
    const cache = new ReplicationGroup(stack, 'Cache', { vpc, authentication: CacheAuthentication.userGroup(group) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties(RG, { UserGroupIds: ['existing'] });
    template.resourceCountIs('AWS::Lambda::Function', 0);
    expect(cache.authUserName).toBe('legacy');
    expect(cache.authSecret).toBe(secret);
  });
});
