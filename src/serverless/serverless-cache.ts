import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { userRulesEngine } from './auth-rules';
import { ServerlessCacheEngine } from './engine';
import { ServerlessCacheMonitoring } from './monitor';
import { validateServerlessNetwork } from './network-rules';
import { ServerlessCacheProps, ServerlessConnectionType } from './props';
import { serverlessCacheNameOf } from './replacement';
import { IServerlessCache, ServerlessCacheAttributes, ServerlessCacheBase } from './serverless-cache-base';
import { cacheUsageLimits } from './usage-limits';
import { checkedServerlessProps, throwLateFailures } from './validate';
import { CacheAuth } from '../auth/cache-auth';
import { ICacheUserGroup } from '../auth/cache-user-group';
import { CacheEndpoint, portString } from '../common/endpoint';
import { applyCompanionRemovalPolicy } from '../common/removal';
import { guardStackResourceBudget } from '../common/stack-budget';
import { isResolved } from '../common/validation';
import { CacheConnectOptions } from '../connection/connect';
import { CacheClientTarget } from '../connection/connect-target';
import { CacheAuthMode } from '../connection/contract';
import { CacheBudget } from '../cost/budget';
import { applyCost } from '../cost/cache-cost';
import { CostEstimate } from '../cost/cost-estimate';
import { estimateServerlessCost } from '../cost/estimate';
import { PricedEngine } from '../cost/prices';
import { defaultCacheSubnets } from '../groups/subnet-group';

export * from './serverless-cache-base';

// Serverless Valkey / Redis OSS listen on 6379 (endpoint) and 6380 (reader endpoint): "Serverless
// security groups need both port 6379 (primary) and 6380 (reader)" (AWS's agent toolkit,
// connection-guide.md; AWS's EC2 sample script opens "ports 6379 and 6380"). No such statement for
// serverless Memcached: its rules take the endpoint's port attribute.
const REDIS_PORTS = { endpoint: 6379, reader: 6380 };

/**
 * An ElastiCache Serverless cache (Valkey, Redis OSS or Memcached) in a VPC: TLS and encryption at
 * rest with its own KMS key (always), its own security group, a user with a generated, rotated
 * password (Valkey / Redis OSS), daily snapshots, a final snapshot on removal and recommended alarms.
 *
 * Invalid configurations throw one ValidationError when the construct is built, listing every
 * property, value and documented rule that failed, instead of failing a deployment.
 *
 * @resource AWS::ElastiCache::ServerlessCache
 */
export class ServerlessCache extends ServerlessCacheBase {
  /** Import a serverless cache made elsewhere. */
  public static fromServerlessCacheAttributes(scope: Construct, id: string, attrs: ServerlessCacheAttributes): IServerlessCache {
    const engine = attrs.engine ?? ServerlessCacheEngine.LATEST;
    class Import extends ServerlessCacheBase {
      public readonly engine = engine;
      public readonly serverlessCacheName = attrs.serverlessCacheName;
      public readonly serverlessCacheArn = serverlessCacheArn(scope, attrs.serverlessCacheName);
      public readonly endpoint = new CacheEndpoint(attrs.endpointAddress, portString(attrs.endpointPort));
      public readonly readerEndpoint = attrs.readerEndpointAddress === undefined ? undefined
        : new CacheEndpoint(attrs.readerEndpointAddress, portString(attrs.readerEndpointPort ?? attrs.endpointPort));
      public readonly authMode = attrs.authMode ?? (engine.isRedisLike ? CacheAuthMode.PASSWORD : CacheAuthMode.NONE);
      public readonly authSecret = attrs.authSecret;
      public readonly authUserName = attrs.authUserName;
      public readonly iamUserIds = attrs.iamUserIds ?? [];
      public readonly connections = new ec2.Connections({ securityGroups: attrs.securityGroups, defaultPort: ec2.Port.tcp(attrs.endpointPort) });
      protected readonly metricsName = attrs.serverlessCacheName;
    }
    return new Import(scope, id);
  }

