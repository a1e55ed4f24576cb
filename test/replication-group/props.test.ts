import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { CacheAuthentication, CacheEngine, ClusterMode, ReplicationGroup, ReplicationGroupProps } from '../../src';
import { newStack, templateJson } from '../helpers';

const RG = 'AWS::ElastiCache::ReplicationGroup';

function synth(props: Omit<ReplicationGroupProps, 'vpc'> = {}, vpcProps?: ec2.VpcProps) {
  const { stack, vpc } = newStack(vpcProps);
  const cache = new ReplicationGroup(stack, 'Cache', { vpc, ...props });
  return { stack, vpc, cache, template: Template.fromStack(stack) };
}

/** The one replication group's Properties. */
function rgProps(template: Template): Record<string, any> {
  const groups = Object.values(template.findResources(RG));
  expect(groups).toHaveLength(1);
  return groups[0].Properties;
}

function logicalId(template: Template, type: string, props?: any): string {
  const ids = Object.keys(template.findResources(type, props ? { Properties: props } : undefined));
  expect(ids).toHaveLength(1);
  return ids[0];
}

describe('identity', () => {
  test('replicationGroupId and description pass through', () => {
    const { template } = synth({ replicationGroupId: 'orders-cache', description: 'Orders cache' });
    template.hasResourceProperties(RG, { ReplicationGroupId: 'orders-cache', ReplicationGroupDescription: 'Orders cache' });
    template.hasResourceProperties('AWS::ElastiCache::SubnetGroup', { Description: 'Orders cache' });
  });

  test('without them, the id is generated and the description names the engine and path', () => {
    const { template } = synth();
    const props = rgProps(template);
    expect(props.ReplicationGroupId).not.toBe('orders-cache');
    expect(props.ReplicationGroupDescription).toBe('ElastiCache valkey 9.1 Test/Cache');
  });
});

