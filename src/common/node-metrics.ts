import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { MetricAggregation } from './metric-aggregation';

// Node-level ElastiCache metrics, one home for both node-based constructs.
// "When retrieving metrics, you must supply both the CacheClusterId and CacheNodeId dimensions."
// (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.DimensionsAndSets.html)

/** The namespace of every node-based ElastiCache metric. */
export const ELASTICACHE_NAMESPACE = 'AWS/ElastiCache';

/** The network allowance counters EC2 reports per node: packets shaped or dropped. */
export const NETWORK_ALLOWANCE_METRICS = [
  'NetworkBandwidthInAllowanceExceeded',
  'NetworkBandwidthOutAllowanceExceeded',
  'NetworkPacketsPerSecondAllowanceExceeded',
  'NetworkConntrackAllowanceExceeded',
];

/** How a named metric is read on one node and combined over the nodes. */
interface NamedMetric { readonly statistic: string; readonly aggregation: MetricAggregation }

/**
 * The metrics the constructs' `metric*()` methods name, for both engines: the statistic that makes
 * sense per node, and how nodes combine (the worst node for levels, the sum for counts).
 */
export const NAMED_METRICS: Record<string, NamedMetric> = {
  // Host metrics, every engine.
  CPUUtilization: { statistic: 'Maximum', aggregation: MetricAggregation.MAX },
  FreeableMemory: { statistic: 'Minimum', aggregation: MetricAggregation.MIN },
  SwapUsage: { statistic: 'Maximum', aggregation: MetricAggregation.MAX },
  // Engine metrics both engines publish.
  Evictions: { statistic: 'Sum', aggregation: MetricAggregation.SUM },
  CurrConnections: { statistic: 'Maximum', aggregation: MetricAggregation.SUM },
  NewConnections: { statistic: 'Sum', aggregation: MetricAggregation.SUM },
  CurrItems: { statistic: 'Maximum', aggregation: MetricAggregation.SUM },
  // Valkey / Redis OSS.
  EngineCPUUtilization: { statistic: 'Maximum', aggregation: MetricAggregation.MAX },
  DatabaseMemoryUsagePercentage: { statistic: 'Maximum', aggregation: MetricAggregation.MAX },
  CacheHitRate: { statistic: 'Average', aggregation: MetricAggregation.MIN },
  ReplicationLag: { statistic: 'Maximum', aggregation: MetricAggregation.MAX },
  // Memcached.
  GetHits: { statistic: 'Sum', aggregation: MetricAggregation.SUM },
  GetMisses: { statistic: 'Sum', aggregation: MetricAggregation.SUM },
  BytesUsedForCacheItems: { statistic: 'Maximum', aggregation: MetricAggregation.MAX },
};

/** The dimensions one cache node publishes its metrics under. */
export interface CacheNodeDimensions {
  /** The CacheClusterId dimension (a replication group's member cluster, or the Memcached cluster). */
  readonly cacheClusterId: string;
  /** The CacheNodeId dimension (`0001`, ...). */
  readonly cacheNodeId: string;
}

/** One node's metric: 1-minute average unless the options say otherwise. */
export function cacheNodeMetric(metricName: string, cacheClusterId: string, cacheNodeId: string,
  props?: cloudwatch.MetricOptions): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: ELASTICACHE_NAMESPACE,
    metricName,
    period: Duration.minutes(1),
    statistic: 'Average',
    ...props,
    dimensionsMap: { CacheClusterId: cacheClusterId, CacheNodeId: cacheNodeId, ...props?.dimensionsMap },
  });
}

/** A math expression over metrics named by their keys. */
export function metricMath(expression: string, usingMetrics: Record<string, cloudwatch.IMetric>, label: string,
  props?: cloudwatch.MetricOptions): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression,
    usingMetrics,
    label: props?.label ?? label,
    period: props?.period ?? Duration.minutes(1),
  });
}

/** Metrics keyed `<prefix>0`, `<prefix>1`, … for a math expression. */
export function keyed(prefix: string, metrics: cloudwatch.IMetric[]): Record<string, cloudwatch.IMetric> {
  const out: Record<string, cloudwatch.IMetric> = {};
  metrics.forEach((m, i) => { out[`${prefix}${i}`] = m; });
  return out;
}

/** `FN([m0,m1,…])` over the metrics, or the metric itself when there is only one. */
export function combineMetrics(fn: string, metrics: cloudwatch.Metric[], label: string,
  props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
  if (metrics.length === 1) return metrics[0];
  const using = keyed('m', metrics);
  return metricMath(`${fn}([${Object.keys(using).join(',')}])`, using, label, props);
}

/** CloudWatch metrics of a node-based cache: per node, and combined over its nodes. */
export abstract class CacheNodeMetrics {
  /** The metric for every node, in node order. */
  public perNode(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric[] {
    return this.nodeDimensions().map((n) => cacheNodeMetric(metricName, n.cacheClusterId, n.cacheNodeId, props));
  }

  /**
   * The metric of the whole cache: the nodes' values combined. Nodes that do not report a metric
   * (a primary's ReplicationLag) are left out by CloudWatch.
   * @param aggregation how nodes combine; default MAX, so one hot node shows
   */
  public aggregate(metricName: string, props?: cloudwatch.MetricOptions, aggregation?: MetricAggregation): cloudwatch.IMetric {
    const fn = aggregation ?? MetricAggregation.MAX;
    return combineMetrics(fn, this.perNode(metricName, props), `${metricName} (${fn.toLowerCase()} over nodes)`, props);
  }

  /** A metric the constructs name, with its per-node statistic and aggregation (props override the statistic). */
  public named(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    const known = NAMED_METRICS[metricName];
    if (!known) return this.aggregate(metricName, props);
    return this.aggregate(metricName, { statistic: known.statistic, ...props }, known.aggregation);
  }

  /** Sum of the network allowance-exceeded counters over every node: packets shaped or dropped. */
  public networkAllowanceExceeded(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    const metrics = this.nodeDimensions().flatMap((n) => NETWORK_ALLOWANCE_METRICS.map((name) =>
      cacheNodeMetric(name, n.cacheClusterId, n.cacheNodeId, { ...props, statistic: 'Sum' })));
    const using = keyed('m', metrics);
    return metricMath(`SUM([${Object.keys(using).join(',')}])`, using, 'Network allowance exceeded (packets)', props);
  }

  /** The nodes, in node order. */
  protected abstract nodeDimensions(): CacheNodeDimensions[];
}
