import { DOC_GETTING_STARTED, DOC_DURABILITY, DOC_AUTO_SCALING, DOC_CREATE_GRG } from './sources';
import type { CacheEngine } from '../common/engine';
import { isResolved, RuleFailure } from '../common/validation';
import { compareVersions } from '../common/version';
import { CacheAuthMode } from '../connection/contract';

/** The primary's facts the rules read. */
export interface GlobalPrimaryFacts {
  readonly engine: CacheEngine;
  readonly nodeType: string;
  readonly networkType?: string;
  readonly durability?: string;
  readonly autoScaled: boolean;
  readonly authMode: CacheAuthMode;
  readonly region: string;
}

// "Global datastores are supported on the following instance families in size large and above:
// M5, M6g, M7g, R5, R6g, R6gd, R7g, and C7gn. Previous generation instance types (such as M4 and
// R4) are not supported."
const FAMILIES = ['m5', 'm6g', 'm7g', 'r5', 'r6g', 'r6gd', 'r7g', 'c7gn'];
const BELOW_LARGE = ['nano', 'micro', 'small', 'medium'];

/** The rules a replication group must meet to be a Global Datastore's primary. */
export function primaryFailures(p: GlobalPrimaryFacts): RuleFailure[] {
  const failures: RuleFailure[] = [];
  const at = (property: string, value: unknown, rule: string, source = DOC_GETTING_STARTED) => failures.push({ property, value, rule, source });
  if (isResolved(p.nodeType)) {
    const [, family, size] = p.nodeType.split('.');
    if (!FAMILIES.includes(family)) {
      at('primary.nodeType', p.nodeType, `a Global Datastore needs a node of the M5, M6g, M7g, R5, R6g, R6gd, R7g or C7gn families, not ${family}`);
    }
    if (size === undefined || BELOW_LARGE.includes(size)) {
      at('primary.nodeType', p.nodeType, 'a Global Datastore needs nodes of size large and above');
    }
  }
  // "The engine must be Valkey 7.2 or later, or Redis OSS 5.0.6 or later" (ElastiCache's console steps).
  const engineOk = p.engine.name === 'valkey' ? p.engine.isValkeyAtLeast('7.2') : compareVersions(p.engine.version, '5.0.6') >= 0;
  if (!engineOk) at('primary.engine', `${p.engine}`, 'a Global Datastore needs Valkey 7.2 or later, or Redis OSS 5.0.6 or later', DOC_CREATE_GRG);
  // "Global datastores doesn't support Internet Protocol version 6 (IPv6)."
  if (p.networkType !== undefined && p.networkType !== 'ipv4') {
    at('primary.networkType', p.networkType, 'Global Datastores do not support IPv6: the members are ipv4');
  }
  // "Global datastores are not supported with durability-enabled clusters" (and the Durability limits).
  if (p.durability !== undefined) at('primary.durability', p.durability, 'durability is not supported with Global Datastores', DOC_DURABILITY);
  // "Auto Scaling in ElastiCache is not supported for clusters running in Global datastores".
  if (p.autoScaled) at('primary', 'auto scaled', 'auto scaling is not supported for a group in a Global Datastore', DOC_AUTO_SCALING);
  if (!isResolved(p.region)) {
    at('primary', 'a stack without env.region', 'a Global Datastore spans Regions: the primary\'s stack names its Region (env: { region })');
  }
  // "Global datastores support encryption at rest, encryption in transit, and AUTH": clients in a
  // secondary Region read a replica of the token secret. Users and IAM would need a user group in
  // each Region, which this construct does not make yet.
  if (p.authMode !== CacheAuthMode.TOKEN && p.authMode !== CacheAuthMode.NONE) {
    at('primary.authentication', p.authMode, 'cdk-elasticache makes Global Datastores with an AUTH token '
      + '(CacheAuthentication.authToken(), the default) or none; RBAC users and IAM would need a user group in each Region');
  }
  return failures;
}

/**
 * "Global datastores are supported in the following AWS Regions" (the list of 2026-12): a Region
 * outside it is a warning, not an error, since such lists lag behind new Regions.
 */
export const GLOBAL_DATASTORE_REGIONS = [
  'af-south-1', 'ap-east-1', 'ap-south-2', 'ap-southeast-3', 'ap-southeast-5', 'ap-southeast-4', 'ap-south-1', 'ap-northeast-3',
  'ap-northeast-2', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-7', 'ap-northeast-1', 'ca-central-1', 'ca-west-1', 'cn-north-1',
  'cn-northwest-1', 'eu-central-1', 'eu-west-2', 'eu-west-1', 'eu-south-1', 'eu-west-3', 'eu-south-2', 'eu-north-1', 'eu-central-2',
  'us-gov-west-1', 'us-gov-east-1', 'il-central-1', 'me-south-1', 'me-central-1', 'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
  'mx-central-1', 'sa-east-1',
];

