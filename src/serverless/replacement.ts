import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { ServerlessCacheProps, ServerlessConnectionType } from './props';
import { generateReplaceableCacheId, warnFixedId } from '../common/cache-id';
import { networkTypeCreateOnly } from '../common/network-type-rules';
import { identity } from '../replication-group/replacement';

/**
 * What CloudFormation can only change by replacing the cache: the schema's createOnlyProperties
 * (ServerlessCacheName, KmsKeyId, SnapshotArnsToRestore, SubnetIds), and NetworkType ("The network
 * type can only be set when creating a serverless cache") and ConnectionType ("This value cannot be
 * changed after the serverless cache is created").
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticache-serverlesscache.html
 */
export const SERVERLESS_CREATE_ONLY = ['encryptionKey', 'vpcSubnets (the subnets)', 'restoreFrom', 'networkType', 'connectionType'];

/**
 * The cache's name: the user's, in lower case as ElastiCache stores it (with a warning listing what
 * would replace it), or a generated one that follows the create-only settings that differ from the
 * defaults, so changing one replaces the cache under a new name instead of failing with "already exists".
 * Subnets count when `vpcSubnets` is given: the default selection keeps the plain name.
 */
export function serverlessCacheNameOf(scope: Construct, props: ServerlessCacheProps, subnets: ec2.ISubnet[]): string {
  if (props.cacheName !== undefined) {
    warnFixedId(scope, 'cacheName', SERVERLESS_CREATE_ONLY);
    return Token.isUnresolved(props.cacheName) ? props.cacheName : props.cacheName.toLowerCase();
  }
  return generateReplaceableCacheId(scope, {
    encryptionKey: props.encryptionKey ? identity(props.encryptionKey, props.encryptionKey.keyArn) : undefined,
    subnets: props.vpcSubnets ? subnets.map((s) => identity(s, s.subnetId)) : undefined,
    restoreFrom: props.restoreFrom,
    networkType: networkTypeCreateOnly(props.networkType),
    connectionType: props.connectionType === ServerlessConnectionType.PUBLIC ? 'public' : undefined,
  }, 40);
}