describe('engine and parameter groups', () => {
  test('Redis OSS 7.1 in cluster mode: redis engine, version and the .cluster.on default group', () => {
    const { template } = synth({ engine: CacheEngine.REDIS_7_1 });
    template.hasResourceProperties(RG, {
      Engine: 'redis',
      EngineVersion: '7.1',
      ClusterMode: 'enabled',
      CacheParameterGroupName: 'default.redis7.cluster.on',
    });
  });

  test('Redis OSS 7.1 with cluster mode disabled: default.redis7, NumCacheClusters = 1 + replicas, no node groups', () => {
    const { template } = synth({ engine: CacheEngine.REDIS_7_1, clusterMode: ClusterMode.DISABLED, replicasPerShard: 2 });
    template.hasResourceProperties(RG, {
      Engine: 'redis',
      EngineVersion: '7.1',
      ClusterMode: 'disabled',
      CacheParameterGroupName: 'default.redis7',
      NumCacheClusters: 3,
      NumNodeGroups: Match.absent(),
      ReplicasPerNodeGroup: Match.absent(),
      NodeGroupConfiguration: Match.absent(),
    });
  });

  test('cluster mode does not set NumCacheClusters', () => {
    const { template } = synth({ engine: CacheEngine.REDIS_7_1 });
    template.hasResourceProperties(RG, { NumCacheClusters: Match.absent(), NumNodeGroups: 1 });
  });

  test('Valkey 7.2: family valkey7', () => {
    const { template } = synth({ engine: CacheEngine.VALKEY_7_2 });
    template.hasResourceProperties(RG, { Engine: 'valkey', EngineVersion: '7.2', CacheParameterGroupName: 'default.valkey7.cluster.on' });
    const off = synth({ engine: CacheEngine.VALKEY_7_2, clusterMode: ClusterMode.DISABLED });
    off.template.hasResourceProperties(RG, { CacheParameterGroupName: 'default.valkey7' });
  });

  test('no parameters: no parameter group resource', () => {
    const { template } = synth({ parameters: {} });
    template.resourceCountIs('AWS::ElastiCache::ParameterGroup', 0);
    template.hasResourceProperties(RG, { CacheParameterGroupName: 'default.valkey9.cluster.on' });
  });

  test('parameters in cluster mode: a parameter group of the engine family with cluster-enabled yes, referenced', () => {
    const { template, cache } = synth({ engine: CacheEngine.REDIS_7_1, parameters: { 'maxmemory-policy': 'allkeys-lru' } });
    template.resourceCountIs('AWS::ElastiCache::ParameterGroup', 1);
    template.hasResourceProperties('AWS::ElastiCache::ParameterGroup', {
      CacheParameterGroupFamily: 'redis7',
      Properties: Match.objectEquals({ 'maxmemory-policy': 'allkeys-lru', 'cluster-enabled': 'yes' }),
    });
    const pg = logicalId(template, 'AWS::ElastiCache::ParameterGroup');
    template.hasResourceProperties(RG, { CacheParameterGroupName: { Ref: pg } });
    expect(cache.parameterGroup).toBeDefined();
  });

  test('parameters with cluster mode disabled: cluster-enabled no', () => {
    const { template } = synth({
      engine: CacheEngine.VALKEY_7_2,
      clusterMode: ClusterMode.DISABLED,
      parameters: { 'maxmemory-policy': 'volatile-lru', 'timeout': '300' },
    });
    template.hasResourceProperties('AWS::ElastiCache::ParameterGroup', {
      CacheParameterGroupFamily: 'valkey7',
      Properties: Match.objectEquals({ 'maxmemory-policy': 'volatile-lru', 'timeout': '300', 'cluster-enabled': 'no' }),
    });
    const pg = logicalId(template, 'AWS::ElastiCache::ParameterGroup');
    template.hasResourceProperties(RG, { CacheParameterGroupName: { Ref: pg } });
  });

  test('cluster-enabled is set from clusterMode, so giving it fails and points at clusterMode', () => {
    expect(() => synth({ parameters: { 'cluster-enabled': 'yes', 'maxmemory-policy': 'allkeys-lfu' } }))
      .toThrow(/parameters\['cluster-enabled'\]: 'yes' is invalid: the construct sets cluster-enabled from clusterMode; set clusterMode instead/);
  });

  test('parameters are checked against the engine family: a typo fails with the closest name', () => {
    expect(() => synth({ engine: CacheEngine.VALKEY_8_0, parameters: { 'maxmemory-polcy': 'allkeys-lru', 'appendonly': 'yes' } }))
      .toThrow(/2 problems:[\s\S]*did you mean maxmemory-policy\?[\s\S]*ElastiCache does not offer AOF persistence/);
  });

  test('switching the engine from Redis OSS 7.1 to Valkey 8.2 changes the family with it', () => {
    const parameters = { 'maxmemory-policy': 'allkeys-lru' };
    const redis = synth({ engine: CacheEngine.REDIS_7_1, parameters });
    redis.template.hasResourceProperties('AWS::ElastiCache::ParameterGroup', { CacheParameterGroupFamily: 'redis7' });
    redis.template.hasResourceProperties(RG, { Engine: 'redis', EngineVersion: '7.1' });
    const valkey = synth({ engine: CacheEngine.VALKEY_8_2, parameters });
    valkey.template.hasResourceProperties('AWS::ElastiCache::ParameterGroup', {
      CacheParameterGroupFamily: 'valkey8',
      Properties: Match.objectEquals({ 'maxmemory-policy': 'allkeys-lru', 'cluster-enabled': 'yes' }),
    });
    valkey.template.hasResourceProperties(RG, { Engine: 'valkey', EngineVersion: '8.2' });
  });
});

