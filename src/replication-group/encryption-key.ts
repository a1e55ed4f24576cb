import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { ReplicationGroupProps } from './props';
import { ReplicationGroupSettings } from './settings';
import { CacheAuthentication } from '../auth/authentication';
import { CacheAuthMode } from '../connection/contract';

/**
 * One key protects the data at rest, the secrets and the logs unless the user passes one: made
 * when something needs it and none was given, else undefined.
 */
export function ownEncryptionKey(scope: Construct, props: ReplicationGroupProps, s: ReplicationGroupSettings,
  authentication: CacheAuthentication, replicationGroupId: string): kms.Key | undefined {
  const needsKey = s.atRestEncryption || authentication.mode !== CacheAuthMode.NONE || props.logDelivery !== undefined;
  if (props.encryptionKey || !needsKey) return undefined;
  return new kms.Key(scope, 'Key', {
    description: `Encrypts ElastiCache ${replicationGroupId}: data at rest, secrets and logs`,
    enableKeyRotation: true,
  });
}
