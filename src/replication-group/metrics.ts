import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { MetricAggregation } from '../common/metric-aggregation';
import { cacheNodeMetric, combineMetrics, keyed, metricMath, NETWORK_ALLOWANCE_METRICS } from '../common/node-metrics';


// The one node of each replication group member cluster.
const MEMBER_NODE_ID = '0001';

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
    return cacheNodeMetric(metricName, cacheClusterId, MEMBER_NODE_ID, props);
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
    return combineMetrics(fn, this.perNode(metricName, props), `${metricName} (${fn.toLowerCase()} over nodes)`, props);
  }

  /** Sum of the network allowance-exceeded counters over every node: packets shaped or dropped. */
  public networkAllowanceExceeded(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    const metrics = this.memberClusterIds.flatMap((id) => NETWORK_ALLOWANCE_METRICS.map((name) => this.forNode(name, id, { statistic: 'Sum', ...props })));
    const using = keyed('m', metrics);
    return metricMath(`SUM([${Object.keys(using).join(',')}])`, using, 'Network allowance exceeded (packets)', props);
  }

}
