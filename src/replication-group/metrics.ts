import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { cacheNodeMetric, CacheNodeDimensions, CacheNodeMetrics } from '../common/node-metrics';

// The one node of each replication group member cluster.
const MEMBER_NODE_ID = '0001';

/**
 * CloudWatch metrics of a replication group. ElastiCache publishes Valkey / Redis OSS metrics per
 * node with the dimensions `CacheClusterId` and `CacheNodeId`; in a replication group every member
 * cluster holds exactly one node, `0001`.
 */
export class ReplicationGroupMetrics extends CacheNodeMetrics {
  /** The member cluster ids, in shard then node order. */
  public readonly memberClusterIds: string[];

  constructor(memberClusterIds: string[]) {
    super();
    this.memberClusterIds = memberClusterIds;
  }

  /** One node's metric. */
  public forNode(metricName: string, cacheClusterId: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return cacheNodeMetric(metricName, cacheClusterId, MEMBER_NODE_ID, props);
  }

  protected nodeDimensions(): CacheNodeDimensions[] {
    return this.memberClusterIds.map((cacheClusterId) => ({ cacheClusterId, cacheNodeId: MEMBER_NODE_ID }));
  }
}
