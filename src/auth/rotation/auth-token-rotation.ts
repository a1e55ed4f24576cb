import { Annotations, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IDependable } from 'constructs';
import { AuthTokenRotationFunction } from './auth-token-rotation-function';

/** What the rotation needs to know of the replication group. */
export interface RotatedReplicationGroup extends ec2.IConnectable {
  readonly replicationGroupId: string;
  readonly replicationGroupArn: string;
  readonly endpointAddress: string;
  readonly endpointPort: string;
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
    const key = props.encryptionKey;
    // The function calls the Secrets Manager and ElastiCache APIs, so it needs a way out of the VPC.
    const hasEgress = props.vpc.privateSubnets.length > 0;
    const subnets: ec2.SubnetSelection = hasEgress
      ? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }
      : { subnets: props.cacheSubnets.subnets };
    if (!hasEgress) {
      Annotations.of(this).addWarningV2('cdk-elasticache:rotation-needs-endpoints',
        'The VPC has no private subnets with egress: the AUTH token rotation function runs in the cache\'s subnets and needs '
        + 'interface VPC endpoints for Secrets Manager and ElastiCache to reach their APIs (see the README).');
    }

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'AUTH token rotation function: HTTPS to AWS APIs and the cache port',
      allowAllOutbound: false,
    });
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to the Secrets Manager and ElastiCache APIs');
    group.connections.allowDefaultPortFrom(this.securityGroup, 'AUTH token rotation checks the new token');

    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_YEAR,
      encryptionKey: key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    key.grantEncryptDecrypt(new iam.ServicePrincipal(`logs.${Stack.of(this).region}.amazonaws.com`));

    // Secrets Manager invokes rotation synchronously; the topic catches what an async retry would drop.
    const deadLetters = new sns.Topic(this, 'DeadLetters', { masterKey: key, enforceSSL: true });

    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Rotates an ElastiCache AUTH token',
    });
    // Customer-managed policies, written out in full: CDK's automatic grants would make inline policies.
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      description: 'Least privilege for the AUTH token rotation function',
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          actions: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue',
            'secretsmanager:UpdateSecretVersionStage'],
          resources: [props.secret.secretArn],
        }),
        new iam.PolicyStatement({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [key.keyArn] }),
        new iam.PolicyStatement({
          actions: ['elasticache:DescribeReplicationGroups', 'elasticache:ModifyReplicationGroup'],
          resources: [group.replicationGroupArn],
        }),
        new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
        new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [deadLetters.topicArn] }),
      ],
    });
    const networkPolicy = new iam.ManagedPolicy(this, 'NetworkInterfacePolicy', {
      description: 'Lambda VPC networking: the function\'s network interfaces',
      roles: [role],
      statements: [new iam.PolicyStatement({
        actions: ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DeleteNetworkInterface',
          'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'],
        resources: ['*'],
      })],
    });
    // The one acknowledged finding: EC2's network-interface actions only accept Resource "*" (Describe*
    // has no resource-level permissions), and the AWS managed alternative trips AwsSolutions-IAM4 instead.
    Validations.of(networkPolicy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'Lambda VPC networking needs ec2:*NetworkInterface* actions, which EC2 only grants on Resource "*".',
    });

    this.function = new AuthTokenRotationFunction(this, 'Function', {
      description: `Rotates the AUTH token of ElastiCache replication group ${group.replicationGroupId}`,
      role: role.withoutPolicyUpdates(),
      vpc: props.vpc,
      vpcSubnets: subnets,
      securityGroups: [this.securityGroup],
      logGroup,
      timeout: Duration.minutes(15),
      // One rotation at a time: the steps of two would race on the same replication group.
      reservedConcurrentExecutions: 1,
      deadLetterTopic: deadLetters,
      environment: {
        REPLICATION_GROUP_ID: group.replicationGroupId,
        CACHE_ENDPOINT: `${group.endpointAddress}:${group.endpointPort}`,
        CACHE_TLS: String(group.transitEncryption),
      },
    });
    // The function can only start once its policies are attached.
    this.function.node.addDependency(policy, networkPolicy);

    const schedule = props.secret.addRotationSchedule('Schedule', {
      rotationLambda: this.function,
      automaticallyAfter: props.interval,
    });
    // The first rotation starts at once: wait until the replication group exists.
    schedule.node.addDependency(props.after);
  }
}
