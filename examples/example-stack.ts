import * as path from 'path';
import { Annotations, Size, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CatalogFunction } from './catalog-function';
import { CacheAlarmTopic, CacheClientTarget, CacheEngine, MemcachedCluster, ReplicationGroup, ServerlessCache } from '../src';

/**
 * What a new user would copy: a private VPC; a Valkey replication group in cluster mode with a
 * replica per shard, Multi-AZ, TLS, encryption at rest and a rotated AUTH token (all defaults); a
 * Memcached cluster for sessions; a serverless Valkey cache for stock levels (TLS, its own key and
 * a rotated password user, all defaults); the recommended alarms of the three to one encrypted
 * topic with an e-mail subscription; and a Lambda function connected to all three caches.
 */
export class ExampleStack extends Stack {
  public readonly cache: ReplicationGroup;
  public readonly sessions: MemcachedCluster;
  public readonly stock: ServerlessCache;
  public readonly alarms: CacheAlarmTopic;
  public readonly api: CatalogFunction;

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

    // One topic for every alarm of the app; each cache could also make its own (the default).
    this.alarms = new CacheAlarmTopic(this, 'Alarms', { emails: ['ops@example.com'] });

    this.cache = new ReplicationGroup(this, 'Cache', {
      vpc,
      monitoring: { alarmTopic: this.alarms.topic, dashboard: true },
      engine: CacheEngine.VALKEY_8_2,
      nodeType: 'cache.t4g.small',
      shards: 2,
      replicasPerShard: 1,
      maintenanceWindow: 'sun:03:00-sun:04:00',
      backupWindow: '01:00-02:00',
      parameters: { 'maxmemory-policy': 'allkeys-lru' },
      // A monthly cost budget on the cache's tag, notifying the shared alarm topic.
      budget: { monthlyLimit: 100 },
    });

    this.sessions = new MemcachedCluster(this, 'Sessions', {
      vpc,
      nodeType: 'cache.t4g.small',
      nodes: 2,
      monitoring: { alarmTopic: this.alarms.topic },
    });

    // Serverless: no node type to pick; the limits bound the bill, and the alarms fire near them.
    this.stock = new ServerlessCache(this, 'Stock', {
      vpc,
      usageLimits: { dataStorageMax: Size.gibibytes(5), ecpuPerSecondMax: 5_000 },
      monitoring: { alarmTopic: this.alarms.topic },
    });

    // The app: cache-aside reads of a product catalogue on Valkey, sessions on Memcached, and
    // short-lived stock levels on serverless Valkey.
    this.api = new CatalogFunction(this, 'Api', { vpc, entry: path.join(__dirname, 'lambda', 'catalog-handler.ts') });
    const app = CacheClientTarget.lambdaFunction(this.api.function);
    this.cache.connect(app, { prefix: 'catalog' });
    this.sessions.connect(app, { prefix: 'sessions' });
    this.stock.connect(app, { prefix: 'stock' });
    // Apps outside this CDK app find the catalogue cache in SSM Parameter Store.
    this.cache.exportConnection({ cfnOutputs: false, parameterPrefix: '/cdk-elasticache-example/catalog' });

    // Without a NAT, the token rotation and the app reach the AWS APIs through interface endpoints.
    for (const [name, service] of [
      ['SecretsManager', ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER],
      ['ElastiCache', ec2.InterfaceVpcEndpointAwsService.ELASTICACHE],
    ] as const) {
      const endpoint = vpc.addInterfaceEndpoint(name, { service, open: false });
      endpoint.connections.allowDefaultPortFrom(this.cache.authTokenRotationFunction!, 'AUTH token rotation');
      endpoint.connections.allowDefaultPortFrom(this.stock.userPasswordRotationFunction!, 'Stock cache password rotation');
      if (name === 'SecretsManager') endpoint.connections.allowDefaultPortFrom(this.api.function, 'The app reads the AUTH token');
    }
    for (const cache of [this.cache, this.stock]) {
      Annotations.of(cache).acknowledgeWarning('cdk-elasticache:rotation-needs-endpoints', 'The VPC has the endpoints.');
    }
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