describe('topology', () => {
  test('shards and replicasPerShard → NumNodeGroups and ReplicasPerNodeGroup', () => {
    const { template, cache } = synth({ shards: 3, replicasPerShard: 2 });
    template.hasResourceProperties(RG, { NumNodeGroups: 3, ReplicasPerNodeGroup: 2, ClusterMode: 'enabled' });
    expect(cache.shards).toBe(3);
    expect(cache.replicasPerShard).toBe(2);
  });

  test('nodeType passes through', () => {
    const { template } = synth({ nodeType: 'cache.r7g.large' });
    template.hasResourceProperties(RG, { CacheNodeType: 'cache.r7g.large' });
  });

  test('multiAz false keeps automatic failover in cluster mode', () => {
    const { template } = synth({ multiAz: false });
    template.hasResourceProperties(RG, { MultiAZEnabled: false, AutomaticFailoverEnabled: true });
  });

  test('cluster mode disabled with a replica: failover and Multi-AZ on', () => {
    const { template } = synth({ clusterMode: ClusterMode.DISABLED, replicasPerShard: 1 });
    template.hasResourceProperties(RG, { AutomaticFailoverEnabled: true, MultiAZEnabled: true, NumCacheClusters: 2 });
  });

  test('cluster mode disabled without replicas: no failover, no Multi-AZ, one node', () => {
    const { template } = synth({ clusterMode: ClusterMode.DISABLED, replicasPerShard: 0 });
    template.hasResourceProperties(RG, { AutomaticFailoverEnabled: false, MultiAZEnabled: false, NumCacheClusters: 1 });
  });

  test('cluster mode without replicas: failover stays on (required), no Multi-AZ', () => {
    const { template } = synth({ replicasPerShard: 0 });
    template.hasResourceProperties(RG, { AutomaticFailoverEnabled: true, MultiAZEnabled: false, ReplicasPerNodeGroup: 0 });
  });

  test('cluster mode disabled with a replica and automaticFailover false: no Multi-AZ either', () => {
    const { template } = synth({ clusterMode: ClusterMode.DISABLED, automaticFailover: false });
    template.hasResourceProperties(RG, { AutomaticFailoverEnabled: false, MultiAZEnabled: false });
  });

  test('preferredAvailabilityZones in cluster mode → NodeGroupConfiguration, round robin per shard', () => {
    const azs = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
    const { template } = synth({ shards: 2, replicasPerShard: 2, preferredAvailabilityZones: azs });
    template.hasResourceProperties(RG, {
      NumNodeGroups: 2,
      ReplicasPerNodeGroup: 2,
      PreferredCacheClusterAZs: Match.absent(),
      NodeGroupConfiguration: [
        { NodeGroupId: '0001', PrimaryAvailabilityZone: 'us-east-1a', ReplicaAvailabilityZones: ['us-east-1b', 'us-east-1c'], ReplicaCount: 2 },
        { NodeGroupId: '0002', PrimaryAvailabilityZone: 'us-east-1b', ReplicaAvailabilityZones: ['us-east-1c', 'us-east-1a'], ReplicaCount: 2 },
      ],
    });
  });

  test('preferredAvailabilityZones wraps around fewer zones than nodes', () => {
    const { template } = synth({ shards: 3, replicasPerShard: 1, preferredAvailabilityZones: ['us-east-1a', 'us-east-1b'] });
    const config = rgProps(template).NodeGroupConfiguration;
    expect(config.map((g: any) => g.NodeGroupId)).toEqual(['0001', '0002', '0003']);
    expect(config.map((g: any) => g.PrimaryAvailabilityZone)).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1a']);
    expect(config.map((g: any) => g.ReplicaAvailabilityZones)).toEqual([['us-east-1b'], ['us-east-1a'], ['us-east-1b']]);
    expect(config.map((g: any) => g.ReplicaCount)).toEqual([1, 1, 1]);
  });

  test('preferredAvailabilityZones with cluster mode disabled → PreferredCacheClusterAZs, one per node', () => {
    const { template } = synth({ clusterMode: ClusterMode.DISABLED, replicasPerShard: 2, preferredAvailabilityZones: ['us-east-1a', 'us-east-1b'] });
    template.hasResourceProperties(RG, {
      NumCacheClusters: 3,
      PreferredCacheClusterAZs: ['us-east-1a', 'us-east-1b', 'us-east-1a'],
      NodeGroupConfiguration: Match.absent(),
    });
    expect(rgProps(template).PreferredCacheClusterAZs).toHaveLength(3);
  });

  test('without preferredAvailabilityZones, ElastiCache places the nodes', () => {
    const { template } = synth();
    template.hasResourceProperties(RG, { NodeGroupConfiguration: Match.absent(), PreferredCacheClusterAZs: Match.absent() });
  });
});

