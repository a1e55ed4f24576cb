import { Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, IConstruct, IDependable } from 'constructs';
import { AuthTokenSecret } from './auth-token';
import { CacheAuthentication, CacheUserAuthType, CacheUserSpec, clientUsers } from './authentication';
import { CacheUser, CacheUserEngine, ICacheUser } from './cache-user';
import { CacheUserGroup, ICacheUserGroup } from './cache-user-group';
import { rotateAuthToken, RotatedReplicationGroup } from './rotation/auth-token-rotation';
import { rotateUserPasswords } from './rotation/user-password-rotation';
import { memberRules } from './user-rules';
import { CacheEngine } from '../common/engine';
import { RuleReport } from '../common/validation';
import { CacheAuthMode } from '../connection/contract';

/** What a cache's authentication is made from. */
export interface CacheAuthProps {
  readonly authentication: CacheAuthentication;
  readonly engine: CacheEngine;
  /** The cache id (lower case): the prefix of the ids of the users and the group made for the cache. */
  readonly cacheId: string;
  /** Key of the generated secrets (the cache's key). */
  readonly encryptionKey?: kms.IKey;
  readonly transitEncryption: boolean;
  /** What the cache is, for the AUTH token secret's description: 'replication group'. */
  readonly kind: string;
}

/** What a password rotation needs of the cache: ingress for the AUTH that tests a new password. */
export type RotatedCache = ec2.IConnectable;

/** Where the rotation functions run and what they wait for. */
export interface CacheAuthRotationProps {
  /** The cache; a replication group when its authentication is an AUTH token (only replication groups take one). */
  readonly cache: RotatedCache | RotatedReplicationGroup;
  /** The cache resource: the first rotation waits for it. */
  readonly after: IDependable;
  readonly vpc: ec2.IVpc;
  readonly cacheSubnets: ec2.SelectedSubnets;
  /** The key of the AUTH token secret. */
  readonly encryptionKey: kms.IKey;
}

/**
 * A cache's authentication: the AUTH token secret, or the user group (made for the cache or brought)
 * and the users clients sign in as, and the rotation of what was generated. The constructs are made
 * in the cache's scope, under the ids the cache always used.
 */
export class CacheAuth {
  public readonly mode: CacheAuthMode;
  public readonly authToken?: AuthTokenSecret;
  public readonly userGroup?: ICacheUserGroup;
  /** The users clients may sign in as with a password (each with its secret), by name. */
  public readonly passwordUsers: ICacheUser[] = [];
  /** The user ids clients may sign in as with IAM. */
  public readonly iamUserIds: string[] = [];
  /** The user clients sign in as when they name none (RBAC and IAM). */
  public readonly defaultUser?: ICacheUser;
  /** The secret clients read when they name no user: the AUTH token, or the default user's password. */
  public readonly secret?: secretsmanager.ISecret;
  private readonly props: CacheAuthProps;
  private readonly madeGroup?: CacheUserGroup;

  constructor(private readonly scope: Construct, props: CacheAuthProps) {
    this.props = props;
    const auth = props.authentication;
    this.mode = auth.mode;
    if (auth.mode === CacheAuthMode.TOKEN) {
      this.authToken = new AuthTokenSecret(scope, 'AuthToken', {
        ...auth.authTokenOptions,
        defaultKey: props.encryptionKey!,
        description: `AUTH token of ElastiCache ${props.kind} ${props.cacheId}`,
      });
      this.secret = this.authToken.secret;
      return;
    }
    if (auth.mode === CacheAuthMode.NONE) return;

    const brought = auth.userGroupOptions;
    // The rules of the authentication and its users (authentication-rules.ts) ran in the cache's validation.
    if (brought) {
      this.userGroup = brought.group;
    } else {
      this.madeGroup = this.makeGroup(auth.rbacOptions?.users ?? [iamUser(props.cacheId, auth)]);
      this.userGroup = this.madeGroup;
    }
    const clients = clientUsers(this.userGroup);
    this.passwordUsers.push(...clients.filter((u) => u.passwordSecret !== undefined));
    this.iamUserIds.push(...clients.filter((u) => u.authType === CacheUserAuthType.IAM).map((u) => u.userId));
    const wanted = brought?.defaultUser;
    this.defaultUser = wanted !== undefined
      ? clients.find((u) => u.userName === wanted || u.userId === wanted)
      // The first password user's secret: never the switched-off `default` user the group adds.
      : this.passwordUsers[0] ?? clients.find((u) => u.authType === CacheUserAuthType.IAM);
    if (this.defaultUser?.authType !== CacheUserAuthType.IAM) this.secret = this.defaultUser?.passwordSecret;
  }

