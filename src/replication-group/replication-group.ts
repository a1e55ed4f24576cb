import { ArnFormat, IResource, RemovalPolicy, Resource, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { memberClusterIds } from './members';
import { MetricAggregation, ReplicationGroupMetrics } from './metrics';
import { createParameterGroup, defaultParameterGroupName } from './parameter-group';
import { ReplicationGroupProps } from './props';
import { resolveTopology, validateReplicationGroup } from './validate';
import { CacheAuthentication } from '../auth/authentication';
import { CacheAuth } from '../auth/cache-auth';
import { ICacheUserGroup } from '../auth/cache-user-group';
import { generateCacheId } from '../common/cache-id';
import { CacheEngine } from '../common/engine';
import { CacheNetwork } from '../common/network';
import { nodeTypeInfo } from '../common/node-types';
import { isResolved } from '../common/validation';
import { connectToCache, CacheConnectOptions, ICacheConnectionSource } from '../connection/connect';
import { CacheClientTarget } from '../connection/connect-target';
import { CacheAuthMode, CacheConnectionEnv } from '../connection/contract';
import { CacheConnectionExport, CacheConnectionExportOptions, exportConnection } from '../connection/export-connection';
import { CacheMonitoring } from '../monitoring/cache-monitoring';
import { CacheNodes, MonitoredEngine } from '../monitoring/cache-nodes';
import { monitorCache } from '../monitoring/monitor-cache';

/** A Valkey / Redis OSS replication group, made here or imported. */
export interface IReplicationGroup extends IResource, ICacheConnectionSource {
  /** The engine and version. */
  readonly engine: CacheEngine;
  /** The replication group id. @attribute */
  readonly replicationGroupId: string;
  /** The replication group ARN. @attribute */
  readonly replicationGroupArn: string;
  /** Address clients connect to: the configuration endpoint in cluster mode, else the primary endpoint. */
  readonly endpointAddress: string;
  /** Port of `endpointAddress`. */
  readonly endpointPort: string;
  /** Whether cluster mode is enabled. */
  readonly clusterMode: boolean;
  /** Whether clients must use TLS. */
  readonly transitEncryption: boolean;
  /** How clients authenticate. */
  readonly authMode: CacheAuthMode;
  /** The secret with the AUTH token (JSON key `token`) or the password user's password, if any. */
  readonly authSecret?: secretsmanager.ISecret;
  /** The ElastiCache user ids IAM principals may connect as (IAM authentication). */
  readonly iamUserIds: string[];
  /** The user whose password `authSecret` holds (RBAC password authentication). */
  readonly authUserName?: string;
  /** Reader endpoint `host:port` (cluster mode disabled), for read-only clients. */
  readonly readerEndpoint?: string;
  /** The ids of the member cache clusters (nodes), when known: they are the metrics' CacheClusterId. */
  readonly memberClusterIds: string[];

  /**
   * Grants `elasticache:Connect` on the group and its IAM users (IAM authentication).
   * @param user connect as this IAM user only; default: any of the group's IAM users
   */
  grantConnect(grantee: iam.IGrantable, user?: string): iam.Grant;
  /** Grants reading the AUTH token or password secret. */
  grantReadAuthSecret(grantee: iam.IGrantable): iam.Grant | undefined;
}

/** Attributes to import a replication group made elsewhere. */
export interface ReplicationGroupAttributes {
  /** The replication group id. */
  readonly replicationGroupId: string;
  /** Endpoint address clients connect to (configuration endpoint in cluster mode, else primary). */
  readonly endpointAddress: string;
  /** Port of the endpoint. */
  readonly endpointPort: number;
  /** Security groups of the cache. */
  readonly securityGroups: ec2.ISecurityGroup[];
  /**
   * Whether cluster mode is enabled.
   * @default true
   */
  readonly clusterMode?: boolean;
  /**
   * Whether clients must use TLS.
   * @default true
   */
  readonly transitEncryption?: boolean;
  /**
   * How clients authenticate.
   * @default CacheAuthMode.TOKEN
   */
  readonly authMode?: CacheAuthMode;
  /**
   * Secret with the AUTH token or password.
   * @default - none
   */
  readonly authSecret?: secretsmanager.ISecret;
  /**
   * IAM user ids clients connect as.
   * @default - none
   */
  readonly iamUserIds?: string[];
  /**
   * The user whose password `authSecret` holds (RBAC password authentication).
   * @default - none
   */
  readonly authUserName?: string;
  /**
   * The engine and version.
   * @default CacheEngine.LATEST
   */
  readonly engine?: CacheEngine;
  /**
   * Reader endpoint `host:port` (cluster mode disabled).
   * @default - none
   */
  readonly readerEndpoint?: string;
  /**
   * Number of shards, to name member clusters for metrics.
   * @default 1
   */
  readonly shards?: number;
  /**
   * Replicas per shard, to name member clusters for metrics.
   * @default 1
   */
  readonly replicasPerShard?: number;
}

abstract class ReplicationGroupBase extends Resource implements IReplicationGroup {
  public abstract readonly engine: CacheEngine;
  public abstract readonly authUserName?: string;
  public abstract readonly readerEndpoint?: string;
  public abstract readonly replicationGroupId: string;
  public abstract readonly replicationGroupArn: string;
  public abstract readonly endpointAddress: string;
  public abstract readonly endpointPort: string;
  public abstract readonly clusterMode: boolean;
  public abstract readonly transitEncryption: boolean;
  public abstract readonly authMode: CacheAuthMode;
  public abstract readonly authSecret?: secretsmanager.ISecret;
  public abstract readonly iamUserIds: string[];
  public abstract readonly memberClusterIds: string[];
  public abstract readonly connections: ec2.Connections;

  public grantConnect(grantee: iam.IGrantable, user?: string): iam.Grant {
    // IAM users may also sit in an RBAC group beside password users, so the users decide, not the mode.
    if (this.iamUserIds.length === 0) {
      throw new Error(`grantConnect: the replication group '${this.node.path}' has no IAM-authenticated user (authentication: ${this.authMode}); elasticache:Connect only applies to IAM authentication`);
    }
    const stack = Stack.of(this);
    const userArns = (user ? [user] : this.iamUserIds).map((userId) => stack.formatArn({
      service: 'elasticache', resource: 'user', resourceName: userId, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    }));
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['elasticache:Connect'],
      resourceArns: [this.replicationGroupArn, ...userArns],
    });
  }

  public grantReadAuthSecret(grantee: iam.IGrantable): iam.Grant | undefined {
    return this.authSecret?.grantRead(grantee);
  }

  public connect(target: CacheClientTarget, options?: CacheConnectOptions): Record<string, string> {
    return connectToCache(this, target, options);
  }

  public exportConnection(options?: CacheConnectionExportOptions): CacheConnectionExport {
    return exportConnection(this, this.connectionValues(), options);
  }

  public connectionValues(user?: string): Record<string, string> {
    const access = this.clientAccess(user);
    const values: Record<string, string> = {
      [CacheConnectionEnv.ENGINE]: this.engine.name,
      [CacheConnectionEnv.ENDPOINT]: `${this.endpointAddress}:${this.endpointPort}`,
      [CacheConnectionEnv.CLUSTER_MODE]: String(this.clusterMode),
      [CacheConnectionEnv.TLS]: String(this.transitEncryption),
      [CacheConnectionEnv.AUTH]: access.mode,
      [CacheConnectionEnv.ID]: this.replicationGroupId,
      [CacheConnectionEnv.REGION]: this.env.region,
    };
    if (this.readerEndpoint) values[CacheConnectionEnv.READER_ENDPOINT] = this.readerEndpoint;
    if (access.user) values[CacheConnectionEnv.USER] = access.user;
    if (access.secret) values[CacheConnectionEnv.AUTH_SECRET_ARN] = access.secret.secretArn;
    return values;
  }

  public grantClientAccess(grantee: iam.IGrantable, user?: string): iam.Grant | undefined {
    const access = this.clientAccess(user);
    if (access.mode === CacheAuthMode.IAM) return this.grantConnect(grantee, access.user);
    return access.secret?.grantRead(grantee);
  }

  /**
   * How a client authenticates as `user`: an IAM user of the group, or its password user; by
   * default the group's own mode (an RBAC group of IAM users only connects with IAM).
   */
  private clientAccess(user?: string): { mode: CacheAuthMode; user?: string; secret?: secretsmanager.ISecret } {
    const passwords = this.passwordUserSecrets();
    if (user !== undefined) {
      if (this.iamUserIds.includes(user)) return { mode: CacheAuthMode.IAM, user };
      if (passwords[user]) return { mode: CacheAuthMode.PASSWORD, user, secret: passwords[user] };
      const users = [...this.iamUserIds, ...Object.keys(passwords)];
      throw new Error(`user: '${user}' is invalid: connect as one of the cache's users (${users.length ? users.join(', ') : `none: authentication is ${this.authMode}`}).`);
    }
    switch (this.authMode) {
      case CacheAuthMode.TOKEN: return { mode: CacheAuthMode.TOKEN, secret: this.authSecret };
      case CacheAuthMode.NONE: return { mode: CacheAuthMode.NONE };
      default:
        if (this.authUserName && this.authSecret) return { mode: CacheAuthMode.PASSWORD, user: this.authUserName, secret: this.authSecret };
        if (this.iamUserIds.length > 0) return { mode: CacheAuthMode.IAM, user: this.authUserName ?? this.iamUserIds[0] };
        throw new Error(`connect: the replication group '${this.node.path}' knows no user to sign clients in as (authentication: ${this.authMode}); import its user group with its users`);
    }
  }

  /** The password users clients may sign in as, by user name, with their secrets. */
  protected passwordUserSecrets(): Record<string, secretsmanager.ISecret> {
    return this.authUserName && this.authSecret ? { [this.authUserName]: this.authSecret } : {};
  }
}

