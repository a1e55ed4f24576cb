import { RemovalPolicy } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { MemcachedEngineVersion } from './engine-version';
import { CacheNetworkProps } from '../common/network-props';
import { CacheBudgetOptions } from '../cost/budget';
import { ICacheParameterGroup } from '../groups/parameter-group';
import { CacheMonitoringOptions } from '../monitoring/cache-monitoring';

/** Where a Memcached cluster's nodes go. */
export enum MemcachedAzMode {
  /** All nodes in one Availability Zone. */
  SINGLE_AZ = 'single-az',
  /** Nodes spread over the subnet group's Availability Zones: an AZ outage loses only part of the cache. */
  CROSS_AZ = 'cross-az',
}

/**
 * Properties of a {@link MemcachedCluster}.
 *
 * Memcached has no replicas, no snapshots, no encryption at rest and no authentication, so this
 * construct offers none of them: access is controlled by the security group and TLS.
 */
export interface MemcachedClusterProps extends CacheNetworkProps {
  /**
   * The cluster id: 1-50 letters, digits and hyphens, starting with a letter, without `--` or a
   * trailing hyphen. ElastiCache stores it in lower case, so the construct lower-cases it.
   * @default - a unique id of at most 40 characters derived from the construct path
   */
  readonly clusterName?: string;

  /**
   * Memcached engine version.
   * @default MemcachedEngineVersion.LATEST (1.6.22)
   */
  readonly engineVersion?: MemcachedEngineVersion;

  /**
   * Node type, e.g. `cache.r7g.large`; checked against the node-type catalog for Memcached.
   * @default 'cache.t4g.micro'
   */
  readonly nodeType?: string;

  /**
   * Number of cache nodes, 1-60. Data is partitioned over the nodes by the client; losing a node
   * loses only its share of the cache. Accounts may create up to 40 nodes per cluster until
   * ElastiCache raises the quota.
   * @default 2
   */
  readonly nodes?: number;

  /**
   * Whether the nodes are spread over Availability Zones. Cross-AZ needs two nodes or more.
   * @default MemcachedAzMode.CROSS_AZ when there are two nodes or more, else SINGLE_AZ
   */
  readonly azMode?: MemcachedAzMode;

  /**
   * One Availability Zone per node, in node order; repeat a zone to put several nodes in it. The
   * zones must be among the subnet group's.
   * @default - ElastiCache picks the zones
   */
  readonly preferredAvailabilityZones?: string[];

  /**
   * Encrypt traffic with TLS (Memcached 1.6.12 and later). Clients must connect with TLS.
   * @default true
   */
  readonly transitEncryption?: boolean;

  /**
   * The port the nodes listen on.
   * @default 11212 (not Memcached's well-known 11211, which cdk-nag's AwsSolutions-AEC5 flags)
   */
  readonly port?: number;

  /**
   * Engine parameters, e.g. `{ max_item_size: '10485760' }`. They go into a parameter group of the
   * family `memcached1.6` made for this cluster.
   * @default - ElastiCache's default parameter group, `default.memcached1.6`
   */
  readonly parameters?: { [name: string]: string };

  /**
   * A parameter group to use instead of one made for `parameters` (not with them): a
   * `CacheParameterGroup` of the version's family, or one imported with
   * `CacheParameterGroup.fromParameterGroupName()`. It can change without replacing the cluster.
   * @default - ElastiCache's default parameter group, or one made for `parameters`
   */
  readonly parameterGroup?: ICacheParameterGroup;

  /**
   * Weekly time range (UTC) for maintenance, `ddd:hh24:mi-ddd:hh24:mi`, at least 60 minutes.
   * @default - ElastiCache picks one
   */
  readonly maintenanceWindow?: string;

  /**
   * SNS topic for ElastiCache events (node replaced, node added, …).
   * @default - no event notifications
   */
  readonly notificationTopic?: sns.ITopic;

  /**
   * Recommended CloudWatch alarms on every node, to an encrypted SNS topic, and an optional dashboard.
   * @default - the recommended alarms to a new encrypted topic; no dashboard
   */
  readonly monitoring?: CacheMonitoringOptions;

  /**
   * A monthly AWS Budgets cost budget for this cache: its resources get the cost allocation tag
   * `cdk-elasticache:cache`, the budget counts what carries it, and the alarm topic is notified at
   * 80 % of the limit forecast and 100 % actual. Activate the tag in the Billing console first.
   * @default - no budget
   */
  readonly budget?: CacheBudgetOptions;

  /**
   * What happens to the cluster when it leaves the stack. Memcached keeps no durable data and has
   * no snapshots, so SNAPSHOT is rejected; RETAIN keeps a cluster that is still billed.
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;
}
