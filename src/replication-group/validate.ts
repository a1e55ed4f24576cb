import { clusterEnabled, validateClusterMode } from './cluster-mode';
import { validateDurability } from './durability';
import { replicationGroupParameterFailures } from './parameter-group';
import { ClusterMode, ReplicationGroupProps, TransitEncryptionMode } from './props';
import { validateRestoreSource } from './restore-rules';
import { ReplicationGroupSettings } from './settings';
import { checkShardConfigurationShapes, validateShardConfigurations } from './shard-rules';
import { CacheAuthentication } from '../auth/authentication';
import { authenticationRules } from '../auth/authentication-rules';
import { rotationIntervalFailures } from '../auth/rotation/rotation-interval';
import { checkCacheId } from '../common/cache-id';
import { CacheEngine } from '../common/engine';
import { findNodeType, nodeTypeFailures } from '../common/node-type-rules';
import { checkEnum, checkPropShapes, PropKind } from '../common/prop-types';
import { isResolved, RuleReport } from '../common/validation';
import { dailyOverlapsWeekly, parseDailyWindow, parseWeeklyWindow } from '../common/windows';
import { parameterGroupFailures, subnetGroupFailures } from '../groups/bring-rules';

// The documents that state the rules below.
const API_CREATE = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html';
const CFN_RG = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-elasticache-replicationgroup.html';
const DOC_MULTI_AZ = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoFailover.html';
const DOC_TLS = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption-enable.html';
const DOC_KV = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/distributed-kv-caching-limits.html';
const DOC_TIERING = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/data-tiering.html';
const DOC_LOGS = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Log_Delivery.html';
const DOC_SHARDS = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.NodeGroups.html';
const DOC_SNS = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ElastiCacheSNS.html';
const CONFIG_BACKUP = 'https://docs.aws.amazon.com/config/latest/developerguide/elasticache-automatic-backup-check-enabled.html';
// The service's own error texts, where the user guide states no rule: "The snapshot window and
// maintenance window must not overlap." / "Snapshot window must be at least 60 minutes."
const ERR_OVERLAP = 'https://github.com/hashicorp/terraform/issues/17247';
const ERR_SNAPSHOT_MIN = 'https://github.com/hashicorp/terraform-provider-aws/pull/2153';

/** The shape of every property, checked first: props may come from JavaScript or JSON config. */
const SHAPES: Record<string, PropKind> = {
  vpc: 'construct',
  vpcSubnets: 'object',
  subnetGroup: 'construct',
  securityGroups: 'construct-list',
  networkType: 'enum',
  ipDiscovery: 'enum',
  replicationGroupId: 'string',
  description: 'string',
  engine: 'object',
  nodeType: 'string',
  clusterMode: 'enum',
  shards: 'number',
  replicasPerShard: 'number',
  multiAz: 'boolean',
  automaticFailover: 'boolean',
  preferredAvailabilityZones: 'string-list',
  shardConfigurations: 'object-list',
  restoreFrom: 'object',
  port: 'number',
  transitEncryption: 'boolean',
  atRestEncryption: 'boolean',
  encryptionKey: 'construct',
  authentication: 'object',
  parameters: 'string-map',
  parameterGroup: 'construct',
  snapshotRetention: 'duration',
  backupWindow: 'string',
  maintenanceWindow: 'string',
  removalPolicy: 'enum',
  autoMinorVersionUpgrade: 'boolean',
  dataTiering: 'boolean',
  durability: 'enum',
  logDelivery: 'object',
  notificationTopic: 'construct',
  monitoring: 'object',
};

/** Checks the props' shapes; the rules below only run on props of the right shape. */
export function checkReplicationGroupShapes(report: RuleReport, props: unknown): boolean {
  return checkPropShapes(report, props, SHAPES, ['vpc'])
    && checkShardConfigurationShapes(report, (props as ReplicationGroupProps).shardConfigurations);
}

/**
 * Checks every rule ElastiCache states for these settings, so a bad configuration fails at synth
 * time instead of 20 minutes into a deployment. Unresolved tokens are skipped; every failure is
 * recorded in `r`, so one synth reports them all.
 */
