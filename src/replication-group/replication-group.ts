import { Annotations, ArnFormat, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, IConstruct } from 'constructs';
import { checkedProps, throwLateFailures } from './checked-props';
import { ownEncryptionKey } from './encryption-key';
import { CacheLogDelivery } from './log-delivery';
import { memberClusterIds } from './members';
import { ReplicationGroupMetrics } from './metrics';
import { monitorReplicationGroup } from './monitor';
import { createParameterGroup } from './parameter-group';
import { DurabilityMode, ReplicationGroupProps } from './props';
import { replicationGroupIdOf } from './replacement';
import { IReplicationGroup, ReplicationGroupAttributes, ReplicationGroupBase } from './replication-group-base';
import { replicationGroupResourceProps } from './resource-props';
import { shardZones } from './shard-rules';
import { CacheAuth } from '../auth/cache-auth';
import { ICacheUserGroup } from '../auth/cache-user-group';
import { CacheEndpoint, portString } from '../common/endpoint';
import { CacheEngine } from '../common/engine';
import { CacheNetwork } from '../common/network';
import { cacheIpSettings } from '../common/network-type-rules';
import { applyCompanionRemovalPolicy } from '../common/removal';
import { guardStackResourceBudget } from '../common/stack-budget';
import { isResolved } from '../common/validation';
import { checkZonesInSubnets } from '../common/zones';
import { CacheAuthMode } from '../connection/contract';
import { CacheBudget } from '../cost/budget';
import { applyCost, costMetadata, SCALING_COST_METADATA_TYPE } from '../cost/cache-cost';
import { CostEstimate } from '../cost/cost-estimate';
import { estimateNodeCost } from '../cost/estimate';
import { ICacheParameterGroup } from '../groups/parameter-group';
import { ICacheSubnetGroup } from '../groups/subnet-group';
import { CacheMonitoring } from '../monitoring/cache-monitoring';
import { CacheScalingCapacity, CacheScalingDimension } from '../scaling/props';
import { ReplicationGroupAutoScaling } from '../scaling/replication-group-auto-scaling';
import type { ScalableCacheDimension } from '../scaling/scalable-cache-dimension';
import { ScalableReplicas } from '../scaling/scalable-replicas';
import { ScalableShards } from '../scaling/scalable-shards';

export * from './replication-group-base';

/**
 * A Valkey or Redis OSS replication group in a VPC: TLS, encryption at rest, an AUTH token in
 * Secrets Manager with rotation, Multi-AZ with automatic failover and daily snapshots by default.
 *
 * Invalid configurations throw one ValidationError when the construct is built, listing every
 * property, value and documented rule that failed, instead of failing a deployment.
 *
 * @resource AWS::ElastiCache::ReplicationGroup
 */
