import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import { Construct } from 'constructs';
import { MemcachedEngineVersion } from './engine-version';
import { parameterFailures } from '../common/parameters';
import { RuleFailure, RuleReport } from '../common/validation';

/** ElastiCache's default parameter group of the version's family, e.g. `default.memcached1.6`. */
export function defaultMemcachedParameterGroupName(version: MemcachedEngineVersion): string {
  return `default.${version.parameterGroupFamily}`;
}

/** The user's parameters checked against the documented parameters of the version's family, for the validate step. */
export function memcachedParameterFailures(version: MemcachedEngineVersion,
  parameters: { [name: string]: string } | undefined): RuleFailure[] {
  return parameterFailures(version.parameterGroupFamily, parameters as Record<string, string>, 'parameters', version.version);
}

/** A parameter group of the version's family holding the user's parameters. */
export function createMemcachedParameterGroup(scope: Construct, version: MemcachedEngineVersion,
  parameters: { [name: string]: string }): elasticache.CfnParameterGroup {
  // Checked here too, so a group is never made from parameters ElastiCache would reject at deploy time.
  const report = new RuleReport();
  report.addAll(memcachedParameterFailures(version, parameters));
  report.throwIfAny(scope, `${version} parameters`);
  return new elasticache.CfnParameterGroup(scope, 'Parameters', {
    cacheParameterGroupFamily: version.parameterGroupFamily,
    description: `${version} parameters`,
    properties: { ...parameters },
  });
}