export function validateReplicationGroup(r: RuleReport, props: ReplicationGroupProps,
  engine: CacheEngine, auth: CacheAuthentication, t: ReplicationGroupSettings): void {
  checkCacheId(r, 'replicationGroupId', props.replicationGroupId, 40, CFN_RG);
  if (isResolved(props.description) && props.description!.length > 255) {
    r.fail('description', `${props.description!.slice(0, 20)}…`, 'the description is at most 255 characters', CFN_RG);
  }

  const nodeFailures = isResolved(t.nodeType) ? nodeTypeFailures('nodeType', t.nodeType, engine) : [];
  r.addAll(nodeFailures);
  const node = isResolved(t.nodeType) && nodeFailures.length === 0 ? findNodeType(t.nodeType) : undefined;
  if (node?.distributedKvCaching) validateDistributedKv(r, props, t);
  validateCounts(r, t);
  validateRestoreSource(r, props.restoreFrom, node?.distributedKvCaching === true);
  validateShardConfigurations(r, props, t);
  r.addAll(authenticationRules(engine, auth, t.transitEncryption));
  validateOperations(r, props, t);
  validateTlsMigration(r, props, engine, t);
  validateClusterMode(r, props, engine, t);
  validateDurability(r, props, engine, t);
  r.addAll(replicationGroupParameterFailures(engine, props.parameters));
  r.addAll(subnetGroupFailures(props, `${CFN_RG}#cfn-elasticache-replicationgroup-cachesubnetgroupname`));
  r.addAll(parameterGroupFailures(props, engine.parameterGroupFamily, clusterEnabled(t.clusterModeSetting), `${CFN_RG}#cfn-elasticache-replicationgroup-cacheparametergroupname`));
  r.addAll(rotationIntervalFailures('authentication.rotationInterval', auth.authTokenOptions?.rotationInterval));

  // "Data tiering is only supported for replication groups using the r6gd node type. This
  // parameter must be set to true when using r6gd nodes." (API reference, DataTieringEnabled)
  if (t.dataTiering && node && !node.dataTiering) {
    r.fail(props.dataTiering !== undefined ? 'dataTiering' : 'nodeType', props.dataTiering ?? t.nodeType,
      `data tiering needs an r6gd node type, the only nodes with an SSD, not ${t.nodeType}`, DOC_TIERING);
  }
  if (!t.dataTiering && node?.dataTiering) {
    r.fail('dataTiering', false, `r6gd node types (${t.nodeType}) always tier data to their SSD: dataTiering must be true`, DOC_TIERING);
  }
  if (props.encryptionKey && !t.atRestEncryption) {
    r.fail('encryptionKey', props.encryptionKey.node.path, 'a KMS key needs atRestEncryption: true (KmsKeyId only applies to encryption at rest)', CFN_RG);
  }
  // "Amazon ElastiCache doesn't support publishing to encrypted SNS topics" (notification doc).
  const topicKey = (props.notificationTopic as { masterKey?: unknown } | undefined)?.masterKey;
  if (topicKey !== undefined) {
    r.fail('notificationTopic', props.notificationTopic!.node.path, 'ElastiCache cannot publish events to a KMS-encrypted topic: pass a topic without a masterKey', DOC_SNS);
  }
  if (props.logDelivery) {
    // Slow log from Redis OSS 6.0, engine log from 6.2: every engine offered here has both.
    if ((props.logDelivery.engineLog ?? true) && !engine.isAtLeastRedis('6.2')) {
      r.fail('logDelivery.engineLog', true, `engine log delivery needs Redis OSS 6.2 or later, not ${engine}`, DOC_LOGS);
    }
    if (props.logDelivery.slowLog === false && props.logDelivery.engineLog === false) {
      r.fail('logDelivery', props.logDelivery, 'deliver at least one of slowLog and engineLog, or leave logDelivery out', DOC_LOGS);
    }
  }
}

/**
 * cache.i8ge.48xlarge (distributed key-value caching): "Cluster mode Enabled", "Replicas per shard 0",
 * "All shards in the same Availability Zone. Multi-AZ is off by default, and you can't turn it on",
 * "TransitEncryptionMode set to required", "Snapshots, backups, restore, and replication: No".
 */
function validateDistributedKv(r: RuleReport, props: ReplicationGroupProps, t: ReplicationGroupSettings): void {
  const rule = (what: string) => `${t.nodeType} (distributed key-value caching) ${what}`;
  if (!t.clusterMode) r.fail('clusterMode', t.clusterModeSetting, rule('needs ClusterMode.ENABLED'), DOC_KV);
  if (isResolved(t.replicasPerShard) && t.replicasPerShard !== 0) r.fail('replicasPerShard', t.replicasPerShard, rule('has no replicas: replicasPerShard is 0'), DOC_KV);
  if (t.multiAz) r.fail('multiAz', true, rule('keeps every shard in one zone: Multi-AZ cannot be on'), DOC_KV);
  if (!t.transitEncryption) r.fail('transitEncryption', false, rule('requires TLS'), DOC_KV);
  if (props.transitEncryptionMode === TransitEncryptionMode.PREFERRED) r.fail('transitEncryptionMode', 'preferred', rule('requires transit encryption mode required'), DOC_KV);
  if (isResolved(t.snapshotRetentionDays) && t.snapshotRetentionDays !== 0) {
    r.fail('snapshotRetention', `${t.snapshotRetentionDays} days`, rule('takes no snapshots: snapshotRetention is 0'), DOC_KV);
  }
}

