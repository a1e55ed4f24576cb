import { Names, Stack } from 'aws-cdk-lib';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { CacheUserAuthType, CacheUserSpec } from './authentication';
import { CacheEngine } from '../common/engine';

/** Access string of users that do not set one: everything but the commands that can break a cache. */
export const DEFAULT_ACCESS_STRING = 'on ~* +@all -@dangerous';
/** Access string of the `default` user the group adds: switched off, no keys, no commands. */
const DISABLED_ACCESS_STRING = 'off -@all';

/** Properties of a {@link CacheUserGroup}. */
export interface CacheUserGroupProps {
  readonly engine: CacheEngine;
  readonly users: CacheUserSpec[];
  /** Prefix for the ids of the group and its users (the replication group id). */
  readonly idPrefix: string;
  readonly encryptionKey: kms.IKey;
}

/** An ElastiCache user made by a {@link CacheUserGroup}. */
export interface CacheUserResource {
  readonly spec: CacheUserSpec;
  readonly userId: string;
  readonly resource: elasticache.CfnUser;
  /** The generated password secret of a password user (JSON keys `username`, `password`). */
  readonly secret?: secretsmanager.ISecret;
  /** True for the switched-off `default` user the group adds because ElastiCache requires one. */
  readonly addedDefault?: boolean;
}

/** ElastiCache users and the user group that attaches them to a replication group (RBAC). */
export class CacheUserGroup extends Construct {
  public readonly userGroup: elasticache.CfnUserGroup;
  public readonly users: CacheUserResource[] = [];

  constructor(scope: Construct, id: string, props: CacheUserGroupProps) {
    super(scope, id);
    const engine = props.engine.name;
    const specs = [...props.users];
    // "A user named default must be included" in every user group; this one can do nothing.
    const addedDefault: CacheUserSpec | undefined = specs.some((u) => u.userName === 'default')
      ? undefined
      : { userName: 'default', userId: `${props.idPrefix}-default`, accessString: DISABLED_ACCESS_STRING };
    if (addedDefault) specs.push(addedDefault);
    for (const spec of specs) {
      this.users.push({ ...this.createUser(spec, props), addedDefault: spec === addedDefault });
    }
    this.userGroup = new elasticache.CfnUserGroup(this, 'Resource', {
      engine,
      userGroupId: `${props.idPrefix}-users`,
      userIds: this.users.map((u) => u.userId),
    });
    // The group names its users by plain id, so CloudFormation needs the order spelled out.
    for (const user of this.users) this.userGroup.node.addDependency(user.resource);
  }

  private createUser(spec: CacheUserSpec, props: CacheUserGroupProps): CacheUserResource {
    const isIam = spec.authType === CacheUserAuthType.IAM;
    // A Valkey user group only holds users with a password or IAM, so only Redis OSS gets a password-less default.
    const isDisabledDefault = spec.userName === 'default' && spec.accessString === DISABLED_ACCESS_STRING && props.engine.name === 'redis';
    const userId = spec.userId ?? (isIam ? spec.userName : `${props.idPrefix}-${spec.userName}`.toLowerCase());
    const scope = new Construct(this, `User-${spec.userName}`);
    let secret: secretsmanager.Secret | undefined;
    // AuthenticationMode is untyped JSON in the L1, so it takes CloudFormation's own key names.
    let authenticationMode: Record<string, unknown>;
    if (isIam) {
      authenticationMode = { Type: 'iam' };
    } else if (isDisabledDefault) {
      authenticationMode = { Type: 'no-password-required' };
    } else {
      secret = new secretsmanager.Secret(scope, 'Password', {
        description: `Password of ElastiCache user ${spec.userName} (${Names.uniqueId(this)})`,
        encryptionKey: props.encryptionKey,
        generateSecretString: {
          secretStringTemplate: Stack.of(this).toJsonString({ username: spec.userName }),
          generateStringKey: 'password',
          passwordLength: 64,
          excludePunctuation: true,
          includeSpace: false,
        },
      });
      authenticationMode = { Type: 'password', Passwords: [secret.secretValueFromJson('password').unsafeUnwrap()] };
    }
    const resource = new elasticache.CfnUser(scope, 'Resource', {
      engine: props.engine.name,
      userId,
      userName: spec.userName,
      accessString: spec.accessString ?? DEFAULT_ACCESS_STRING,
      authenticationMode,
    });
    return { spec, userId, resource, secret };
  }
}
