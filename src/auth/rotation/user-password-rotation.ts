import { ArnFormat, Stack, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct, IDependable } from 'constructs';
import { RotationHost } from './rotation-host';
import type { CacheUser } from '../cache-user';

/** The tag that names the cache a user secret's rotation AUTHs on (user-password-steps.ts). */
export const ROTATION_CACHE_TAG = 'cdk-elasticache:rotation-cache';

/** What the rotation needs to know of the cache it AUTHs on. */
export interface RotationHostCache extends ec2.IConnectable {
  /** The cache id as the construct chose it (the secrets' users are created before the cache, so not a Ref). */
  readonly cacheId: string;
  readonly kind: 'replication-group' | 'serverless-cache';
}

/** Properties of {@link rotateUserPasswords}. */
export interface UserPasswordRotationProps {
  /** Users with generated passwords this rotation has claimed. */
  readonly users: CacheUser[];
  readonly cache: RotationHostCache;
  /** The first rotation runs once this exists (the cache resource). */
  readonly after: IDependable;
  readonly vpc: ec2.IVpc;
  readonly cacheSubnets: ec2.SelectedSubnets;
}

/**
 * Rotates the generated passwords of ElastiCache users on their schedules with the stack's secret
 * rotation function for the cache's VPC placement (rotation-host.ts): it gives a user its current and its
 * new password (ElastiCache users hold up to two), checks the new one with a real AUTH on this cache,
 * makes it current, then leaves the user the new one alone. Returns the shared function.
 */
export function rotateUserPasswords(scope: Construct, props: UserPasswordRotationProps): lambda.IFunction {
  const host = RotationHost.of(scope, props);
  const { cache } = props;
  const service = cache.kind === 'replication-group'
    ? { resource: 'replicationgroup', action: 'elasticache:DescribeReplicationGroups' }
    : { resource: 'serverlesscache', action: 'elasticache:DescribeServerlessCaches' };
  for (const user of props.users) Tags.of(user.passwordSecret!).add(ROTATION_CACHE_TAG, `${cache.kind}:${cache.cacheId}`);
  host.rotate({
    cache,
    secrets: props.users.map((u) => ({ secret: u.passwordSecret!, interval: u.rotationInterval! })),
    secretKeys: props.users.map((u) => u.encryptionKey!),
    statements: [
      new iam.PolicyStatement({ actions: ['elasticache:DescribeUsers', 'elasticache:ModifyUser'], resources: props.users.map((u) => u.userArn) }),
      // testSecret reads where to AUTH from the cache's description.
      new iam.PolicyStatement({
        actions: [service.action],
        resources: [Stack.of(scope).formatArn({
          service: 'elasticache', resource: service.resource, resourceName: cache.cacheId, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        })],
      }),
    ],
    after: props.after,
    checks: 'User password rotation checks the new password',
  });
  return host.function;
}

