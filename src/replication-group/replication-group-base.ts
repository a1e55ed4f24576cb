import { ArnFormat, IResource, Resource, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { ReplicationGroupMetrics } from './metrics';
import { CacheEndpoint } from '../common/endpoint';
import { CacheEngine } from '../common/engine';
import { MetricAggregation } from '../common/metric-aggregation';
import { fail } from '../common/validation';
import { ClientAccess, clientAccessOf } from '../connection/client-access';
import { connectToCache, CacheConnectOptions, ICacheConnectionSource } from '../connection/connect';
import { CacheClientTarget } from '../connection/connect-target';
import { CacheAuthMode, CacheConnectionEnv } from '../connection/contract';
import { CacheConnectionExport, CacheConnectionExportOptions, exportConnection } from '../connection/export-connection';
import { grantSecretRead } from '../connection/grant-secret-read';

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
  /** The endpoint clients connect to: the configuration endpoint in cluster mode, else the primary. */
  readonly endpoint: CacheEndpoint;
  /** The reader endpoint (cluster mode disabled, with replicas), for read-only clients. */
  readonly readerEndpoint?: CacheEndpoint;
  /** The ids of the member cache clusters (nodes), when known: they are the metrics' CacheClusterId. */
  readonly memberClusterIds: string[];

  /** Metrics of the group and of each node (dimension CacheClusterId, one node `0001` per member cluster). */
  readonly metrics: ReplicationGroupMetrics;

  /** A metric of the group, combined over its nodes (MAX by default; see `metrics` for per-node metrics). */
  metric(metricName: string, props?: cloudwatch.MetricOptions, aggregation?: MetricAggregation): cloudwatch.IMetric;
  /** Percentage of CPU the engine thread uses (the busiest node). */
  metricEngineCPUUtilization(props?: cloudwatch.MetricOptions): cloudwatch.IMetric;
  /** Percentage of memory used for data (the fullest node). */
  metricDatabaseMemoryUsagePercentage(props?: cloudwatch.MetricOptions): cloudwatch.IMetric;
  /** Hit rate in percent (the worst node). */
  metricCacheHitRate(props?: cloudwatch.MetricOptions): cloudwatch.IMetric;
  /** Keys evicted for lack of memory (all nodes). */
  metricEvictions(props?: cloudwatch.MetricOptions): cloudwatch.IMetric;
  /** Client connections (all nodes). */
  metricCurrConnections(props?: cloudwatch.MetricOptions): cloudwatch.IMetric;
  /** New connections accepted (all nodes). */
  metricNewConnections(props?: cloudwatch.MetricOptions): cloudwatch.IMetric;
  /** Seconds replicas lag behind their primary (the worst replica). */
  metricReplicationLag(props?: cloudwatch.MetricOptions): cloudwatch.IMetric;
  /** Packets shaped because a node exceeded its network allowances (all nodes). */
  metricNetworkBandwidthAllowanceExceeded(props?: cloudwatch.MetricOptions): cloudwatch.IMetric;
  /** Host CPU percentage (the busiest node). */
  metricCPUUtilization(props?: cloudwatch.MetricOptions): cloudwatch.IMetric;
  /** Bytes of memory free for the host (the lowest node). */
  metricFreeableMemory(props?: cloudwatch.MetricOptions): cloudwatch.IMetric;

  /**
   * Grants `elasticache:Connect` on the group and its IAM users (IAM authentication).
   * @param user connect as this IAM user only; default: any of the group's IAM users
   */
  grantConnect(grantee: iam.IGrantable, user?: string): iam.Grant;
  /** Grants reading the AUTH token or password secret; an error when there is none. */
  grantReadAuthSecret(grantee: iam.IGrantable): iam.Grant;
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
   * Reader endpoint address (cluster mode disabled, with replicas).
   * @default - none
   */
  readonly readerEndpointAddress?: string;
  /**
   * Reader endpoint port.
   * @default - the endpointPort
   */
  readonly readerEndpointPort?: number;
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

/** What made and imported replication groups share: grants, connection values and metrics. */
export abstract class ReplicationGroupBase extends Resource implements IReplicationGroup {
  public abstract readonly engine: CacheEngine;
  public abstract readonly authUserName?: string;
  public abstract readonly readerEndpoint?: CacheEndpoint;
  public abstract readonly replicationGroupId: string;
  public abstract readonly replicationGroupArn: string;
  public abstract readonly endpointAddress: string;
  public abstract readonly endpointPort: string;

  public get endpoint(): CacheEndpoint {
    return new CacheEndpoint(this.endpointAddress, this.endpointPort);
  }
  public abstract readonly clusterMode: boolean;
  public abstract readonly transitEncryption: boolean;
  public abstract readonly authMode: CacheAuthMode;
  public abstract readonly authSecret?: secretsmanager.ISecret;
  public abstract readonly iamUserIds: string[];
  public abstract readonly memberClusterIds: string[];
  public abstract readonly connections: ec2.Connections;
  public abstract readonly metrics: ReplicationGroupMetrics;

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

  public grantReadAuthSecret(grantee: iam.IGrantable): iam.Grant {
    if (!this.authSecret) {
      fail('authSecret', undefined, `the replication group '${this.node.path}' has no AUTH token or password secret (authentication: ${this.authMode})${
        this.authMode === CacheAuthMode.TOKEN ? '; pass authSecret (the secret holding the AUTH token) when importing it' : ''}`);
    }
    return grantSecretRead(this.authSecret, grantee);
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
      [CacheConnectionEnv.ENDPOINT]: this.endpoint.socketAddress,
      [CacheConnectionEnv.CLUSTER_MODE]: String(this.clusterMode),
      [CacheConnectionEnv.TLS]: String(this.transitEncryption),
      [CacheConnectionEnv.AUTH]: access.mode,
      [CacheConnectionEnv.ID]: this.replicationGroupId,
      [CacheConnectionEnv.REGION]: this.env.region,
    };
    if (this.readerEndpoint) values[CacheConnectionEnv.READER_ENDPOINT] = this.readerEndpoint.socketAddress;
    if (access.user) values[CacheConnectionEnv.USER] = access.user;
    if (access.secret) values[CacheConnectionEnv.AUTH_SECRET_ARN] = access.secret.secretArn;
    return values;
  }

  public grantClientAccess(grantee: iam.IGrantable, user?: string): iam.Grant {
    const access = this.clientAccess(user);
    if (access.mode === CacheAuthMode.IAM) return this.grantConnect(grantee, access.user);
    if (access.secret) return grantSecretRead(access.secret, grantee);
    return iam.Grant.drop(grantee, `connect to ${this.node.path} without authentication`);
  }

  /** A metric of the group, aggregated over its nodes (see `metrics` for per-node metrics). */
  public metric(metricName: string, props?: cloudwatch.MetricOptions, aggregation?: MetricAggregation): cloudwatch.IMetric {
    return this.metrics.aggregate(metricName, props, aggregation);
  }

  /** Percentage of CPU the engine thread uses (the busiest node). */
  public metricEngineCPUUtilization(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metrics.named('EngineCPUUtilization', props);
  }
  /** Percentage of memory used for data (the fullest node). */
  public metricDatabaseMemoryUsagePercentage(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metrics.named('DatabaseMemoryUsagePercentage', props);
  }
  /** Hit rate in percent (the worst node). */
  public metricCacheHitRate(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metrics.named('CacheHitRate', props);
  }
  /** Keys evicted for lack of memory (all nodes). */
  public metricEvictions(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metrics.named('Evictions', props);
  }
  /** Client connections (all nodes). */
  public metricCurrConnections(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metrics.named('CurrConnections', props);
  }
  /** New connections accepted (all nodes). */
  public metricNewConnections(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metrics.named('NewConnections', props);
  }
  /** Seconds replicas lag behind their primary (the worst replica). */
  public metricReplicationLag(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metrics.named('ReplicationLag', props);
  }
  /** Packets shaped because the node exceeded its network bandwidth allowance (all nodes). */
  public metricNetworkBandwidthAllowanceExceeded(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metrics.networkAllowanceExceeded(props);
  }
  /** Host CPU percentage (the busiest node). */
  public metricCPUUtilization(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metrics.named('CPUUtilization', props);
  }
  /** Bytes of memory free for the host (the lowest node). */
  public metricFreeableMemory(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metrics.named('FreeableMemory', props);
  }

  /** How a client authenticates as `user` (see clientAccessOf). */
  private clientAccess(user?: string): ClientAccess {
    return clientAccessOf({
      what: `the replication group '${this.node.path}'`,
      authMode: this.authMode,
      authSecret: this.authSecret,
      iamUserIds: this.iamUserIds,
      authUserName: this.authUserName,
      passwordUserSecrets: this.passwordUserSecrets(),
    }, user);
  }

  /** The password users clients may sign in as, by user name, with their secrets. */
  protected passwordUserSecrets(): Record<string, secretsmanager.ISecret> {
    return this.authUserName && this.authSecret ? { [this.authUserName]: this.authSecret } : {};
  }
}
