import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { cacheNodeMetric, CacheNodeDimensions, CacheNodeMetrics, keyed, metricMath } from '../common/node-metrics';

/**
 * CloudWatch metrics of a Memcached cluster. ElastiCache publishes Memcached and host metrics per
 * node, with the dimensions `CacheClusterId` (the cluster id) and `CacheNodeId` (`0001`, `0002`, …).
 */
export class MemcachedClusterMetrics extends CacheNodeMetrics {
  /** The cluster id (CacheClusterId). */
  public readonly cacheClusterId: string;
  /** The node ids (CacheNodeId), in node order. */
  public readonly cacheNodeIds: string[];

  constructor(cacheClusterId: string, cacheNodeIds: string[]) {
    super();
    this.cacheClusterId = cacheClusterId;
    this.cacheNodeIds = cacheNodeIds;
  }

  /** One node's metric (1-minute average by default). */
  public forNode(metricName: string, cacheNodeId: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return cacheNodeMetric(metricName, this.cacheClusterId, cacheNodeId, props);
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

  protected nodeDimensions(): CacheNodeDimensions[] {
    if (this.cacheNodeIds.length === 0) {
      throw new Error(`MemcachedClusterMetrics: the node ids of cluster '${this.cacheClusterId}' are unknown (a token node count); use forNode()`);
    }
    return this.cacheNodeIds.map((cacheNodeId) => ({ cacheClusterId: this.cacheClusterId, cacheNodeId }));
  }
}
