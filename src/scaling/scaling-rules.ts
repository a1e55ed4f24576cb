import { CacheScalingDimension } from './props';
import {
  API_SCHEDULED_ACTION, API_TARGET_TRACKING, DOC_CREATE_CME, DOC_POLICIES, DOC_PREREQUISITES, DOC_PREREQUISITES_IT, DOC_SHARDS,
} from './sources';
import type { CacheEngine } from '../common/engine';
import { isResolved, RuleFailure } from '../common/validation';
import { compareVersions } from '../common/version';

/** The facts of a replication group the rules read. */
export interface ScalingSubject {
  readonly engine: CacheEngine;
  readonly nodeType: string;
  /** Sharded (ClusterMode.ENABLED). */
  readonly clusterMode: boolean;
  readonly dataTiering: boolean;
  readonly shards: number;
  readonly replicasPerShard: number;
  /** Set when the group is a member of a Global Datastore. */
  readonly globalReplicationGroupId?: string;
}

/** A dimension's own limits and the template property that holds its current count. */
export interface DimensionLimits {
  readonly min: number;
  readonly max: number;
  readonly templateProperty: 'shards' | 'replicasPerShard';
  readonly source: string;
}

export const LIMITS: Record<CacheScalingDimension, DimensionLimits> = {
  // "A Valkey or Redis OSS (cluster mode enabled) replication group has from 1 to 500 shards"
  [CacheScalingDimension.SHARDS]: { min: 1, max: 500, templateProperty: 'shards', source: DOC_SHARDS },
  // "… and up to 5 read replicas in each shard"
  [CacheScalingDimension.REPLICAS]: { min: 0, max: 5, templateProperty: 'replicasPerShard', source: DOC_CREATE_CME },
};

// "Instance type families - R7g, R6g, R6gd, R5, M7g, M6g, M5, C7gn" (English prerequisites).
const FAMILIES = ['r7g', 'r6g', 'r6gd', 'r5', 'm7g', 'm6g', 'm5', 'c7gn'];
// Only the translated pages (it_IT, fr_FR, es_ES) add these: a warning, not an error, until the English page does.
const TRANSLATED_ONLY_FAMILIES = ['r8g', 'r8gd', 'r7gd', 'm8g', 'c8gn'];
// "Instance sizes - Large, XLarge, 2XLarge".
const SIZES = ['large', 'xlarge', '2xlarge'];
/** Nodes per group, the hard limit ("can be increased to a maximum of 500 per cluster"). */
export const MAX_NODES = 500;
/** Nodes per group, the default quota ("totaling up to 90 nodes per cluster"). */
export const DEFAULT_NODE_QUOTA = 90;

/** The prerequisites of the group itself, the same for shards and replicas. */
export function groupFailures(g: ScalingSubject): RuleFailure[] {
  const failures: RuleFailure[] = [];
  const at = (property: string, value: unknown, rule: string, source = DOC_PREREQUISITES) => failures.push({ property, value, rule, source });
  // "Valkey or Redis OSS (cluster mode enabled) clusters …": both dimensions need cluster mode.
  if (!g.clusterMode) at('clusterMode', 'not enabled', 'auto scaling needs cluster mode enabled (ClusterMode.ENABLED)');
  // "… running Valkey 7.2 onwards, or running Redis OSS 6.0 onwards"; "Data tiering (cluster mode
  // enabled) clusters running Valkey 7.2 onwards, or running Redis OSS 7.0.7 onwards". EngineVersion
  // '7.0' runs the newest 7.0 patch, so 7.0 counts as 7.0.7 (an inference: the page names no minor).
  const redisMinimum = g.dataTiering ? '7.0' : '6.0';
  const engineOk = g.engine.name === 'valkey' ? g.engine.isValkeyAtLeast('7.2') : compareVersions(g.engine.version, redisMinimum) >= 0;
  if (!engineOk) {
    at('engine', `${g.engine}`, `auto scaling needs Valkey 7.2 or later, or Redis OSS ${g.dataTiering ? '7.0.7 (data tiering)' : '6.0'} or later`);
  }
  if (isResolved(g.nodeType)) {
    const [, family, size] = g.nodeType.split('.');
    if (!FAMILIES.includes(family) && !TRANSLATED_ONLY_FAMILIES.includes(family)) {
      at('nodeType', g.nodeType, `auto scaling needs a node of the R7g, R6g, R6gd, R5, M7g, M6g, M5 or C7gn families, not ${family}`);
    }
    if (!SIZES.includes(size)) {
      at('nodeType', g.nodeType, `auto scaling needs a large, xlarge or 2xlarge node, not ${size}`);
    }
  }
  // "Auto Scaling in ElastiCache is not supported for clusters running in Global datastores,
  // Outposts or Local Zones." The group's GlobalReplicationGroupId is the hook: a GlobalDatastore
  // construct marks its primary, a secondary sets the id. Outposts and Local Zones are not modelled.
  if (g.globalReplicationGroupId !== undefined) {
    at('globalReplicationGroupId', g.globalReplicationGroupId, 'auto scaling is not supported for a group in a Global Datastore');
  }
  return failures;
}

