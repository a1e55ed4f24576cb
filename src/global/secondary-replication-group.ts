import { Annotations, ArnFormat, Aws, Duration, Fn, RemovalPolicy, Stack, Token, TokenComparison } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { GlobalDatastore } from './global-datastore';
import { regionWarning, secondaryPropertyFailures, secondaryRegionFailures, secondaryReplicaFailures } from './global-rules';
import { acknowledgeInheritedSettings } from './inherited-findings';
import { SecondaryReplicationGroupProps } from './props';
import { DOC_GETTING_STARTED } from './sources';
import { checkCacheId, generateReplaceableCacheId, warnFixedId } from '../common/cache-id';
import { CacheEndpoint } from '../common/endpoint';
import { CacheEngine } from '../common/engine';
import { CacheNetwork } from '../common/network';
import { findNodeType } from '../common/node-type-rules';
import { checkEnum } from '../common/prop-types';
import { guardStackResourceBudget } from '../common/stack-budget';
import { isResolved, RuleReport } from '../common/validation';
import { CacheAuthMode, CacheConnectionEnv } from '../connection/contract';
import { CostEstimate } from '../cost/cost-estimate';
import { estimateNodeCost } from '../cost/estimate';
import { subnetGroupIdentity } from '../groups/subnet-group';
import { CacheMonitoring } from '../monitoring/cache-monitoring';
import { CacheNodes, MonitoredEngine } from '../monitoring/cache-nodes';
import { monitorCache } from '../monitoring/monitor-cache';
import { memberClusterIds } from '../replication-group/members';
import { ReplicationGroupMetrics } from '../replication-group/metrics';
import { identity } from '../replication-group/replacement';
import { ReplicationGroupBase } from '../replication-group/replication-group-base';

const WHAT = 'SecondaryReplicationGroup';
const DOC_BACKUP = 'https://docs.aws.amazon.com/config/latest/developerguide/elasticache-automatic-backup-check-enabled.html';
const DOC_IDS = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticache-replicationgroup.html';

/**
 * A read-only member of a Global Datastore in another Region than its primary: made by
 * `globalDatastore.addSecondary(scope, id, { vpc })` in a stack of that Region. It takes the node
 * type, engine, shard count, port, encryption and AUTH token from the primary; its own are the
 * network, the replicas and the alarms.
 *
 * `connect()` writes the contract with the local endpoint for reads and `CACHE_PRIMARY_ENDPOINT` /
 * `CACHE_PRIMARY_REGION` for writes, which the client sends to the primary.
 *
 * @resource AWS::ElastiCache::ReplicationGroup
 */
export class SecondaryReplicationGroup extends ReplicationGroupBase {
  public readonly replicationGroupId: string;
  public readonly replicationGroupArn: string;
  public readonly endpointAddress: string;
  public readonly endpointPort: string;
  public readonly clusterMode: boolean;
  public readonly transitEncryption: boolean;
  public readonly authMode: CacheAuthMode;
  public readonly authSecret?: secretsmanager.ISecret;
  public readonly iamUserIds: string[] = [];
  public readonly authUserName?: string;
  public readonly readerEndpoint?: CacheEndpoint;
  public readonly memberClusterIds: string[];
  public readonly connections: ec2.Connections;
  public readonly metrics: ReplicationGroupMetrics;
  /** The engine and version: the primary's. */
  public readonly engine: CacheEngine;
  /** The Global Datastore this group is a secondary of. */
  public readonly globalDatastore: GlobalDatastore;
  /** Replicas per shard. */
  public readonly replicasPerShard: number;
  /** The KMS key of the data at rest, when the primary uses a customer managed key. */
  public readonly encryptionKey?: kms.IKey;
  /** The recommended alarms, their topic and the dashboard. */
  public readonly monitoring?: CacheMonitoring;
  /** The estimated monthly on-demand cost of the secondary's nodes, in its Region. */
  public readonly estimatedMonthlyCost: CostEstimate;
  /** The L1 resource. */
  public readonly resource: elasticache.CfnReplicationGroup;

