import { Token } from 'aws-cdk-lib';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import { ReplicationGroupProps } from './props';
import { CacheAuthentication, CacheUserAuthType } from '../auth/authentication';
import { CacheEngine } from '../common/engine';
import { nodeTypeInfo } from '../common/node-types';
import { fail, isResolved } from '../common/validation';
import { dailyOverlapsWeekly, parseDailyWindow, parseWeeklyWindow } from '../common/windows';
import { CacheAuthMode } from '../connection/contract';

// The documents that state the rules below.
const API_CREATE = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html';
const CFN_RG = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-elasticache-replicationgroup.html';
const DOC_MULTI_AZ = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoFailover.html';
const DOC_AUTH = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth.html';
const DOC_RBAC = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.RBAC.html';
const DOC_IAM = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth-iam.html';
const DOC_TIERING = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/data-tiering.html';
const DOC_LOGS = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Log_Delivery.html';
const DOC_SHARDS = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.NodeGroups.html';
const CFN_USER = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-elasticache-user.html';
const CONFIG_BACKUP = 'https://docs.aws.amazon.com/config/latest/developerguide/elasticache-automatic-backup-check-enabled.html';
// The service's own error texts, where the user guide states no rule: "The snapshot window and
// maintenance window must not overlap." / "Snapshot window must be at least 60 minutes."
const ERR_OVERLAP = 'https://github.com/hashicorp/terraform/issues/17247';
const ERR_SNAPSHOT_MIN = 'https://github.com/hashicorp/terraform-provider-aws/pull/2153';

/** The replication group's settings with every default applied. */
export interface Topology {
  readonly nodeType: string;
  readonly port: number;
  readonly clusterMode: boolean;
  readonly shards: number;
  readonly replicasPerShard: number;
  readonly automaticFailover: boolean;
  readonly multiAz: boolean;
  readonly transitEncryption: boolean;
  readonly atRestEncryption: boolean;
  readonly snapshotRetentionDays: number;
  readonly dataTiering: boolean;
  readonly nodeGroupConfiguration?: elasticache.CfnReplicationGroup.NodeGroupConfigurationProperty[];
  readonly preferredCacheClusterAZs?: string[];
}

/** Defaults: cluster mode, one shard, one replica, Multi-AZ, TLS, encryption at rest, 15 days of snapshots. */
export function resolveTopology(props: ReplicationGroupProps): Topology {
  const clusterMode = props.clusterMode ?? true;
  const shards = props.shards ?? 1;
  const replicasPerShard = props.replicasPerShard ?? 1;
  const hasReplica = !isResolved(replicasPerShard) || replicasPerShard > 0;
  const automaticFailover = props.automaticFailover ?? (clusterMode || hasReplica);
  const multiAz = props.multiAz ?? (hasReplica && automaticFailover);
  const azs = props.preferredAvailabilityZones;
  // Round robin over the preferred zones: each shard's primary takes the next zone and its replicas
  // the zones after it, so one shard's nodes land in different zones when there are enough zones.
  const azAt = (i: number) => azs![i % azs!.length];
  let nodeGroupConfiguration: elasticache.CfnReplicationGroup.NodeGroupConfigurationProperty[] | undefined;
  let preferredCacheClusterAZs: string[] | undefined;
  if (azs && azs.length > 0 && isResolved(shards) && isResolved(replicasPerShard)) {
    if (clusterMode) {
      nodeGroupConfiguration = Array.from({ length: shards }, (_, s) => ({
        nodeGroupId: String(s + 1).padStart(4, '0'),
        primaryAvailabilityZone: azAt(s),
        replicaAvailabilityZones: Array.from({ length: replicasPerShard }, (__, r) => azAt(s + r + 1)),
        replicaCount: replicasPerShard,
      }));
    } else {
      preferredCacheClusterAZs = Array.from({ length: 1 + replicasPerShard }, (_, n) => azAt(n));
    }
  }
  const retention = props.snapshotRetention;
  const nodeType = props.nodeType ?? 'cache.t4g.micro';
  return {
    nodeType,
    port: props.port ?? 6380,
    clusterMode,
    shards,
    replicasPerShard,
    automaticFailover,
    multiAz,
    transitEncryption: props.transitEncryption ?? true,
    atRestEncryption: props.atRestEncryption ?? true,
    snapshotRetentionDays: retention === undefined ? 15 : retention.toDays({ integral: false }),
    dataTiering: props.dataTiering ?? (isResolved(nodeType) && nodeType.startsWith('cache.r6gd.')),
    nodeGroupConfiguration,
    preferredCacheClusterAZs,
  };
}