/** A warning when the node family is listed only by translated pages. */
export function nodeFamilyWarning(g: ScalingSubject): string | undefined {
  if (!isResolved(g.nodeType)) return undefined;
  const family = g.nodeType.split('.')[1];
  if (!TRANSLATED_ONLY_FAMILIES.includes(family)) return undefined;
  return `nodeType ${g.nodeType}: the English auto scaling prerequisites list R7g, R6g, R6gd, R5, M7g, M6g, M5 and C7gn only; `
    + `${family} appears only in the translated pages (${DOC_PREREQUISITES_IT}), so ElastiCache may reject the scalable target. See ${DOC_PREREQUISITES}`;
}

/** One count (a capacity bound or a scheduled bound) within the dimension's limits, a whole number. */
export function countFailures(property: string, value: unknown, dimension: CacheScalingDimension): RuleFailure[] {
  if (value === undefined || (typeof value === 'number' && !isResolved(value))) return [];
  const { min, max, source } = LIMITS[dimension];
  const what = dimension === CacheScalingDimension.SHARDS ? `a replication group has ${min} to ${max} shards` : `a shard has ${min} to ${max} read replicas`;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    return [{ property, value, rule: `${what}, a whole number`, source }];
  }
  return [];
}

/** min ≤ max, both given as numbers. */
export function orderFailures(prefix: string, min: unknown, max: unknown): RuleFailure[] {
  if (typeof min !== 'number' || typeof max !== 'number' || !isResolved(min) || !isResolved(max) || min <= max) return [];
  return [{
    property: `${prefix}.minCapacity`, value: min, rule: `the minimum capacity is at most the maximum (maxCapacity: ${max})`, source: DOC_POLICIES,
  }];
}

/**
 * The template's count inside [min, max]. "If current capacity is higher than max capacity
 * configured, we scaleIn to the MaxCapacity during policy creation. Similarly if current capacity
 * is lower than min capacity configured, we scaleOut to the MinCapacity": a deploy would reshard at
 * once, away from the count the template states, so the template must lie inside the bounds.
 */
export function templateCountFailures(dimension: CacheScalingDimension, current: number, min: unknown, max: unknown): RuleFailure[] {
  if (!isResolved(current) || typeof min !== 'number' || typeof max !== 'number' || !isResolved(min) || !isResolved(max)) return [];
  if (current >= min && current <= max) return [];
  const { templateProperty } = LIMITS[dimension];
  return [{
    property: templateProperty,
    value: current,
    rule: `the group's ${templateProperty} is inside the auto scaling bounds [${min}, ${max}]; else Application Auto Scaling reshards it at once`,
    source: DOC_POLICIES,
  }];
}

/** The most nodes the group can reach when every scaled dimension is at its maximum. */
export function maximumNodes(maxShards: number, maxReplicasPerShard: number): number {
  return maxShards * (1 + maxReplicasPerShard);
}

/** A target utilization is a percentage: a number above 0 and at most 100. */
export function targetFailures(property: string, value: unknown): RuleFailure[] {
  if (typeof value === 'number' && !isResolved(value)) return [];
  // TargetValue: "if the metric is CPU utilization, then the target value is a percent value".
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 100) {
    return [{ property, value, rule: 'a target utilization is a percentage above 0 and at most 100', source: API_TARGET_TRACKING }];
  }
  return [];
}

/** A scheduled action: a unique name, at least one bound, each within the dimension's limits, min ≤ max. */
export function scheduleFailures(id: string, min: unknown, max: unknown, dimension: CacheScalingDimension,
  taken: ReadonlySet<string>): RuleFailure[] {
  const prefix = `scaleOnSchedule('${id}')`;
  const failures: RuleFailure[] = [];
  // "ScheduledActionName … must be unique among all other scheduled actions on the specified scalable target."
  if (taken.has(id)) failures.push({ property: prefix, value: id, rule: 'a scheduled action name is used once per scalable target', source: API_SCHEDULED_ACTION });
  // "At least one of MaxCapacity and MinCapacity must be supplied" (PutScheduledAction ScalableTargetAction).
  if (min === undefined && max === undefined) {
    failures.push({ property: `${prefix}.minCapacity`, value: undefined, rule: 'a scheduled action sets minCapacity, maxCapacity or both', source: API_SCHEDULED_ACTION });
  }
  failures.push(...countFailures(`${prefix}.minCapacity`, min, dimension), ...countFailures(`${prefix}.maxCapacity`, max, dimension));
  failures.push(...orderFailures(prefix, min, max));
  return failures;
}
