import {
  CacheAuthentication, CacheEngine, CacheUser, CacheUserAuthType, CacheUserGroup, ReplicationGroup, ReplicationGroupProps,
} from '../../src';
import { newStack } from '../helpers';

// What a cache's authentication needs (src/auth/authentication-rules.ts), through the one cache that takes it.
// The rules of one user and of a group's members are tested with CacheUser and CacheUserGroup (cache-user.test.ts).
type Props = Omit<ReplicationGroupProps, 'vpc'>;
const rbac = (...users: Array<{ userName: string; userId?: string; authType?: CacheUserAuthType; accessString?: string }>) =>
  CacheAuthentication.rbac({ users });

function build(props: Props | ((stack: any) => Props)) {
  const { stack, vpc } = newStack();
  return new ReplicationGroup(stack, 'Cache', { vpc, ...(typeof props === 'function' ? props(stack) : props) });
}

/** A group made elsewhere, with a password user and an IAM user. */
const sharedGroup = (stack: any) => new CacheUserGroup(stack, 'Group', {
  users: [new CacheUser(stack, 'App', { userName: 'app' }), new CacheUser(stack, 'Worker', { userName: 'worker', authType: CacheUserAuthType.IAM })],
});

// Each case: the property, its bad value and the rule must all be in the message.
const invalid: Array<[string, Props | ((stack: any) => Props), RegExp]> = [
  ['AUTH token without TLS', { transitEncryption: false }, /transitEncryption: false .*an AUTH token .*needs transit encryption/],
  ['IAM without TLS', { transitEncryption: false, authentication: CacheAuthentication.iam() }, /transitEncryption: false .*IAM authentication needs transit encryption/],
  ['RBAC without TLS', { transitEncryption: false, authentication: rbac({ userName: 'app' }) }, /transitEncryption: false .*role-based access control .*needs transit encryption/],
  ['an IAM user without TLS', { transitEncryption: false, authentication: rbac({ userName: 'app', authType: CacheUserAuthType.IAM }) },
    /transitEncryption: false .*IAM authentication needs transit encryption/],
  ['a brought group with IAM users without TLS', (s) => ({ transitEncryption: false, authentication: CacheAuthentication.userGroup(sharedGroup(s)) }),
    /transitEncryption: false is invalid: IAM authentication needs transit encryption/],
  ['IAM auth on Redis 6.2', { engine: CacheEngine.REDIS_6_2, authentication: CacheAuthentication.iam() },
    /engine: 'redis 6.2' .*IAM authentication needs Valkey 7.2 or later, or Redis OSS 7.0/],
  ['an IAM user on Redis 6.2', { engine: CacheEngine.REDIS_6_2, authentication: rbac({ userName: 'app', authType: CacheUserAuthType.IAM }) },
    /engine: 'redis 6.2' .*IAM-authenticated users need/],
  ['a brought group with IAM users on Redis 6.2', (s) => ({ engine: CacheEngine.REDIS_6_2, authentication: CacheAuthentication.userGroup(sharedGroup(s)) }),
    /engine: 'redis 6.2' .*IAM-authenticated users need/],
  ['RBAC without users', { authentication: CacheAuthentication.rbac({ users: [] }) }, /authentication.users: \[\] .*at least one user/],
  ['duplicate user names', { authentication: rbac({ userName: 'app' }, { userName: 'app' }) }, /authentication.users: 'app' .*user names in a user group are unique/],
  ['duplicate user ids', { authentication: rbac({ userName: 'a', userId: 'app' }, { userName: 'b', userId: 'app' }) },
    /authentication.users: 'app' .*user ids in a user group are unique/],
  ['an unknown default user of a brought group', (s) => ({ authentication: CacheAuthentication.userGroup(sharedGroup(s), { defaultUser: 'ghost' }) }),
    /authentication.defaultUser: 'ghost' is invalid: the default user is one of the group's known users \(app, worker\)/],
];

describe('invalid authentication fails at synth time', () => {
  test.each(invalid)('%s', (_name, props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  test('every error but the default user\'s names its source document', () => {
    for (const [name, props] of invalid) {
      if (name.includes('default user')) continue;
      expect(() => build(props)).toThrow(/\. See https:\/\/(docs\.aws\.amazon\.com|github\.com)\//);
    }
  });

  test('the rules of each user are CacheUser\'s, named under authentication.users[], in the cache\'s one report', () => {
    const users = rbac(
      { userName: 'my app', accessString: 'on >secret ~* +@all' },
      { userName: 'App', authType: CacheUserAuthType.IAM },
      { userName: 'ops', userId: 'other', authType: CacheUserAuthType.IAM },
    );
    expect(() => build({ authentication: users })).toThrow(new RegExp([
      /ReplicationGroup: 4 problems:/,
      /authentication.users\[\].userName: 'my app' is invalid: a user name has no spaces/,
      /authentication.users\[\].accessString: 'on >secret ~\* \+@all' is invalid: an access string cannot set passwords/,
      /authentication.users\[\].userName: 'App' is invalid: a user id starts with a lower-case letter/,
      /authentication.users\[\].userId: 'other' is invalid: an IAM-authenticated user's id must equal its user name \('ops'\)/,
    ].map((r) => r.source).join('[\\s\\S]*')));
  });

  test('iam({ userName, accessString }) is checked as the IAM user it makes', () => {
    expect(() => build({ authentication: CacheAuthentication.iam({ userName: 'Ops' }) }))
      .toThrow(/authentication.userName: 'Ops' is invalid: a user id starts with a lower-case letter/);
    expect(() => build({ authentication: CacheAuthentication.iam({ accessString: 'reset on ~* +@all' }) }))
      .toThrow(/authentication.accessString: 'reset on ~\* \+@all' is invalid: an access string cannot use reset/);
  });
});

describe('valid authentication passes', () => {
  test.each<[string, Props | ((stack: any) => Props)]>([
    ['IAM on Valkey 7.2', { engine: CacheEngine.VALKEY_7_2, authentication: CacheAuthentication.iam() }],
    ['IAM on Redis 7.0', { engine: CacheEngine.REDIS_7_0, authentication: CacheAuthentication.iam() }],
    ['no auth without TLS when chosen', { transitEncryption: false, authentication: CacheAuthentication.none() }],
    ['a password user whose id derives from the cache id', { authentication: rbac({ userName: 'app' }, { userName: 'ops', userId: 'ops' }) }],
    ['a brought group and its named default user', (s) => ({ authentication: CacheAuthentication.userGroup(sharedGroup(s), { defaultUser: 'worker' }) })],
  ])('%s', (_name, props) => {
    expect(() => build(props)).not.toThrow();
  });
});
