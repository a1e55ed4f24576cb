import { ArnFormat, IResource, Lazy, Resource, Stack } from 'aws-cdk-lib';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { CacheUserAuthType } from './authentication';
import { CacheUser, CacheUserEngine, ICacheUser } from './cache-user';
import { CFN_USER_GROUP, memberRules } from './user-rules';
import { generateCacheId } from '../common/cache-id';
import { isResolved, RuleReport } from '../common/validation';

/** Access string of the `default` user a group adds: switched off, no keys, no commands. */
export const DISABLED_ACCESS_STRING = 'off -@all';
const DEFAULT_USER_NAME = 'default';

/** An ElastiCache user group, made here or imported. */
export interface ICacheUserGroup extends IResource {
  /** The user group id. @attribute */
  readonly userGroupId: string;
  /** The user group ARN. @attribute */
  readonly userGroupArn: string;
  /**
   * The engine, when known.
   * @default - not known (imported groups)
   */
  readonly engine?: CacheUserEngine;
  /** The users the group is known to hold: all of them when made here, those named at import otherwise. */
  readonly users: ICacheUser[];
}

/** Attributes to import a user group made elsewhere. */
export interface CacheUserGroupAttributes {
  /** The user group id. */
  readonly userGroupId: string;
  /**
   * The engine.
   * @default - not known
   */
  readonly engine?: CacheUserEngine;
  /**
   * Users of the group that clients connect as (their secrets, or their IAM ids).
   * @default - none known
   */
  readonly users?: ICacheUser[];
}

/** Properties of a {@link CacheUserGroup}. */
export interface CacheUserGroupProps {
  /**
   * The users. A switched-off `default` user is added unless one of them is named `default`
   * ("a user named default must be included" in every group).
   * @default - only the switched-off `default` user; add others with `addUser`
   */
  readonly users?: ICacheUser[];
  /**
   * The engine; a Valkey group also holds Redis OSS users that sign in with a password or IAM.
   * @default CacheUserEngine.VALKEY
   */
  readonly engine?: CacheUserEngine;
  /**
   * The user group id: a letter, then letters, digits and hyphens.
   * @default - an id unique to the construct path
   */
  readonly userGroupId?: string;
  /**
   * Id of the switched-off `default` user the group adds.
   * @default - the user group id with `-default`
   */
  readonly defaultUserId?: string;
  /**
   * Key that encrypts the password the added `default` user gets on Valkey (Valkey users need one).
   * @default - a new key with rotation enabled
   */
  readonly encryptionKey?: kms.IKey;
}

abstract class CacheUserGroupBase extends Resource implements ICacheUserGroup {
  public abstract readonly userGroupId: string;
  public abstract readonly engine?: CacheUserEngine;
  public abstract readonly users: ICacheUser[];

  public get userGroupArn(): string {
    return Stack.of(this).formatArn({
      service: 'elasticache', resource: 'usergroup', resourceName: this.userGroupId, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }
}

/**
 * ElastiCache users gathered into a user group, which attaches them to caches (role-based access
 * control). Several caches can share one group.
 *
 * @resource AWS::ElastiCache::UserGroup
 */
export class CacheUserGroup extends CacheUserGroupBase {
  /** Import a user group by id; connect() then needs users named in `fromUserGroupAttributes`. */
  public static fromUserGroupId(scope: Construct, id: string, userGroupId: string): ICacheUserGroup {
    return CacheUserGroup.fromUserGroupAttributes(scope, id, { userGroupId });
  }

  /** Import a user group made elsewhere, with the users clients connect as. */
  public static fromUserGroupAttributes(scope: Construct, id: string, attrs: CacheUserGroupAttributes): ICacheUserGroup {
    class Import extends CacheUserGroupBase {
      public readonly userGroupId = attrs.userGroupId;
      public readonly engine = attrs.engine;
      public readonly users = [...attrs.users ?? []];
    }
    return new Import(scope, id);
  }

  public readonly userGroupId: string;
  public readonly engine?: CacheUserEngine;
  /** The switched-off `default` user the group added, if it added one. */
  public readonly defaultUser?: CacheUser;
  /** The L1 resource. */
  public readonly resource: elasticache.CfnUserGroup;
  private readonly members: ICacheUser[] = [];

  constructor(scope: Construct, id: string, props: CacheUserGroupProps = {}) {
    super(scope, id);
    this.engine = props.engine ?? CacheUserEngine.VALKEY;
    // Known at synth time, to name the default user; the public id is the resource's Ref (an implicit dependency).
    const userGroupId = props.userGroupId ?? generateCacheId(this);
    const users = props.users ?? [];

    const report = new RuleReport();
    if (!Array.isArray(users)) {
      report.fail('users', users, 'users is a list of ICacheUser', CFN_USER_GROUP);
      report.throwIfAny(this, 'CacheUserGroup');
    }
    // UserGroupId: "Pattern: [a-zA-Z][a-zA-Z0-9\\-]*" (CloudFormation AWS::ElastiCache::UserGroup).
    if (isResolved(userGroupId) && (typeof userGroupId !== 'string' || !/^[a-zA-Z][a-zA-Z0-9-]*$/.test(userGroupId))) {
      report.fail('userGroupId', userGroupId, 'a user group id starts with a letter and holds only letters, digits and hyphens', CFN_USER_GROUP);
    }
    for (const user of users) report.addAll(this.admit(user));
    report.throwIfAny(this, 'CacheUserGroup');

    if (!users.some((u) => u.userName === DEFAULT_USER_NAME)) {
      // Valkey users sign in with a password or IAM, so only Redis OSS gets a password-less default.
      const redis = this.engine === CacheUserEngine.REDIS;
      this.defaultUser = new CacheUser(this, 'User-default', {
        userName: DEFAULT_USER_NAME,
        userId: props.defaultUserId ?? `${userGroupId}-default`,
        engine: this.engine,
        authType: redis ? CacheUserAuthType.NO_PASSWORD_REQUIRED : CacheUserAuthType.PASSWORD,
        accessString: DISABLED_ACCESS_STRING,
        encryptionKey: props.encryptionKey,
      });
      this.members.push(this.defaultUser);
    }

    this.resource = new elasticache.CfnUserGroup(this, 'Resource', {
      engine: this.engine,
      userGroupId,
      userIds: Lazy.list({ produce: () => this.members.map((u) => u.userId) }),
    });
    this.userGroupId = this.resource.ref;
    // The group names its users by plain id, so CloudFormation needs the order spelled out.
    for (const user of this.members) this.dependOn(user);
  }

  /** Every user of the group, the added `default` user included. */
  public get users(): ICacheUser[] {
    return [...this.members];
  }

  /** Adds a user; throws when its id or name is already in the group. */
  public addUser(user: ICacheUser): void {
    const report = new RuleReport();
    report.addAll(this.admit(user));
    report.throwIfAny(this, 'CacheUserGroup');
    this.dependOn(user);
  }

  private dependOn(user: ICacheUser): void {
    // The user resource only: its secret and key need not exist before the group.
    this.resource.node.addDependency(user instanceof CacheUser ? user.resource : user);
  }

  /** Checks a user against the group and, when it fits, makes it a member. */
  private admit(user: ICacheUser) {
    const facts = (u: ICacheUser) => ({ userName: u.userName, userId: u.userId, engine: u.engine, authType: u.authType });
    const failures = memberRules(this.engine ?? CacheUserEngine.VALKEY, this.members.map(facts), facts(user));
    if (failures.length === 0) this.members.push(user);
    return failures;
  }
}