export class ReplicationGroup extends ReplicationGroupBase {
  /** Import a replication group made elsewhere. */
  public static fromReplicationGroupAttributes(scope: Construct, id: string, attrs: ReplicationGroupAttributes): IReplicationGroup {
    class Import extends ReplicationGroupBase {
      public readonly replicationGroupId = attrs.replicationGroupId;
      public readonly replicationGroupArn = Stack.of(scope).formatArn({
        service: 'elasticache', resource: 'replicationgroup', resourceName: attrs.replicationGroupId, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
      public readonly endpointAddress = attrs.endpointAddress;
      public readonly endpointPort = portString(attrs.endpointPort);
      public readonly clusterMode = attrs.clusterMode ?? true;
      public readonly transitEncryption = attrs.transitEncryption ?? true;
      public readonly authMode = attrs.authMode ?? CacheAuthMode.TOKEN;
      public readonly authSecret = attrs.authSecret;
      public readonly iamUserIds = attrs.iamUserIds ?? [];
      public readonly authUserName = attrs.authUserName;
      public readonly engine = attrs.engine ?? CacheEngine.LATEST;
      public readonly readerEndpoint = attrs.readerEndpointAddress === undefined ? undefined
        : new CacheEndpoint(attrs.readerEndpointAddress, portString(attrs.readerEndpointPort ?? attrs.endpointPort));
      public readonly memberClusterIds = memberClusterIds(attrs.replicationGroupId, this.clusterMode, attrs.shards ?? 1, attrs.replicasPerShard ?? 1);
      public readonly metrics = new ReplicationGroupMetrics(this.memberClusterIds);
      public readonly connections = new ec2.Connections({
        securityGroups: attrs.securityGroups,
        defaultPort: ec2.Port.tcp(attrs.endpointPort),
      });
    }
    return new Import(scope, id);
  }

  public readonly replicationGroupId: string;
  public readonly replicationGroupArn: string;
  public readonly endpointAddress: string;
  public readonly endpointPort: string;
  public readonly clusterMode: boolean;
  public readonly transitEncryption: boolean;
  public readonly authMode: CacheAuthMode;
  public readonly authSecret?: secretsmanager.ISecret;
  public readonly iamUserIds: string[];
  public readonly authUserName?: string;
  public readonly readerEndpoint?: CacheEndpoint;
  public readonly memberClusterIds: string[];
  public readonly connections: ec2.Connections;
  public readonly metrics: ReplicationGroupMetrics;

  /** The engine and version. */
  public readonly engine: CacheEngine;
  /** The node type. */
  public readonly nodeType: string;
  /** The port the cache listens on. */
  public readonly port: number;
  /** Number of shards. */
  public readonly shards: number;
  /** Replicas per shard. */
  public readonly replicasPerShard: number;
  /** The subnet group, brought or made for the cache. */
  public readonly subnetGroup: ICacheSubnetGroup;
  /** The parameter group, brought or made for `parameters`; undefined when the cache uses ElastiCache's default one. */
  public readonly parameterGroup?: ICacheParameterGroup;
  /** The KMS key of the cache's data, secret and logs (when the construct made or was given one). */
  public readonly encryptionKey?: kms.IKey;
  /** The log group engine logs are delivered to, if any. */
  public readonly logGroup?: logs.ILogGroup;
  /** The RBAC / IAM user group, made for the cache or brought, if any. */
  public readonly userGroup?: ICacheUserGroup;
  /**
   * The durability mode, when set.
   * @default - not set: ElastiCache's default, no durability
   */
  public readonly durability?: DurabilityMode;
  /** The function that rotates the AUTH token, if any (the stack's secret rotation function for the VPC placement, shared). */
  public readonly authTokenRotationFunction?: lambda.IFunction;
  /** The function that rotates the generated user passwords of the user group, if this cache rotates them (the stack's shared one). */
  public readonly userPasswordRotationFunction?: lambda.IFunction;
  private readonly auth: CacheAuth;
  private scaled: { shards?: ScalableShards; replicas?: ScalableReplicas } = {};
  /** What the cost estimates are computed from (the counts are the template's). */
  private readonly costInput: { region: string; engine: 'valkey' | 'redis'; nodeType: string; shards: number; replicasPerShard: number };
  /** The `cdk-elasticache:cost-at-scaling-maximum` metadata, kept current as dimensions auto scale. */
  private scalingCostMetadata?: Record<string, unknown>;
  /** The recommended alarms, their topic and the dashboard; undefined when the topology is not known at synth time. */
  public readonly monitoring?: CacheMonitoring;
  /**
   * The estimated monthly on-demand cost in USD, computed at synth time from the node type, the
   * node count and the stack's Region with the sourced prices of docs/cost.md (never guessed: see
   * its `status` and `unknown`). It prices the template's counts; with auto scaling, see
   * `estimatedMonthlyCostAtScalingMaximum`.
   */
  public readonly estimatedMonthlyCost: CostEstimate;
  /** The cost budget, when `budget` is set. */
  public readonly budget?: CacheBudget;
  /** The L1 resource. */
  public readonly resource: elasticache.CfnReplicationGroup;
  /** @internal The Global Datastore this group is the primary of (set by its constructor). */
  public _globalDatastore?: IConstruct & { readonly globalReplicationGroupId: string };

  constructor(scope: Construct, id: string, props: ReplicationGroupProps) {
    super(scope, id);
    guardStackResourceBudget(this);
    const { engine, authentication, settings, removalPolicy, report } = checkedProps(this, props);
    const replicationGroupId = replicationGroupIdOf(this, props, settings, authentication, engine);
    this.engine = engine;
    this.nodeType = settings.nodeType;
    this.port = settings.port;
    this.shards = settings.shards;
    this.replicasPerShard = settings.replicasPerShard;
    this.clusterMode = settings.clusterMode;
    this.transitEncryption = settings.transitEncryption;
    this.authMode = authentication.mode;
    const description = props.description ?? `ElastiCache ${engine} ${this.node.path}`;

    // Zones and address families can only be checked against the subnets the network picked.
    const network = new CacheNetwork(this, 'Network', { ...props, description });
    checkZonesInSubnets(report, props.preferredAvailabilityZones, network.subnetGroupZones);
    checkZonesInSubnets(report, shardZones(props.shardConfigurations), network.subnetGroupZones, 'shardConfigurations');
    const ip = cacheIpSettings(this, report, { ...props, ...settings, subnets: network.subnetGroupSubnets });
    throwLateFailures(this, report);
    this.subnetGroup = network.subnetGroup;
    this.connections = new ec2.Connections({ securityGroups: network.securityGroups, defaultPort: ec2.Port.tcp(settings.port) });

    const ownKey = ownEncryptionKey(this, props, settings, authentication, replicationGroupId);
    this.encryptionKey = props.encryptionKey ?? ownKey;
    this.auth = new CacheAuth(this, {
      authentication,
      engine,
      cacheId: replicationGroupId,
      encryptionKey: this.encryptionKey,
      transitEncryption: settings.transitEncryption,
      kind: 'replication group',
    });
    this.userGroup = this.auth.userGroup;
    this.authSecret = this.auth.secret;
    this.authUserName = this.auth.defaultUser?.userName;
    this.iamUserIds = this.auth.iamUserIds;
    this.parameterGroup = props.parameterGroup ?? createParameterGroup(this, engine, settings.clusterModeSetting, props.parameters);
    const logDelivery = props.logDelivery ? new CacheLogDelivery(this, 'Logs', props.logDelivery, this.encryptionKey) : undefined;
    this.logGroup = logDelivery?.logGroup;

    this.resource = new elasticache.CfnReplicationGroup(this, 'Resource', replicationGroupResourceProps({
      replicationGroupId,
      description,
      engine,
      settings,
      props,
      network,
      ip,
      parameterGroup: this.parameterGroup,
      encryptionKey: this.encryptionKey,
      auth: this.auth,
      logDeliveryConfigurations: logDelivery?.configurations,
    }));
    // An override, not the L1 prop: that came in aws-cdk-lib 2.260, after the peer floor (.projenrc.ts).
    this.durability = props.durability;
    if (props.durability !== undefined) this.resource.addPropertyOverride('Durability', props.durability);
    this.resource.node.addDependency(network.subnetGroup);
    this.resource.applyRemovalPolicy(removalPolicy);
    this.auth.acknowledgeUserAuthentication(this.resource);
    // "If you set UseOnlineResharding to true, you can update NumNodeGroups [and NodeGroupConfiguration]
    // without interruption"; without it, a shard change replaces the group (CloudFormation UpdatePolicy).
    if (settings.clusterMode) this.resource.cfnOptions.updatePolicy = { useOnlineResharding: true };

    this.replicationGroupId = this.resource.ref;
    this.replicationGroupArn = Stack.of(this).formatArn({
      service: 'elasticache', resource: 'replicationgroup', resourceName: this.resource.ref, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.endpointAddress = settings.clusterMode ? this.resource.attrConfigurationEndPointAddress : this.resource.attrPrimaryEndPointAddress;
    this.endpointPort = settings.clusterMode ? this.resource.attrConfigurationEndPointPort : this.resource.attrPrimaryEndPointPort;
    if (!settings.clusterMode && settings.replicasPerShard !== 0) {
      this.readerEndpoint = new CacheEndpoint(this.resource.attrReaderEndPointAddress, this.resource.attrReaderEndPointPort);
    }
    this.memberClusterIds = memberClusterIds(replicationGroupId, settings.clusterMode, settings.shards, settings.replicasPerShard);
    this.metrics = new ReplicationGroupMetrics(this.memberClusterIds);
    this.monitoring = monitorReplicationGroup(this, props, engine, settings, replicationGroupId, this.memberClusterIds);
    this.costInput = {
      region: Stack.of(this).region,
      engine: engine.name === 'valkey' ? 'valkey' : 'redis',
      nodeType: settings.nodeType,
      shards: settings.shards,
      replicasPerShard: settings.replicasPerShard,
    };
    this.estimatedMonthlyCost = this.estimateCost(settings.shards, settings.replicasPerShard);
    this.budget = applyCost(this, this.estimatedMonthlyCost, props.budget, this.monitoring?.alarmTopic);

    const rotation = this.auth.addRotation({
      cache: this, after: this.resource, vpc: props.vpc, cacheSubnets: network.subnets, encryptionKey: this.encryptionKey!,
    });
    if (this.auth.authToken) this.authTokenRotationFunction = rotation; else this.userPasswordRotationFunction = rotation;
    applyCompanionRemovalPolicy(this, removalPolicy, ownKey);
  }

  /** Primary endpoint address (cluster mode disabled). @attribute */
  public get primaryEndpointAddress(): string | undefined {
    return this.clusterMode ? undefined : this.resource.attrPrimaryEndPointAddress;
  }
  /** Reader endpoint address (cluster mode disabled). @attribute */
  public get readerEndpointAddress(): string | undefined {
    return this.clusterMode ? undefined : this.resource.attrReaderEndPointAddress;
  }
  /** Reader endpoint port (cluster mode disabled). @attribute */
  public get readerEndpointPort(): string | undefined {
    return this.clusterMode ? undefined : this.resource.attrReaderEndPointPort;
  }
  /** Configuration endpoint address (cluster mode). @attribute */
  public get configurationEndpointAddress(): string | undefined {
    return this.clusterMode ? this.resource.attrConfigurationEndPointAddress : undefined;
  }

  /**
   * Lets Application Auto Scaling add and remove shards between the bounds, e.g.
   * `cache.autoScaleShards({ minCapacity: 2, maxCapacity: 6 }).scaleOnCpuUtilization({ targetUtilizationPercent: 60 })`.
   *
   * Needs cluster mode, Valkey 7.2+ or Redis OSS 6.0+ (7.0.7+ with data tiering) and a large,
   * xlarge or 2xlarge node of a supported family; `shards` must lie within the bounds. The
   * template keeps `shards` as the count the group is created with: changing it later reshards to
   * that value, away from what scaling chose (see docs/auto-scaling.md).
   */
  public autoScaleShards(props: CacheScalingCapacity): ScalableShards {
    return new ScalableShards(this, 'ShardScaling', { ...props, replicationGroup: this });
  }

  /**
   * Lets Application Auto Scaling add and remove replicas in every shard between the bounds (0 to 5),
   * e.g. `cache.autoScaleReplicas({ minCapacity: 1, maxCapacity: 3 }).scaleOnCpuUtilization({ targetUtilizationPercent: 50 })`.
   * The same prerequisites as `autoScaleShards()`; `replicasPerShard` must lie within the bounds.
   */
  public autoScaleReplicas(props: CacheScalingCapacity): ScalableReplicas {
    return new ScalableReplicas(this, 'ReplicaScaling', { ...props, replicationGroup: this });
  }

  /**
   * The estimated monthly on-demand cost with every auto scaled dimension at its `maxCapacity`: the
   * most the nodes can bill. The same as `estimatedMonthlyCost` when nothing auto scales.
   */
  public get estimatedMonthlyCostAtScalingMaximum(): CostEstimate {
    return this.estimateCost(this.scaled.shards?.maxCapacity ?? this.costInput.shards,
      this.scaled.replicas?.maxCapacity ?? this.costInput.replicasPerShard);
  }

  private estimateCost(shards: number, replicasPerShard: number): CostEstimate {
    const { region, engine, nodeType } = this.costInput;
    const nodes = isResolved(shards) && isResolved(replicasPerShard) ? shards * (1 + replicasPerShard) : undefined;
    return estimateNodeCost({ region, engine, nodeType, nodes });
  }

  /** What Application Auto Scaling owns of this group: empty until `autoScaleShards()` / `autoScaleReplicas()`. */
  public get autoScaling(): ReplicationGroupAutoScaling {
    return { ...this.scaled };
  }

  /** @internal Called by GlobalDatastore once its rules passed. */
  public _joinGlobalDatastore(global: IConstruct & { readonly globalReplicationGroupId: string }): void {
    this._globalDatastore = global;
  }

  /** @internal Records a scalable dimension (called by its constructor, once its rules passed). */
  public _registerAutoScaling(target: ScalableCacheDimension): void {
    if (target.dimension === CacheScalingDimension.SHARDS) this.scaled = { ...this.scaled, shards: target as ScalableShards };
    else this.scaled = { ...this.scaled, replicas: target as ScalableReplicas };
    this.recordScalingCost();
    if (this.monitoring?.recommendedAlarms) {
      Annotations.of(this).addWarningV2('cdk-elasticache:node-alarms-under-auto-scaling',
        `${target.dimension === CacheScalingDimension.SHARDS ? 'Shards' : 'Replicas'} auto scale, but the alarms are per node `
        + '(alarmScope CacheAlarmScope.NODE), fixed at synth: nodes scaling adds get no alarm and alarms of removed nodes go to '
        + 'INSUFFICIENT_DATA. Use CacheAlarmScope.FLEET (the default) to alarm every node the group has.');
    }
  }

  /** One metadata entry for `npm run example` and other cdk.out readers, updated when a second dimension scales. */
  private recordScalingCost(): void {
    const data = costMetadata(this.estimatedMonthlyCostAtScalingMaximum);
    if (this.scalingCostMetadata) Object.assign(this.scalingCostMetadata, data);
    else this.node.addMetadata(SCALING_COST_METADATA_TYPE, this.scalingCostMetadata = data);
  }

  protected passwordUserSecrets(): Record<string, secretsmanager.ISecret> {
    return Object.fromEntries(this.auth.passwordUsers.map((u) => [u.userName, u.passwordSecret!]));
  }
}
