import { Duration, RemovalPolicy, Size } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ServerlessCacheEngine } from './engine';
import { ServerlessMonitoringOptions } from './monitor';
import { CacheAuthentication } from '../auth/authentication';
import { CacheNetworkType } from '../common/network-type';
import { CacheBudgetOptions } from '../cost/budget';

/** Where clients reach a serverless cache from. */
export enum ServerlessConnectionType {
  /** From inside the VPC, through the cache's endpoint in its subnets. */
  VPC = 'vpc',
  /**
   * From the internet (Valkey 9 or later, a user group whose users all use IAM authentication).
   * Set at creation only: a change replaces the cache.
   */
  PUBLIC = 'public',
}

/**
 * The most (and least) a serverless cache may use. ElastiCache bills a minimum even when the cache
 * uses less; at the data maximum it evicts keys with a TTL and then answers writes with OOM; above
 * the ECPU maximum it throttles requests.
 * @see https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Scaling-serverless.html
 */
export interface ServerlessUsageLimits {
  /**
   * The least data storage the cache keeps ready (and bills), a whole number of GB.
   * @default - no minimum
   */
  readonly dataStorageMin?: Size;
  /**
   * The most data the cache stores, a whole number of GB.
   * @default - no maximum
   */
  readonly dataStorageMax?: Size;
  /**
   * The least ElastiCache Processing Units per second the cache keeps ready (and bills).
   * @default - no minimum
   */
  readonly ecpuPerSecondMin?: number;
  /**
   * The most ElastiCache Processing Units per second the cache uses; above it, requests are throttled.
   * @default - no maximum
   */
  readonly ecpuPerSecondMax?: number;
}

/** Properties of a {@link ServerlessCache}. */
export interface ServerlessCacheProps {
  /** The VPC to place the cache's endpoints in. */
  readonly vpc: ec2.IVpc;

  /**
   * The subnets of the cache's endpoints, all of one VPC. Set at creation only: a change replaces
   * the cache (under a new generated name).
   * @default - the VPC's isolated subnets, or its private subnets with egress when it has no isolated ones
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * Security groups of the cache's endpoints.
   * @default - a new security group with no ingress and no egress; open it with `connections`
   */
  readonly securityGroups?: ec2.ISecurityGroup[];

  /**
   * The IP protocols the endpoints accept: dual stack needs subnets with an IPv4 and an IPv6 CIDR,
   * IPv6 IPv6-only subnets. Set at creation only: a change replaces the cache.
   * @default CacheNetworkType.IPV4
   */
  readonly networkType?: CacheNetworkType;

  /**
   * Reach the cache from the VPC only, or from the internet. Set at creation only.
   * @default ServerlessConnectionType.VPC
   */
  readonly connectionType?: ServerlessConnectionType;

  /**
   * The cache's name: at most 40 characters, stored in lower case. Set at creation only.
   * @default - a unique name derived from the construct path
   */
  readonly cacheName?: string;

  /**
   * Description of the cache, at most 255 characters.
   * @default - the construct path
   */
  readonly description?: string;

  /**
   * Engine and major version.
   * @default ServerlessCacheEngine.LATEST (Valkey 9)
   */
  readonly engine?: ServerlessCacheEngine;

  /**
   * Data storage and ECPU limits.
   * @default - none: the cache scales without limit
   */
  readonly usageLimits?: ServerlessUsageLimits;

  /**
   * How clients authenticate (Valkey and Redis OSS): users in a user group, with passwords or IAM.
   * Serverless caches take no AUTH token. Memcached has no users: leave it out.
   * @default - Valkey / Redis OSS: `CacheAuthentication.rbac()` with one user `app` whose generated password is rotated; Memcached: none
   */
  readonly authentication?: CacheAuthentication;

  /**
   * Customer managed key for the data at rest (always encrypted) and the generated secrets. Set at
   * creation only: a change replaces the cache.
   * @default - a new KMS key with rotation
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * How long automatic daily snapshots are kept (whole days, 0-35; 0 turns them off).
   * @default Duration.days(15)
   */
  readonly snapshotRetention?: Duration;

  /**
   * The time (UTC) of the daily snapshot, `hh:mm`.
   * @default - ElastiCache picks one
   */
  readonly dailySnapshotTime?: string;

  /**
   * ARNs of the snapshots the new cache starts with: snapshots of serverless caches, or backups of
   * Valkey / Redis OSS node-based clusters. Read only at creation: changing it later replaces the
   * cache (under a new generated name).
   * @default - an empty cache
   */
  readonly restoreFrom?: string[];

  /**
   * What happens to the cache when it leaves the stack. SNAPSHOT deletes it after a final snapshot
   * named `finalSnapshotName` (and keeps its key).
   * @default RemovalPolicy.SNAPSHOT
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Name of the final snapshot (removalPolicy SNAPSHOT).
   * @default - the cache's name followed by `-final`
   */
  readonly finalSnapshotName?: string;

  /**
   * Recommended CloudWatch alarms to an encrypted SNS topic.
   * @default - the recommended alarms to a new encrypted topic
   */
  readonly monitoring?: ServerlessMonitoringOptions;

  /**
   * A monthly AWS Budgets cost budget for this cache: its resources get the cost allocation tag
   * `cdk-elasticache:cache`, the budget counts what carries it, and the alarm topic is notified at
   * 80 % of the limit forecast and 100 % actual. Activate the tag in the Billing console first.
   * @default - no budget
   */
  readonly budget?: CacheBudgetOptions;
}
