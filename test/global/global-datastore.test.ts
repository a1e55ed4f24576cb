import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { VALIDATE_AGAINST_DEFAULT_RULES } from 'aws-cdk-lib/cx-api';
import { IConstruct } from 'constructs';
import {
  CacheAuthentication, CacheClientTarget, CacheConnectionEnv, CacheEngine, CacheNetworkType, ClusterMode, DurabilityMode, GlobalDatastore,
  ReplicationGroup, SecondaryReplicationGroup,
} from '../../src';

const ACCOUNT = '123456789012';

function vpcIn(stack: Stack, props: ec2.VpcProps = {}): ec2.Vpc {
  return new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }], ...props,
  });
}

/** A primary stack in us-east-1 with a Global Datastore, and a secondary stack per Region given. */
function globalApp(primaryProps: Partial<ConstructorParameters<typeof ReplicationGroup>[2]> = {}, vpcProps: ec2.VpcProps = {}) {
  const app = new App({ context: { [VALIDATE_AGAINST_DEFAULT_RULES]: true } });
  const primaryStack = new Stack(app, 'Primary', { env: { account: ACCOUNT, region: 'us-east-1' } });
  const primary = new ReplicationGroup(primaryStack, 'Cache', { vpc: vpcIn(primaryStack, vpcProps), nodeType: 'cache.r7g.large', ...primaryProps });
  const global = new GlobalDatastore(primaryStack, 'Global', { primary });
  const stackIn = (region: string, id = `Secondary-${region}`, crossRegionReferences = true) =>
    new Stack(app, id, { env: { account: ACCOUNT, region }, crossRegionReferences });
  return { app, primaryStack, primary, global, stackIn };
}

