import { Duration } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { ICacheUser } from './cache-user';
import type { CacheUserGroup, ICacheUserGroup } from './cache-user-group';
import { CacheAuthMode } from '../connection/contract';

/** Options for AUTH token authentication. */
export interface AuthTokenOptions {
  /**
   * An existing secret whose JSON holds the token under the key `token`.
   * @default - a generated 64-character token in a new secret
   */
  readonly secret?: secretsmanager.ISecret;
  /**
   * How often the token is rotated (ROTATE, then SET, so clients holding the old token keep working).
   * Only applies to the generated secret.
   * @default Duration.days(30)
   */
  readonly rotationInterval?: Duration;
  /**
   * Rotate the generated token on a schedule.
   * @default true
   */
  readonly rotation?: boolean;
  /**
   * Key that encrypts the generated secret.
   * @default - the replication group's encryption key
   */
  readonly encryptionKey?: kms.IKey;
}

/** How an RBAC user signs in. */
export enum CacheUserAuthType {
  /** A password generated into Secrets Manager. */
  PASSWORD = 'password',
  /** IAM authentication (Valkey 7.2+, Redis OSS 7.0+): the user name must equal the user id. */
  IAM = 'iam',
  /** No password (Redis OSS users only): for the switched-off `default` user a Redis OSS group needs. */
  NO_PASSWORD_REQUIRED = 'no-password-required',
}

/** An RBAC user of the cache. */
export interface CacheUserSpec {
  /** The user name clients sign in with. */
  readonly userName: string;
  /**
   * The user id: letters, digits and hyphens, starting with a letter. For IAM users it equals the user name.
   * @default - the user name for IAM users, else the user name with a suffix unique to the cache
   */
  readonly userId?: string;
  /**
   * How the user signs in.
   * @default CacheUserAuthType.PASSWORD
   */
  readonly authType?: CacheUserAuthType;
  /**
   * Redis ACL rules for the user, e.g. `on ~app:* +@read +@write`.
   * @default 'on ~* +@all -@dangerous'
   */
  readonly accessString?: string;
}

/** Options for RBAC (user group) authentication. */
export interface RbacOptions {
  /** The users; a disabled `default` user is added for Redis OSS, which requires one. */
  readonly users: CacheUserSpec[];
}

/** Options for IAM authentication. */
export interface IamAuthOptions {
  /**
   * The IAM-authenticated user's name (and id).
   * @default - derived from the replication group id
   */
  readonly userName?: string;
  /**
   * Redis ACL rules for the user.
   * @default 'on ~* +@all -@dangerous'
   */
  readonly accessString?: string;
}

/** Options for authentication by an existing user group. */
export interface UserGroupAuthOptions {
  /**
   * The user `connect()` signs clients in as when they name none (`connect(target, { user })` picks any other).
   * @default - the group's first password user, else its first IAM user
   */
  readonly defaultUser?: string;
}

/** How clients authenticate to a replication group. */
export class CacheAuthentication {
  /**
   * A Redis AUTH token, generated into Secrets Manager (never plain text in the template) and rotated.
   * Needs transit encryption.
   */
  public static authToken(options: AuthTokenOptions = {}): CacheAuthentication {
    return new CacheAuthentication(CacheAuthMode.TOKEN, options, undefined, undefined);
  }

  /** Role-based access control: ElastiCache users in a user group. Password users get generated secrets. */
  public static rbac(options: RbacOptions): CacheAuthentication {
    return new CacheAuthentication(CacheAuthMode.PASSWORD, undefined, options, undefined);
  }

  /** IAM authentication: clients sign a token with their IAM identity; grant it with `grantConnect`. */
  public static iam(options: IamAuthOptions = {}): CacheAuthentication {
    return new CacheAuthentication(CacheAuthMode.IAM, undefined, undefined, options);
  }

  /**
   * Role-based access control with a user group made elsewhere (a `CacheUserGroup`, or one imported
   * with its users), so several caches share one group. Clients sign in as its password users (their
   * secrets) or its IAM users; the cache rotates generated passwords no other cache rotates.
   */
  public static userGroup(group: ICacheUserGroup, options: UserGroupAuthOptions = {}): CacheAuthentication {
    const clients = clientUsers(group);
    const wanted = options.defaultUser;
    const named = wanted === undefined ? undefined : clients.find((u) => u.userName === wanted || u.userId === wanted);
    const first = named ?? clients.find((u) => u.passwordSecret !== undefined) ?? clients.find((u) => u.authType === CacheUserAuthType.IAM);
    // Only an IAM default user makes clients connect with IAM; a group without known users still holds passwords.
    const mode = first?.authType === CacheUserAuthType.IAM ? CacheAuthMode.IAM : CacheAuthMode.PASSWORD;
    return new CacheAuthentication(mode, undefined, undefined, undefined, { group, defaultUser: options.defaultUser });
  }

  /** No authentication: anyone who reaches the port can use the cache. Only when chosen explicitly. */
  public static none(): CacheAuthentication {
    return new CacheAuthentication(CacheAuthMode.NONE, undefined, undefined, undefined);
  }

  private constructor(
    /** The mode clients use, as the connection contract names it. */
    public readonly mode: CacheAuthMode,
    /** Options when the mode is TOKEN. */
    public readonly authTokenOptions: AuthTokenOptions | undefined,
    /** Options when the mode is PASSWORD (RBAC). */
    public readonly rbacOptions: RbacOptions | undefined,
    /** Options when the mode is IAM. */
    public readonly iamOptions: IamAuthOptions | undefined,
    /** The user group brought by `userGroup()`, and its options. */
    public readonly userGroupOptions?: UserGroupAuth,
  ) {}
}

/** A user group brought by {@link CacheAuthentication.userGroup}. */
export interface UserGroupAuth extends UserGroupAuthOptions {
  /** The group. */
  readonly group: ICacheUserGroup;
}

/** The users of a group clients connect as: all known users but the switched-off `default` a `CacheUserGroup` added. */
export function clientUsers(group: ICacheUserGroup): ICacheUser[] {
  const added = (group as Partial<CacheUserGroup>).defaultUser;
  return group.users.filter((u) => u !== added);
}