describe('network', () => {
  test('port → Port and the connections default port', () => {
    const { stack, vpc } = newStack();
    const cache = new ReplicationGroup(stack, 'Cache', { vpc, port: 7000, authentication: CacheAuthentication.none(), transitEncryption: false });
    expect(cache.port).toBe(7000);
    expect(cache.connections.defaultPort?.toString()).toBe('7000');
    const client = new ec2.SecurityGroup(stack, 'Client', { vpc });
    cache.connections.allowDefaultPortFrom(client);
    const template = Template.fromStack(stack);
    template.hasResourceProperties(RG, { Port: 7000 });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp',
      FromPort: 7000,
      ToPort: 7000,
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Client'), 'GroupId'] },
    });
  });

  test('a user-provided security group is used and none is made for the cache', () => {
    const { stack, vpc } = newStack();
    const sg = new ec2.SecurityGroup(stack, 'AppSg', { vpc, description: 'mine' });
    const cache = new ReplicationGroup(stack, 'Cache', { vpc, securityGroups: [sg] });
    const template = Template.fromStack(stack);
    template.hasResourceProperties(RG, { SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^AppSg'), 'GroupId'] }] });
    expect(Object.keys(template.findResources('AWS::EC2::SecurityGroup', {
      Properties: { GroupDescription: Match.stringLikeRegexp('^ElastiCache') },
    }))).toEqual([]);
    expect(Object.keys(template.findResources('AWS::EC2::SecurityGroup')).filter((id) => id.startsWith('CacheNetwork'))).toEqual([]);
    expect(cache.connections.securityGroups).toEqual([sg]);
  });

  test('several user-provided security groups are all attached', () => {
    const { stack, vpc } = newStack();
    const a = new ec2.SecurityGroup(stack, 'SgA', { vpc });
    const b = ec2.SecurityGroup.fromSecurityGroupId(stack, 'SgB', 'sg-0123456789abcdef0');
    new ReplicationGroup(stack, 'Cache', { vpc, securityGroups: [a, b], authentication: CacheAuthentication.authToken({ rotation: false }) });
    Template.fromStack(stack).hasResourceProperties(RG, {
      SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^SgA'), 'GroupId'] }, 'sg-0123456789abcdef0'],
    });
  });

  test('vpcSubnets selects the subnet group\'s subnets', () => {
    const { template } = synth({ vpcSubnets: { subnetGroupName: 'apps' } }, {
      subnetConfiguration: [
        { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
        { name: 'apps', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      ],
    });
    const subnetIds = Object.values(template.findResources('AWS::ElastiCache::SubnetGroup'))[0].Properties.SubnetIds;
    expect(subnetIds).toHaveLength(3);
    for (const id of subnetIds) expect(id.Ref).toMatch(/^Vpcapps/);
  });

  test('by default the isolated subnets, not the others', () => {
    const { template } = synth({}, {
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC },
        { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      ],
    });
    const subnetIds = Object.values(template.findResources('AWS::ElastiCache::SubnetGroup'))[0].Properties.SubnetIds;
    expect(subnetIds).toHaveLength(3);
    for (const id of subnetIds) expect(id.Ref).toMatch(/^Vpcdata/);
  });

  test('a VPC with private subnets with egress and no isolated subnets: the subnet group uses the private ones', () => {
    const { template } = synth({}, {
      natGateways: 1,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      ],
    });
    const subnetIds = Object.values(template.findResources('AWS::ElastiCache::SubnetGroup'))[0].Properties.SubnetIds;
    expect(subnetIds).toHaveLength(3);
    for (const id of subnetIds) expect(id.Ref).toMatch(/^Vpcprivate/);
  });
});

describe('encryption', () => {
  test('transitEncryption false with CacheAuthentication.none(): no AUTH token, no secret, TLS off', () => {
    const { template, cache } = synth({ transitEncryption: false, authentication: CacheAuthentication.none() });
    template.hasResourceProperties(RG, {
      TransitEncryptionEnabled: false,
      AuthToken: Match.absent(),
      UserGroupIds: Match.absent(),
    });
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 0);
    template.resourceCountIs('AWS::Lambda::Function', 0);
    expect(cache.transitEncryption).toBe(false);
    expect(cache.authSecret).toBeUndefined();
  });

  test('atRestEncryption false: no KmsKeyId', () => {
    const { template } = synth({ atRestEncryption: false });
    template.hasResourceProperties(RG, { AtRestEncryptionEnabled: false, KmsKeyId: Match.absent() });
  });

  test('no encryption at rest, no secret and no logs: no key at all', () => {
    const { template, cache } = synth({ atRestEncryption: false, transitEncryption: false, authentication: CacheAuthentication.none() });
    // The only key is the stack's alarm topic's.
    expect(Object.keys(template.findResources('AWS::KMS::Key'))).toEqual([expect.stringMatching(/^CacheAlarmTopicKey/)]);
    expect(cache.encryptionKey).toBeUndefined();
  });

  test('a user-passed encryptionKey is used for KmsKeyId and the AUTH token secret, and no key is made', () => {
    const { stack, vpc } = newStack();
    const encryptionKey = new kms.Key(stack, 'MyKey');
    const cache = new ReplicationGroup(stack, 'Cache', { vpc, encryptionKey });
    const template = Template.fromStack(stack);
    // MyKey, the stack's alarm topic key and the stack's rotation function key: no cache key is made.
    template.resourceCountIs('AWS::KMS::Key', 3);
    expect(Object.keys(template.findResources('AWS::KMS::Key', { Properties: { Description: Match.stringLikeRegexp('Encrypts ElastiCache') } }))).toEqual([]);
    expect(cache.encryptionKey).toBe(encryptionKey);
    const keyArn = { 'Fn::GetAtt': [Match.stringLikeRegexp('^MyKey'), 'Arn'] };
    template.hasResourceProperties(RG, { AtRestEncryptionEnabled: true, KmsKeyId: keyArn });
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      KmsKeyId: keyArn,
      GenerateSecretString: Match.objectLike({ GenerateStringKey: 'token' }),
    });
    expect(cache.encryptionKey).toBe(encryptionKey);
  });
});

