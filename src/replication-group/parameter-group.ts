import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import { Construct } from 'constructs';
import { CacheEngine } from '../common/engine';
import { parameterFailures } from '../common/parameters';
import { RuleFailure, RuleReport } from '../common/validation';

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

/** A parameter group of the engine's family with the user's parameters and a matching `cluster-enabled`. */
export function createParameterGroup(scope: Construct, engine: CacheEngine, clusterMode: boolean,
  parameters: { [name: string]: string }): elasticache.CfnParameterGroup {
  // Checked here too, so a group is never made from parameters ElastiCache would reject at deploy time.
  const report = new RuleReport();
  report.addAll(replicationGroupParameterFailures(engine, parameters));
  report.throwIfAny(scope, `${engine} parameters`);
  return new elasticache.CfnParameterGroup(scope, 'Parameters', {
    cacheParameterGroupFamily: engine.parameterGroupFamily,
    description: `${engine} parameters (cluster mode ${clusterMode ? 'on' : 'off'})`,
    properties: { ...parameters, 'cluster-enabled': clusterMode ? 'yes' : 'no' },
  });
}
