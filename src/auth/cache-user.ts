import { Annotations, ArnFormat, Duration, IResource, Names, RemovalPolicy, Resource, Stack, Tags } from 'aws-cdk-lib';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, IConstruct } from 'constructs';
import { CacheUserAuthType } from './authentication';
import { rotationIntervalFailures } from './rotation/rotation-interval';
import { userRules } from './user-rules';
import { generateCacheId } from '../common/cache-id';
import { RuleReport } from '../common/validation';

/** Access string of users that do not set one: everything but the commands that can break a cache. */
export const DEFAULT_ACCESS_STRING = 'on ~* +@all -@dangerous';
/** The JSON keys of a password user's secret. */
export const USER_SECRET_USERNAME_KEY = 'username';
export const USER_SECRET_PASSWORD_KEY = 'password';
/** Tag naming the ElastiCache user a generated secret belongs to, read by the rotation function. */
export const USER_ID_TAG = 'cdk-elasticache:user-id';

/** The engine of an ElastiCache user or user group. */
export enum CacheUserEngine {
  /** Valkey. */
  VALKEY = 'valkey',
  /** Redis OSS. */
  REDIS = 'redis',
}

/** An ElastiCache (Valkey / Redis OSS) user, made here or imported. */
export interface ICacheUser extends IResource {
  /** The user id. @attribute */
  readonly userId: string;
  /** The name clients sign in with. */
  readonly userName: string;
  /** The user ARN. @attribute */
  readonly userArn: string;
  /** How the user signs in. */
  readonly authType: CacheUserAuthType;
  /**
   * The engine, when known.
   * @default - not known (imported users)
   */
  readonly engine?: CacheUserEngine;
  /** The secret with the password (JSON keys `username`, `password`) of a password user, if known. */
  readonly passwordSecret?: secretsmanager.ISecret;

  /** Grants `elasticache:Connect` as this user (IAM users only). */
  grantConnect(grantee: iam.IGrantable): iam.Grant;
  /** Grants reading the password secret (password users with a known secret only). */
  grantReadPassword(grantee: iam.IGrantable): iam.Grant;
}

/** Attributes to import an ElastiCache user made elsewhere. */
export interface CacheUserAttributes {
  /** The user id. */
  readonly userId: string;
  /**
   * The name clients sign in with.
   * @default - the user id
   */
  readonly userName?: string;
  /**
   * How the user signs in.
   * @default CacheUserAuthType.PASSWORD
   */
  readonly authType?: CacheUserAuthType;
  /**
   * The engine.
   * @default - not known
   */
  readonly engine?: CacheUserEngine;
  /**
   * The secret with the password (JSON keys `username`, `password`).
   * @default - none: clients bring the password
   */
  readonly passwordSecret?: secretsmanager.ISecret;
}

/** Properties of a {@link CacheUser}. */
export interface CacheUserProps {
  /** The name clients sign in with (`AUTH <userName> <password>`). */
  readonly userName: string;
  /**
   * The user id: a lower-case letter, then lower-case letters, digits and hyphens. An IAM user's id equals its name.
   * @default - the user name for IAM users, else an id unique to the construct path
   */
  readonly userId?: string;
  /**
   * How the user signs in.
   * @default CacheUserAuthType.PASSWORD
   */
  readonly authType?: CacheUserAuthType;
  /**
   * The engine.
   * @default CacheUserEngine.VALKEY
   */
  readonly engine?: CacheUserEngine;
  /**
   * Redis ACL rules for the user, e.g. `on ~app:* +@read +@write`.
   * @default 'on ~* +@all -@dangerous'
   */
  readonly accessString?: string;
  /**
   * Key that encrypts the generated password secret.
   * @default - a new key with rotation enabled
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Rotate the generated password on a schedule. The cache that uses the user's group runs the
   * rotation (it knows the VPC and the endpoint); ElastiCache keeps the old password valid beside
   * the new one until clients read the new one.
   * @default true
   */
  readonly rotation?: boolean;
  /**
   * How often the generated password is rotated.
   * @default Duration.days(30)
   */
  readonly rotationInterval?: Duration;
}

abstract class CacheUserBase extends Resource implements ICacheUser {
  public abstract readonly userId: string;
  public abstract readonly userName: string;
  public abstract readonly authType: CacheUserAuthType;
  public abstract readonly engine?: CacheUserEngine;
  public abstract readonly passwordSecret?: secretsmanager.ISecret;

