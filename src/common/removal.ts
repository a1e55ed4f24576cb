import { CfnResource, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { IConstruct } from 'constructs';

/**
 * The cache's removal policy, carried to what it made beside it: RETAIN keeps the key and the
 * secrets (AUTH token, user passwords) with the cache; SNAPSHOT keeps the key, which the final
 * snapshot is encrypted with, and the log groups; DESTROY removes them all. Call it last, when
 * every companion resource exists.
 */
export function applyCompanionRemovalPolicy(cache: IConstruct, policy: RemovalPolicy, ownKey?: kms.IKey): void {
  ownKey?.applyRemovalPolicy(policy === RemovalPolicy.DESTROY ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN);
  const byType: Record<string, RemovalPolicy> = {
    'AWS::SecretsManager::Secret': policy === RemovalPolicy.RETAIN ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    // Logs outlive a cache unless it is destroyed: they are the record of what happened to it.
    'AWS::Logs::LogGroup': policy === RemovalPolicy.DESTROY ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
  };
  for (const child of cache.node.findAll()) {
    if (CfnResource.isCfnResource(child) && byType[child.cfnResourceType]) child.applyRemovalPolicy(byType[child.cfnResourceType]);
  }
}