describe('operations', () => {
  test('snapshotRetention, backupWindow and maintenanceWindow', () => {
    const { template } = synth({
      snapshotRetention: Duration.days(7),
      backupWindow: '03:00-04:00',
      maintenanceWindow: 'sun:05:00-sun:06:00',
    });
    template.hasResourceProperties(RG, {
      SnapshotRetentionLimit: 7,
      SnapshotWindow: '03:00-04:00',
      PreferredMaintenanceWindow: 'sun:05:00-sun:06:00',
    });
  });

  test('snapshotRetention 0 turns snapshots off; windows left to ElastiCache by default', () => {
    const { template } = synth({ snapshotRetention: Duration.days(0) });
    template.hasResourceProperties(RG, { SnapshotRetentionLimit: 0, SnapshotWindow: Match.absent(), PreferredMaintenanceWindow: Match.absent() });
  });

  test('removalPolicy DESTROY → DeletionPolicy Delete', () => {
    const { template } = synth({ removalPolicy: RemovalPolicy.DESTROY });
    template.hasResource(RG, { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
  });

  test('removalPolicy RETAIN → DeletionPolicy Retain', () => {
    const { template } = synth({ removalPolicy: RemovalPolicy.RETAIN });
    template.hasResource(RG, { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('autoMinorVersionUpgrade false', () => {
    const { template } = synth({ autoMinorVersionUpgrade: false });
    template.hasResourceProperties(RG, { AutoMinorVersionUpgrade: false });
  });

  test('dataTiering with cache.r6gd.xlarge → DataTieringEnabled true', () => {
    const { template } = synth({ nodeType: 'cache.r6gd.xlarge', dataTiering: true });
    template.hasResourceProperties(RG, { CacheNodeType: 'cache.r6gd.xlarge', DataTieringEnabled: true });
  });

  test('an r6gd node type turns data tiering on without asking (r6gd always tiers)', () => {
    const { template } = synth({ nodeType: 'cache.r6gd.xlarge' });
    template.hasResourceProperties(RG, { CacheNodeType: 'cache.r6gd.xlarge', DataTieringEnabled: true });
  });

  test('no data tiering by default on other node types', () => {
    const { template } = synth();
    expect(rgProps(template).DataTieringEnabled).toBeUndefined();
  });

  test('notificationTopic → NotificationTopicArn', () => {
    const { stack, vpc } = newStack();
    const topic = new sns.Topic(stack, 'Events');
    new ReplicationGroup(stack, 'Cache', { vpc, notificationTopic: topic });
    Template.fromStack(stack).hasResourceProperties(RG, { NotificationTopicArn: { Ref: Match.stringLikeRegexp('^Events') } });
  });

  test('no notificationTopic, no NotificationTopicArn', () => {
    const { template } = synth();
    template.hasResourceProperties(RG, { NotificationTopicArn: Match.absent() });
  });
});

describe('log delivery', () => {
  // Rotation off, so the only log group and the only CloudWatch Logs key grant come from log delivery.
  const base = { authentication: CacheAuthentication.authToken({ rotation: false }) };
  const logsPrincipal = { Service: 'logs.us-east-1.amazonaws.com' };

  test('an encrypted log group with the retention; slow log and engine log delivered to it as JSON', () => {
    const { template, cache } = synth({ ...base, logDelivery: { retention: logs.RetentionDays.ONE_MONTH } });
    template.resourceCountIs('AWS::Logs::LogGroup', 1);
    const keyArn = { 'Fn::GetAtt': [Match.stringLikeRegexp('^CacheKey'), 'Arn'] };
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30, KmsKeyId: keyArn });
    const logGroup = logicalId(template, 'AWS::Logs::LogGroup');
    const destination = { CloudWatchLogsDetails: { LogGroup: { Ref: logGroup } } };
    template.hasResourceProperties(RG, {
      LogDeliveryConfigurations: [
        { LogType: 'slow-log', LogFormat: 'json', DestinationType: 'cloudwatch-logs', DestinationDetails: destination },
        { LogType: 'engine-log', LogFormat: 'json', DestinationType: 'cloudwatch-logs', DestinationDetails: destination },
      ],
    });
    expect(cache.logGroup).toBeDefined();
  });

  test('retention defaults to one year', () => {
    const { template } = synth({ ...base, logDelivery: {} });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
  });

  test('engineLog false: only the slow log', () => {
    const { template } = synth({ ...base, logDelivery: { engineLog: false } });
    const configs = rgProps(template).LogDeliveryConfigurations;
    expect(configs).toHaveLength(1);
    expect(configs[0].LogType).toBe('slow-log');
  });

  test('slowLog false: only the engine log', () => {
    const { template } = synth({ ...base, logDelivery: { slowLog: false } });
    expect(rgProps(template).LogDeliveryConfigurations.map((c: any) => c.LogType)).toEqual(['engine-log']);
  });

  test('the key policy lets CloudWatch Logs in the region use the key', () => {
    const { template } = synth({ ...base, logDelivery: {} });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Effect: 'Allow',
          Principal: logsPrincipal,
          Action: Match.arrayWith(['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*']),
        })]),
      },
    });
  });

  test('without log delivery: no log group, no LogDeliveryConfigurations, no CloudWatch Logs key grant', () => {
    const { template } = synth(base);
    template.resourceCountIs('AWS::Logs::LogGroup', 0);
    template.hasResourceProperties(RG, { LogDeliveryConfigurations: Match.absent() });
    const key = Object.values(template.findResources('AWS::KMS::Key'))[0];
    expect(JSON.stringify(key.Properties.KeyPolicy)).not.toContain('logs.us-east-1.amazonaws.com');
  });

  test('a log delivery key of its own encrypts the log group and gets the CloudWatch Logs grant', () => {
    const { stack, vpc } = newStack();
    const logKey = new kms.Key(stack, 'LogKey');
    new ReplicationGroup(stack, 'Cache', { vpc, ...base, logDelivery: { encryptionKey: logKey } });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LogKey'), 'Arn'] } });
    const keys = template.findResources('AWS::KMS::Key');
    const logKeyId = Object.keys(keys).find((id) => id.startsWith('LogKey'))!;
    const cacheKeyId = Object.keys(keys).find((id) => id.startsWith('CacheKey'))!;
    expect(JSON.stringify(keys[logKeyId].Properties.KeyPolicy)).toContain('logs.us-east-1.amazonaws.com');
    expect(JSON.stringify(keys[cacheKeyId].Properties.KeyPolicy)).not.toContain('logs.us-east-1.amazonaws.com');
  });
});

