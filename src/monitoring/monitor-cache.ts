import { Annotations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CacheMonitoring, CacheMonitoringOptions } from './cache-monitoring';
import { CacheMonitoringTarget } from './cache-nodes';

/**
 * The monitoring a cache construct gives itself. Per-node alarms need the node ids and the node
 * type at synth time; when a token hides them, the cache gets no alarms and a warning says why.
 */
export function monitorCache(scope: Construct, options: CacheMonitoringOptions | undefined,
  target: CacheMonitoringTarget | undefined): CacheMonitoring | undefined {
  if (!target) {
    if (options?.alarms?.enabled !== false) {
      Annotations.of(scope).addWarningV2('cdk-elasticache:no-alarms',
        'The node type or the node count is a token, so the recommended per-node alarms cannot be made; add alarms on metrics.perNode() yourself.');
    }
    return undefined;
  }
  return new CacheMonitoring(scope, 'Monitoring', { ...options, target });
}