/**
 * Checks every rule ElastiCache states for these settings, so a bad configuration fails at synth
 * time instead of 20 minutes into a deployment. Unresolved tokens are skipped.
 */
export function validateReplicationGroup(props: ReplicationGroupProps,
  engine: CacheEngine, auth: CacheAuthentication, t: Topology): void {
  validateId('replicationGroupId', props.replicationGroupId, 40, CFN_RG);
  if (isResolved(props.description) && props.description!.length > 255) {
    fail('description', `${props.description!.slice(0, 20)}…`, 'the description is at most 255 characters', CFN_RG);
  }

  const node = isResolved(t.nodeType) ? nodeTypeInfo('nodeType', t.nodeType, 'redis') : undefined;
  validateTopology(t);
  validateAuth(props, engine, auth, t);
  validateOperations(props);

  // "Data tiering is only supported for replication groups using the r6gd node type. This
  // parameter must be set to true when using r6gd nodes." (API reference, DataTieringEnabled)
  if (t.dataTiering && node && !node.dataTiering) {
    fail('nodeType', t.nodeType, 'data tiering (dataTiering: true) needs an r6gd node type, the only nodes with an SSD', DOC_TIERING);
  }
  if (!t.dataTiering && node?.dataTiering) {
    fail('dataTiering', false, `r6gd node types (${t.nodeType}) always tier data to their SSD: dataTiering must be true`, DOC_TIERING);
  }
  if (props.encryptionKey && !t.atRestEncryption) {
    fail('encryptionKey', props.encryptionKey.node.path, 'a KMS key needs atRestEncryption: true (KmsKeyId only applies to encryption at rest)', CFN_RG);
  }
  if (props.logDelivery) {
    // Slow log from Redis OSS 6.0, engine log from 6.2: every engine offered here has both.
    if ((props.logDelivery.engineLog ?? true) && !engine.isAtLeastRedis('6.2')) {
      fail('logDelivery.engineLog', true, `engine log delivery needs Redis OSS 6.2 or later, not ${engine}`, DOC_LOGS);
    }
    if (props.logDelivery.slowLog === false && props.logDelivery.engineLog === false) {
      fail('logDelivery', props.logDelivery, 'deliver at least one of slowLog and engineLog, or leave logDelivery out', DOC_LOGS);
    }
  }
}