describe('GlobalDatastore', () => {
  test('the global replication group is made with its primary only', () => {
    const { primaryStack } = globalApp();
    Template.fromStack(primaryStack).hasResourceProperties('AWS::ElastiCache::GlobalReplicationGroup', {
      Members: [{ ReplicationGroupId: { Ref: Match.stringLikeRegexp('Cache') }, ReplicationGroupRegion: 'us-east-1', Role: 'PRIMARY' }],
      GlobalReplicationGroupIdSuffix: Match.stringLikeRegexp('^[a-z0-9-]+$'),
    });
  });

  test('a secondary joins by the global id, in its own Region, without the properties the Global Datastore owns', () => {
    const { app, global, stackIn } = globalApp();
    const stack = stackIn('eu-west-1');
    const secondary = global.addSecondary(stack, 'Cache', { vpc: vpcIn(stack), replicasPerShard: 2 });
    app.synth();
    const template = Template.fromStack(stack);
    const [props] = Object.values(template.findResources('AWS::ElastiCache::ReplicationGroup')).map((r) => r.Properties);
    expect(props.GlobalReplicationGroupId).toBeDefined();
    expect(props.ReplicasPerNodeGroup).toBe(2);
    for (const owned of ['Engine', 'EngineVersion', 'CacheNodeType', 'NumNodeGroups', 'CacheParameterGroupName', 'TransitEncryptionEnabled',
      'AtRestEncryptionEnabled', 'AuthToken', 'Port', 'AutomaticFailoverEnabled', 'MultiAZEnabled']) {
      expect(props[owned]).toBeUndefined();
    }
    // The primary uses a customer managed key: the secondary has its own, in its Region.
    expect(props.KmsKeyId['Fn::GetAtt']).toEqual([expect.stringMatching(/^CacheKey/), 'Arn']);
    expect(secondary.memberClusterIds).toHaveLength(3);
    expect(global.secondaries).toEqual([secondary]);
  });

  test('the AUTH token secret is replicated to the secondary Region and connect() names both endpoints', () => {
    const { app, global, primaryStack, stackIn } = globalApp();
    const stack = stackIn('eu-west-1');
    const vpc = vpcIn(stack);
    const secondary = global.addSecondary(stack, 'Cache', { vpc });
    const fn = new lambda.Function(stack, 'Fn', {
      runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => {}'), vpc,
    });
    const env = secondary.connect(CacheClientTarget.lambdaFunction(fn));
    expect(Object.keys(env)).toEqual(expect.arrayContaining([CacheConnectionEnv.PRIMARY_ENDPOINT, CacheConnectionEnv.PRIMARY_REGION]));
    expect(env[CacheConnectionEnv.PRIMARY_REGION]).toBe('us-east-1');
    expect(env[CacheConnectionEnv.AUTH]).toBe('token');
    app.synth();
    Template.fromStack(primaryStack).hasResourceProperties('AWS::SecretsManager::Secret', {
      ReplicaRegions: [{ Region: 'eu-west-1' }],
    });
    const fnEnv = Template.fromStack(stack).findResources('AWS::Lambda::Function');
    const variables = Object.values(fnEnv).map((r) => r.Properties.Environment?.Variables).find((v) => v?.CACHE_PRIMARY_ENDPOINT);
    expect(JSON.stringify(variables.CACHE_AUTH_SECRET_ARN)).toContain('eu-west-1');
  });

  test('up to two secondaries, each in another Region', () => {
    const { global, stackIn } = globalApp();
    const add = (region: string, id?: string) => {
      const stack = stackIn(region, id);
      return global.addSecondary(stack, 'Cache', { vpc: vpcIn(stack) });
    };
    add('eu-west-1');
    expect(() => add('eu-west-1', 'Again')).toThrow(/each secondary is in its own Region/);
    add('ap-southeast-2');
    expect(() => add('us-west-2')).toThrow(/up to two other Regions/);
    expect(() => add('us-east-1', 'Same')).toThrow(/another Region than the primary/);
  });

  test('China Regions pair only with each other', () => {
    const { global, stackIn } = globalApp();
    const stack = stackIn('cn-north-1');
    expect(() => global.addSecondary(stack, 'Cache', { vpc: vpcIn(stack) })).toThrow(/China Regions .* replicate only with each other/);
  });

  test('the secondary stack must enable cross-Region references', () => {
    const { global, stackIn } = globalApp();
    const stack = stackIn('eu-west-1', 'NoRefs', false);
    expect(() => global.addSecondary(stack, 'Cache', { vpc: vpcIn(stack) })).toThrow(/set crossRegionReferences: true/);
  });

  test('a secondary that sets what the Global Datastore owns is a clear error, naming each property', () => {
    const { global, stackIn } = globalApp();
    const stack = stackIn('eu-west-1');
    const props = { vpc: vpcIn(stack), nodeType: 'cache.r7g.xlarge', engine: CacheEngine.VALKEY_8_0, shards: 2, backupWindow: '05:00-06:00' };
    const message = messageOf(() => global.addSecondary(stack, 'Cache', props as never));
    expect(message).toMatch(/nodeType: 'cache.r7g.xlarge' is invalid: a Global Datastore secondary takes this from the primary/);
    expect(message).toMatch(/engine: .* is invalid: a Global Datastore secondary takes this from the primary/);
    expect(message).toMatch(/shards: 2 is invalid/);
    expect(message).toMatch(/backupWindow: '05:00-06:00' is invalid: a secondary replication group has no such property/);
    expect(message).toMatch(/4 problems/);
  });

  test('a secondary inherits automatic failover, so it needs a replica when the primary fails over', () => {
    const { global, stackIn } = globalApp();
    const stack = stackIn('eu-west-1');
    const vpc = vpcIn(stack);
    expect(() => global.addSecondary(stack, 'Cache', { vpc, replicasPerShard: 0 })).toThrow(/inherits automatic failover/);
    expect(() => global.addSecondary(stack, 'Other', { vpc, replicasPerShard: 6 })).toThrow(/0 to 5 read replicas/);
    expect(() => global.addSecondary(stack, 'Third', { vpc, replicasPerShard: 1.5 })).toThrow(/a whole number/);
    expect(global.secondaries).toHaveLength(0);
  });

  test.each([
    [{ nodeType: 'cache.t4g.medium' }, /M5, M6g, M7g, R5, R6g, R6gd, R7g or C7gn families, not t4g/],
    [{ nodeType: 'cache.m4.large' }, /families, not m4/],
    [{ engine: CacheEngine.VALKEY_9_0, durability: DurabilityMode.SYNC }, /durability is not supported with Global Datastores/],
    [{ authentication: CacheAuthentication.iam() }, /AUTH token .* or none/],
  ])('the primary meets the documented rules: %o', (props, message) => {
    expect(() => globalApp(props as never)).toThrow(message);
  });

  test('Global Datastores do not support IPv6', () => {
    expect(() => globalApp({ networkType: CacheNetworkType.DUAL_STACK }, { ipProtocol: ec2.IpProtocol.DUAL_STACK })).toThrow(/do not support IPv6/);
  });

  test('an auto scaled group cannot be a primary, and a primary cannot auto scale', () => {
    const app = new App();
    const stack = new Stack(app, 'P', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const scaled = new ReplicationGroup(stack, 'Scaled', { vpc: vpcIn(stack), nodeType: 'cache.r7g.large', clusterMode: ClusterMode.ENABLED });
    scaled.autoScaleShards({ minCapacity: 1, maxCapacity: 4 });
    expect(() => new GlobalDatastore(stack, 'Global', { primary: scaled })).toThrow(/auto scaling is not supported for a group in a Global Datastore/);

    const primary = new ReplicationGroup(stack, 'Primary', { vpc: vpcOf(scaled), nodeType: 'cache.r7g.large' });
    new GlobalDatastore(stack, 'Global2', { primary });
    expect(() => primary.autoScaleReplicas({ minCapacity: 1, maxCapacity: 3 })).toThrow(/Global Datastore/);
  });

  test('the primary is in the Global Datastore\'s stack and in one Global Datastore only', () => {
    const { app, primary } = globalApp();
    const other = new Stack(app, 'Other', { env: { account: ACCOUNT, region: 'us-east-1' } });
    expect(() => new GlobalDatastore(other, 'Global', { primary })).toThrow(/the primary is in this construct's stack/);
    expect(() => new GlobalDatastore(Stack.of(primary), 'Again', { primary })).toThrow(/already in the Global Datastore/);
  });

  test('any input gives a clear error', () => {
    const app = new App();
    const stack = new Stack(app, 'P', { env: { account: ACCOUNT, region: 'us-east-1' } });
    expect(() => new GlobalDatastore(stack, 'G', undefined as never)).toThrow(/primary: .* is invalid: it is a ReplicationGroup/);
    expect(() => new GlobalDatastore(stack, 'H', { primary: 'rg-1' } as never)).toThrow(/primary: 'rg-1' is invalid/);
    expect(() => new SecondaryReplicationGroup(stack, 'S', { globalDatastore: {} } as never)).toThrow(/globalDatastore: .* is invalid/);
  });
});

function messageOf(action: () => unknown): string {
  try {
    action();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('no error');
}

function vpcOf(group: IConstruct): ec2.IVpc {
  return Stack.of(group).node.findChild('Vpc') as ec2.Vpc;
}

describe('GlobalDatastore, day to day', () => {
  test('the secondary keeps snapshots like its primary, or as long as it says', () => {
    const { app, global, stackIn } = globalApp();
    const a = stackIn('eu-west-1');
    global.addSecondary(a, 'Cache', { vpc: vpcIn(a) });
    const b = stackIn('ap-southeast-2');
    global.addSecondary(b, 'Cache', { vpc: vpcIn(b), snapshotRetention: Duration.days(3) });
    app.synth();
    Template.fromStack(a).hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { SnapshotRetentionLimit: 15 });
    Template.fromStack(b).hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { SnapshotRetentionLimit: 3 });
    const c = stackIn('us-west-2', 'Bad');
    expect(() => global.addSecondary(c, 'Cache', { vpc: vpcIn(c), snapshotRetention: Duration.days(40) })).toThrow(/0 to 35/);
  });

  test('a Region the Global Datastore list does not name is a warning', () => {
    const { global, stackIn } = globalApp();
    const stack = stackIn('ap-south-9');
    global.addSecondary(stack, 'Cache', { vpc: vpcIn(stack) });
    Annotations.fromStack(stack).hasWarning('/Secondary-ap-south-9/Cache', Match.stringLikeRegexp('ap-south-9, which the Global Datastore Regions list'));
  });

  test('the secondary\'s cost is its nodes in its Region, with the primary\'s node type', () => {
    const { global, stackIn, primary } = globalApp();
    const stack = stackIn('eu-west-1');
    const secondary = global.addSecondary(stack, 'Cache', { vpc: vpcIn(stack), replicasPerShard: 2 });
    // The same nodes as a plain group in that Region: one shard, a primary and two replicas.
    const alike = new ReplicationGroup(stack, 'Alike', { vpc: vpcOf(secondary), nodeType: primary.nodeType, replicasPerShard: 2 });
    expect(secondary.estimatedMonthlyCost.region).toBe('eu-west-1');
    expect(secondary.estimatedMonthlyCost.toString()).toBe(alike.estimatedMonthlyCost.toString());
    expect(secondary.estimatedMonthlyCost.lines).toEqual(alike.estimatedMonthlyCost.lines);
  });
});

describe('GlobalDatastore, what ElastiCache does to members', () => {
  test('members are in one account', () => {
    const { app, global } = globalApp();
    const stack = new Stack(app, 'Elsewhere', { env: { account: '210987654321', region: 'eu-west-1' }, crossRegionReferences: true });
    expect(() => global.addSecondary(stack, 'Cache', { vpc: vpcIn(stack) })).toThrow(/doesn't support cross-account deployments/);
  });

  test('the primary\'s minor version upgrades are off, as ElastiCache sets them for members', () => {
    const { primaryStack } = globalApp();
    Template.fromStack(primaryStack).hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { AutoMinorVersionUpgrade: false });
  });
});

describe('GlobalDatastore, replacement', () => {
  test('a generated secondary id follows its create-only settings, so a change replaces it under a free name', () => {
    const { global, stackIn } = globalApp();
    const a = stackIn('eu-west-1');
    const plain = global.addSecondary(a, 'Cache', { vpc: vpcIn(a) });
    const b = stackIn('ap-southeast-2', 'Keyed');
    const keyed = global.addSecondary(b, 'Cache', { vpc: vpcIn(b), encryptionKey: new kms.Key(b, 'Own') });
    const idOf = (s: SecondaryReplicationGroup) => s.resource.replicationGroupId as string;
    expect(idOf(plain)).toMatch(/^[a-z][a-z0-9-]*$/);
    expect(idOf(keyed)).toMatch(/-[0-9a-f]{6}$/);
    expect(idOf(plain)).not.toMatch(/-[0-9a-f]{6}$/);
  });
});
