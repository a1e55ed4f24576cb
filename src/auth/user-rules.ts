import { Token } from 'aws-cdk-lib';
import { CacheUserAuthType } from './authentication';
import { isResolved, RuleFailure } from '../common/validation';

// The documents that state the rules below.
export const CFN_USER = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-elasticache-user.html';
export const CFN_USER_GROUP = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-elasticache-usergroup.html';
export const DOC_RBAC = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.RBAC.html';
export const DOC_IAM = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth-iam.html';

/** What the rules need to know of one user. */
export interface UserFacts {
  readonly userName: string;
  /** Undefined while it is still to be derived from the cache id (a password user of a cache's own group). */
  readonly userId?: string;
  readonly authType: CacheUserAuthType;
  /** Undefined for the default, which is valid. */
  readonly accessString?: string;
  readonly engine: string;
  /** Whether the id was given (an IAM user's id must then equal its name). */
  readonly userIdGiven: boolean;
}

/** Every rule ElastiCache states for one user; unresolved tokens are skipped. */
export function userRules(u: UserFacts): RuleFailure[] {
  const failures: RuleFailure[] = [];
  const add = (property: string, value: unknown, rule: string, source: string) => failures.push({ property, value, rule, source });

  // JavaScript and JSON callers can pass anything: name it rather than fail with a TypeError.
  if (typeof u.userName !== 'string') {
    add('userName', u.userName, 'the user name is a string', CFN_USER);
  } else if (isResolved(u.userName)) {
    if (u.userName.length < 1 || u.userName.length > 120) add('userName', u.userName, 'a user name is 1 to 120 characters', CFN_USER);
    if (/\s/.test(u.userName)) add('userName', u.userName, 'a user name has no spaces', CFN_USER);
  }
  // UserId: "Pattern: [a-z][a-z0-9\\-]*" (CloudFormation AWS::ElastiCache::User).
  if (typeof u.userId === 'string' && isResolved(u.userId) && !/^[a-z][a-z0-9-]*$/.test(u.userId)) {
    add(u.authType === CacheUserAuthType.IAM && !u.userIdGiven ? 'userName' : 'userId', u.userId,
      'a user id starts with a lower-case letter and holds only lower-case letters, digits and hyphens', CFN_USER);
  }
  if (u.authType === CacheUserAuthType.IAM) {
    // "For IAM-enabled ElastiCache users, the user name and user ID properties must be identical."
    if (u.userIdGiven && !Token.isUnresolved(u.userId) && !Token.isUnresolved(u.userName) && u.userId !== u.userName) {
      add('userId', u.userId, `an IAM-authenticated user's id must equal its user name ('${u.userName}')`, DOC_IAM);
    }
  }
  // "A user group configured for engine VALKEY can only contain users using an authentication mechanism (password or IAM)."
  if (u.authType === CacheUserAuthType.NO_PASSWORD_REQUIRED && u.engine === 'valkey') {
    add('authType', u.authType, 'a Valkey user signs in with a password or IAM; only Redis OSS users can need no password', DOC_RBAC);
  }
  if (u.accessString !== undefined) failures.push(...accessStringRules(u.accessString));
  return failures;
}

/** "You can't specify passwords in an access string" / "You cannot use reset"; it is not blank. */
export function accessStringRules(access: string): RuleFailure[] {
  const property = 'accessString';
  if (typeof access !== 'string') return [{ property, value: access, rule: 'the access string is a string', source: CFN_USER }];
  if (!isResolved(access)) return [];
  if (access.trim() === '') return [{ property, value: access, rule: 'the access string is not empty', source: CFN_USER }];
  const failures: RuleFailure[] = [];
  const words = access.trim().split(/\s+/);
  if (words.some((w) => w.startsWith('>') || w.startsWith('#') || w.startsWith('<') || w.startsWith('!'))) {
    failures.push({ property, value: access, rule: 'an access string cannot set passwords (>pass, #hash); ElastiCache sets them from the user', source: DOC_RBAC });
  }
  if (words.some((w) => ['reset', 'nopass', 'resetpass'].includes(w.toLowerCase()))) {
    failures.push({ property, value: access, rule: 'an access string cannot use reset, resetpass or nopass', source: DOC_RBAC });
  }
  return failures;
}

/** What the group rules need to know of a member. */
export interface MemberFacts {
  readonly userName: string;
  readonly userId: string;
  /** Undefined for imported users whose engine is not known. */
  readonly engine?: string;
  readonly authType: CacheUserAuthType;
}

/** A user by name, and by id once it is known. */
export type NamedUser = Pick<MemberFacts, 'userName'> & { readonly userId?: string };

/** Rules for adding `user` to a group of `engine` that already holds `members`. */
export function memberRules(engine: string, members: readonly MemberFacts[], user: MemberFacts): RuleFailure[] {
  return [...uniqueMemberRules(members, user), ...memberEngineRules(engine, user)];
}

/** A group's users have distinct ids and names; a user whose id is not known yet is only checked by name. */
export function uniqueMemberRules(members: readonly NamedUser[], user: NamedUser): RuleFailure[] {
  const failures: RuleFailure[] = [];
  if (user.userId !== undefined && isResolved(user.userId) && members.some((m) => m.userId === user.userId)) {
    failures.push({ property: 'users', value: user.userId, rule: 'user ids in a user group are unique: two users have this id', source: CFN_USER_GROUP });
  }
  if (isResolved(user.userName) && members.some((m) => m.userName === user.userName)) {
    failures.push({ property: 'users', value: user.userName, rule: 'user names in a user group are unique: two users have this name', source: DOC_RBAC });
  }
  return failures;
}

/** Which users a group of `engine` can hold. */
function memberEngineRules(engine: string, user: MemberFacts): RuleFailure[] {
  const failures: RuleFailure[] = [];
  if (engine === 'valkey' && user.authType === CacheUserAuthType.NO_PASSWORD_REQUIRED) {
    failures.push({
      property: 'users',
      value: user.userId,
      rule: 'a Valkey user group only holds users that sign in with a password or IAM, not a no-password-required user',
      source: DOC_RBAC,
    });
  }
  // "Redis" groups hold Redis users only; a Valkey group also takes Redis users that use a password or IAM.
  if (engine === 'redis' && user.engine === 'valkey') {
    failures.push({ property: 'users', value: user.userId, rule: 'a Redis OSS user group only holds Redis OSS users, not Valkey users', source: DOC_RBAC });
  }
  return failures;
}