function validateTopology(t: Topology): void {
  if (isResolved(t.port) && (!Number.isInteger(t.port) || t.port < 1 || t.port > 65535)) {
    fail('port', t.port, 'the port is an integer from 1 to 65535', CFN_RG);
  }
  if (isResolved(t.shards) && (!Number.isInteger(t.shards) || t.shards < 1 || t.shards > 500)) {
    fail('shards', t.shards, 'a replication group has 1 to 500 shards (node groups)', DOC_SHARDS);
  }
  if (isResolved(t.shards) && !t.clusterMode && t.shards !== 1) {
    fail('shards', t.shards, 'cluster mode disabled has exactly one shard; set clusterMode: true for more', DOC_SHARDS);
  }
  if (isResolved(t.replicasPerShard) && (!Number.isInteger(t.replicasPerShard) || t.replicasPerShard < 0 || t.replicasPerShard > 5)) {
    fail('replicasPerShard', t.replicasPerShard, 'a shard has 0 to 5 read replicas', API_CREATE);
  }
  if (isResolved(t.shards) && isResolved(t.replicasPerShard) && t.shards * (1 + t.replicasPerShard) > 500) {
    fail('shards', t.shards, `${t.shards} shards of ${1 + t.replicasPerShard} nodes exceed the 500 nodes a replication group can have`, DOC_SHARDS);
  }
  // "AutomaticFailoverEnabled must be enabled for Valkey or Redis OSS (cluster mode enabled) replication groups."
  if (t.clusterMode && !t.automaticFailover) {
    fail('automaticFailover', false, 'cluster mode needs automatic failover', CFN_RG);
  }
  const hasReplica = !isResolved(t.replicasPerShard) || t.replicasPerShard > 0;
  if (!t.clusterMode && t.automaticFailover && !hasReplica) {
    fail('automaticFailover', true, 'automatic failover needs at least one read replica (replicasPerShard >= 1)', DOC_MULTI_AZ);
  }
  if (t.multiAz && !hasReplica) {
    fail('multiAz', true, 'Multi-AZ needs at least one read replica (replicasPerShard >= 1)', DOC_MULTI_AZ);
  }
  if (t.multiAz && !t.automaticFailover) {
    fail('multiAz', true, 'Multi-AZ needs automatic failover (automaticFailover: true)', DOC_MULTI_AZ);
  }
  if (isResolved(t.snapshotRetentionDays)
    && (!Number.isInteger(t.snapshotRetentionDays) || t.snapshotRetentionDays < 0 || t.snapshotRetentionDays > 35)) {
    fail('snapshotRetention', `${t.snapshotRetentionDays} days`, 'snapshots are kept a whole number of days from 0 to 35', CONFIG_BACKUP);
  }
}

function validateAuth(props: ReplicationGroupProps, engine: CacheEngine, auth: CacheAuthentication, t: Topology): void {
  const users = auth.rbacOptions?.users ?? [];
  const usesIam = auth.mode === CacheAuthMode.IAM || users.some((u) => u.authType === CacheUserAuthType.IAM);
  // "AuthToken can be specified only on replication groups where TransitEncryptionEnabled is true."
  if (auth.mode === CacheAuthMode.TOKEN && !t.transitEncryption) {
    fail('transitEncryption', false, 'an AUTH token (authentication: token) needs transit encryption (TLS)', DOC_AUTH);
  }
  // "IAM authentication requires TLS." / "Redis OSS 7.0 or later, or Valkey"
  if (usesIam && !t.transitEncryption) {
    fail('transitEncryption', false, 'IAM authentication needs transit encryption (TLS)', DOC_IAM);
  }
  if (auth.mode === CacheAuthMode.IAM && !engine.isAtLeastRedis('7.0')) {
    fail('engine', `${engine}`, 'IAM authentication needs Valkey 7.2 or later, or Redis OSS 7.0 or later', DOC_IAM);
  }
  if (auth.mode === CacheAuthMode.PASSWORD && !auth.userGroupOptions && users.length === 0) {
    fail('authentication.users', [], 'RBAC needs at least one user', DOC_RBAC);
  }
  if (users.some((u) => u.authType === CacheUserAuthType.IAM) && !engine.isAtLeastRedis('7.0')) {
    fail('engine', `${engine}`, 'IAM-authenticated users need Valkey 7.2 or later, or Redis OSS 7.0 or later', DOC_IAM);
  }
  const names = new Set<string>();
  for (const user of users) {
    if (names.has(user.userName)) fail('authentication.users', user.userName, 'user names in a user group are unique', CFN_USER);
    names.add(user.userName);
    validateUserName(user.userName);
    if (user.userId !== undefined) validateUserId('authentication.users[].userId', user.userId);
    if (user.authType === CacheUserAuthType.IAM) {
      // "For IAM-enabled ElastiCache users, the user name and user ID properties must be identical."
      if (user.userId !== undefined && user.userId !== user.userName) {
        fail('authentication.users[].userId', user.userId, `an IAM-authenticated user's id must equal its user name ('${user.userName}')`, DOC_IAM);
      }
      validateUserId('authentication.users[].userName', user.userName);
    }
    if (user.accessString !== undefined) validateAccessString(user.accessString);
  }
  if (auth.mode === CacheAuthMode.IAM) {
    if (auth.iamOptions?.userName !== undefined) validateUserId('authentication.userName', auth.iamOptions.userName);
    if (auth.iamOptions?.accessString !== undefined) validateAccessString(auth.iamOptions.accessString);
  }
  void props;
}

