import { Construct } from 'constructs';
import { clusterEnabled } from './cluster-mode';
import { ClusterMode } from './props';
import { CacheEngine } from '../common/engine';
import { parameterFailures } from '../common/parameters';
import { RuleFailure } from '../common/validation';
import { CacheParameterGroup, CacheParameterGroupEngine } from '../groups/parameter-group';

/**
 * ElastiCache's default parameter group for an engine and cluster mode. Cluster mode (and the
 * compatible step towards it) needs the `.cluster.on` group (`cluster-enabled yes`); without it the
 * group would be created unclustered.
 */
export function defaultParameterGroupName(engine: CacheEngine, mode: ClusterMode): string {
  return `default.${engine.parameterGroupFamily}${clusterEnabled(mode) ? '.cluster.on' : ''}`;
}

/**
 * The user's parameters checked against the documented parameters of the engine's family and
 * version (names, types, ranges, permitted values, AOF, `cluster-enabled`), for the validate step.
 */
export function replicationGroupParameterFailures(engine: CacheEngine,
  parameters: { [name: string]: string } | undefined): RuleFailure[] {
  return parameterFailures(engine.parameterGroupFamily, parameters as Record<string, string>, 'parameters', engine.version);
}

/**
 * A parameter group of the engine's family with the user's parameters and a matching `cluster-enabled`,
 * or undefined when there are none. The unclustered one has its own construct id, so the move to
 * COMPATIBLE deploys a new group with `cluster-enabled yes` beside the old one, and the replication
 * group switches to it with the mode ("parameters (excluding cacheParameterGroupName) cannot be
 * modified" in that request).
 */
export function createParameterGroup(scope: Construct, engine: CacheEngine, mode: ClusterMode,
  parameters: { [name: string]: string } | undefined): CacheParameterGroup | undefined {
  if (!parameters || Object.keys(parameters).length === 0) return undefined;
  const on = clusterEnabled(mode);
  return new CacheParameterGroup(scope, on ? 'Parameters' : 'ParametersClusterOff', {
    engine: CacheParameterGroupEngine.fromCacheEngine(engine), clusterMode: on, parameters,
  });
}