function validateCounts(r: RuleReport, t: ReplicationGroupSettings): void {
  if (isResolved(t.port) && (!Number.isInteger(t.port) || t.port < 1 || t.port > 65535)) {
    r.fail('port', t.port, 'the port is an integer from 1 to 65535', CFN_RG);
  }
  const shardsValid = !isResolved(t.shards) || (Number.isInteger(t.shards) && t.shards >= 1 && t.shards <= 500);
  if (!shardsValid) r.fail('shards', t.shards, 'a replication group has 1 to 500 shards (node groups), a whole number', DOC_SHARDS);
  if (isResolved(t.shards) && t.clusterModeSetting === ClusterMode.DISABLED && t.shards !== 1) {
    r.fail('shards', t.shards, 'cluster mode disabled has exactly one shard; set clusterMode: ClusterMode.ENABLED for more', DOC_SHARDS);
  }
  const replicasValid = !isResolved(t.replicasPerShard)
    || (Number.isInteger(t.replicasPerShard) && t.replicasPerShard >= 0 && t.replicasPerShard <= 5);
  if (!replicasValid) r.fail('replicasPerShard', t.replicasPerShard, 'a shard has 0 to 5 read replicas, a whole number', API_CREATE);
  if (shardsValid && replicasValid && isResolved(t.shards) && isResolved(t.replicasPerShard) && t.shards * (1 + t.replicasPerShard) > 500) {
    r.fail('shards', t.shards, `${t.shards} shards of ${1 + t.replicasPerShard} nodes exceed the 500 nodes a replication group can have`, DOC_SHARDS);
  }
  // "AutomaticFailoverEnabled must be enabled for Valkey or Redis OSS (cluster mode enabled) replication groups."
  if (t.clusterMode && !t.automaticFailover) {
    r.fail('automaticFailover', false, 'cluster mode needs automatic failover', CFN_RG);
  }
  const hasReplica = !isResolved(t.replicasPerShard) || t.replicasPerShard > 0;
  if (!t.clusterMode && t.automaticFailover && !hasReplica) {
    r.fail('automaticFailover', true, 'automatic failover needs at least one read replica (replicasPerShard >= 1)', DOC_MULTI_AZ);
  }
  if (t.multiAz && !hasReplica) {
    r.fail('multiAz', true, 'Multi-AZ needs at least one read replica (replicasPerShard >= 1)', DOC_MULTI_AZ);
  }
  if (t.multiAz && !t.automaticFailover) {
    r.fail('multiAz', true, 'Multi-AZ needs automatic failover (automaticFailover: true)', DOC_MULTI_AZ);
  }
  if (isResolved(t.snapshotRetentionDays)
    && (!Number.isInteger(t.snapshotRetentionDays) || t.snapshotRetentionDays < 0 || t.snapshotRetentionDays > 35)) {
    r.fail('snapshotRetention', `${t.snapshotRetentionDays} days`, 'snapshots are kept a whole number of days from 0 to 35', CONFIG_BACKUP);
  }
}

function validateTlsMigration(r: RuleReport, props: ReplicationGroupProps, engine: CacheEngine, t: ReplicationGroupSettings): void {
  const mode = props.transitEncryptionMode;
  if (mode === undefined) return;
  checkEnum(r, 'transitEncryptionMode', mode, Object.values(TransitEncryptionMode), CFN_RG);
  // "When setting TransitEncryptionEnabled to true, you can set your TransitEncryptionMode to preferred".
  if (!t.transitEncryption) {
    r.fail('transitEncryptionMode', mode, 'a transit encryption mode needs transitEncryption: true', CFN_RG);
  }
  // "ElastiCache supports online TLS migration only for clusters with Valkey version 7.2 and above or Redis OSS version 7.0 or above".
  if (!engine.isAtLeastRedis('7.0')) {
    r.fail('transitEncryptionMode', mode, `online TLS migration needs Valkey 7.2 or later, or Redis OSS 7.0 or later, not ${engine}`, DOC_TLS);
  }
}

function validateOperations(r: RuleReport, props: ReplicationGroupProps, t: ReplicationGroupSettings): void {
  const backup = isResolved(props.backupWindow) ? r.attempt(() => parseDailyWindow('backupWindow', props.backupWindow!)) : undefined;
  const maintenance = isResolved(props.maintenanceWindow) ? r.attempt(() => parseWeeklyWindow('maintenanceWindow', props.maintenanceWindow!)) : undefined;
  if (backup && backup.minutes < 60) {
    r.fail('backupWindow', props.backupWindow, 'the backup window is at least 60 minutes long', ERR_SNAPSHOT_MIN);
  }
  if (maintenance && maintenance.minutes < 60) {
    r.fail('maintenanceWindow', props.maintenanceWindow, 'the maintenance window is at least 60 minutes long', API_CREATE);
  }
  if (backup && maintenance && dailyOverlapsWeekly(backup, maintenance)) {
    r.fail('backupWindow', props.backupWindow, `the backup window must not overlap the maintenance window '${props.maintenanceWindow}'`, ERR_OVERLAP);
  }
  const azs = props.preferredAvailabilityZones;
  if (azs !== undefined && isResolved(azs) && azs.length === 0) {
    r.fail('preferredAvailabilityZones', [], 'name at least one Availability Zone, or leave it out', CFN_RG);
  }
  // Multi-AZ places a replica in another zone than its primary: one zone cannot hold both.
  if (azs !== undefined && isResolved(azs) && t.multiAz && new Set(azs).size === 1) {
    r.fail('preferredAvailabilityZones', azs, 'Multi-AZ needs at least two zones, so a replica is in another zone than its primary (or set multiAz: false)', DOC_MULTI_AZ);
  }
}
