import { Annotations, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/** What a rotation function's surroundings need. */
export interface RotationHostProps {
  /** What is rotated, for descriptions and warnings: 'AUTH token', 'user password'. */
  readonly what: string;
  readonly vpc: ec2.IVpc;
  /** The cache's subnets, used when the VPC has no subnets with egress. */
  readonly cacheSubnets: ec2.SelectedSubnets;
  /** The cache the function AUTHs against to test a new secret. */
  readonly cache: ec2.IConnectable;
  /** Key of the logs and the dead-letter topic. */
  readonly encryptionKey: kms.IKey;
  /** The secrets the function rotates (the steps of rotation-steps.ts). */
  readonly secrets: secretsmanager.ISecret[];
  /** The keys of those secrets, besides `encryptionKey`. */
  readonly secretKeys?: kms.IKey[];
  /** What the function does to the cache, beyond the secrets, logging and its dead-letter topic. */
  readonly statements: iam.PolicyStatement[];
}

/** The network, logging, dead-letter and IAM pieces every rotation function here runs with. */
export interface RotationHost {
  readonly subnets: ec2.SubnetSelection;
  readonly securityGroup: ec2.SecurityGroup;
  readonly logGroup: logs.LogGroup;
  readonly deadLetters: sns.Topic;
  readonly role: iam.Role;
  /** The policies the function must wait for. */
  readonly policies: iam.ManagedPolicy[];
  /** The options every rotation function runs with: the pieces above, in the VPC, one run at a time. */
  readonly functionOptions: lambda.FunctionOptions;
}

/**
 * Builds the pieces in `scope` (so their construct ids are the scope's own) to pass cdk-nag's
 * AwsSolutions, HIPAA, NIST and PCI packs: customer-managed least-privilege policies (no inline
 * policies), an encrypted log group with retention, a dead-letter topic, and the function inside the VPC.
 */
export function createRotationHost(scope: Construct, props: RotationHostProps): RotationHost {
  const key = props.encryptionKey;
  // The function calls the Secrets Manager and ElastiCache APIs, so it needs a way out of the VPC.
  const hasEgress = props.vpc.privateSubnets.length > 0;
  const subnets: ec2.SubnetSelection = hasEgress
    ? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }
    : { subnets: props.cacheSubnets.subnets };
  if (!hasEgress) {
    Annotations.of(scope).addWarningV2('cdk-elasticache:rotation-needs-endpoints',
      `The VPC has no private subnets with egress: the ${props.what} rotation function runs in the cache's subnets and needs `
      + 'interface VPC endpoints for Secrets Manager and ElastiCache to reach their APIs (see the README).');
  }

  const securityGroup = new ec2.SecurityGroup(scope, 'SecurityGroup', {
    vpc: props.vpc,
    description: `${capitalize(props.what)} rotation function: HTTPS to AWS APIs and the cache port`,
    allowAllOutbound: false,
  });
  securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to the Secrets Manager and ElastiCache APIs');
  props.cache.connections.allowDefaultPortFrom(securityGroup, `${capitalize(props.what)} rotation checks the new ${lastWord(props.what)}`);

  const logGroup = new logs.LogGroup(scope, 'Logs', {
    retention: logs.RetentionDays.ONE_YEAR,
    encryptionKey: key,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  key.grantEncryptDecrypt(new iam.ServicePrincipal(`logs.${Stack.of(scope).region}.amazonaws.com`));

  // Secrets Manager invokes rotation synchronously; the topic catches what an async retry would drop.
  const deadLetters = new sns.Topic(scope, 'DeadLetters', { masterKey: key, enforceSSL: true });

  const role = new iam.Role(scope, 'Role', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `Rotates an ElastiCache ${props.what}`,
  });
  // Customer-managed policies, written out in full: CDK's automatic grants would make inline policies.
  const policy = new iam.ManagedPolicy(scope, 'Policy', {
    description: `Least privilege for the ${props.what} rotation function`,
    roles: [role],
    statements: [
      // What rotation-steps.ts calls on every secret it rotates.
      new iam.PolicyStatement({
        actions: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue',
          'secretsmanager:UpdateSecretVersionStage'],
        resources: props.secrets.map((s) => s.secretArn),
      }),
      new iam.PolicyStatement({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: uniqueKeys([key, ...props.secretKeys ?? []]).map((k) => k.keyArn) }),
      ...props.statements,
      new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
      new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [deadLetters.topicArn] }),
    ],
  });
  const networkPolicy = new iam.ManagedPolicy(scope, 'NetworkInterfacePolicy', {
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
  const functionOptions: lambda.FunctionOptions = {
    role: role.withoutPolicyUpdates(),
    vpc: props.vpc,
    vpcSubnets: subnets,
    securityGroups: [securityGroup],
    logGroup,
    timeout: Duration.minutes(15),
    // One rotation at a time: the steps of two would race on the same group or user.
    reservedConcurrentExecutions: 1,
    deadLetterTopic: deadLetters,
  };
  return { subnets, securityGroup, logGroup, deadLetters, role, policies: [policy, networkPolicy], functionOptions };
}

function uniqueKeys(keys: kms.IKey[]): kms.IKey[] {
  return keys.filter((k, i) => keys.indexOf(k) === i);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function lastWord(text: string): string {
  return text.split(' ').pop()!;
}
