import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

// Helpers for node-level ElastiCache metrics, shared by the constructs' metric classes.
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
