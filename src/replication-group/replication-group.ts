import { ArnFormat, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { CacheLogDelivery } from './log-delivery';
import { memberClusterIds } from './members';
import { ReplicationGroupMetrics } from './metrics';
import { createParameterGroup, defaultParameterGroupName } from './parameter-group';
import { ReplicationGroupProps } from './props';
import { replicationGroupCreateOnly, REPLICATION_GROUP_CREATE_ONLY } from './replacement';
import { IReplicationGroup, ReplicationGroupAttributes, ReplicationGroupBase } from './replication-group-base';
import { restoreProperties } from './restore-rules';
import { nodePlacement, resolveSettings } from './settings';
import { shardZones } from './shard-rules';
import { checkReplicationGroupShapes, validateReplicationGroup } from './validate';
import { CacheAuthentication } from '../auth/authentication';
import { CacheAuth } from '../auth/cache-auth';
import { ICacheUserGroup } from '../auth/cache-user-group';
import { generateReplaceableCacheId, warnFixedId } from '../common/cache-id';
import { CacheEndpoint, portString } from '../common/endpoint';
import { CacheEngine } from '../common/engine';
import { CacheNetwork } from '../common/network';
import { cacheIpSettings } from '../common/network-type-rules';
import { findNodeType } from '../common/node-type-rules';
import { checkEnum } from '../common/prop-types';
import { applyCompanionRemovalPolicy } from '../common/removal';
import { isResolved, RuleReport } from '../common/validation';
import { checkZonesInSubnets } from '../common/zones';
import { CacheAuthMode } from '../connection/contract';
import { ICacheParameterGroup } from '../groups/parameter-group';
import { ICacheSubnetGroup } from '../groups/subnet-group';
import { CacheMonitoring } from '../monitoring/cache-monitoring';
import { CacheNodes, MonitoredEngine } from '../monitoring/cache-nodes';
import { monitorCache } from '../monitoring/monitor-cache';

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
  /** Primary endpoint address (cluster mode disabled). @attribute */
  public readonly primaryEndpointAddress?: string;
  /** Reader endpoint address (cluster mode disabled). @attribute */
  public readonly readerEndpointAddress?: string;
  /** Reader endpoint port (cluster mode disabled). @attribute */
  public readonly readerEndpointPort?: string;
  /** Configuration endpoint address (cluster mode). @attribute */
  public readonly configurationEndpointAddress?: string;
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
  /** The function that rotates the AUTH token, if any. */
  public readonly authTokenRotationFunction?: lambda.IFunction;
  /** The function that rotates the generated user passwords of the user group, if this cache rotates them. */
  public readonly userPasswordRotationFunction?: lambda.IFunction;
  private readonly auth: CacheAuth;
  /** The recommended alarms, their topic and the dashboard; undefined when the topology is not known at synth time. */
  public readonly monitoring?: CacheMonitoring;
  /** The L1 resource. */
  public readonly resource: elasticache.CfnReplicationGroup;

  constructor(scope: Construct, id: string, props: ReplicationGroupProps) {
    super(scope, id);
    // Shapes first: props may come from JavaScript or JSON config, and the rules read them typed.
    const report = new RuleReport();
    const what = 'ReplicationGroup';
    if (!checkReplicationGroupShapes(report, props)) report.throwIfAny(this, what);
    if (props.engine !== undefined && !(props.engine instanceof CacheEngine)) report.fail('engine', props.engine, 'it is a CacheEngine, e.g. CacheEngine.VALKEY_8_2');
    if (props.authentication !== undefined && !(props.authentication instanceof CacheAuthentication)) {
      report.fail('authentication', props.authentication, 'it is a CacheAuthentication, e.g. CacheAuthentication.iam()');
    }
    checkEnum(report, 'removalPolicy', props.removalPolicy, Object.values(RemovalPolicy));
    report.throwIfAny(this, what);
    const engine = props.engine ?? CacheEngine.LATEST;
    const authentication = props.authentication ?? CacheAuthentication.authToken();
    const settings = resolveSettings(props);
    validateReplicationGroup(report, props, engine, authentication, settings);
    report.throwIfAny(this, what);

    // ElastiCache stores ids in lower case, and names member clusters (metrics) and users after it.
    // A generated id follows the create-only settings, so changing one replaces the group under a new name.
    const replicationGroupId = props.replicationGroupId !== undefined
      ? lowerCase(props.replicationGroupId)
      : generateReplaceableCacheId(this, replicationGroupCreateOnly(props, settings, authentication, engine));
    if (props.replicationGroupId !== undefined) warnFixedId(this, 'replicationGroupId', REPLICATION_GROUP_CREATE_ONLY);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.SNAPSHOT;

    this.engine = engine;
    this.nodeType = settings.nodeType;
    this.port = settings.port;
    this.shards = settings.shards;
    this.replicasPerShard = settings.replicasPerShard;
    this.clusterMode = settings.clusterMode;
    this.transitEncryption = settings.transitEncryption;
    this.authMode = authentication.mode;
    const description = props.description ?? `ElastiCache ${engine} ${this.node.path}`;

    const network = new CacheNetwork(this, 'Network', { ...props, description });
    checkZonesInSubnets(report, props.preferredAvailabilityZones, network.subnetGroupZones);
    const ip = cacheIpSettings(this, report, { ...props, ...settings, subnets: network.subnetGroupSubnets });
    checkZonesInSubnets(report, shardZones(props.shardConfigurations), network.subnetGroupZones, 'shardConfigurations');
    report.throwIfAny(this, what);
    this.subnetGroup = network.subnetGroup;
    this.connections = new ec2.Connections({
      securityGroups: network.securityGroups,
      defaultPort: ec2.Port.tcp(settings.port),
    });

    // One key protects the data at rest, the secrets and the logs unless the user passes others.
    const needsKey = settings.atRestEncryption || authentication.mode !== CacheAuthMode.NONE || props.logDelivery !== undefined;
    const ownKey = !props.encryptionKey && needsKey ? new kms.Key(this, 'Key', {
      description: `Encrypts ElastiCache ${replicationGroupId}: data at rest, secrets and logs`,
      enableKeyRotation: true,
    }) : undefined;
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
    const logDelivery = props.logDelivery
      ? new CacheLogDelivery(this, 'Logs', props.logDelivery, this.encryptionKey)
      : undefined;
    this.logGroup = logDelivery?.logGroup;

    const placement = nodePlacement(settings, props);
    this.resource = new elasticache.CfnReplicationGroup(this, 'Resource', {
      replicationGroupId,
      replicationGroupDescription: description,
      engine: engine.name,
      engineVersion: engine.version,
      cacheNodeType: settings.nodeType,
      clusterMode: settings.clusterModeSetting,
      cacheParameterGroupName: this.parameterGroup?.parameterGroupName ?? defaultParameterGroupName(engine, settings.clusterModeSetting),
      ...(settings.clusterMode ? {
        numNodeGroups: settings.shards,
        replicasPerNodeGroup: settings.replicasPerShard,
        nodeGroupConfiguration: placement.nodeGroupConfiguration,
      } : {
        numCacheClusters: 1 + settings.replicasPerShard,
        preferredCacheClusterAZs: placement.preferredCacheClusterAZs,
      }),
      automaticFailoverEnabled: settings.automaticFailover,
      multiAzEnabled: settings.multiAz,
      port: settings.port,
      cacheSubnetGroupName: network.subnetGroup.subnetGroupName,
      securityGroupIds: network.securityGroups.map((sg) => sg.securityGroupId),
      ...ip,
      transitEncryptionEnabled: settings.transitEncryption,
      transitEncryptionMode: props.transitEncryptionMode,
      atRestEncryptionEnabled: settings.atRestEncryption,
      kmsKeyId: settings.atRestEncryption ? this.encryptionKey?.keyArn : undefined,
      authToken: this.auth.authToken?.tokenValue.unsafeUnwrap(),
      userGroupIds: this.userGroup ? [this.userGroup.userGroupId] : undefined,
      snapshotRetentionLimit: settings.snapshotRetentionDays,
      snapshotWindow: props.backupWindow,
      preferredMaintenanceWindow: props.maintenanceWindow,
      autoMinorVersionUpgrade: props.autoMinorVersionUpgrade ?? true,
      dataTieringEnabled: settings.dataTiering || undefined,
      durability: props.durability,
      notificationTopicArn: props.notificationTopic?.topicArn,
      logDeliveryConfigurations: logDelivery?.configurations,
      ...restoreProperties(props.restoreFrom),
    });
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
    if (settings.clusterMode) {
      this.configurationEndpointAddress = this.resource.attrConfigurationEndPointAddress;
      this.endpointAddress = this.resource.attrConfigurationEndPointAddress;
      this.endpointPort = this.resource.attrConfigurationEndPointPort;
    } else {
      this.primaryEndpointAddress = this.resource.attrPrimaryEndPointAddress;
      this.readerEndpointAddress = this.resource.attrReaderEndPointAddress;
      this.readerEndpointPort = this.resource.attrReaderEndPointPort;
      if (settings.replicasPerShard !== 0) this.readerEndpoint = new CacheEndpoint(this.readerEndpointAddress, this.readerEndpointPort);
      this.endpointAddress = this.resource.attrPrimaryEndPointAddress;
      this.endpointPort = this.resource.attrPrimaryEndPointPort;
    }
    this.memberClusterIds = memberClusterIds(replicationGroupId, settings.clusterMode, settings.shards, settings.replicasPerShard);
    this.metrics = new ReplicationGroupMetrics(this.memberClusterIds);
    const known = [settings.nodeType, settings.shards, settings.replicasPerShard].every(isResolved);
    this.monitoring = monitorCache(this, props.monitoring, known ? {
      cacheName: replicationGroupId,
      engine: engine.name === 'valkey' ? MonitoredEngine.VALKEY : MonitoredEngine.REDIS,
      nodeType: findNodeType(settings.nodeType)!,
      nodes: CacheNodes.ofReplicationGroup(this.memberClusterIds, settings.replicasPerShard),
      clusterMode: settings.clusterMode,
    } : undefined);

    const rotation = this.auth.addRotation({
      cache: this, after: this.resource, vpc: props.vpc, cacheSubnets: network.subnets, encryptionKey: this.encryptionKey!,
    });
    if (this.auth.authToken) this.authTokenRotationFunction = rotation; else this.userPasswordRotationFunction = rotation;
    applyCompanionRemovalPolicy(this, removalPolicy, ownKey);
  }

  protected passwordUserSecrets(): Record<string, secretsmanager.ISecret> {
    return Object.fromEntries(this.auth.passwordUsers.map((u) => [u.userName, u.passwordSecret!]));
  }
}

function lowerCase(id: string): string {
  return Token.isUnresolved(id) ? id : id.toLowerCase();
}
