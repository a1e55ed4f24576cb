import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import { Construct } from 'constructs';
import { MemcachedEngineVersion } from './engine-version';

/** ElastiCache's default parameter group of the version's family, e.g. `default.memcached1.6`. */
export function defaultMemcachedParameterGroupName(version: MemcachedEngineVersion): string {
  return `default.${version.parameterGroupFamily}`;
}

/** A parameter group of the version's family holding the user's parameters. */
export function createMemcachedParameterGroup(scope: Construct, version: MemcachedEngineVersion,
  parameters: { [name: string]: string }): elasticache.CfnParameterGroup {
  return new elasticache.CfnParameterGroup(scope, 'Parameters', {
    cacheParameterGroupFamily: version.parameterGroupFamily,
    description: `${version} parameters`,
    properties: { ...parameters },
  });
}