/**
 * A Valkey or Redis OSS replication group in a VPC: TLS, encryption at rest, an AUTH token in
 * Secrets Manager with rotation, Multi-AZ with automatic failover and daily snapshots by default.
 *
 * Invalid configurations throw when the construct is built, naming the property, the value and
 * the documented rule, instead of failing a deployment.
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
      public readonly endpointPort = Token.isUnresolved(attrs.endpointPort) ? Token.asString(attrs.endpointPort) : String(attrs.endpointPort);
      public readonly clusterMode = attrs.clusterMode ?? true;
      public readonly transitEncryption = attrs.transitEncryption ?? true;
      public readonly authMode = attrs.authMode ?? CacheAuthMode.TOKEN;
      public readonly authSecret = attrs.authSecret;
      public readonly iamUserIds = attrs.iamUserIds ?? [];
      public readonly authUserName = attrs.authUserName;
      public readonly engine = attrs.engine ?? CacheEngine.LATEST;
      public readonly readerEndpoint = attrs.readerEndpoint;
      public readonly memberClusterIds = memberClusterIds(attrs.replicationGroupId, this.clusterMode, attrs.shards ?? 1, attrs.replicasPerShard ?? 1);
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
  public readonly readerEndpoint?: string;
  public readonly memberClusterIds: string[];
  public readonly connections: ec2.Connections;

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
  /** The subnet group. */
  public readonly subnetGroup: elasticache.CfnSubnetGroup;
  /** The parameter group made for custom parameters, if any. */
  public readonly parameterGroup?: elasticache.CfnParameterGroup;
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
  /** Metrics of the group and of each node. */
  public readonly metrics: ReplicationGroupMetrics;
  /** The recommended alarms, their topic and the dashboard; undefined when the topology is not known at synth time. */
  public readonly monitoring?: CacheMonitoring;
  /** The L1 resource. */
  public readonly resource: elasticache.CfnReplicationGroup;

  constructor(scope: Construct, id: string, props: ReplicationGroupProps) {
    super(scope, id);
    const engine = props.engine ?? CacheEngine.LATEST;
    const authentication = props.authentication ?? CacheAuthentication.authToken();
    const topology = resolveTopology(props);
    validateReplicationGroup(props, engine, authentication, topology);
    // ElastiCache stores ids in lower case, and names member clusters (metrics) and users after it.
    const replicationGroupId = lowerCase(props.replicationGroupId) ?? generateCacheId(this);

    this.engine = engine;
    this.nodeType = topology.nodeType;
    this.port = topology.port;
    this.shards = topology.shards;
    this.replicasPerShard = topology.replicasPerShard;
    this.clusterMode = topology.clusterMode;
    this.transitEncryption = topology.transitEncryption;
    this.authMode = authentication.mode;
    const description = props.description ?? `ElastiCache ${engine} ${this.node.path}`;

    const network = new CacheNetwork(this, 'Network', { ...props, description });
    this.subnetGroup = network.subnetGroup;
    this.connections = new ec2.Connections({
      securityGroups: network.securityGroups,
      defaultPort: ec2.Port.tcp(topology.port),
    });

    // One key protects the data at rest, the secrets and the logs unless the user passes others.
    const needsKey = topology.atRestEncryption || authentication.mode !== CacheAuthMode.NONE || props.logDelivery !== undefined;
    this.encryptionKey = props.encryptionKey ?? (needsKey ? new kms.Key(this, 'Key', {
      description: `Encrypts ElastiCache ${replicationGroupId}: data at rest, secrets and logs`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    }) : undefined);

    this.auth = new CacheAuth(this, {
      authentication,
      engine,
      cacheId: replicationGroupId,
      encryptionKey: this.encryptionKey,
      transitEncryption: topology.transitEncryption,
      kind: 'replication group',
    });
    this.userGroup = this.auth.userGroup;
    this.authSecret = this.auth.secret;
    this.authUserName = this.auth.defaultUser?.userName;
    this.iamUserIds = this.auth.iamUserIds;

    if (props.parameters && Object.keys(props.parameters).length > 0) {
      this.parameterGroup = createParameterGroup(this, engine, topology.clusterMode, props.parameters);
    }
    if (props.logDelivery) {
      this.logGroup = new logs.LogGroup(this, 'Logs', {
        retention: props.logDelivery.retention ?? logs.RetentionDays.ONE_YEAR,
        encryptionKey: props.logDelivery.encryptionKey ?? this.encryptionKey,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      // CloudWatch Logs must be able to use the key for the encrypted log group.
      (props.logDelivery.encryptionKey ?? this.encryptionKey)?.grantEncryptDecrypt(
        new iam.ServicePrincipal(`logs.${Stack.of(this).region}.amazonaws.com`));
    }

    this.resource = new elasticache.CfnReplicationGroup(this, 'Resource', {
      replicationGroupId,
      replicationGroupDescription: description,
      engine: engine.name,
      engineVersion: engine.version,
      cacheNodeType: topology.nodeType,
      clusterMode: topology.clusterMode ? 'enabled' : 'disabled',
      cacheParameterGroupName: this.parameterGroup?.ref ?? defaultParameterGroupName(engine, topology.clusterMode),
      ...(topology.clusterMode ? {
        numNodeGroups: topology.shards,
        replicasPerNodeGroup: topology.replicasPerShard,
        nodeGroupConfiguration: topology.nodeGroupConfiguration,
      } : {
        numCacheClusters: 1 + topology.replicasPerShard,
        preferredCacheClusterAZs: topology.preferredCacheClusterAZs,
      }),
      automaticFailoverEnabled: topology.automaticFailover,
      multiAzEnabled: topology.multiAz,
      port: topology.port,
      cacheSubnetGroupName: network.subnetGroup.ref,
      securityGroupIds: network.securityGroups.map((sg) => sg.securityGroupId),
      transitEncryptionEnabled: topology.transitEncryption,
      atRestEncryptionEnabled: topology.atRestEncryption,
      kmsKeyId: topology.atRestEncryption ? this.encryptionKey?.keyArn : undefined,
      authToken: this.auth.authToken?.tokenValue.unsafeUnwrap(),
      userGroupIds: this.userGroup ? [this.userGroup.userGroupId] : undefined,
      snapshotRetentionLimit: topology.snapshotRetentionDays,
      snapshotWindow: props.backupWindow,
      preferredMaintenanceWindow: props.maintenanceWindow,
      autoMinorVersionUpgrade: props.autoMinorVersionUpgrade ?? true,
      dataTieringEnabled: topology.dataTiering || undefined,
      notificationTopicArn: props.notificationTopic?.topicArn,
      logDeliveryConfigurations: this.logGroup ? logDeliveryConfigurations(this.logGroup, props.logDelivery!) : undefined,
    });
    this.resource.node.addDependency(network.subnetGroup);
    this.resource.applyRemovalPolicy(props.removalPolicy, { default: RemovalPolicy.SNAPSHOT });
    this.auth.acknowledgeUserAuthentication(this.resource);

    this.replicationGroupId = this.resource.ref;
    this.replicationGroupArn = Stack.of(this).formatArn({
      service: 'elasticache', resource: 'replicationgroup', resourceName: this.resource.ref, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    if (topology.clusterMode) {
      this.configurationEndpointAddress = this.resource.attrConfigurationEndPointAddress;
      this.endpointAddress = this.resource.attrConfigurationEndPointAddress;
      this.endpointPort = this.resource.attrConfigurationEndPointPort;
    } else {
      this.primaryEndpointAddress = this.resource.attrPrimaryEndPointAddress;
      this.readerEndpointAddress = this.resource.attrReaderEndPointAddress;
      this.readerEndpointPort = this.resource.attrReaderEndPointPort;
      if (topology.replicasPerShard !== 0) this.readerEndpoint = `${this.readerEndpointAddress}:${this.readerEndpointPort}`;
      this.endpointAddress = this.resource.attrPrimaryEndPointAddress;
      this.endpointPort = this.resource.attrPrimaryEndPointPort;
    }
    this.memberClusterIds = memberClusterIds(replicationGroupId, topology.clusterMode, topology.shards, topology.replicasPerShard);
    this.metrics = new ReplicationGroupMetrics(this.memberClusterIds);
    const known = [topology.nodeType, topology.shards, topology.replicasPerShard].every(isResolved);
    this.monitoring = monitorCache(this, props.monitoring, known ? {
      cacheName: replicationGroupId,
      engine: engine.name === 'valkey' ? MonitoredEngine.VALKEY : MonitoredEngine.REDIS,
      nodeType: nodeTypeInfo('nodeType', topology.nodeType, 'redis'),
      nodes: CacheNodes.ofReplicationGroup(this.memberClusterIds, topology.replicasPerShard),
      clusterMode: topology.clusterMode,
    } : undefined);

    const rotation = this.auth.addRotation({
      cache: this, after: this.resource, vpc: props.vpc, cacheSubnets: network.subnets, encryptionKey: this.encryptionKey!,
    });
    if (this.auth.authToken) this.authTokenRotationFunction = rotation; else this.userPasswordRotationFunction = rotation;
  }

  protected passwordUserSecrets(): Record<string, secretsmanager.ISecret> {
    return Object.fromEntries(this.auth.passwordUsers.map((u) => [u.userName, u.passwordSecret!]));
  }

  /** A metric of the group, aggregated over its nodes (see `metrics` for per-node metrics). */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metrics.aggregate(metricName, props);
  }

  /** Percentage of CPU the engine thread uses (the busiest node). */
  public metricEngineCPUUtilization(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metrics.aggregate('EngineCPUUtilization', { statistic: 'Maximum', ...props });
  }
  /** Percentage of memory used for data (the fullest node). */
  public metricDatabaseMemoryUsagePercentage(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metrics.aggregate('DatabaseMemoryUsagePercentage', { statistic: 'Maximum', ...props });
  }
  /** Hit rate in percent (the worst node). */
  public metricCacheHitRate(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metrics.aggregate('CacheHitRate', { statistic: 'Average', ...props }, MetricAggregation.MIN);
  }
  /** Keys evicted for lack of memory (all nodes). */
  public metricEvictions(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metrics.aggregate('Evictions', { statistic: 'Sum', ...props }, MetricAggregation.SUM);
  }
  /** Client connections (all nodes). */
  public metricCurrConnections(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metrics.aggregate('CurrConnections', { statistic: 'Maximum', ...props }, MetricAggregation.SUM);
  }
  /** New connections accepted (all nodes). */
  public metricNewConnections(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metrics.aggregate('NewConnections', { statistic: 'Sum', ...props }, MetricAggregation.SUM);
  }
  /** Seconds replicas lag behind their primary (the worst replica). */
  public metricReplicationLag(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metrics.aggregate('ReplicationLag', { statistic: 'Maximum', ...props }, MetricAggregation.MAX);
  }
  /** Packets shaped because the node exceeded its network bandwidth allowance (all nodes). */
  public metricNetworkBandwidthAllowanceExceeded(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metrics.networkAllowanceExceeded(props);
  }
  /** Host CPU percentage (the busiest node). */
  public metricCPUUtilization(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metrics.aggregate('CPUUtilization', { statistic: 'Maximum', ...props });
  }
  /** Bytes of memory free for the host (the lowest node). */
  public metricFreeableMemory(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metrics.aggregate('FreeableMemory', { statistic: 'Minimum', ...props }, MetricAggregation.MIN);
  }
}


function lowerCase(id: string | undefined): string | undefined {
  return id === undefined || Token.isUnresolved(id) ? id : id.toLowerCase();
}

function logDeliveryConfigurations(logGroup: logs.ILogGroup, options: { readonly slowLog?: boolean; readonly engineLog?: boolean }) {
  const types = [
    ...(options.slowLog ?? true) ? ['slow-log'] : [],
    ...(options.engineLog ?? true) ? ['engine-log'] : [],
  ];
  return types.map((logType) => ({
    destinationType: 'cloudwatch-logs',
    destinationDetails: { cloudWatchLogsDetails: { logGroup: logGroup.logGroupName } },
    logFormat: 'json',
    logType,
  }));
}
