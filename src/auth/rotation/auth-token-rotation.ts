import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, IDependable } from 'constructs';
import { AuthTokenRotationFunction } from './auth-token-rotation-function';
import { createRotationHost } from './rotation-host';
import { CacheEndpoint } from '../../common/endpoint';
import { CacheConnectionEnv } from '../../connection/contract';

/** What the rotation needs to know of the replication group. */
export interface RotatedReplicationGroup extends ec2.IConnectable {
  readonly replicationGroupId: string;
  readonly replicationGroupArn: string;
  readonly endpoint: CacheEndpoint;
  readonly transitEncryption: boolean;
}

/** Properties of an {@link AuthTokenRotation}. */
export interface AuthTokenRotationProps {
  readonly secret: secretsmanager.Secret;
  readonly replicationGroup: RotatedReplicationGroup;
  /** The first rotation runs once this exists (the replication group resource). */
  readonly after: IDependable;
  readonly vpc: ec2.IVpc;
  /** The cache's subnets, used when the VPC has no subnets with egress. */
  readonly cacheSubnets: ec2.SelectedSubnets;
  readonly interval: Duration;
  readonly encryptionKey: kms.IKey;
}

/**
 * Rotates a replication group's AUTH token on a schedule: a Lambda function in the VPC applies the
 * new token with ElastiCache's ROTATE strategy (old and new both valid), checks it with a real AUTH,
 * makes it current, then SETs it (old token dropped). Clients refresh the secret when AUTH fails.
 *
 * Built to pass cdk-nag's AwsSolutions, HIPAA, NIST and PCI packs: customer-managed least-privilege
 * policies (no inline policies), an encrypted log group with retention, reserved concurrency, a
 * dead-letter topic, and the function inside the VPC.
 */
export class AuthTokenRotation extends Construct {
  public readonly function: AuthTokenRotationFunction;
  public readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: AuthTokenRotationProps) {
    super(scope, id);
    const group = props.replicationGroup;
    const host = createRotationHost(this, {
      what: 'AUTH token',
      vpc: props.vpc,
      cacheSubnets: props.cacheSubnets,
      cache: group,
      encryptionKey: props.encryptionKey,
      secrets: [props.secret],
      statements: [new iam.PolicyStatement({
        actions: ['elasticache:DescribeReplicationGroups', 'elasticache:ModifyReplicationGroup'],
        resources: [group.replicationGroupArn],
      })],
    });
    this.securityGroup = host.securityGroup;

    this.function = new AuthTokenRotationFunction(this, 'Function', {
      ...host.functionOptions,
      description: `Rotates the AUTH token of ElastiCache replication group ${group.replicationGroupId}`,
      environment: {
        REPLICATION_GROUP_ID: group.replicationGroupId,
        [CacheConnectionEnv.ENDPOINT]: group.endpoint.socketAddress,
        [CacheConnectionEnv.TLS]: String(group.transitEncryption),
      },
    });
    // The function can only start once its policies are attached.
    this.function.node.addDependency(...host.policies);

    const schedule = props.secret.addRotationSchedule('Schedule', {
      rotationLambda: this.function,
      automaticallyAfter: props.interval,
    });
    // The first rotation starts at once: wait until the replication group exists.
    schedule.node.addDependency(props.after);
  }
}