  public readonly engine: ServerlessCacheEngine;
  public readonly serverlessCacheName: string;
  public readonly serverlessCacheArn: string;
  public readonly endpoint: CacheEndpoint;
  public readonly readerEndpoint?: CacheEndpoint;
  public readonly authMode: CacheAuthMode;
  public readonly authSecret?: secretsmanager.ISecret;
  public readonly iamUserIds: string[];
  public readonly authUserName?: string;
  /** The endpoint port (default port of `connections`); connect() also opens `readerPort`. */
  public readonly connections: ec2.Connections;
  /** The reader endpoint's port, when there is a reader endpoint (Valkey / Redis OSS). */
  public readonly readerPort?: ec2.Port;
  /** The KMS key of the cache's data at rest and its generated secrets. */
  public readonly encryptionKey: kms.IKey;
  /** The RBAC / IAM user group, made for the cache or brought, if any. */
  public readonly userGroup?: ICacheUserGroup;
  /** The function that rotates the generated user passwords, if this cache rotates them (the stack's shared one). */
  public readonly userPasswordRotationFunction?: lambda.IFunction;
  /** The subnets of the cache's endpoints. */
  public readonly subnets: ec2.SelectedSubnets;
  /** Where reaching the cache from: the VPC or the internet. */
  public readonly connectionType: ServerlessConnectionType;
  /** The recommended alarms and their topic. */
  public readonly monitoring: ServerlessCacheMonitoring;
  /**
   * The estimated monthly on-demand cost in USD, computed at synth time from the usage limits'
   * maximums and the stack's Region with the sourced prices of docs/cost.md (never guessed: see
   * its `status` and `unknown`). It reflects the configuration as synthesized, at its maximums all month (the most it can bill).
   */
  public readonly estimatedMonthlyCost: CostEstimate;
  /** The cost budget, when `budget` is set. */
  public readonly budget?: CacheBudget;
  /** The L1 resource. */
  public readonly resource: elasticache.CfnServerlessCache;
  protected readonly metricsName: string;
  private readonly auth: CacheAuth;