  constructor(scope: Construct, id: string, props: SecondaryReplicationGroupProps) {
    super(scope, id);
    guardStackResourceBudget(this);
    const global = checkedGlobalDatastore(this, props);
    const primary = global.primary;
    const replicasPerShard = props.replicasPerShard ?? primary.replicasPerShard;
    checkSecondary(this, props, global, replicasPerShard);
    global._registerSecondary(this);

    this.globalDatastore = global;
    this.engine = primary.engine;
    this.clusterMode = primary.clusterMode;
    this.transitEncryption = primary.transitEncryption;
    this.authMode = primary.authMode;
    this.replicasPerShard = replicasPerShard;
    const stack = Stack.of(this);
    const replicationGroupId = secondaryIdOf(this, props);
    const description = props.description ?? `ElastiCache secondary ${this.node.path}`;
    const network = new CacheNetwork(this, 'Network', { ...props, description });
    this.connections = new ec2.Connections({ securityGroups: network.securityGroups, defaultPort: ec2.Port.tcp(primary.port) });

    // Keys are Regional: a primary encrypted with a customer managed key needs one here too.
    const primaryUsesKey = primary.resource.kmsKeyId !== undefined;
    this.encryptionKey = props.encryptionKey ?? (primaryUsesKey ? new kms.Key(this, 'Key', {
      description: `Encrypts ElastiCache ${replicationGroupId} (secondary of ${global.node.path}) at rest`,
      enableKeyRotation: true,
    }) : undefined);
    this.authSecret = this.authMode === CacheAuthMode.TOKEN ? this.replicaOfPrimarySecret() : undefined;

    this.resource = new elasticache.CfnReplicationGroup(this, 'Resource', {
      replicationGroupId,
      replicationGroupDescription: description,
      globalReplicationGroupId: global.globalReplicationGroupId,
      cacheSubnetGroupName: network.subnetGroup.subnetGroupName,
      securityGroupIds: network.securityGroups.map((sg) => sg.securityGroupId),
      ...(this.clusterMode ? { replicasPerNodeGroup: replicasPerShard } : { numCacheClusters: 1 + replicasPerShard }),
      kmsKeyId: this.encryptionKey?.keyArn,
      snapshotRetentionLimit: props.snapshotRetention?.toDays({ integral: false }) ?? primary.resource.snapshotRetentionLimit,
    });
    this.resource.node.addDependency(network.subnetGroup);
    acknowledgeInheritedSettings(this.resource, primary);
    this.resource.applyRemovalPolicy(props.removalPolicy ?? RemovalPolicy.DESTROY);

    this.replicationGroupId = this.resource.ref;
    this.replicationGroupArn = stack.formatArn({
      service: 'elasticache', resource: 'replicationgroup', resourceName: this.resource.ref, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.endpointAddress = this.clusterMode ? this.resource.attrConfigurationEndPointAddress : this.resource.attrPrimaryEndPointAddress;
    this.endpointPort = this.clusterMode ? this.resource.attrConfigurationEndPointPort : this.resource.attrPrimaryEndPointPort;
    if (!this.clusterMode && replicasPerShard !== 0) {
      this.readerEndpoint = new CacheEndpoint(this.resource.attrReaderEndPointAddress, this.resource.attrReaderEndPointPort);
    }
    this.memberClusterIds = memberClusterIds(replicationGroupId, this.clusterMode, primary.shards, replicasPerShard);
    this.metrics = new ReplicationGroupMetrics(this.memberClusterIds);
    const known = [primary.nodeType, primary.shards, replicasPerShard].every(isResolved);
    this.monitoring = monitorCache(this, props.monitoring, known ? {
      cacheName: replicationGroupId,
      engine: this.engine.name === 'valkey' ? MonitoredEngine.VALKEY : MonitoredEngine.REDIS,
      nodeType: findNodeType(primary.nodeType)!,
      nodes: CacheNodes.ofReplicationGroup(this.memberClusterIds, replicasPerShard),
      clusterMode: this.clusterMode,
    } : undefined);
    const nodes = [primary.shards, replicasPerShard].every(isResolved) ? primary.shards * (1 + replicasPerShard) : undefined;
    this.estimatedMonthlyCost = estimateNodeCost({
      region: stack.region, engine: this.engine.name === 'valkey' ? 'valkey' : 'redis', nodeType: primary.nodeType, nodes,
    });
  }

  /** The contract, with the primary Region's endpoint for writes (the local one is read-only). */
  public connectionValues(user?: string): Record<string, string> {
    const primary = this.globalDatastore.primary;
    return {
      ...super.connectionValues(user),
      [CacheConnectionEnv.PRIMARY_ENDPOINT]: primary.endpoint.socketAddress,
      [CacheConnectionEnv.PRIMARY_REGION]: Stack.of(primary).region,
    };
  }

  /**
   * The AUTH token is the primary's: its secret is replicated into this Region (Secrets Manager
   * keeps the name and the random suffix, so only the Region of the ARN differs) and clients here
   * read the replica, which rotation keeps current.
   */
  private replicaOfPrimarySecret(): secretsmanager.ISecret {
    const primarySecret = this.globalDatastore.primary.authSecret;
    const region = Stack.of(this).region;
    if (primarySecret instanceof secretsmanager.Secret) primarySecret.addReplicaRegion(region);
    const nameWithSuffix = Fn.select(6, Fn.split(':', primarySecret!.secretArn));
    return secretsmanager.Secret.fromSecretCompleteArn(this, 'AuthSecret',
      `arn:${Aws.PARTITION}:secretsmanager:${region}:${Aws.ACCOUNT_ID}:secret:${nameWithSuffix}`);
  }
}

/**
 * The secondary's create-only properties (CacheSubnetGroupName, KmsKeyId and GlobalReplicationGroupId
 * update by replacement): a generated id follows them, as a ReplicationGroup's does, so a change
 * replaces the group under a free name instead of failing with "already exists".
 */
const SECONDARY_CREATE_ONLY = ['vpcSubnets / subnetGroup (the subnet group)', 'encryptionKey', 'globalDatastore'];

function secondaryIdOf(scope: Construct, props: SecondaryReplicationGroupProps): string {
  if (props.replicationGroupId === undefined) {
    return generateReplaceableCacheId(scope, {
      subnetGroup: subnetGroupIdentity(props.subnetGroup),
      encryptionKey: props.encryptionKey ? identity(props.encryptionKey, props.encryptionKey.keyArn) : undefined,
    });
  }
  warnFixedId(scope, 'replicationGroupId', SECONDARY_CREATE_ONLY);
  return Token.isUnresolved(props.replicationGroupId) ? props.replicationGroupId : props.replicationGroupId.toLowerCase();
}

/** The Global Datastore of the props, checked first: every other rule reads it. */
function checkedGlobalDatastore(scope: Construct, props: SecondaryReplicationGroupProps): GlobalDatastore {
  const global = (props as Partial<SecondaryReplicationGroupProps> | undefined)?.globalDatastore;
  // By shape: global-datastore.ts imports this file, so the class is not at hand here.
  if (typeof (global as Partial<GlobalDatastore> | undefined)?._registerSecondary !== 'function') {
    const report = new RuleReport();
    report.fail('globalDatastore', global, 'it is the GlobalDatastore the secondary joins (use globalDatastore.addSecondary())');
    report.throwIfAny(scope, WHAT);
  }
  return global as GlobalDatastore;
}

/** Every rule of a secondary; throws one ValidationError listing the failures. */
function checkSecondary(scope: Construct, props: SecondaryReplicationGroupProps, global: GlobalDatastore, replicasPerShard: unknown): void {
  const report = new RuleReport();
  const { globalDatastore: _, ...own } = props;
  report.addAll(secondaryPropertyFailures(own));
  if (props.vpc === undefined) report.fail('vpc', undefined, 'the secondary is placed in a VPC of its Region (vpc is required)');
  checkCacheId(report, 'replicationGroupId', props.replicationGroupId, 40, DOC_IDS);
  checkEnum(report, 'removalPolicy', props.removalPolicy, Object.values(RemovalPolicy));
  if (props.snapshotRetention !== undefined) {
    const days = props.snapshotRetention instanceof Duration ? props.snapshotRetention.toDays({ integral: false }) : undefined;
    if (days === undefined || (isResolved(days) && (!Number.isInteger(days) || days < 0 || days > 35))) {
      report.fail('snapshotRetention', days === undefined ? props.snapshotRetention : `${days} days`,
        'snapshots are kept a whole number of days from 0 to 35 (a Duration)', DOC_BACKUP);
    }
  }
  const stack = Stack.of(scope);
  const primaryStack = Stack.of(global.primary);
  report.addAll(secondaryRegionFailures(primaryStack.region, stack.region, global.secondaryRegions));
  if (Token.compareStrings(stack.account, primaryStack.account) === TokenComparison.DIFFERENT) {
    report.fail('account (the secondary stack\'s env.account)', stack.account,
      `"Global Datastore doesn't support cross-account deployments" (the primary's account is ${primaryStack.account})`, DOC_GETTING_STARTED);
  }
  if (!stack._crossRegionReferences) {
    report.fail(`crossRegionReferences (of the stack ${stack.stackName})`, false, 'the secondary reads the Global Datastore\'s id and the '
      + 'primary\'s endpoint from the primary\'s Region: set crossRegionReferences: true on the secondary\'s stack');
  }
  const failsOver = global.primary.resource.automaticFailoverEnabled === true;
  report.addAll(secondaryReplicaFailures(replicasPerShard, failsOver));
  report.throwIfAny(scope, WHAT);
  const warning = regionWarning('The secondary', stack.region);
  if (warning) Annotations.of(scope).addWarningV2('cdk-elasticache:global-datastore-region', warning);
}
