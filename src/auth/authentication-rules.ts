import { CacheAuthentication, CacheUserAuthType, CacheUserSpec, clientUsers } from './authentication';
import { accessStringRules, DOC_IAM, DOC_RBAC, NamedUser, uniqueMemberRules, userRules } from './user-rules';
import { CacheEngine } from '../common/engine';
import { RuleFailure } from '../common/validation';
import { CacheAuthMode } from '../connection/contract';

// The documents that state the rules below, beside user-rules.ts's.
const DOC_AUTH = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth.html';
// The service's error, where the user guide states no rule: "User group based access control requires
// encryption-in-transit to be enabled".
const ERR_RBAC_TLS = 'https://github.com/hashicorp/terraform-provider-aws/issues/42966';

/**
 * What a cache's authentication needs of the cache (TLS, the engine version) and of the users it
 * names, checked before any user is made, so one synth reports them all. Unresolved tokens are skipped.
 */
export function authenticationRules(engine: CacheEngine, auth: CacheAuthentication, transitEncryption: boolean): RuleFailure[] {
  const failures: RuleFailure[] = [];
  const add = (property: string, value: unknown, rule: string, source?: string) => failures.push({ property, value, rule, source });
  const specs = auth.rbacOptions?.users ?? [];
  const brought = auth.userGroupOptions ? clientUsers(auth.userGroupOptions.group) : [];
  const iamUsers = [...specs, ...brought].some((u) => u.authType === CacheUserAuthType.IAM);

  // "AuthToken can be specified only on replication groups where TransitEncryptionEnabled is true."
  if (auth.mode === CacheAuthMode.TOKEN && !transitEncryption) {
    add('transitEncryption', false, 'an AUTH token (authentication: token) needs transit encryption (TLS)', DOC_AUTH);
  }
  // "IAM authentication requires TLS." / "Redis OSS 7.0 or later, or Valkey"
  if ((auth.mode === CacheAuthMode.IAM || iamUsers) && !transitEncryption) {
    add('transitEncryption', false, 'IAM authentication needs transit encryption (TLS)', DOC_IAM);
  } else if (auth.mode === CacheAuthMode.PASSWORD && !transitEncryption) {
    add('transitEncryption', false, 'role-based access control (a user group) needs transit encryption (TLS)', ERR_RBAC_TLS);
  }
  if (auth.mode === CacheAuthMode.IAM && !engine.isAtLeastRedis('7.0')) {
    add('engine', `${engine}`, 'IAM authentication needs Valkey 7.2 or later, or Redis OSS 7.0 or later', DOC_IAM);
  } else if (iamUsers && !engine.isAtLeastRedis('7.0')) {
    add('engine', `${engine}`, 'IAM-authenticated users need Valkey 7.2 or later, or Redis OSS 7.0 or later', DOC_IAM);
  }

  if (auth.mode === CacheAuthMode.PASSWORD && !auth.userGroupOptions && specs.length === 0) {
    add('authentication.users', [], 'RBAC needs at least one user', DOC_RBAC);
  }
  const userEngine = engine.name === 'redis' ? 'redis' : 'valkey';
  const seen: NamedUser[] = [];
  for (const spec of specs) {
    // Given ids only: the derived ones are checked once the cache's users are made (CacheAuth).
    const user = { userName: spec.userName, userId: spec.userId };
    failures.push(...uniqueMemberRules(seen, user).map((f) => ({ ...f, property: 'authentication.users' })));
    seen.push(user);
    failures.push(...under('authentication.users[].', specRules(spec, userEngine)));
  }
  if (auth.mode === CacheAuthMode.IAM && auth.iamOptions && !auth.userGroupOptions) {
    const { userName, accessString } = auth.iamOptions;
    // Without a name, the user is named after the cache id, which is valid.
    const rules = userName !== undefined
      ? specRules({ userName, accessString, authType: CacheUserAuthType.IAM }, userEngine)
      : accessString !== undefined ? accessStringRules(accessString) : [];
    failures.push(...under('authentication.', rules));
  }

  const wanted = auth.userGroupOptions?.defaultUser;
  if (wanted !== undefined && !brought.some((u) => u.userName === wanted || u.userId === wanted)) {
    add('authentication.defaultUser', wanted,
      `the default user is one of the group's known users (${brought.map((u) => u.userName).join(', ') || 'none: import the group with its users'})`);
  }
  return failures;
}

/** The rules of one user; a password user's id derives from the cache id later, and is checked then. */
function specRules(spec: CacheUserSpec, engine: string): RuleFailure[] {
  const authType = spec.authType ?? CacheUserAuthType.PASSWORD;
  return userRules({
    userName: spec.userName,
    userId: spec.userId ?? (authType === CacheUserAuthType.IAM ? spec.userName : undefined),
    authType,
    accessString: spec.accessString,
    engine,
    userIdGiven: spec.userId !== undefined,
  });
}

/** Failures of a nested object, named by their path in the cache's props. */
function under(prefix: string, failures: RuleFailure[]): RuleFailure[] {
  return failures.map((f) => ({ ...f, property: `${prefix}${f.property}` }));
}
