import { ArnFormat, IResource, Resource, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { ServerlessCacheEngine } from './engine';
import { serverlessMetric } from './metrics';
import { CacheEndpoint } from '../common/endpoint';
import { fail } from '../common/validation';
import { ClientAccess, clientAccessOf } from '../connection/client-access';
import { connectToCache, CacheConnectOptions, ICacheConnectionSource } from '../connection/connect';
import { CacheClientTarget } from '../connection/connect-target';
import { CacheAuthMode, CacheConnectionEnv } from '../connection/contract';
import { CacheConnectionExport, CacheConnectionExportOptions, exportConnection } from '../connection/export-connection';
import { grantSecretRead } from '../connection/grant-secret-read';

/** An ElastiCache Serverless cache, made here or imported. */
export interface IServerlessCache extends IResource, ICacheConnectionSource {
  /** The engine and major version. */
  readonly engine: ServerlessCacheEngine;
  /** The cache name (lower case); the metrics' `clusterId`. @attribute */
  readonly serverlessCacheName: string;
  /** The cache ARN. @attribute */
  readonly serverlessCacheArn: string;
  /** The endpoint clients connect to (Valkey / Redis OSS: the cluster protocol over TLS). */
  readonly endpoint: CacheEndpoint;
  /** The reader endpoint, for clients that read from replicas (Valkey / Redis OSS). */
  readonly readerEndpoint?: CacheEndpoint;
  /** How clients authenticate. */
  readonly authMode: CacheAuthMode;
  /** The secret with the password of the user clients sign in as by default, if any. */
  readonly authSecret?: secretsmanager.ISecret;
  /** The ElastiCache user ids IAM principals may connect as (IAM authentication). */
  readonly iamUserIds: string[];
  /** The user whose password `authSecret` holds (RBAC password authentication). */
  readonly authUserName?: string;

  /** A metric of the cache, dimension `clusterId` (1-minute periods). */
  metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** ElastiCache Processing Units consumed (Sum per period; divide by the period's seconds for ECPU/s). */
  metricElastiCacheProcessingUnits(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Bytes of data stored (Maximum). */
  metricBytesUsedForCache(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Requests throttled because the workload scaled faster than the cache, or hit its ECPU maximum (Sum). */
  metricThrottledCmds(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Commands processed (Sum). */
  metricTotalCmdsCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Server-side latency of successful reads, microseconds (Average). */
  metricSuccessfulReadRequestLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Server-side latency of successful writes, microseconds (Average). */
  metricSuccessfulWriteRequestLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Keys evicted (Sum): the cache reached its data storage maximum. */
  metricEvictions(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Client connections (Maximum). */
  metricCurrConnections(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** New connections (Sum). */
  metricNewConnections(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Items stored (Maximum). */
  metricCurrItems(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Hit rate in percent (Average; Valkey / Redis OSS only). */
  metricCacheHitRate(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Grants `elasticache:Connect` on the cache and its IAM users (IAM authentication).
   * @param user connect as this IAM user only; default: any of the cache's IAM users
   */
  grantConnect(grantee: iam.IGrantable, user?: string): iam.Grant;
  /** Grants reading the password secret; an error when there is none. */
  grantReadAuthSecret(grantee: iam.IGrantable): iam.Grant;
}

/** Attributes to import a serverless cache made elsewhere. */
export interface ServerlessCacheAttributes {
  /** The cache name. */
  readonly serverlessCacheName: string;
  /** The endpoint address. */
  readonly endpointAddress: string;
  /** The endpoint port. */
  readonly endpointPort: number;
  /** Security groups of the cache. */
  readonly securityGroups: ec2.ISecurityGroup[];
  /**
   * The reader endpoint address (Valkey / Redis OSS).
   * @default - none
   */
  readonly readerEndpointAddress?: string;
  /**
   * The reader endpoint port.
   * @default - none (required with readerEndpointAddress)
   */
  readonly readerEndpointPort?: number;
  /**
   * The engine and major version.
   * @default ServerlessCacheEngine.LATEST
   */
  readonly engine?: ServerlessCacheEngine;
  /**
   * How clients authenticate.
   * @default CacheAuthMode.PASSWORD for Valkey / Redis OSS, CacheAuthMode.NONE for Memcached
   */
  readonly authMode?: CacheAuthMode;
  /**
   * Secret with the password of `authUserName`.
   * @default - none
   */
  readonly authSecret?: secretsmanager.ISecret;
  /**
   * The user whose password `authSecret` holds.
   * @default - none
   */
  readonly authUserName?: string;
  /**
   * IAM user ids clients connect as.
   * @default - none
   */
  readonly iamUserIds?: string[];
}

/** What made and imported serverless caches share: grants, connection values and metrics. */
export abstract class ServerlessCacheBase extends Resource implements IServerlessCache {
  public abstract readonly engine: ServerlessCacheEngine;
  public abstract readonly serverlessCacheName: string;
  public abstract readonly serverlessCacheArn: string;
  public abstract readonly endpoint: CacheEndpoint;
  public abstract readonly readerEndpoint?: CacheEndpoint;
  public abstract readonly authMode: CacheAuthMode;
  public abstract readonly authSecret?: secretsmanager.ISecret;
  public abstract readonly iamUserIds: string[];
  public abstract readonly authUserName?: string;
  public abstract readonly connections: ec2.Connections;
  /** The name the metrics carry (known at synth for caches made here). */
  protected abstract readonly metricsName: string;

  public grantConnect(grantee: iam.IGrantable, user?: string): iam.Grant {
    if (this.iamUserIds.length === 0) {
      throw new Error(`grantConnect: the serverless cache '${this.node.path}' has no IAM-authenticated user (authentication: ${this.authMode}); elasticache:Connect only applies to IAM authentication`);
    }
    if (user !== undefined && !this.iamUserIds.includes(user)) {
      fail('user', user, `connect as one of the cache's IAM users (${this.iamUserIds.join(', ')})`);
    }
    const stack = Stack.of(this);
    const userArns = (user ? [user] : this.iamUserIds).map((userId) => stack.formatArn({
      service: 'elasticache', resource: 'user', resourceName: userId, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    }));
    // "The IAM identity needs an associated policy to grant the elasticache:Connect action to the
    // ElastiCache cache and ElastiCache user." (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth-iam.html)
    return iam.Grant.addToPrincipal({ grantee, actions: ['elasticache:Connect'], resourceArns: [this.serverlessCacheArn, ...userArns] });
  }

  public grantReadAuthSecret(grantee: iam.IGrantable): iam.Grant {
    if (!this.authSecret) {
      fail('authSecret', undefined, `the serverless cache '${this.node.path}' has no password secret (authentication: ${this.authMode})`);
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
      // "Operates engines in cluster mode enabled only"; Memcached serverless is one endpoint.
      [CacheConnectionEnv.CLUSTER_MODE]: String(this.engine.isRedisLike),
      // "Encryption in transit (TLS) — Always enabled."
      [CacheConnectionEnv.TLS]: 'true',
      [CacheConnectionEnv.AUTH]: access.mode,
      [CacheConnectionEnv.ID]: this.serverlessCacheName,
      [CacheConnectionEnv.REGION]: this.env.region,
      [CacheConnectionEnv.SERVERLESS]: 'true',
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

  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return serverlessMetric(metricName, this.metricsName, props);
  }
  public metricElastiCacheProcessingUnits(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ElastiCacheProcessingUnits', props);
  }
  public metricBytesUsedForCache(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('BytesUsedForCache', props);
  }
  public metricThrottledCmds(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ThrottledCmds', props);
  }
  public metricTotalCmdsCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('TotalCmdsCount', props);
  }
  public metricSuccessfulReadRequestLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('SuccessfulReadRequestLatency', props);
  }
  public metricSuccessfulWriteRequestLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('SuccessfulWriteRequestLatency', props);
  }
  public metricEvictions(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('Evictions', props);
  }
  public metricCurrConnections(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('CurrConnections', props);
  }
  public metricNewConnections(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('NewConnections', props);
  }
  public metricCurrItems(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('CurrItems', props);
  }
  public metricCacheHitRate(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    if (!this.engine.isRedisLike) fail('metricCacheHitRate', this.engine.toString(), 'serverless Memcached publishes no CacheHitRate');
    return this.metric('CacheHitRate', props);
  }

  /** The password users clients may sign in as, by user name, with their secrets. */
  protected passwordUserSecrets(): Record<string, secretsmanager.ISecret> {
    return this.authUserName && this.authSecret ? { [this.authUserName]: this.authSecret } : {};
  }

  private clientAccess(user?: string): ClientAccess {
    if (!this.engine.isRedisLike && user !== undefined) {
      throw new Error(`user: '${user}' is invalid: serverless Memcached caches have no users.`);
    }
    return clientAccessOf({
      what: `the serverless cache '${this.node.path}'`,
      authMode: this.authMode,
      authSecret: this.authSecret,
      iamUserIds: this.iamUserIds,
      authUserName: this.authUserName,
      passwordUserSecrets: this.passwordUserSecrets(),
    }, user);
  }
}
