import { ArnFormat, IResource, RemovalPolicy, Resource, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { MemcachedEngineVersion } from './engine-version';
import { MemcachedClusterMetrics } from './metrics';
import { cacheNodeIds } from './nodes';
import { createMemcachedParameterGroup, defaultMemcachedParameterGroupName } from './parameter-group';
import { MemcachedAzMode, MemcachedClusterProps } from './props';
import { memcachedCreateOnly, MEMCACHED_CREATE_ONLY } from './replacement';
import { checkMemcachedShapes, resolveSettings, validateMemcachedCluster } from './validate';
import { generateReplaceableCacheId, warnFixedId } from '../common/cache-id';
import { CacheEndpoint, portString } from '../common/endpoint';
import { MetricAggregation } from '../common/metric-aggregation';
import { CacheNetwork } from '../common/network';
import { cacheIpSettings } from '../common/network-type-rules';
import { NodeTypeInfo } from '../common/node-type-info';
import { findNodeType } from '../common/node-type-rules';
import { nodeTypeInfo } from '../common/node-types';
import { checkEnum } from '../common/prop-types';
import { guardStackResourceBudget } from '../common/stack-budget';
import { isResolved, RuleReport } from '../common/validation';
import { checkZonesInSubnets } from '../common/zones';
import { connectToCache, CacheConnectOptions, ICacheConnectionSource } from '../connection/connect';
import { CacheClientTarget } from '../connection/connect-target';
import { CacheAuthMode, CacheConnectionEnv } from '../connection/contract';
import { CacheConnectionExport, CacheConnectionExportOptions, exportConnection } from '../connection/export-connection';
import { CacheBudget } from '../cost/budget';
import { applyCost } from '../cost/cache-cost';
import { CostEstimate } from '../cost/cost-estimate';
import { estimateNodeCost } from '../cost/estimate';
import { ICacheParameterGroup } from '../groups/parameter-group';
import { ICacheSubnetGroup } from '../groups/subnet-group';
import { CacheMonitoring } from '../monitoring/cache-monitoring';
import { CacheNodes, MonitoredEngine } from '../monitoring/cache-nodes';
import { monitorCache } from '../monitoring/monitor-cache';

/** A Memcached cluster, made here or imported. */
export interface IMemcachedCluster extends IResource, ICacheConnectionSource {
  /** The cluster id (lower case); the metrics' CacheClusterId. @attribute */
  readonly clusterName: string;
  /** The cluster ARN. @attribute */
  readonly clusterArn: string;
  /** Auto Discovery (configuration) endpoint address: clients find every node through it. @attribute */
  readonly configurationEndpointAddress: string;
  /** Port of the configuration endpoint (and of every node). @attribute */
  readonly configurationEndpointPort: string;
  /** The Auto Discovery (configuration) endpoint, address and port together. */
  readonly configurationEndpoint: CacheEndpoint;
  /** Whether clients must use TLS. */
  readonly transitEncryption: boolean;
  /** Node ids (`0001`, `0002`, …): the metrics' CacheNodeId. Empty when the node count is a token. */
  readonly cacheNodeIds: string[];
  /** The node type's vCPUs, memory and network, when the node type is known. */
  readonly nodeTypeInfo?: NodeTypeInfo;
  /** Per-node and cluster-wide metrics. */
  readonly metrics: MemcachedClusterMetrics;

  /** A metric of the cluster, combined over its nodes (MAX by default). */
  metric(metricName: string, props?: cloudwatch.MetricOptions, aggregation?: MetricAggregation): cloudwatch.IMetric;
  /** Host CPU percentage (the busiest node). */
  metricCPUUtilization(props?: cloudwatch.MetricOptions): cloudwatch.IMetric;
  /** Bytes of memory free for the host (the lowest node). */
  metricFreeableMemory(props?: cloudwatch.MetricOptions): cloudwatch.IMetric;
  /** Bytes of swap used (the highest node); AWS advises under 50 MB. */
  metricSwapUsage(props?: cloudwatch.MetricOptions): cloudwatch.IMetric;
  /** Unexpired items evicted to make room (all nodes). */
  metricEvictions(props?: cloudwatch.MetricOptions): cloudwatch.IMetric;
  /** Open client connections (all nodes). */
  metricCurrConnections(props?: cloudwatch.MetricOptions): cloudwatch.IMetric;
  /** New connections accepted (all nodes). */
  metricNewConnections(props?: cloudwatch.MetricOptions): cloudwatch.IMetric;
  /** Items stored (all nodes). */
  metricCurrItems(props?: cloudwatch.MetricOptions): cloudwatch.IMetric;
  /** Gets that found their key (all nodes). */
  metricGetHits(props?: cloudwatch.MetricOptions): cloudwatch.IMetric;
  /** Gets that did not find their key (all nodes). */
  metricGetMisses(props?: cloudwatch.MetricOptions): cloudwatch.IMetric;
  /** Hit rate in percent over all nodes: 100 * GetHits / (GetHits + GetMisses). */
  metricHitRate(props?: cloudwatch.MetricOptions): cloudwatch.IMetric;
  /** Bytes used to store items (the fullest node). */
  metricBytesUsedForCacheItems(props?: cloudwatch.MetricOptions): cloudwatch.IMetric;
  /** Packets shaped or dropped because a node exceeded a network allowance (all nodes). */
  metricNetworkAllowanceExceeded(props?: cloudwatch.MetricOptions): cloudwatch.IMetric;
}

/** Attributes to import a Memcached cluster made elsewhere. */
export interface MemcachedClusterAttributes {
  /** The cluster id. */
  readonly clusterName: string;
  /** Configuration endpoint address. */
  readonly configurationEndpointAddress: string;
  /** Port of the configuration endpoint. */
  readonly configurationEndpointPort: number;
  /** Security groups of the cluster. */
  readonly securityGroups: ec2.ISecurityGroup[];
  /**
   * Whether clients must use TLS.
   * @default true
   */
  readonly transitEncryption?: boolean;
  /**
   * Number of nodes, to name them (`0001`, …) for metrics.
   * @default 2
   */
  readonly nodes?: number;
  /**
   * Node type, to know its vCPUs and memory.
   * @default - unknown
   */
  readonly nodeType?: string;
}

abstract class MemcachedClusterBase extends Resource implements IMemcachedCluster {
  public abstract readonly clusterName: string;
  public abstract readonly clusterArn: string;
  public abstract readonly configurationEndpointAddress: string;
  public abstract readonly configurationEndpointPort: string;

  public get configurationEndpoint(): CacheEndpoint {
    return new CacheEndpoint(this.configurationEndpointAddress, this.configurationEndpointPort);
  }
  public abstract readonly transitEncryption: boolean;
  public abstract readonly cacheNodeIds: string[];
  public abstract readonly nodeTypeInfo?: NodeTypeInfo;
  public abstract readonly metrics: MemcachedClusterMetrics;
  public abstract readonly connections: ec2.Connections;

  public metric(metricName: string, props?: cloudwatch.MetricOptions, aggregation?: MetricAggregation): cloudwatch.IMetric {
    return this.metrics.aggregate(metricName, props, aggregation);
  }
  public metricCPUUtilization(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metrics.named('CPUUtilization', props);
  }
  public metricFreeableMemory(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metrics.named('FreeableMemory', props);
  }
  public metricSwapUsage(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metrics.named('SwapUsage', props);
  }
  public metricEvictions(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metrics.named('Evictions', props);
  }
  public metricCurrConnections(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metrics.named('CurrConnections', props);
  }
  public metricNewConnections(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metrics.named('NewConnections', props);
  }
  public metricCurrItems(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metrics.named('CurrItems', props);
  }
  public metricGetHits(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metrics.named('GetHits', props);
  }
  public metricGetMisses(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metrics.named('GetMisses', props);
  }
  public metricHitRate(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metrics.hitRate(props);
  }
  public metricBytesUsedForCacheItems(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metrics.named('BytesUsedForCacheItems', props);
  }
  public metricNetworkAllowanceExceeded(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metrics.networkAllowanceExceeded(props);
  }

  public connect(target: CacheClientTarget, options?: CacheConnectOptions): Record<string, string> {
    return connectToCache(this, target, options);
  }

  public exportConnection(options?: CacheConnectionExportOptions): CacheConnectionExport {
    return exportConnection(this, this.connectionValues(), options);
  }

  public connectionValues(user?: string): Record<string, string> {
    if (user !== undefined) {
      throw new Error(`user: '${user}' is invalid: Memcached clusters have no users (ElastiCache Memcached has no authentication).`);
    }
    return {
      [CacheConnectionEnv.ENGINE]: 'memcached',
      // The Auto Discovery endpoint: clients ask it for the node list.
      [CacheConnectionEnv.ENDPOINT]: this.configurationEndpoint.socketAddress,
      [CacheConnectionEnv.CLUSTER_MODE]: 'false',
      [CacheConnectionEnv.TLS]: String(this.transitEncryption),
      [CacheConnectionEnv.AUTH]: CacheAuthMode.NONE,
      [CacheConnectionEnv.ID]: this.clusterName,
      [CacheConnectionEnv.REGION]: this.env.region,
    };
  }

  public grantClientAccess(grantee: iam.IGrantable, user?: string): iam.Grant {
    this.connectionValues(user);
    return iam.Grant.drop(grantee, `connect to ${this.node.path}: ElastiCache Memcached has no authentication`);
  }
}

/**
 * A Memcached cluster in a VPC: Memcached 1.6 with TLS, nodes spread over Availability Zones, a
 * non-default port and a security group that admits nothing until `connections` opens it.
 *
 * Invalid configurations throw when the construct is built, naming the property, the value and
 * the documented rule, instead of failing a deployment.
 *
 * @resource AWS::ElastiCache::CacheCluster
 */
export class MemcachedCluster extends MemcachedClusterBase {
  /** Import a Memcached cluster made elsewhere. */
  public static fromMemcachedClusterAttributes(scope: Construct, id: string, attrs: MemcachedClusterAttributes): IMemcachedCluster {
    class Import extends MemcachedClusterBase {
      public readonly clusterName = attrs.clusterName;
      public readonly clusterArn = clusterArn(scope, attrs.clusterName);
      public readonly configurationEndpointAddress = attrs.configurationEndpointAddress;
      public readonly configurationEndpointPort = portString(attrs.configurationEndpointPort);
      public readonly transitEncryption = attrs.transitEncryption ?? true;
      public readonly cacheNodeIds = cacheNodeIds(attrs.nodes ?? 2);
      public readonly nodeTypeInfo = attrs.nodeType !== undefined && isResolved(attrs.nodeType)
        ? findNodeType(attrs.nodeType) ?? nodeTypeInfo('nodeType', attrs.nodeType, 'memcached') : undefined;
      public readonly metrics = new MemcachedClusterMetrics(attrs.clusterName, this.cacheNodeIds);
      public readonly connections = new ec2.Connections({
        securityGroups: attrs.securityGroups,
        defaultPort: ec2.Port.tcp(attrs.configurationEndpointPort),
      });
    }
    return new Import(scope, id);
  }

  public readonly clusterName: string;
  public readonly clusterArn: string;
  public readonly configurationEndpointAddress: string;
  public readonly configurationEndpointPort: string;
  public readonly transitEncryption: boolean;
  public readonly cacheNodeIds: string[];
  public readonly nodeTypeInfo?: NodeTypeInfo;
  public readonly metrics: MemcachedClusterMetrics;
  public readonly connections: ec2.Connections;

  /** The engine version. */
  public readonly engineVersion: MemcachedEngineVersion;
  /** The node type. */
  public readonly nodeType: string;
  /** Number of nodes. */
  public readonly nodes: number;
  /** Single-AZ or cross-AZ placement. */
  public readonly azMode: MemcachedAzMode;
  /** The port the nodes listen on. */
  public readonly port: number;
  /** The subnet group, brought or made for the cluster. */
  public readonly subnetGroup: ICacheSubnetGroup;
  /** The parameter group, brought or made for `parameters`; undefined when the cluster uses ElastiCache's default one. */
  public readonly parameterGroup?: ICacheParameterGroup;
  /** The L1 resource. */
  public readonly resource: elasticache.CfnCacheCluster;
  /** The recommended alarms, their topic and the dashboard; undefined when the nodes are not known at synth time. */
  public readonly monitoring?: CacheMonitoring;
  /**
   * The estimated monthly on-demand cost in USD, computed at synth time from the node type, the
   * node count and the stack's Region with the sourced prices of docs/cost.md (never guessed: see
   * its `status` and `unknown`). It prices the configured node count.
   */
  public readonly estimatedMonthlyCost: CostEstimate;
  /** The cost budget, when `budget` is set. */
  public readonly budget?: CacheBudget;

  constructor(scope: Construct, id: string, props: MemcachedClusterProps) {
    super(scope, id);
    guardStackResourceBudget(this);
    // Shapes first: props may come from JavaScript or JSON config, and the rules read them typed.
    const report = new RuleReport();
    const what = 'MemcachedCluster';
    if (!checkMemcachedShapes(report, props)) report.throwIfAny(this, what);
    if (props.engineVersion !== undefined && !(props.engineVersion instanceof MemcachedEngineVersion)) {
      report.fail('engineVersion', props.engineVersion, 'it is a MemcachedEngineVersion, e.g. MemcachedEngineVersion.V1_6_22');
    }
    checkEnum(report, 'azMode', props.azMode, Object.values(MemcachedAzMode));
    checkEnum(report, 'removalPolicy', props.removalPolicy, Object.values(RemovalPolicy));
    report.throwIfAny(this, what);
    const settings = resolveSettings(props);
    this.nodeTypeInfo = validateMemcachedCluster(report, props, settings);
    report.throwIfAny(this, what);
    // ElastiCache stores the id in lower case; CloudWatch dimensions carry it that way. A generated
    // id follows the create-only settings, so changing one replaces the cluster under a new name.
    const clusterName = props.clusterName !== undefined
      ? (isResolved(props.clusterName) ? props.clusterName.toLowerCase() : props.clusterName)
      : generateReplaceableCacheId(this, memcachedCreateOnly(props, settings), 50);
    if (props.clusterName !== undefined) warnFixedId(this, 'clusterName', MEMCACHED_CREATE_ONLY);

    this.engineVersion = settings.engineVersion;
    this.nodeType = settings.nodeType;
    this.nodes = settings.nodes;
    this.azMode = settings.azMode;
    this.port = settings.port;
    this.transitEncryption = settings.transitEncryption;

    const network = new CacheNetwork(this, 'Network', { ...props, description: `ElastiCache ${settings.engineVersion} ${this.node.path}` });
    checkZonesInSubnets(report, props.preferredAvailabilityZones, network.subnetGroupZones);
    const ip = cacheIpSettings(this, report, { ...props, ...settings, subnets: network.subnetGroupSubnets });
    report.throwIfAny(this, what);
    this.subnetGroup = network.subnetGroup;
    this.connections = new ec2.Connections({
      securityGroups: network.securityGroups,
      defaultPort: ec2.Port.tcp(settings.port),
    });

    this.parameterGroup = props.parameterGroup ?? createMemcachedParameterGroup(this, settings.engineVersion, props.parameters);

    this.resource = new elasticache.CfnCacheCluster(this, 'Resource', {
      clusterName: clusterName,
      engine: 'memcached',
      engineVersion: settings.engineVersion.version,
      cacheNodeType: settings.nodeType,
      numCacheNodes: settings.nodes,
      azMode: settings.azMode,
      preferredAvailabilityZones: props.preferredAvailabilityZones,
      port: settings.port,
      transitEncryptionEnabled: settings.transitEncryption,
      cacheParameterGroupName: this.parameterGroup?.parameterGroupName ?? defaultMemcachedParameterGroupName(settings.engineVersion),
      cacheSubnetGroupName: network.subnetGroup.subnetGroupName,
      vpcSecurityGroupIds: network.securityGroups.map((sg) => sg.securityGroupId),
      ...ip,
      preferredMaintenanceWindow: props.maintenanceWindow,
      notificationTopicArn: props.notificationTopic?.topicArn,
    });
    this.resource.node.addDependency(network.subnetGroup);
    this.resource.applyRemovalPolicy(settings.removalPolicy);

    this.clusterName = this.resource.ref;
    this.clusterArn = clusterArn(this, this.resource.ref);
    this.configurationEndpointAddress = this.resource.attrConfigurationEndpointAddress;
    this.configurationEndpointPort = this.resource.attrConfigurationEndpointPort;
    this.cacheNodeIds = cacheNodeIds(settings.nodes);
    // Literal dimensions (not the Ref), so dashboards and alarms in other stacks can use them too.
    this.metrics = new MemcachedClusterMetrics(clusterName, this.cacheNodeIds);
    const known = this.nodeTypeInfo && this.cacheNodeIds.length > 0 && isResolved(clusterName);
    this.monitoring = monitorCache(this, props.monitoring, known ? {
      cacheName: clusterName,
      engine: MonitoredEngine.MEMCACHED,
      nodeType: this.nodeTypeInfo!,
      nodes: CacheNodes.ofMemcachedCluster(clusterName, settings.nodes),
    } : undefined);
    this.estimatedMonthlyCost = estimateNodeCost({
      region: Stack.of(this).region, engine: 'memcached', nodeType: settings.nodeType, nodes: settings.nodes,
    });
    this.budget = applyCost(this, this.estimatedMonthlyCost, props.budget, this.monitoring?.alarmTopic);
  }
}

function clusterArn(scope: Construct, clusterName: string): string {
  return Stack.of(scope).formatArn({
    service: 'elasticache', resource: 'cluster', resourceName: clusterName, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

