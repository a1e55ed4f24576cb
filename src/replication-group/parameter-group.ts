import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import { Construct } from 'constructs';
import { CacheEngine } from '../common/engine';
import { fail } from '../common/validation';

const DOC = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html';

/**
 * ElastiCache's default parameter group for an engine and cluster mode. Cluster mode needs the
 * `.cluster.on` group (`cluster-enabled yes`); without it the group would be created unclustered.
 */
export function defaultParameterGroupName(engine: CacheEngine, clusterMode: boolean): string {
  return `default.${engine.parameterGroupFamily}${clusterMode ? '.cluster.on' : ''}`;
}

/** A parameter group of the engine's family with the user's parameters and a matching `cluster-enabled`. */
export function createParameterGroup(scope: Construct, engine: CacheEngine, clusterMode: boolean,
  parameters: { [name: string]: string }): elasticache.CfnParameterGroup {
  const clusterEnabled = clusterMode ? 'yes' : 'no';
  const given = parameters['cluster-enabled'];
  if (given !== undefined && given !== clusterEnabled) {
    fail("parameters['cluster-enabled']", given,
      `it must be '${clusterEnabled}' when clusterMode is ${clusterMode}; the construct sets it from clusterMode`, DOC);
  }
  return new elasticache.CfnParameterGroup(scope, 'Parameters', {
    cacheParameterGroupFamily: engine.parameterGroupFamily,
    description: `${engine} parameters (cluster mode ${clusterMode ? 'on' : 'off'})`,
    properties: { ...parameters, 'cluster-enabled': clusterEnabled },
  });
}
