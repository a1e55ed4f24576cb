import { Duration, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, IDependable } from 'constructs';
import { RotationHost } from './rotation-host';

/** The tag that names a token secret's replication group for the shared function (auth-token-steps.ts). */
export const REPLICATION_GROUP_ID_TAG = 'cdk-elasticache:replication-group-id';

/** What the rotation needs to know of the replication group. */
export interface RotatedReplicationGroup extends ec2.IConnectable {
  readonly replicationGroupArn: string;
}

/** Properties of {@link rotateAuthToken}. */
export interface AuthTokenRotationProps {
  readonly secret: secretsmanager.Secret;
  readonly replicationGroup: RotatedReplicationGroup;
  /**
   * The group's id as the construct chose it (not the resource's Ref): the tag on the secret, which the
   * group's AuthToken reads, so a Ref would make a cycle.
   */
  readonly replicationGroupId: string;
  /** The first rotation runs once this exists (the replication group resource). */
  readonly after: IDependable;
  readonly vpc: ec2.IVpc;
  /** The cache's subnets, used when the VPC has no subnets with egress. */
  readonly cacheSubnets: ec2.SelectedSubnets;
  readonly interval: Duration;
  /** The key of the secret. */
  readonly encryptionKey: kms.IKey;
}

/**
 * Rotates a replication group's AUTH token on a schedule with the stack's secret rotation function
 * for the group's VPC placement (rotation-host.ts): it applies the new token with ElastiCache's ROTATE
 * strategy (old and new both valid), checks it with a real AUTH, makes it current, then SETs it (old
 * token dropped). Clients refresh the secret when AUTH fails. Returns the shared function.
 */
export function rotateAuthToken(scope: Construct, props: AuthTokenRotationProps): lambda.IFunction {
  const host = RotationHost.of(scope, props);
  Tags.of(props.secret).add(REPLICATION_GROUP_ID_TAG, props.replicationGroupId);
  host.rotate({
    cache: props.replicationGroup,
    secrets: [{ secret: props.secret, interval: props.interval }],
    secretKeys: [props.encryptionKey],
    statements: [new iam.PolicyStatement({
      actions: ['elasticache:DescribeReplicationGroups', 'elasticache:ModifyReplicationGroup'],
      resources: [props.replicationGroup.replicationGroupArn],
    })],
    after: props.after,
    checks: 'AUTH token rotation checks the new token',
  });
  return host.function;
}
