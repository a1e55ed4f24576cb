import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { MetricAggregation } from '../common/metric-aggregation';
import { cacheNodeMetric, combineMetrics, keyed, metricMath, NETWORK_ALLOWANCE_METRICS } from '../common/node-metrics';

/**
 * CloudWatch metrics of a Memcached cluster. ElastiCache publishes Memcached and host metrics per
 * node, with the dimensions `CacheClusterId` (the cluster id) and `CacheNodeId` (`0001`, `0002`, …).
 */
export class MemcachedClusterMetrics {
  /** The cluster id (CacheClusterId). */
  public readonly cacheClusterId: string;
  /** The node ids (CacheNodeId), in node order. */
  public readonly cacheNodeIds: string[];

  constructor(cacheClusterId: string, cacheNodeIds: string[]) {
    this.cacheClusterId = cacheClusterId;
    this.cacheNodeIds = cacheNodeIds;
  }

  /** One node's metric (1-minute average by default). */
  public forNode(metricName: string, cacheNodeId: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return cacheNodeMetric(metricName, this.cacheClusterId, cacheNodeId, props);
  }

  /** The metric for every node, in node order. */
  public perNode(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric[] {
    return this.nodes().map((node) => this.forNode(metricName, node, props));
  }

  /**
   * The metric of the whole cluster: the nodes' values combined.
   * @param aggregation how nodes combine; default MAX, so one hot node shows
   */
  public aggregate(metricName: string, props?: cloudwatch.MetricOptions, aggregation?: MetricAggregation): cloudwatch.IMetric {
    const fn = aggregation ?? MetricAggregation.MAX;
    return combineMetrics(fn, this.perNode(metricName, props), `${metricName} (${fn.toLowerCase()} over nodes)`, props);
  }

  /** Percentage of gets that found their key, over all nodes: 100 * GetHits / (GetHits + GetMisses). */
  public hitRate(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    const hits = keyed('hit', this.perNode('GetHits', { ...props, statistic: 'Sum' }));
    const misses = keyed('miss', this.perNode('GetMisses', { ...props, statistic: 'Sum' }));
    const sum = (keys: string[]) => (keys.length === 1 ? keys[0] : `SUM([${keys.join(',')}])`);
    const h = sum(Object.keys(hits));
    const m = sum(Object.keys(misses));
    return metricMath(`100 * ${h} / (${h} + ${m})`, { ...hits, ...misses }, 'Get hit rate (%)', props);
  }

  /** Sum of the network allowance-exceeded counters over every node: packets shaped or dropped. */
  public networkAllowanceExceeded(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    const metrics = this.nodes().flatMap((node) => NETWORK_ALLOWANCE_METRICS.map((name) => this.forNode(name, node, { ...props, statistic: 'Sum' })));
    const using = keyed('m', metrics);
    return metricMath(`SUM([${Object.keys(using).join(',')}])`, using, 'Network allowance exceeded (packets)', props);
  }

  private nodes(): string[] {
    if (this.cacheNodeIds.length === 0) {
      throw new Error(`MemcachedClusterMetrics: the node ids of cluster '${this.cacheClusterId}' are unknown (a token node count); use forNode()`);
    }
    return this.cacheNodeIds;
  }
}
