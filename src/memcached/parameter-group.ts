import { Construct } from 'constructs';
import { MemcachedEngineVersion } from './engine-version';
import { parameterFailures } from '../common/parameters';
import { RuleFailure } from '../common/validation';
import { CacheParameterGroup, CacheParameterGroupEngine } from '../groups/parameter-group';

/** ElastiCache's default parameter group of the version's family, e.g. `default.memcached1.6`. */
export function defaultMemcachedParameterGroupName(version: MemcachedEngineVersion): string {
  return `default.${version.parameterGroupFamily}`;
}

/** The user's parameters checked against the documented parameters of the version's family, for the validate step. */
export function memcachedParameterFailures(version: MemcachedEngineVersion,
  parameters: { [name: string]: string } | undefined): RuleFailure[] {
  return parameterFailures(version.parameterGroupFamily, parameters as Record<string, string>, 'parameters', version.version);
}

/**
 * A parameter group of the version's family holding the user's parameters, or undefined when there
 * are none. Its id, `Parameters`, keeps the group's logical id.
 */
export function createMemcachedParameterGroup(scope: Construct, version: MemcachedEngineVersion,
  parameters: { [name: string]: string } | undefined): CacheParameterGroup | undefined {
  if (!parameters || Object.keys(parameters).length === 0) return undefined;
  return new CacheParameterGroup(scope, 'Parameters', { engine: CacheParameterGroupEngine.fromMemcached(version), parameters });
}
