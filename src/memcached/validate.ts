import { RemovalPolicy } from 'aws-cdk-lib';
import { MemcachedEngineVersion } from './engine-version';
import { memcachedItemSizeFailures } from './item-size';
import { memcachedParameterFailures } from './parameter-group';
import { MemcachedAzMode, MemcachedClusterProps } from './props';
import { checkCacheId } from '../common/cache-id';
import { NodeTypeInfo } from '../common/node-type-info';
import { nodeTypeInfo } from '../common/node-types';
import { checkPropShapes, PropKind } from '../common/prop-types';
import { isResolved, RuleReport } from '../common/validation';
import { parseWeeklyWindow } from '../common/windows';
import { parameterGroupFailures, subnetGroupFailures } from '../groups/bring-rules';

// The documents that state the rules below.
// CacheClusterId, NumCacheNodes, PreferredAvailabilityZones, PreferredMaintenanceWindow constraints.
const API_CREATE = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateCacheCluster.html';
const CFN_CLUSTER = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticache-cachecluster.html';
// "Memcached clusters are composed of 1 to 60 nodes."
const DOC_SCALING = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Scaling.Memcached.manually.html';
// "ElastiCache (Memcached) adds support for Memcached version 1.6.12 and encryption in-transit."
const DOC_TLS = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/mem-ug/supported-engine-versions-mc.html';
// "caches running Valkey, Redis OSS, or Serverless Memcached can back up their data": node-based Memcached cannot.
const DOC_BACKUPS = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/backups.html';
// The AWS API reference states no rule for AZMode and one node; the AWS provider documents it:
// "If you want to choose cross-az, num_cache_nodes must be greater than 1."
const DOC_AZ_MODE = 'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/elasticache_cluster#az_mode';

/** The shape of every property, checked first: props may come from JavaScript or JSON config. */
const SHAPES: Record<string, PropKind> = {
  vpc: 'construct',
  vpcSubnets: 'object',
  subnetGroup: 'construct',
  securityGroups: 'construct-list',
  networkType: 'enum',
  ipDiscovery: 'enum',
  clusterName: 'string',
  engineVersion: 'object',
  nodeType: 'string',
  nodes: 'number',
  azMode: 'enum',
  preferredAvailabilityZones: 'string-list',
  transitEncryption: 'boolean',
  port: 'number',
  parameters: 'string-map',
  parameterGroup: 'construct',
  maintenanceWindow: 'string',
  notificationTopic: 'construct',
  monitoring: 'object',
  removalPolicy: 'enum',
};

/** Checks the props' shapes; the rules only run on props of the right shape. */
export function checkMemcachedShapes(report: RuleReport, props: unknown): boolean {
  return checkPropShapes(report, props, SHAPES, ['vpc']);
}

/** The cluster's settings with every default applied. */
export interface MemcachedSettings {
  readonly engineVersion: MemcachedEngineVersion;
  readonly nodeType: string;
  readonly nodes: number;
  readonly azMode: MemcachedAzMode;
  readonly transitEncryption: boolean;
  readonly port: number;
  readonly removalPolicy: RemovalPolicy;
}

/** Defaults: newest 1.6, cache.t4g.micro, two nodes across AZs, TLS, port 11212, DESTROY. */
export function resolveSettings(props: MemcachedClusterProps): MemcachedSettings {
  const nodes = props.nodes ?? 2;
  const severalNodes = !isResolved(nodes) || nodes >= 2;
  return {
    engineVersion: props.engineVersion ?? MemcachedEngineVersion.LATEST,
    nodeType: props.nodeType ?? 'cache.t4g.micro',
    nodes,
    azMode: props.azMode ?? (severalNodes ? MemcachedAzMode.CROSS_AZ : MemcachedAzMode.SINGLE_AZ),
    transitEncryption: props.transitEncryption ?? true,
    port: props.port ?? 11212,
    removalPolicy: props.removalPolicy ?? RemovalPolicy.DESTROY,
  };
}

/**
 * Checks every documented Memcached rule these settings touch, so a bad configuration fails at
 * synth time instead of during a deployment. Unresolved tokens are skipped.
 * @returns the node type's catalog entry, when the node type is known at synth time
 */
export function validateMemcachedCluster(r: RuleReport, props: MemcachedClusterProps, s: MemcachedSettings): NodeTypeInfo | undefined {
  // CacheClusterId: "1 to 50 alphanumeric characters or hyphens", "first character must be a letter", no `--`, no trailing hyphen.
  checkCacheId(r, 'clusterName', props.clusterName, 50, API_CREATE);
  const info = isResolved(s.nodeType) ? r.attempt(() => nodeTypeInfo('nodeType', s.nodeType, s.engineVersion)) : undefined;

  if (isResolved(s.nodes) && (!Number.isInteger(s.nodes) || s.nodes < 1 || s.nodes > 60)) {
    r.fail('nodes', s.nodes, 'a Memcached cluster has 1 to 60 nodes (more than 40 needs a quota increase)', DOC_SCALING);
  }
  if (s.azMode === MemcachedAzMode.CROSS_AZ && isResolved(s.nodes) && s.nodes < 2) {
    r.fail('azMode', s.azMode, `cross-az placement needs two nodes or more, not ${s.nodes}`, DOC_AZ_MODE);
  }
  const azs = props.preferredAvailabilityZones;
  if (azs !== undefined && isResolved(azs)) {
    if (azs.length === 0) r.fail('preferredAvailabilityZones', [], 'name one Availability Zone per node, or leave it out', API_CREATE);
    if (isResolved(s.nodes) && azs.length !== s.nodes) {
      r.fail('preferredAvailabilityZones', azs, `the number of Availability Zones listed must equal the number of nodes (${s.nodes})`, API_CREATE);
    }
  }
  if (s.transitEncryption && !s.engineVersion.supportsTransitEncryption) {
    r.fail('transitEncryption', true, `in-transit encryption needs Memcached 1.6.12 or later, not ${s.engineVersion.version}`, DOC_TLS);
  }
  if (isResolved(s.port) && (!Number.isInteger(s.port) || s.port < 1 || s.port > 65535)) {
    r.fail('port', s.port, 'the port is an integer from 1 to 65535', CFN_CLUSTER);
  }
  if (isResolved(props.maintenanceWindow)) {
    const window = r.attempt(() => parseWeeklyWindow('maintenanceWindow', props.maintenanceWindow!));
    if (window && window.minutes < 60) r.fail('maintenanceWindow', props.maintenanceWindow, 'the maintenance window is at least 60 minutes long', API_CREATE);
  }
  if (s.removalPolicy === RemovalPolicy.SNAPSHOT) {
    r.fail('removalPolicy', 'SNAPSHOT', 'node-based Memcached clusters cannot be snapshotted; use DESTROY or RETAIN', DOC_BACKUPS);
  }
  r.addAll(memcachedItemSizeFailures(props.parameters));
  r.addAll(memcachedParameterFailures(s.engineVersion, props.parameters));
  r.addAll(subnetGroupFailures(props, `${CFN_CLUSTER}#cfn-elasticache-cachecluster-cachesubnetgroupname`));
  r.addAll(parameterGroupFailures(props, s.engineVersion.parameterGroupFamily, undefined, `${CFN_CLUSTER}#cfn-elasticache-cachecluster-cacheparametergroupname`));
  return info;
}
