import { Template } from 'aws-cdk-lib/assertions';
import { nodeTypeInfo } from '../../src/common/node-types';
import { CacheMonitoringTarget, CacheNodes, MonitoredEngine } from '../../src/monitoring';

/** Valkey, cluster mode, 3 shards × (primary + 1 replica), on a 4-vCPU node type. */
export function valkeyClusterTarget(nodeType = 'cache.r7g.xlarge'): CacheMonitoringTarget {
  const ids = ['orders-0001-001', 'orders-0001-002', 'orders-0002-001', 'orders-0002-002', 'orders-0003-001', 'orders-0003-002'];
  return {
    cacheName: 'orders',
    engine: MonitoredEngine.VALKEY,
    nodeType: nodeTypeInfo('nodeType', nodeType, 'redis'),
    nodes: CacheNodes.ofReplicationGroup(ids, 1),
    clusterMode: true,
  };
}

/** Redis OSS, cluster mode disabled, primary + 1 replica. */
export function redisWithReplicaTarget(nodeType = 'cache.r7g.xlarge'): CacheMonitoringTarget {
  return {
    cacheName: 'sessions',
    engine: MonitoredEngine.REDIS,
    nodeType: nodeTypeInfo('nodeType', nodeType, 'redis'),
    nodes: CacheNodes.ofReplicationGroup(['sessions-001', 'sessions-002'], 1),
  };
}

/** Valkey, one node, no replica. */
export function singleNodeTarget(nodeType = 'cache.t4g.micro'): CacheMonitoringTarget {
  return {
    cacheName: 'tiny',
    engine: MonitoredEngine.VALKEY,
    nodeType: nodeTypeInfo('nodeType', nodeType, 'redis'),
    nodes: CacheNodes.ofReplicationGroup(['tiny-001'], 0),
  };
}

/** Memcached, 3 nodes. */
export function memcachedTarget(nodeType = 'cache.m7g.large'): CacheMonitoringTarget {
  return {
    cacheName: 'pages',
    engine: MonitoredEngine.MEMCACHED,
    nodeType: nodeTypeInfo('nodeType', nodeType, 'memcached'),
    nodes: CacheNodes.ofMemcachedCluster('pages', 3),
  };
}

/** Every alarm of a template, as its properties. */
export function alarmProps(template: Template): any[] {
  return Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((r: any) => r.Properties);
}

/** An alarm's node, as `CacheClusterId/CacheNodeId` (from its metric or its math expression's first metric). */
export function alarmNode(props: any): string {
  const dims: Array<{ Name: string; Value: string }> = props.Dimensions ?? props.Metrics.find((m: any) => m.MetricStat).MetricStat.Metric.Dimensions;
  const get = (name: string) => dims.find((d) => d.Name === name)!.Value;
  return `${get('CacheClusterId')}/${get('CacheNodeId')}`;
}

/** An alarm's metric name; `SUM(network)` for the network allowance math alarm. */
export function alarmMetricName(props: any): string {
  return props.MetricName ?? 'SUM(network)';
}