/** "You can't specify passwords in an access string" / "You cannot use reset"; it is not blank. */
function validateAccessString(access: string): void {
  if (!isResolved(access)) return;
  const property = 'authentication.users[].accessString';
  if (access.trim() === '') fail(property, access, 'the access string is not empty', CFN_USER);
  const words = access.trim().split(/\s+/);
  if (words.some((w) => w.startsWith('>') || w.startsWith('#') || w.startsWith('<') || w.startsWith('!'))) {
    fail(property, access, 'an access string cannot set passwords (>pass, #hash); ElastiCache sets them from the user', DOC_RBAC);
  }
  if (words.some((w) => w.toLowerCase() === 'reset' || w.toLowerCase() === 'nopass' || w.toLowerCase() === 'resetpass')) {
    fail(property, access, 'an access string cannot use reset, resetpass or nopass', DOC_RBAC);
  }
}

/** User ids: "Pattern: [a-z][a-z0-9\\-]*" (CloudFormation AWS::ElastiCache::User). */
function validateUserId(property: string, id: string): void {
  if (!isResolved(id)) return;
  if (!/^[a-z][a-z0-9-]*$/.test(id)) {
    fail(property, id, 'a user id starts with a lower-case letter and holds only lower-case letters, digits and hyphens', CFN_USER);
  }
}

function validateOperations(props: ReplicationGroupProps): void {
  const backup = isResolved(props.backupWindow) ? parseDailyWindow('backupWindow', props.backupWindow!) : undefined;
  const maintenance = isResolved(props.maintenanceWindow) ? parseWeeklyWindow('maintenanceWindow', props.maintenanceWindow!) : undefined;
  if (backup && backup.minutes < 60) {
    fail('backupWindow', props.backupWindow, 'the backup window is at least 60 minutes long', ERR_SNAPSHOT_MIN);
  }
  if (maintenance && maintenance.minutes < 60) {
    fail('maintenanceWindow', props.maintenanceWindow, 'the maintenance window is at least 60 minutes long', API_CREATE);
  }
  if (backup && maintenance && dailyOverlapsWeekly(backup, maintenance)) {
    fail('backupWindow', props.backupWindow, `the backup window must not overlap the maintenance window '${props.maintenanceWindow}'`, ERR_OVERLAP);
  }
  const azs = props.preferredAvailabilityZones;
  if (azs !== undefined && isResolved(azs) && azs.length === 0) {
    fail('preferredAvailabilityZones', [], 'name at least one Availability Zone, or leave it out', CFN_RG);
  }
}

/** ElastiCache ids: letters, digits and hyphens, starting with a letter, no `--`, no trailing hyphen. */
function validateId(property: string, id: string | undefined, maxLength: number, source: string): void {
  if (id === undefined || Token.isUnresolved(id)) return;
  if (id.length < 1 || id.length > maxLength) fail(property, id, `the id is 1 to ${maxLength} characters`, source);
  if (!/^[a-zA-Z]/.test(id)) fail(property, id, 'the id starts with a letter', source);
  if (!/^[a-zA-Z0-9-]+$/.test(id)) fail(property, id, 'the id holds only ASCII letters, digits and hyphens', source);
  if (id.includes('--')) fail(property, id, 'the id cannot contain two consecutive hyphens', source);
  if (id.endsWith('-')) fail(property, id, 'the id cannot end with a hyphen', source);
}

function validateUserName(name: string): void {
  if (Token.isUnresolved(name)) return;
  if (name.length < 1 || name.length > 120) fail('authentication.users[].userName', name, 'a user name is 1 to 120 characters', CFN_USER);
  if (/\s/.test(name)) fail('authentication.users[].userName', name, 'a user name has no spaces', CFN_USER);
}
