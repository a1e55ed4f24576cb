import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/** How the nodes' values combine into one value for the group. */
export enum MetricAggregation {
  /** The highest node: one hot node shows. */
  MAX = 'MAX',
  /** The lowest node. */
  MIN = 'MIN',
  /** All nodes added up. */
  SUM = 'SUM',
  /** The mean over nodes. */
  AVG = 'AVG',
}

const NAMESPACE = 'AWS/ElastiCache';
// The one node of each replication group member cluster.
const MEMBER_NODE_ID = '0001';
// The four network allowance metrics the ENA driver reports through ElastiCache, per node.
const NETWORK_ALLOWANCE = [
  'NetworkBandwidthInAllowanceExceeded',
  'NetworkBandwidthOutAllowanceExceeded',
  'NetworkPacketsPerSecondAllowanceExceeded',
  'NetworkConntrackAllowanceExceeded',
];

/**
 * CloudWatch metrics of a replication group. ElastiCache publishes Valkey / Redis OSS metrics per
 * node with the dimensions `CacheClusterId` and `CacheNodeId`; in a replication group every member
 * cluster holds exactly one node, `0001`.
 */
export class ReplicationGroupMetrics {
  /** The member cluster ids, in shard then node order. */
  public readonly memberClusterIds: string[];

  constructor(memberClusterIds: string[]) {
    this.memberClusterIds = memberClusterIds;
  }

  /** One node's metric. */
  public forNode(metricName: string, cacheClusterId: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: NAMESPACE,
      metricName,
      period: Duration.minutes(1),
      statistic: 'Average',
      ...props,
      dimensionsMap: { CacheClusterId: cacheClusterId, CacheNodeId: MEMBER_NODE_ID, ...props?.dimensionsMap },
    });
  }

  /** The metric for every node, in shard then node order. */
  public perNode(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric[] {
    return this.memberClusterIds.map((id) => this.forNode(metricName, id, props));
  }

  /**
   * The metric of the whole group: the nodes' values combined. Nodes that do not report a metric
   * (a primary's ReplicationLag) are left out by CloudWatch.
   * @param aggregation how nodes combine; default MAX, so one hot node shows
   */
  public aggregate(metricName: string, props?: cloudwatch.MetricOptions, aggregation?: MetricAggregation): cloudwatch.IMetric {
    const fn = aggregation ?? MetricAggregation.MAX;
    const metrics = this.perNode(metricName, props);
    if (metrics.length === 1) return metrics[0];
    return this.expression(`${fn}([${metrics.map((_, i) => `m${i}`).join(',')}])`, metrics, `${metricName} (${fn.toLowerCase()} over nodes)`, props);
  }

  /** Sum of the network allowance-exceeded counters over every node: packets shaped or dropped. */
  public networkAllowanceExceeded(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    const metrics = this.memberClusterIds.flatMap((id) => NETWORK_ALLOWANCE.map((name) => this.forNode(name, id, { statistic: 'Sum', ...props })));
    return this.expression(`SUM([${metrics.map((_, i) => `m${i}`).join(',')}])`, metrics, 'Network allowance exceeded (packets)', props);
  }

  private expression(expression: string, metrics: cloudwatch.Metric[], label: string, props?: cloudwatch.MetricOptions): cloudwatch.MathExpression {
    const usingMetrics: Record<string, cloudwatch.IMetric> = {};
    metrics.forEach((m, i) => { usingMetrics[`m${i}`] = m; });
    return new cloudwatch.MathExpression({
      expression,
      usingMetrics,
      label: props?.label ?? label,
      period: props?.period ?? Duration.minutes(1),
    });
  }
}