  public get userArn(): string {
    return Stack.of(this).formatArn({ service: 'elasticache', resource: 'user', resourceName: this.userId, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  }

  public grantConnect(grantee: iam.IGrantable): iam.Grant {
    if (this.authType !== CacheUserAuthType.IAM) {
      throw new Error(`grantConnect: user '${this.userName}' (${this.node.path}) signs in with ${this.authType}; elasticache:Connect only applies to IAM users`);
    }
    return iam.Grant.addToPrincipal({ grantee, actions: ['elasticache:Connect'], resourceArns: [this.userArn] });
  }

  public grantReadPassword(grantee: iam.IGrantable): iam.Grant {
    if (!this.passwordSecret) {
      throw new Error(`grantReadPassword: user '${this.userName}' (${this.node.path}) has no password secret (authentication: ${this.authType})`);
    }
    return this.passwordSecret.grantRead(grantee);
  }
}

/**
 * An ElastiCache user for Valkey / Redis OSS role-based access control: a password user whose
 * password is generated into a KMS-encrypted Secrets Manager secret (never plain text in the
 * template) and rotated, or an IAM-authenticated user.
 *
 * @resource AWS::ElastiCache::User
 */
export class CacheUser extends CacheUserBase {
  /** Import a user made elsewhere. */
  public static fromUserAttributes(scope: Construct, id: string, attrs: CacheUserAttributes): ICacheUser {
    class Import extends CacheUserBase {
      public readonly userId = attrs.userId;
      public readonly userName = attrs.userName ?? attrs.userId;
      public readonly authType = attrs.authType ?? CacheUserAuthType.PASSWORD;
      public readonly engine = attrs.engine;
      public readonly passwordSecret = attrs.passwordSecret;
    }
    return new Import(scope, id);
  }

  /** Import a user by id (a password user whose password clients bring). */
  public static fromUserId(scope: Construct, id: string, userId: string): ICacheUser {
    return CacheUser.fromUserAttributes(scope, id, { userId });
  }

  public readonly userId: string;
  public readonly userName: string;
  public readonly authType: CacheUserAuthType;
  public readonly engine?: CacheUserEngine;
  public readonly passwordSecret?: secretsmanager.ISecret;
  /** The access string. */
  public readonly accessString: string;
  /** How often the generated password is rotated; undefined when it is not rotated or not generated. */
  public readonly rotationInterval?: Duration;
  /** The key of the generated password secret, if any. */
  public readonly encryptionKey?: kms.IKey;
  /** The L1 resource. */
  public readonly resource: elasticache.CfnUser;
  private rotatedBy?: IConstruct;

  constructor(scope: Construct, id: string, props: CacheUserProps) {
    super(scope, id);
    this.authType = props.authType ?? CacheUserAuthType.PASSWORD;
    this.engine = props.engine ?? CacheUserEngine.VALKEY;
    this.userName = props.userName;
    this.userId = props.userId ?? (this.authType === CacheUserAuthType.IAM ? props.userName : generateCacheId(this));
    this.accessString = props.accessString ?? DEFAULT_ACCESS_STRING;

    const report = new RuleReport();
    report.addAll(userRules({
      userName: this.userName,
      userId: this.userId,
      authType: this.authType,
      accessString: this.accessString,
      engine: this.engine,
      userIdGiven: props.userId !== undefined,
    }));
    report.addAll(rotationIntervalFailures('rotationInterval', props.rotationInterval));
    report.throwIfAny(this, 'CacheUser');

    // AuthenticationMode is untyped JSON in the L1, so it takes CloudFormation's own key names.
    let authenticationMode: Record<string, unknown> = { Type: this.authType };
    if (this.authType === CacheUserAuthType.PASSWORD) {
      this.encryptionKey = props.encryptionKey ?? new kms.Key(this, 'Key', {
        description: `Encrypts the password of ElastiCache user ${this.userName} (${this.node.path})`,
        enableKeyRotation: true,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      const secret = new secretsmanager.Secret(this, 'Password', {
        description: `Password of ElastiCache user ${this.userName} (${Names.uniqueId(this)})`,
        encryptionKey: this.encryptionKey,
        generateSecretString: {
          secretStringTemplate: Stack.of(this).toJsonString({ [USER_SECRET_USERNAME_KEY]: this.userName }),
          generateStringKey: USER_SECRET_PASSWORD_KEY,
          // Alphanumerics are valid in every ElastiCache password; 64 characters is well inside 16-128.
          passwordLength: 64,
          excludePunctuation: true,
          includeSpace: false,
        },
      });
      // The rotation function learns from the secret which user to modify.
      Tags.of(secret).add(USER_ID_TAG, this.userId);
      this.passwordSecret = secret;
      if (props.rotation ?? true) this.rotationInterval = props.rotationInterval ?? Duration.days(30);
      authenticationMode = { Type: 'password', Passwords: [secret.secretValueFromJson(USER_SECRET_PASSWORD_KEY).unsafeUnwrap()] };
    }
    this.resource = new elasticache.CfnUser(this, 'Resource', {
      engine: this.engine,
      userId: this.userId,
      userName: this.userName,
      accessString: this.accessString,
      authenticationMode,
    });
    this.node.addValidation({
      validate: () => {
        if (this.rotationInterval && !this.rotatedBy) {
          Annotations.of(this).addWarningV2('cdk-elasticache:user-password-not-rotated',
            `The password of ElastiCache user ${this.userName} is not rotated: no cache uses a user group that holds it. `
            + 'Use the group in a cache (the cache runs the rotation), or set rotation: false.');
        }
        return [];
      },
    });
  }

  /**
   * Claims the rotation of the generated password for `cache` (the first cache that uses the
   * user's group): a secret has one rotation schedule. False when there is nothing to rotate or another cache rotates it.
   * @internal
   */
  public _claimRotation(cache: IConstruct): boolean {
    if (!this.rotationInterval || this.rotatedBy) return false;
    this.rotatedBy = cache;
    return true;
  }
}
