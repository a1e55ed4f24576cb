import { createHash } from 'node:crypto';
import { Annotations, Duration, Lazy, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IDependable } from 'constructs';
import { CacheSecretRotationFunction } from './cache-secret-rotation-function';

/** Where a cache's rotation function runs. */
export interface RotationPlacement {
  readonly vpc: ec2.IVpc;
  /** The cache's subnets, used when the VPC has no subnets with egress. */
  readonly cacheSubnets: ec2.SelectedSubnets;
}

/** What one cache adds to a shared rotation function. */
export interface RotatedSecret {
  readonly secret: secretsmanager.ISecret;
  readonly interval: Duration;
}

/** What a cache brings to the stack's rotation function. */
export interface RotationClient {
  /** The cache the function AUTHs against to test a new secret. */
  readonly cache: ec2.IConnectable;
  /** The secrets to rotate, each on its schedule. */
  readonly secrets: RotatedSecret[];
  /** The keys of those secrets. */
  readonly secretKeys: kms.IKey[];
  /** What the function does to this cache, beyond the secrets. */
  readonly statements: iam.PolicyStatement[];
  /** The first rotation runs once this exists (the cache resource). */
  readonly after: IDependable;
  /** What the function checks on the cache, for its ingress rule: 'AUTH token rotation checks the new token'. */
  readonly checks: string;
}

// A managed policy holds at most 6,144 characters; ~150 per ARN leaves room for the actions.
const MAX_ARNS_PER_POLICY = 25;

/**
 * The rotation function with its surroundings, one per stack and VPC placement: every AUTH token and
 * user password secret of the stack's caches in the same VPC and subnets shares it
 * (cache-secret-rotation.lambda.ts tells them apart by their tags), so a further cache adds only its
 * schedules, a grant policy share, and ingress from the function's security group (not ~10 resources
 * of its own).
 *
 * Built to pass cdk-nag's AwsSolutions, HIPAA, NIST and PCI packs: customer-managed least-privilege
 * policies (no inline policies), an encrypted log group with retention, reserved concurrency, a
 * dead-letter topic, and the function inside the VPC. Each cache's grants name only its own secrets,
 * keys and cache, in managed policies of up to 25 ARNs each.
 */
export class RotationHost extends Construct {
  /** The stack's function for `placement`, made by the first cache that asks. */
  public static of(scope: Construct, placement: RotationPlacement): RotationHost {
    const stack = Stack.of(scope);
    const id = `CacheSecretRotation${placementId(placement)}`;
    // On the cache, not the shared function, so each cache can acknowledge it where it is built.
    if (placement.vpc.privateSubnets.length === 0) {
      Annotations.of(scope).addWarningV2('cdk-elasticache:rotation-needs-endpoints',
        'The VPC has no private subnets with egress: the secret rotation function runs in the cache\'s subnets and needs '
        + 'interface VPC endpoints for Secrets Manager and ElastiCache to reach their APIs (see the README).');
    }
    return (stack.node.tryFindChild(id) as RotationHost | undefined) ?? new RotationHost(stack, id, placement);
  }

  public readonly function: lambda.Function;
  public readonly securityGroup: ec2.SecurityGroup;
  private readonly role: iam.Role;
  private readonly grants: Array<{ policy: iam.ManagedPolicy; arns: number }> = [];
  private clients = 0;

