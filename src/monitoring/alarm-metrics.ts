import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { CacheAlarmKind } from './alarm-options';
import { CacheMonitoringTarget, CacheNode, CacheNodeRole, MonitoredEngine } from './cache-nodes';
import type { AlarmSpec } from './thresholds';
import { cacheNodeMetric, NETWORK_ALLOWANCE_METRICS } from '../common/node-metrics';

// Internal helpers of the monitoring module (not exported from the package).


/** True for the Valkey / Redis OSS engines. */
export function isRedisLike(engine: MonitoredEngine): boolean {
  return engine === MonitoredEngine.VALKEY || engine === MonitoredEngine.REDIS;
}

/** True when the target has replicas (given, or a node created as replica). */
export function hasReplicas(target: CacheMonitoringTarget): boolean {
  return target.hasReplicas ?? target.nodes.some((n) => n.role === CacheNodeRole.REPLICA);
}

/**
 * One node's metric, with the dimensions ElastiCache publishes node metrics under. Alarms pass no
 * label, so the alarm keeps CloudWatch's plain metric form (MetricName, Dimensions).
 */
export function nodeMetric(node: CacheNode, metricName: string, statistic: string, period: Duration, label?: string): cloudwatch.Metric {
  return cacheNodeMetric(metricName, node.cacheClusterId, node.cacheNodeId, { statistic, period, label });
}

/** `orders-0001-001/0001`: how people and CloudWatch name a node. */
export function nodeLabel(node: CacheNode): string {
  return `${node.cacheClusterId}/${node.cacheNodeId}`;
}

/** A construct id for a node: stable across topology changes when the ids are known, else by index. */
export function nodeConstructId(node: CacheNode, index: number): string {
  if (Token.isUnresolved(node.cacheClusterId) || Token.isUnresolved(node.cacheNodeId)) return `Node${index + 1}`;
  return `${node.cacheClusterId}-${node.cacheNodeId}`.replace(/[^A-Za-z0-9-]/g, '-');
}

/** The metric an alarm reads for one node: the metric itself, or the sum of the network counters (math ids `<idPrefix>0`..`3`). */
export function alarmMetric(node: CacheNode, spec: AlarmSpec, idPrefix: string = 'm', label?: string): cloudwatch.IMetric {
  if (spec.kind !== CacheAlarmKind.NETWORK_ALLOWANCE) return nodeMetric(node, spec.metricName, spec.statistic, spec.period, label);
  // Metric ids must be unique within one graph, so a dashboard passes a prefix per node.
  const usingMetrics: Record<string, cloudwatch.IMetric> = {};
  NETWORK_ALLOWANCE_METRICS.forEach((name, i) => { usingMetrics[`${idPrefix}${i}`] = nodeMetric(node, name, 'Sum', spec.period); });
  return new cloudwatch.MathExpression({
    expression: `SUM([${Object.keys(usingMetrics).join(',')}])`,
    usingMetrics,
    period: spec.period,
    label: label ?? `${nodeLabel(node)} packets over network allowance`,
  });
}