/** The warning for a Region the list does not name, if any. */
export function regionWarning(what: string, region: string): string | undefined {
  if (!isResolved(region) || GLOBAL_DATASTORE_REGIONS.includes(region)) return undefined;
  return `${what} is in ${region}, which the Global Datastore Regions list (${DOC_GETTING_STARTED}) does not name; ElastiCache may reject it`;
}

/** The Regions ElastiCache pairs only with each other. */
const CHINA = ['cn-north-1', 'cn-northwest-1'];

/** Where a secondary may go: another Region, at most two secondaries, China with China only. */
export function secondaryRegionFailures(primaryRegion: string, region: string, taken: readonly string[]): RuleFailure[] {
  const failures: RuleFailure[] = [];
  const at = (rule: string) => failures.push({ property: 'region (the secondary stack\'s env.region)', value: region, rule, source: DOC_GETTING_STARTED });
  // "You can set up replication for a primary cluster from one AWS Region to a secondary cluster in up to two other AWS Regions."
  if (taken.length >= 2) at(`a Global Datastore has secondaries in up to two other Regions; it has ${taken.join(', ')}`);
  if (!isResolved(region)) {
    at('a secondary\'s stack names its Region (env: { region })');
    return failures;
  }
  if (region === primaryRegion) at('a secondary is in another Region than the primary');
  if (taken.includes(region)) at('each secondary is in its own Region: one is there already');
  // "replication can only occur between the two regions" (Beijing and Ningxia) in the China Regions.
  if (isResolved(primaryRegion) && CHINA.includes(primaryRegion) !== CHINA.includes(region)) {
    at(`the China Regions (${CHINA.join(', ')}) replicate only with each other, not with ${primaryRegion}`);
  }
  return failures;
}

/**
 * The secondary's replicas: 0 to 5 per shard; "the secondary cluster inherits the Multi-AZ and
 * automatic failover settings from the primary cluster. Automatic failover requires at least 2
 * nodes (1 primary and 1 replica)."
 */
export function secondaryReplicaFailures(replicasPerShard: unknown, primaryFailsOver: boolean): RuleFailure[] {
  if (typeof replicasPerShard === 'number' && !isResolved(replicasPerShard)) return [];
  if (typeof replicasPerShard !== 'number' || !Number.isInteger(replicasPerShard) || replicasPerShard < 0 || replicasPerShard > 5) {
    return [{ property: 'replicasPerShard', value: replicasPerShard, rule: 'a shard has 0 to 5 read replicas, a whole number', source: DOC_GETTING_STARTED }];
  }
  if (replicasPerShard === 0 && primaryFailsOver) {
    return [{
      property: 'replicasPerShard',
      value: 0,
      rule: 'the secondary inherits automatic failover from the primary, which needs at least one replica',
      source: DOC_GETTING_STARTED,
    }];
  }
  return [];
}

/**
 * What the Global Datastore owns: ElastiCache rejects a secondary that sets it ("InvalidParameterCombination:
 * Cannot use the given parameters when creating new replication group in an existing global
 * replication group"), so it is an error here, before the deploy. "All clusters ... should have the
 * same number of primary nodes, node type, engine version, and number of shards"; the secondary
 * "inherits the Multi-AZ and automatic failover settings"; encryption and AUTH are the primary's.
 */
export const OWNED_BY_GLOBAL_DATASTORE = [
  'engine', 'nodeType', 'clusterMode', 'shards', 'shardConfigurations', 'transitEncryption', 'transitEncryptionMode', 'atRestEncryption',
  'authentication', 'parameters', 'parameterGroup', 'dataTiering', 'multiAz', 'automaticFailover', 'networkType', 'ipDiscovery',
];

/** The secondary's own properties (SecondaryReplicationGroupProps). */
const SECONDARY_PROPERTIES = [
  'vpc', 'vpcSubnets', 'subnetGroup', 'securityGroups',
  'replicationGroupId', 'description', 'replicasPerShard', 'snapshotRetention', 'encryptionKey', 'removalPolicy', 'monitoring',
];

/** A failure per property the secondary cannot set (props may come from JavaScript or JSON config). */
export function secondaryPropertyFailures(props: object): RuleFailure[] {
  return Object.entries(props).filter(([name, value]) => value !== undefined && !SECONDARY_PROPERTIES.includes(name)).map(([name, value]) => (
    OWNED_BY_GLOBAL_DATASTORE.includes(name) ? {
      property: name,
      value,
      rule: 'a Global Datastore secondary takes this from the primary (the Global Datastore owns it): leave it out',
      source: DOC_GETTING_STARTED,
    } : {
      property: name,
      value,
      rule: `a secondary replication group has no such property; it takes ${SECONDARY_PROPERTIES.join(', ')}`,
    }));
}