  /**
   * Rotates what was generated: the AUTH token, and the passwords of the group's users that no
   * other cache rotates yet (a secret has one schedule).
   */
  public addRotation(props: CacheAuthRotationProps): lambda.IFunction | undefined {
    const auth = this.props.authentication;
    if (this.authToken) {
      if (!this.authToken.generated || !(auth.authTokenOptions?.rotation ?? true)) return undefined;
      return rotateAuthToken(this.scope, {
        secret: this.authToken.secret as secretsmanager.Secret,
        replicationGroup: props.cache as RotatedReplicationGroup,
        replicationGroupId: this.props.cacheId,
        after: props.after,
        vpc: props.vpc,
        cacheSubnets: props.cacheSubnets,
        interval: this.authToken.rotationInterval,
        encryptionKey: props.encryptionKey,
      });
    }
    if (!this.userGroup) return undefined;
    const users = this.userGroup.users.filter((u): u is CacheUser => u instanceof CacheUser && u._claimRotation(this.scope));
    if (users.length === 0) return undefined;
    return rotateUserPasswords(this.scope, {
      users,
      cache: {
        connections: props.cache.connections,
        cacheId: this.props.cacheId,
        kind: this.props.kind === 'serverless cache' ? 'serverless-cache' : 'replication-group',
      },
      after: props.after,
      vpc: props.vpc,
      cacheSubnets: props.cacheSubnets,
    });
  }

  /**
   * cdk-nag's AwsSolutions-AEC6 only looks for an AuthToken, and ElastiCache refuses one beside a
   * user group, so a cache that authenticates with users acknowledges that finding, saying why.
   */
  public acknowledgeUserAuthentication(resource: IConstruct): void {
    if (!this.userGroup) return;
    Validations.of(resource).acknowledge({
      id: 'AwsSolutions-AEC6',
      reason: 'RBAC: every connection authenticates as a user of the user group. ElastiCache rejects an AUTH token beside a user group '
        + '("InvalidParameterCombination: User group can\'t be associated with auth token enabled", '
        + 'https://github.com/hashicorp/terraform-provider-aws/issues/39546), and AEC6 only checks AuthToken.',
    });
  }

  /** Users from specs, and the group that holds them with a switched-off `default` user. */
  private makeGroup(specs: CacheUserSpec[]): CacheUserGroup {
    const { cacheId, engine, encryptionKey } = this.props;
    // The duplicates first: two users of one name would also collide as constructs.
    const report = new RuleReport();
    const seen: Array<{ userName: string; userId: string; authType: CacheUserAuthType }> = [];
    for (const spec of specs) {
      const facts = { userName: spec.userName, userId: userIdOf(cacheId, spec), authType: spec.authType ?? CacheUserAuthType.PASSWORD };
      const failures = memberRules(engine.name, seen, facts).map((f) => ({ ...f, property: 'authentication.users' }));
      report.addAll(failures);
      if (failures.length === 0) seen.push(facts);
    }
    report.throwIfAny(this.scope, 'authentication');

    const userEngine = engine.name === 'redis' ? CacheUserEngine.REDIS : CacheUserEngine.VALKEY;
    const users = specs.map((spec) => new CacheUser(this.scope, `User-${spec.userName}`, {
      userName: spec.userName,
      userId: userIdOf(cacheId, spec),
      authType: spec.authType,
      engine: userEngine,
      accessString: spec.accessString,
      encryptionKey,
    }));
    return new CacheUserGroup(this.scope, 'Users', {
      engine: userEngine,
      userGroupId: `${cacheId}-users`,
      defaultUserId: `${cacheId}-default`,
      users,
      encryptionKey,
    });
  }
}

function userIdOf(cacheId: string, spec: CacheUserSpec): string {
  return spec.userId ?? (spec.authType === CacheUserAuthType.IAM ? spec.userName : `${cacheId}-${spec.userName}`.toLowerCase());
}

function iamUser(cacheId: string, auth: CacheAuthentication): CacheUserSpec {
  return {
    userName: auth.iamOptions?.userName ?? `${cacheId}-iam`,
    authType: CacheUserAuthType.IAM,
    accessString: auth.iamOptions?.accessString,
  };
}