describe('full configuration', () => {
  test('snapshot', () => {
    const { stack, vpc } = newStack();
    const topic = new sns.Topic(stack, 'Events');
    new ReplicationGroup(stack, 'Cache', {
      vpc,
      replicationGroupId: 'orders',
      description: 'Orders cache',
      engine: CacheEngine.REDIS_7_1,
      nodeType: 'cache.r6gd.xlarge',
      dataTiering: true,
      shards: 2,
      replicasPerShard: 2,
      preferredAvailabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
      port: 7000,
      parameters: { 'maxmemory-policy': 'allkeys-lru' },
      snapshotRetention: Duration.days(7),
      backupWindow: '03:00-04:00',
      maintenanceWindow: 'sun:05:00-sun:06:00',
      removalPolicy: RemovalPolicy.DESTROY,
      autoMinorVersionUpgrade: false,
      logDelivery: { retention: logs.RetentionDays.ONE_MONTH },
      notificationTopic: topic,
      monitoring: { alarmEmails: ['ops@example.com'], dashboard: true, alarms: { cpu: { threshold: 80 }, cacheHitRate: { enabled: true } } },
      authentication: CacheAuthentication.authToken({ rotationInterval: Duration.days(7) }),
    });
    expect(templateJson(stack)).toMatchSnapshot();
  });
});
