import { Annotations, RemovalPolicy, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { defaultAuthentication, validateServerlessAuth } from './auth-rules';
import { ServerlessCacheEngine } from './engine';
import { ServerlessCacheProps, ServerlessConnectionType } from './props';
import { retentionDays, validateSnapshots } from './snapshot-rules';
import { usageLimitValues, UsageLimitValues } from './usage-limits';
import { CacheAuthentication } from '../auth/authentication';
import { checkCacheId } from '../common/cache-id';
import { checkEnum, checkPropShapes, PropKind } from '../common/prop-types';
import { isResolved, RuleReport } from '../common/validation';

const CFN = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticache-serverlesscache.html';
const API_CREATE = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateServerlessCache.html';
// The comparison table of serverless and node-based caches.
const DOC_DEPLOY = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/WhatIs.deployment.html';
const DOC_LOGS = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Log_Delivery.html';
const DOC_DURABILITY = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Durability.Limitations.html';
// The ElastiCache id rule ("letter first, letters, digits and hyphens, no `--`, no trailing hyphen")
// is stated for replication groups and clusters, not for ServerlessCacheName: a warning here.
const RG_ID_RULE = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticache-replicationgroup.html';

const WHAT = 'ServerlessCache';

/** The shape of every property, checked first: props may come from JavaScript or JSON config. */
const SHAPES: Record<string, PropKind> = {
  vpc: 'construct',
  vpcSubnets: 'object',
  securityGroups: 'construct-list',
  networkType: 'enum',
  connectionType: 'enum',
  cacheName: 'string',
  description: 'string',
  engine: 'object',
  usageLimits: 'object',
  authentication: 'object',
  encryptionKey: 'construct',
  snapshotRetention: 'duration',
  dailySnapshotTime: 'string',
  restoreFrom: 'string-list',
  removalPolicy: 'enum',
  finalSnapshotName: 'string',
  monitoring: 'object',
};

/**
 * Properties of node-based caches that a serverless cache does not have, with the reason, so a
 * configuration moved over from a ReplicationGroup fails by name instead of being ignored.
 * `transitEncryption` and `atRestEncryption` may be `true`: that is what a serverless cache is.
 */
const NOT_SERVERLESS: Record<string, [string, string]> = {
  // "Encryption in transit (TLS) — Always enabled. Clients must support TLS connectivity."
  transitEncryption: ['TLS is always on for serverless caches: leave transitEncryption out', DOC_DEPLOY],
  transitEncryptionMode: ['TLS is always on (required) for serverless caches: leave transitEncryptionMode out', DOC_DEPLOY],
  // "Encryption at rest — Always enabled."
  atRestEncryption: ['serverless caches always encrypt data at rest: leave atRestEncryption out', DOC_DEPLOY],
  // "Log delivery is not supported for serverless caches."
  logDelivery: ['log delivery is not supported for serverless caches', DOC_LOGS],
  // "Durability is not supported with ElastiCache Serverless."
  durability: ['durability is not supported with ElastiCache Serverless', DOC_DURABILITY],
  // "Data Tiering — Not supported"
  dataTiering: ['data tiering is not supported on serverless caches', DOC_DEPLOY],
  // "No fine-grained configuration available. Customers can configure basic settings including
  // subnets which can access the cache, whether automatic backups are turned on or off, and maximum
  // cache usage limits." The ones below have no serverless property.
  nodeType: ['serverless caches have no nodes: set usageLimits instead', DOC_DEPLOY],
  shards: ['serverless caches scale their shards themselves: set usageLimits instead', DOC_DEPLOY],
  replicasPerShard: ['serverless caches replicate across three Availability Zones themselves', DOC_DEPLOY],
  multiAz: ['serverless caches store data across three Availability Zones themselves', DOC_DEPLOY],
  automaticFailover: ['serverless caches fail over themselves', DOC_DEPLOY],
  clusterMode: ['serverless caches always run cluster mode enabled', DOC_DEPLOY],
  shardConfigurations: ['serverless caches have no shard configuration', DOC_DEPLOY],
  preferredAvailabilityZones: ['serverless caches choose their zones: pick subnets with vpcSubnets', DOC_DEPLOY],
  port: ['a serverless cache\'s ports are not configurable (the endpoint and reader endpoint come from the cache)', CFN],
  parameters: ['serverless caches take no engine parameters', DOC_DEPLOY],
  parameterGroup: ['serverless caches take no parameter group', DOC_DEPLOY],
  subnetGroup: ['serverless caches take subnets directly, not a subnet group: use vpcSubnets', CFN],
  ipDiscovery: ['serverless caches have no IP discovery setting', CFN],
  maintenanceWindow: ['serverless caches are maintained without a maintenance window', DOC_DEPLOY],
  backupWindow: ['serverless caches take a dailySnapshotTime (hh:mm), not a backup window', CFN],
  autoMinorVersionUpgrade: ['serverless caches always apply minor and patch versions themselves', DOC_DEPLOY],
  notificationTopic: ['serverless caches send events to EventBridge, not to an SNS topic', DOC_DEPLOY],
  replicationGroupId: ['a serverless cache is named by cacheName', CFN],
};

/** The props once the rules that need no subnets passed, with every default applied. */
export interface CheckedServerlessProps {
  readonly engine: ServerlessCacheEngine;
  readonly authentication: CacheAuthentication;
  readonly connectionType: ServerlessConnectionType;
  readonly removalPolicy: RemovalPolicy;
  readonly snapshotRetentionDays: number;
  readonly usageLimits: UsageLimitValues;
  /** Collects what can only be checked once the subnets are selected; throw it after. */
  readonly report: RuleReport;
}

/**
 * Shapes first, then every documented rule that needs no subnets; throws one ValidationError with
 * all failures. Unresolved tokens are skipped.
 */
export function checkedServerlessProps(scope: IConstruct, props: ServerlessCacheProps): CheckedServerlessProps {
  const r = new RuleReport();
  if (!checkPropShapes(r, props, SHAPES, ['vpc'])) r.throwIfAny(scope, WHAT);
  for (const [name, [rule, source]] of Object.entries(NOT_SERVERLESS)) {
    const value = (props as unknown as Record<string, unknown>)[name];
    const harmless = value === undefined || ((name === 'transitEncryption' || name === 'atRestEncryption') && value === true);
    if (!harmless) r.fail(name, value, rule, source);
  }
  if (props.engine !== undefined && !(props.engine instanceof ServerlessCacheEngine)) {
    r.fail('engine', props.engine, 'it is a ServerlessCacheEngine, e.g. ServerlessCacheEngine.valkey(9)');
  }
  if (props.authentication !== undefined && !(props.authentication instanceof CacheAuthentication)) {
    r.fail('authentication', props.authentication, 'it is a CacheAuthentication, e.g. CacheAuthentication.iam()');
  }
  checkEnum(r, 'removalPolicy', props.removalPolicy, Object.values(RemovalPolicy));
  checkEnum(r, 'connectionType', props.connectionType, Object.values(ServerlessConnectionType), CFN);
  r.throwIfAny(scope, WHAT);

  const engine = props.engine ?? ServerlessCacheEngine.LATEST;
  const authentication = props.authentication ?? defaultAuthentication(engine);
  const connectionType = props.connectionType ?? ServerlessConnectionType.VPC;
  checkName(scope, r, props.cacheName);
  if (isResolved(props.description) && props.description!.length > 255) {
    r.fail('description', `${props.description!.slice(0, 20)}…`, 'the description is at most 255 characters', API_CREATE);
  }
  const usageLimits = usageLimitValues(scope, r, props.usageLimits);
  validateServerlessAuth(r, engine, authentication, connectionType, props.authentication !== undefined);
  const snapshotRetentionDays = retentionDays(r, props.snapshotRetention);
  validateSnapshots(scope, r, props);
  const removalPolicy = props.removalPolicy ?? RemovalPolicy.SNAPSHOT;
  if (props.finalSnapshotName !== undefined && removalPolicy !== RemovalPolicy.SNAPSHOT) {
    r.fail('finalSnapshotName', props.finalSnapshotName, `a final snapshot is taken with removalPolicy SNAPSHOT only, not ${removalPolicy}`, CFN);
  }
  r.throwIfAny(scope, WHAT);
  return {
    engine, authentication, connectionType, snapshotRetentionDays, usageLimits, removalPolicy, report: r,
  };
}

/** Throws the failures found once the subnets were selected. */
export function throwLateFailures(scope: IConstruct, report: RuleReport): void {
  report.throwIfAny(scope, WHAT);
}

/** "Maximum length is 40 characters." is documented; the character rules of other ElastiCache ids are a warning. */
function checkName(scope: IConstruct, r: RuleReport, name: string | undefined): void {
  if (name === undefined || Token.isUnresolved(name)) return;
  if (name.length < 1 || name.length > 40) r.fail('cacheName', name, 'the name is 1 to 40 characters', CFN);
  const chars = new RuleReport();
  checkCacheId(chars, 'cacheName', name, Number.MAX_SAFE_INTEGER, RG_ID_RULE);
  for (const f of chars.all) {
    Annotations.of(scope).addWarningV2('cdk-elasticache:serverless-cache-name',
      `cacheName '${name}': ${f.rule} (the rule of other ElastiCache ids; not stated for serverless caches). See ${RG_ID_RULE}`);
  }
}