  private constructor(scope: Construct, id: string, placement: RotationPlacement) {
    super(scope, id);
    // The function calls the Secrets Manager and ElastiCache APIs, so it needs a way out of the VPC.
    const hasEgress = placement.vpc.privateSubnets.length > 0;
    const subnets: ec2.SubnetSelection = hasEgress
      ? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }
      : { subnets: placement.cacheSubnets.subnets };

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: placement.vpc,
      description: 'Rotation function of ElastiCache secrets: HTTPS to AWS APIs and the cache ports',
      allowAllOutbound: false,
    });
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to the Secrets Manager and ElastiCache APIs');

    // The function's own key: its logs and dead letters outlive any one cache (and its key).
    const key = new kms.Key(this, 'Key', {
      description: `Encrypts the logs and dead letters of the ElastiCache secret rotation function ${this.node.path}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_YEAR,
      encryptionKey: key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    key.grantEncryptDecrypt(new iam.ServicePrincipal(`logs.${Stack.of(this).region}.amazonaws.com`));

    // Secrets Manager invokes rotation synchronously; the topic catches what an async retry would drop.
    const deadLetters = new sns.Topic(this, 'DeadLetters', { masterKey: key, enforceSSL: true });

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Rotates ElastiCache AUTH tokens and user passwords',
    });
    // Customer-managed policies, written out in full: CDK's automatic grants would make inline policies.
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      description: 'Logging and dead letters of the ElastiCache secret rotation function',
      roles: [this.role],
      statements: [
        new iam.PolicyStatement({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [key.keyArn] }),
        new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
        new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [deadLetters.topicArn] }),
      ],
    });
    const networkPolicy = new iam.ManagedPolicy(this, 'NetworkInterfacePolicy', {
      description: 'Lambda VPC networking: the function\'s network interfaces',
      roles: [this.role],
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

    this.function = new CacheSecretRotationFunction(this, 'Function', {
      description: `Rotates the AUTH tokens and user passwords of the ElastiCache caches of stack ${Stack.of(this).stackName} `
        + `in VPC ${placement.vpc.node.path}`.slice(0, 256),
      role: this.role.withoutPolicyUpdates(),
      vpc: placement.vpc,
      vpcSubnets: subnets,
      securityGroups: [this.securityGroup],
      logGroup,
      timeout: Duration.minutes(15),
      // One run per cache at a time, the account's reservation of one function per cache: Secrets Manager
      // rotates a secret once at a time, and each step waits while ElastiCache is busy with its group or user.
      reservedConcurrentExecutions: Lazy.number({ produce: () => this.clients }),
      deadLetterTopic: deadLetters,
    });
    // The function can only start once its policies are attached.
    this.function.node.addDependency(policy, networkPolicy);
  }

  /** Lets the function rotate a cache's secrets: grants, ingress to the cache, and the schedules. */
  public rotate(client: RotationClient): void {
    this.clients += 1;
    client.cache.connections.allowDefaultPortFrom(this.securityGroup, client.checks);
    const grant = this.grantPolicy([
      // What rotation-steps.ts calls on every secret it rotates.
      new iam.PolicyStatement({
        actions: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue',
          'secretsmanager:UpdateSecretVersionStage'],
        resources: client.secrets.map((s) => s.secret.secretArn),
      }),
      new iam.PolicyStatement({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: uniqueKeys(client.secretKeys).map((k) => k.keyArn) }),
      ...client.statements,
    ]);
    for (const { secret, interval } of client.secrets) {
      const schedule = (secret as secretsmanager.Secret).addRotationSchedule('Schedule', { rotationLambda: this.function, automaticallyAfter: interval });
      // The first rotation starts at once: wait until the cache exists and the function may touch the secret.
      schedule.node.addDependency(client.after, grant);
    }
  }

  /** Adds statements to the last grant policy, or to a new one when they would not fit. */
  private grantPolicy(statements: iam.PolicyStatement[]): iam.ManagedPolicy {
    const arns = statements.reduce((n, s) => n + s.resources.length, 0);
    let last = this.grants[this.grants.length - 1];
    if (!last || last.arns + arns > MAX_ARNS_PER_POLICY) {
      const index = this.grants.length + 1;
      last = {
        policy: new iam.ManagedPolicy(this, `Grants${index}`, {
          description: `Least privilege for the ElastiCache secret rotation function: the secrets, keys and caches it rotates (part ${index})`,
          roles: [this.role],
        }),
        arns: 0,
      };
      this.grants.push(last);
    }
    for (const statement of statements) last.policy.addStatements(statement);
    last.arns += arns;
    return last.policy;
  }
}

/**
 * A short, stable id for a VPC and the subnets the function would run in: the same placement in two
 * caches gives the same id, so they share one function. Construct paths, never token numbers, which
 * change as constructs are added.
 */
function placementId(placement: RotationPlacement): string {
  const stable = (value: string, construct: Construct) => (Token.isUnresolved(value) ? construct.node.path : value);
  const parts = [stable(placement.vpc.vpcId, placement.vpc)];
  if (placement.vpc.privateSubnets.length === 0) {
    parts.push(...placement.cacheSubnets.subnets.map((s) => stable(s.subnetId, s)).sort());
  }
  return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 8).toUpperCase();
}

function uniqueKeys(keys: kms.IKey[]): kms.IKey[] {
  return keys.filter((k, i) => keys.indexOf(k) === i);
}
