import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { ELASTICACHE_NAMESPACE } from '../common/node-metrics';

// Serverless caches publish one series per cache in AWS/ElastiCache ("The AWS/ElastiCache namespace
// includes the following CloudWatch metrics for your Valkey or Redis OSS serverless caches") under
// the dimension `clusterId`, valued the cache name. The metrics pages name no dimension; `clusterId`
// is what `aws cloudwatch list-metrics` shows for serverless caches (open-constructs/aws-cdk-library
// PR #68: "In the metrics for serverless clusters, `clusterId` is used instead of `CacheClusterId`",
// grafana/grafana-aws-sdk PR #151 and #305, cdklabs/cdk-monitoring-constructs #750). Not
// `ServerlessCacheName`, which @aws-cdk/aws-elasticache-alpha and AWS's agent-toolkit alarm pack use
// and which carries no data.
// https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/serverless-metrics-events-redis.html
export const SERVERLESS_DIMENSION = 'clusterId';

/** The statistic each metric the `metric*()` methods name is read with. */
export const SERVERLESS_METRIC_STATISTICS: Record<string, string> = {
  BytesUsedForCache: 'Maximum',
  ElastiCacheProcessingUnits: 'Sum',
  ThrottledCmds: 'Sum',
  TotalCmdsCount: 'Sum',
  SuccessfulReadRequestLatency: 'Average',
  SuccessfulWriteRequestLatency: 'Average',
  Evictions: 'Sum',
  CurrConnections: 'Maximum',
  NewConnections: 'Sum',
  CurrItems: 'Maximum',
  CacheHitRate: 'Average',
  NetworkBytesIn: 'Sum',
  NetworkBytesOut: 'Sum',
};

/** One metric of a serverless cache: 1-minute periods, the statistic above (or Average), props override both. */
export function serverlessMetric(metricName: string, cacheName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: ELASTICACHE_NAMESPACE,
    metricName,
    period: Duration.minutes(1),
    statistic: SERVERLESS_METRIC_STATISTICS[metricName] ?? 'Average',
    ...props,
    dimensionsMap: { [SERVERLESS_DIMENSION]: cacheName, ...props?.dimensionsMap },
  });
}
