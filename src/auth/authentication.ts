import { Duration } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
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
  ) {}
}
