import { ClusterMode, ReplicationGroupProps } from './props';
import type { ReplicationGroupSettings } from './settings';
import { CacheEngine } from '../common/engine';
import { checkEnum } from '../common/prop-types';
import { isResolved, RuleReport } from '../common/validation';

const DOC_CLUSTER_MODE = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/modify-cluster-mode.html';

/**
 * Sharded, with the cluster protocol and the configuration endpoint: ENABLED only. COMPATIBLE keeps
 * the one-shard template (NumCacheClusters) and endpoints of DISABLED, because in compatible mode
 * "other modification operations such as scaling and engine version are not allowed".
 */
export function isSharded(mode: ClusterMode): boolean {
  return mode === ClusterMode.ENABLED;
}

/**
 * The parameter group's `cluster-enabled`: yes for ENABLED and COMPATIBLE. "You need to provide a
 * parameter group with cluster-enabled configuration … As the cluster moves to the compatible mode,
 * the cluster-enabled parameter value is updated to yes as part of the modification action."
 */
export function clusterEnabled(mode: ClusterMode): boolean {
  return mode !== ClusterMode.DISABLED;
}

/** The documented conditions of compatible mode, the step from DISABLED to ENABLED. */
export function validateClusterMode(r: RuleReport, props: ReplicationGroupProps, engine: CacheEngine, t: ReplicationGroupSettings): void {
  if (props.clusterMode === undefined) return;
  checkEnum(r, 'clusterMode', props.clusterMode, Object.values(ClusterMode), DOC_CLUSTER_MODE);
  if (props.clusterMode !== ClusterMode.COMPATIBLE) return;
  const rule = (what: string) => `compatible mode (the step from disabled to enabled) ${what}`;
  // "The minimum engine version required for migration is Valkey 7.2 and above, or Redis OSS 7.0 and above."
  if (!engine.isAtLeastRedis('7.0')) {
    r.fail('clusterMode', 'compatible', rule(`needs Valkey 7.2 or later, or Redis OSS 7.0 or later, not ${engine}`), DOC_CLUSTER_MODE);
  }
  // "Auto-failover must be enabled on the cluster with a minimum of 1 replica."
  if (isResolved(t.replicasPerShard) && t.replicasPerShard < 1) {
    r.fail('replicasPerShard', t.replicasPerShard, rule('needs at least one replica'), DOC_CLUSTER_MODE);
  } else if (!t.automaticFailover) {
    r.fail('automaticFailover', false, rule('needs automatic failover'), DOC_CLUSTER_MODE);
  }
  // "In this mode, a single shard is deployed": resharding waits for ENABLED.
  if (isResolved(t.shards) && t.shards !== 1) {
    r.fail('shards', t.shards, rule('runs a single shard: reshard after the move to ClusterMode.ENABLED'), DOC_CLUSTER_MODE);
  }
}
