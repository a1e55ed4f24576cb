import { Construct } from 'constructs';
import { CacheEngine } from '../common/engine';
import { parameterFailures } from '../common/parameters';
import { RuleFailure } from '../common/validation';
import { CacheParameterGroup, CacheParameterGroupEngine } from '../groups/parameter-group';

/**
 * ElastiCache's default parameter group for an engine and cluster mode. Cluster mode needs the
 * `.cluster.on` group (`cluster-enabled yes`); without it the group would be created unclustered.
 */
export function defaultParameterGroupName(engine: CacheEngine, clusterMode: boolean): string {
  return `default.${engine.parameterGroupFamily}${clusterMode ? '.cluster.on' : ''}`;
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
 * or undefined when there are none. Its id, `Parameters`, keeps the group's logical id.
 */
export function createParameterGroup(scope: Construct, engine: CacheEngine, clusterMode: boolean,
  parameters: { [name: string]: string } | undefined): CacheParameterGroup | undefined {
  if (!parameters || Object.keys(parameters).length === 0) return undefined;
  return new CacheParameterGroup(scope, 'Parameters', { engine: CacheParameterGroupEngine.fromCacheEngine(engine), clusterMode, parameters });
}
