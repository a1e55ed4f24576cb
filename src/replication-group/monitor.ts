import { Construct } from 'constructs';
import { ReplicationGroupProps } from './props';
import { ReplicationGroupSettings } from './settings';
import { CacheEngine } from '../common/engine';
import { findNodeType } from '../common/node-type-rules';
import { isResolved } from '../common/validation';
import { CacheMonitoring } from '../monitoring/cache-monitoring';
import { CacheNodes, MonitoredEngine } from '../monitoring/cache-nodes';
import { monitorCache } from '../monitoring/monitor-cache';

/** The recommended alarms on every member node; none when the topology is a token (unknown at synth). */
export function monitorReplicationGroup(scope: Construct, props: ReplicationGroupProps, engine: CacheEngine,
  s: ReplicationGroupSettings, replicationGroupId: string, memberClusterIds: string[]): CacheMonitoring | undefined {
  const known = [s.nodeType, s.shards, s.replicasPerShard].every(isResolved);
  return monitorCache(scope, props.monitoring, known ? {
    cacheName: replicationGroupId,
    engine: engine.name === 'valkey' ? MonitoredEngine.VALKEY : MonitoredEngine.REDIS,
    nodeType: findNodeType(s.nodeType)!,
    nodes: CacheNodes.ofReplicationGroup(memberClusterIds, s.replicasPerShard),
    clusterMode: s.clusterMode,
  } : undefined);
}