  constructor(scope: Construct, id: string, props: ServerlessCacheProps) {
    super(scope, id);
    guardStackResourceBudget(this);
    const checked = checkedServerlessProps(this, props);
    const { engine, authentication, removalPolicy, report } = checked;
    this.engine = engine;
    this.connectionType = checked.connectionType;
    this.subnets = props.vpc.selectSubnets(props.vpcSubnets ?? defaultCacheSubnets(props.vpc));
    const networkType = validateServerlessNetwork(this, report, props.vpc, this.subnets.subnets, props.networkType, props.connectionType);
    throwLateFailures(this, report);

    const cacheName = serverlessCacheNameOf(this, props, this.subnets.subnets);
    this.metricsName = cacheName;
    const description = props.description ?? `ElastiCache Serverless ${engine} ${this.node.path}`.slice(0, 255);
    const securityGroups = props.securityGroups ?? [
      // Never the VPC's default security group, which ElastiCache would pick otherwise.
      new ec2.SecurityGroup(this, 'SecurityGroup', { vpc: props.vpc, description, allowAllOutbound: false }),
    ];
    const ownKey = props.encryptionKey ? undefined : new kms.Key(this, 'Key', {
      description: `Encrypts ElastiCache Serverless ${cacheName}: data at rest and secrets`,
      enableKeyRotation: true,
    });
    this.encryptionKey = props.encryptionKey ?? ownKey!;
    this.auth = new CacheAuth(this, {
      authentication,
      engine: userRulesEngine(engine),
      cacheId: cacheName,
      encryptionKey: this.encryptionKey,
      transitEncryption: true,
      kind: 'serverless cache',
    });
    this.authMode = this.auth.mode;
    this.userGroup = this.auth.userGroup;
    this.authSecret = this.auth.secret;
    this.authUserName = this.auth.defaultUser?.userName;
    this.iamUserIds = this.auth.iamUserIds;

    // SNAPSHOT: ElastiCache takes the final snapshot when CloudFormation deletes the cache.
    const finalSnapshotName = removalPolicy === RemovalPolicy.SNAPSHOT ? props.finalSnapshotName ?? `${cacheName}-final` : undefined;
    this.resource = new elasticache.CfnServerlessCache(this, 'Resource', {
      serverlessCacheName: cacheName,
      description,
      engine: engine.name,
      majorEngineVersion: engine.cfnMajorEngineVersion,
      cacheUsageLimits: cacheUsageLimits(checked.usageLimits),
      kmsKeyId: this.encryptionKey.keyArn,
      securityGroupIds: securityGroups.map((sg) => sg.securityGroupId),
      subnetIds: this.subnets.subnetIds,
      userGroupId: this.auth.userGroup?.userGroupId,
      snapshotRetentionLimit: checked.snapshotRetentionDays,
      dailySnapshotTime: props.dailySnapshotTime,
      snapshotArnsToRestore: props.restoreFrom,
      finalSnapshotName,
    });
    // Overrides, not L1 props: NetworkType came in aws-cdk-lib 2.258 and ConnectionType in 2.273,
    // after the peer floor (.projenrc.ts). Only when set, so the defaults keep the template.
    if (networkType !== undefined) this.resource.addPropertyOverride('NetworkType', networkType);
    if (checked.connectionType === ServerlessConnectionType.PUBLIC) this.resource.addPropertyOverride('ConnectionType', checked.connectionType);
    this.resource.applyRemovalPolicy(removalPolicy === RemovalPolicy.SNAPSHOT ? RemovalPolicy.DESTROY : removalPolicy);

    this.serverlessCacheName = this.resource.ref;
    this.serverlessCacheArn = serverlessCacheArn(this, this.resource.ref);
    this.endpoint = new CacheEndpoint(this.resource.attrEndpointAddress, this.resource.attrEndpointPort);
    if (engine.isRedisLike) {
      this.readerEndpoint = new CacheEndpoint(this.resource.attrReaderEndpointAddress, this.resource.attrReaderEndpointPort);
      this.readerPort = ec2.Port.tcp(REDIS_PORTS.reader);
    }
    // Clients read the ports from the endpoints; the security group rules name them, so that
    // cdk-nag's port rules (and people) can read them at synth time.
    const port = engine.isRedisLike ? ec2.Port.tcp(REDIS_PORTS.endpoint) : ec2.Port.tcp(this.endpoint.portNumber);
    this.connections = new ec2.Connections({ securityGroups, defaultPort: port });

    const limits = checked.usageLimits;
    this.monitoring = new ServerlessCacheMonitoring(this, 'Monitoring', {
      ...props.monitoring,
      cacheName,
      redisLike: engine.isRedisLike,
      // A token limit has no threshold to compute at synth time: no default alarm near it.
      storageMaxGb: isResolved(limits.storageMaxGb) ? limits.storageMaxGb : undefined,
      ecpuMax: isResolved(limits.ecpuMax) ? limits.ecpuMax : undefined,
    });

    this.estimatedMonthlyCost = estimateServerlessCost({
      region: Stack.of(this).region, engine: engine.name as PricedEngine, storageMaxGb: limits.storageMaxGb, ecpuPerSecondMax: limits.ecpuMax,
    });
    this.budget = applyCost(this, this.estimatedMonthlyCost, props.budget, this.monitoring.alarmTopic);

    this.userPasswordRotationFunction = this.auth.addRotation({
      cache: this,
      after: this.resource,
      vpc: props.vpc,
      cacheSubnets: this.subnets,
      encryptionKey: this.encryptionKey,
    });
    applyCompanionRemovalPolicy(this, removalPolicy, ownKey);
  }

  /**
   * Connects compute to the cache: ingress on the endpoint and reader ports, the connection
   * contract's environment variables (`CACHE_SERVERLESS=true`), and what its authentication needs.
   */
  public connect(target: CacheClientTarget, options?: CacheConnectOptions): Record<string, string> {
    const env = super.connect(target, options);
    this.allowReaderFrom(target.connectable);
    return env;
  }

  /** Lets `other` reach both the endpoint and the reader endpoint. */
  public allowConnectionsFrom(other: ec2.IConnectable, description?: string): void {
    this.connections.allowDefaultPortFrom(other, description ?? `Clients of ${this.node.path}`);
    this.allowReaderFrom(other, description);
  }

  protected passwordUserSecrets(): Record<string, secretsmanager.ISecret> {
    return Object.fromEntries(this.auth.passwordUsers.map((u) => [u.userName, u.passwordSecret!]));
  }

  private allowReaderFrom(other: ec2.IConnectable, description?: string): void {
    // From the client side, like connect(): across stacks the rule then goes to the client's stack.
    if (this.readerPort) other.connections.allowTo(this, this.readerPort, description ?? `Clients of ${this.node.path} (reader endpoint)`);
  }
}

function serverlessCacheArn(scope: Construct, name: string): string {
  return Stack.of(scope).formatArn({
    service: 'elasticache', resource: 'serverlesscache', resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}
