import { Annotations, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CacheEngine, ReplicationGroup } from '../src';

/**
 * What a new user would copy: a private VPC and a Valkey replication group in cluster mode with a
 * replica per shard, Multi-AZ, TLS, encryption at rest and a rotated AUTH token (all defaults).
 */
export class ExampleStack extends Stack {
  public readonly cache: ReplicationGroup;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    // Isolated subnets only: nothing in this VPC is reachable from, or routes to, the internet.
    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 3,
      natGateways: 0,
      restrictDefaultSecurityGroup: true,
      subnetConfiguration: [{ name: 'private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
    });
    this.addFlowLog(vpc);

    this.cache = new ReplicationGroup(this, 'Cache', {
      vpc,
      engine: CacheEngine.VALKEY_8_2,
      nodeType: 'cache.t4g.small',
      shards: 2,
      replicasPerShard: 1,
      maintenanceWindow: 'sun:03:00-sun:04:00',
      backupWindow: '01:00-02:00',
      parameters: { 'maxmemory-policy': 'allkeys-lru' },
    });

    // Without a NAT, the token rotation reaches the AWS APIs through interface endpoints.
    for (const [name, service] of [
      ['SecretsManager', ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER],
      ['ElastiCache', ec2.InterfaceVpcEndpointAwsService.ELASTICACHE],
    ] as const) {
      const endpoint = vpc.addInterfaceEndpoint(name, { service, open: false });
      endpoint.connections.allowDefaultPortFrom(this.cache.authTokenRotationFunction!, 'AUTH token rotation');
    }
    Annotations.of(this.cache).acknowledgeWarning('cdk-elasticache:rotation-needs-endpoints', 'The VPC has the endpoints.');
  }

  /** Flow logs to an encrypted log group, with a customer-managed policy (no inline policies). */
  private addFlowLog(vpc: ec2.Vpc): void {
    const key = new kms.Key(this, 'FlowLogKey', { enableKeyRotation: true });
    key.grantEncryptDecrypt(new iam.ServicePrincipal(`logs.${this.region}.amazonaws.com`));
    const logGroup = new logs.LogGroup(this, 'FlowLogs', { encryptionKey: key, retention: logs.RetentionDays.ONE_YEAR });
    const role = new iam.Role(this, 'FlowLogRole', { assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com') });
    new iam.ManagedPolicy(this, 'FlowLogPolicy', {
      roles: [role],
      statements: [new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        resources: [logGroup.logGroupArn],
      })],
    });
    vpc.addFlowLog('FlowLog', { destination: ec2.FlowLogDestination.toCloudWatchLogs(logGroup, role.withoutPolicyUpdates()) });
  }
}
