import { Duration, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as fc from 'fast-check';
import {
  CacheAuthentication, CacheAuthMode, CacheClientTarget, CacheConnectionEnv, CacheNetworkType, ServerlessCache, ServerlessCacheEngine,
  ServerlessCacheProps, ServerlessConnectionType,
} from '../../src';
import { newStack } from '../helpers';

const SC = 'AWS::ElastiCache::ServerlessCache';
type Props = Omit<ServerlessCacheProps, 'vpc'>;

function cache(props: Props = {}) {
  const { stack, vpc } = newStack();
  const made = new ServerlessCache(stack, 'Cache', { vpc, ...props });
  const template = Template.fromStack(stack);
  return { stack, vpc, cache: made, template, resource: Object.values(template.findResources(SC))[0] };
}

function fn(stack: Stack, vpc: ec2.IVpc, id = 'Fn'): lambda.Function {
  return new lambda.Function(stack, id, {
    vpc, runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => {}'),
  });
}

describe('usage limits', () => {
  test('rendered in whole GB and ECPU/s, Unit GB', () => {
    const { resource } = cache({ usageLimits: { dataStorageMin: Size.gibibytes(2), dataStorageMax: Size.gibibytes(10), ecpuPerSecondMax: 5000 } });
    expect(resource.Properties.CacheUsageLimits).toEqual({
      DataStorage: { Minimum: 2, Maximum: 10, Unit: 'GB' },
      ECPUPerSecond: { Maximum: 5000 },
    });
  });

  test('property: any valid pair of limits renders as given, any inverted pair fails naming the minimum', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 5000 }), (a, b) => {
      const build = () => cache({ usageLimits: { dataStorageMin: Size.gibibytes(a), dataStorageMax: Size.gibibytes(b) } });
      if (a > b) {
        expect(build).toThrow(new RegExp(`usageLimits.dataStorageMin: ${a} is invalid: the minimum is at most the maximum \\(dataStorageMax: ${b} GB\\)`));
      } else {
        expect(build().resource.Properties.CacheUsageLimits.DataStorage).toEqual({ Minimum: a, Maximum: b, Unit: 'GB' });
      }
    }), { numRuns: 15 });
  });
});

describe('engines', () => {
  test('Redis OSS 7 gets a REDIS user group with a no-password default user', () => {
    const { template, resource } = cache({ engine: ServerlessCacheEngine.REDIS_7 });
    expect(resource.Properties).toEqual(expect.objectContaining({ Engine: 'redis', MajorEngineVersion: '7' }));
    template.hasResourceProperties('AWS::ElastiCache::UserGroup', { Engine: 'redis' });
    template.hasResourceProperties('AWS::ElastiCache::User', { UserName: 'default', Engine: 'redis', AuthenticationMode: { Type: 'no-password-required' } });
  });

  test('Memcached: no users, no reader endpoint, no MajorEngineVersion; one TLS endpoint in the contract', () => {
    const { stack, cache: c, template, resource } = cache({ engine: ServerlessCacheEngine.memcached() });
    expect(resource.Properties.Engine).toBe('memcached');
    expect(resource.Properties.MajorEngineVersion).toBeUndefined();
    expect(resource.Properties.UserGroupId).toBeUndefined();
    template.resourceCountIs('AWS::ElastiCache::User', 0);
    expect(c.readerEndpoint).toBeUndefined();
    const values = stack.resolve(c.connectionValues());
    expect(values).toEqual(expect.objectContaining({
      CACHE_ENGINE: 'memcached', CACHE_CLUSTER_MODE: 'false', CACHE_TLS: 'true', CACHE_AUTH: 'none', CACHE_SERVERLESS: 'true',
    }));
    expect(values.CACHE_READER_ENDPOINT).toBeUndefined();
    expect(() => c.metricCacheHitRate()).toThrow(/metricCacheHitRate: 'memcached 1.6' .*publishes no CacheHitRate/);
  });
});

describe('network', () => {
  test('networkType and connectionType are emitted when not the default', () => {
    const { stack, vpc } = newStack({ ipProtocol: ec2.IpProtocol.DUAL_STACK, subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    new ServerlessCache(stack, 'Cache', { vpc, networkType: CacheNetworkType.DUAL_STACK });
    Template.fromStack(stack).hasResourceProperties(SC, { NetworkType: 'dual_stack' });
  });

  test('the documented defaults given explicitly emit nothing (IPV4, VPC)', () => {
    const { resource } = cache({ networkType: CacheNetworkType.IPV4, connectionType: ServerlessConnectionType.VPC });
    expect(resource.Properties.NetworkType).toBeUndefined();
    expect(resource.Properties.ConnectionType).toBeUndefined();
  });
});

describe('create-only properties replace the cache under a new generated name', () => {
  const nameOf = (props: Props) => cache(props).resource.Properties.ServerlessCacheName as string;
  const plain = nameOf({});

  test.each<[string, Props | (() => Props)]>([
    ['restoreFrom', { restoreFrom: ['arn:aws:elasticache:us-east-1:123456789012:serverlesscachesnapshot:nightly'] }],
    ['networkType', { networkType: CacheNetworkType.IPV6 }],
    ['connectionType', () => ({ connectionType: ServerlessConnectionType.PUBLIC })],
  ])('%s', (_name, props) => {
    const given = typeof props === 'function' ? props() : props;
    // Each of these fails on other rules too (public needs IAM users, IPv6 IPv6-only subnets): only the name matters.
    let name: string | undefined;
    try {
      name = nameOf(given);
    } catch (e) {
      name = /ServerlessCache/.test(String(e)) ? undefined : String(e);
    }
    if (name !== undefined) {
      expect(name).not.toBe(plain);
      expect(name.length).toBeLessThanOrEqual(40);
    }
  });

  test('an encryption key and a subnet selection change the name; engine, limits and snapshots do not', () => {
    const { stack, vpc } = newStack();
    const key = new kms.Key(stack, 'MyKey');
    const withKey = new ServerlessCache(stack, 'Cache', { vpc, encryptionKey: key });
    const keyName = stack.resolve((withKey.resource).serverlessCacheName);
    expect(keyName).not.toBe(plain);
    expect(nameOf({ vpcSubnets: { availabilityZones: ['us-east-1a', 'us-east-1b'] } })).not.toBe(plain);
    const unchanged = { engine: ServerlessCacheEngine.VALKEY_8, usageLimits: { ecpuPerSecondMax: 5000 }, snapshotRetention: Duration.days(3) };
    expect(nameOf(unchanged)).toBe(plain);
  });

  test('a given name is kept, lower-cased as ElastiCache stores it', () => {
    expect(nameOf({ cacheName: 'Orders-Cache' })).toBe('orders-cache');
  });
});

describe('removal', () => {
  test.each<[RemovalPolicy, string, boolean]>([
    [RemovalPolicy.DESTROY, 'Delete', false],
    [RemovalPolicy.RETAIN, 'Retain', false],
    [RemovalPolicy.SNAPSHOT, 'Delete', true],
  ])('%s: DeletionPolicy %s, final snapshot %s', (removalPolicy, policy, final) => {
    const { resource } = cache({ removalPolicy });
    expect(resource.DeletionPolicy).toBe(policy);
    expect(resource.Properties.FinalSnapshotName !== undefined).toBe(final);
  });

  test('a named final snapshot; Memcached takes one too', () => {
    expect(cache({ finalSnapshotName: 'orders-last' }).resource.Properties.FinalSnapshotName).toBe('orders-last');
    expect(cache({ engine: ServerlessCacheEngine.MEMCACHED_1_6 }).resource.Properties.FinalSnapshotName).toMatch(/-final$/);
  });
});

describe('connect() and grants', () => {
  test('a function: ingress on the endpoint AND the reader port, the contract, and the password secret', () => {
    const { stack, vpc } = newStack();
    const c = new ServerlessCache(stack, 'Cache', { vpc });
    const f = fn(stack, vpc);
    const env = stack.resolve(c.connect(CacheClientTarget.lambdaFunction(f)));
    expect(env).toEqual(expect.objectContaining({ CACHE_SERVERLESS: 'true', CACHE_AUTH: 'password', CACHE_USER: 'app' }));
    const t = Template.fromStack(stack);
    const logicalId = Object.keys(t.findResources(SC))[0];
    for (const port of [6379, 6380]) t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: port, ToPort: port });
    // The client reads the ports from the endpoints, never from literals.
    expect(env.CACHE_READER_ENDPOINT).toEqual({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId, 'ReaderEndpoint.Address'] }, ':', { 'Fn::GetAtt': [logicalId, 'ReaderEndpoint.Port'] }]] });
    t.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ CACHE_SERVERLESS: 'true' }) } });
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'] })]) },
    });
  });

  test('IAM: connect() grants elasticache:Connect on the cache and the user', () => {
    const { stack, vpc } = newStack();
    const c = new ServerlessCache(stack, 'Cache', { vpc, authentication: CacheAuthentication.iam() });
    expect(c.authMode).toBe(CacheAuthMode.IAM);
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    c.grantConnect(role);
    const statement = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement).find((s) => s.Action === 'elasticache:Connect');
    const arns = JSON.stringify(stack.resolve(statement.Resource));
    expect(arns).toMatch(/:serverlesscache:/);
    expect(arns).toMatch(/:user:/);
    expect(stack.resolve(c.connectionValues())).toEqual(expect.objectContaining({ CACHE_AUTH: 'iam', CACHE_USER: c.iamUserIds[0] }));
  });

  test('grantConnect without IAM users says why', () => {
    expect(() => cache().cache.grantConnect(new iam.AccountRootPrincipal())).toThrow(/no IAM-authenticated user.*elasticache:Connect only applies to IAM/);
  });

  test('exportConnection writes every contract value as an output', () => {
    const { stack, cache: c } = cache();
    const out = c.exportConnection();
    expect(Object.keys(out.outputs).sort()).toEqual(CacheConnectionEnv.ALL.filter((n) => n in stack.resolve(c.connectionValues())).sort());
    expect(out.outputs).toHaveProperty(CacheConnectionEnv.SERVERLESS);
  });
});

describe('import', () => {
  test('fromServerlessCacheAttributes: contract, grants and metrics with clusterId', () => {
    const { stack, vpc } = newStack();
    const sg = new ec2.SecurityGroup(stack, 'Sg', { vpc });
    const imported = ServerlessCache.fromServerlessCacheAttributes(stack, 'Imported', {
      serverlessCacheName: 'orders',
      endpointAddress: 'orders.serverless.use1.cache.amazonaws.com',
      endpointPort: 6379,
      readerEndpointAddress: 'orders.serverless.use1.cache.amazonaws.com',
      readerEndpointPort: 6380,
      securityGroups: [sg],
      authMode: CacheAuthMode.IAM,
      iamUserIds: ['orders-iam'],
    });
    expect(stack.resolve(imported.connectionValues())).toEqual(expect.objectContaining({
      CACHE_ENDPOINT: 'orders.serverless.use1.cache.amazonaws.com:6379',
      CACHE_READER_ENDPOINT: 'orders.serverless.use1.cache.amazonaws.com:6380',
      CACHE_AUTH: 'iam',
      CACHE_USER: 'orders-iam',
      CACHE_ID: 'orders',
      CACHE_SERVERLESS: 'true',
      CACHE_CLUSTER_MODE: 'true',
    }));
    expect(imported.metricThrottledCmds().dimensions).toEqual({ clusterId: 'orders' });
  });
});

describe('metrics: namespace AWS/ElastiCache, dimension clusterId (the cache name), never ServerlessCacheName', () => {
  const { stack, cache: c, resource } = cache();
  const name = resource.Properties.ServerlessCacheName;
  test.each<[string, string]>([
    ['metricElastiCacheProcessingUnits', 'Sum'], ['metricBytesUsedForCache', 'Maximum'], ['metricThrottledCmds', 'Sum'],
    ['metricTotalCmdsCount', 'Sum'], ['metricSuccessfulReadRequestLatency', 'Average'], ['metricSuccessfulWriteRequestLatency', 'Average'],
    ['metricEvictions', 'Sum'], ['metricCurrConnections', 'Maximum'], ['metricNewConnections', 'Sum'], ['metricCurrItems', 'Maximum'],
    ['metricCacheHitRate', 'Average'],
  ])('%s (%s)', (method, statistic) => {
    const metric = (c as any)[method]();
    expect(metric.namespace).toBe('AWS/ElastiCache');
    expect(stack.resolve(metric.dimensions)).toEqual({ clusterId: name });
    expect(metric.statistic).toBe(statistic);
  });
});

describe('recommended alarms', () => {
  const alarmsOf = (props: Props) => {
    const { template, cache: c } = cache(props);
    return { c, alarms: Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties) };
  };

  test('defaults: throttled commands and read latency, to an encrypted topic, missing data not breaching, dimension clusterId', () => {
    const { alarms, c } = alarmsOf({});
    expect(alarms.map((a) => a.MetricName).sort()).toEqual(['SuccessfulReadRequestLatency', 'ThrottledCmds']);
    for (const a of alarms) {
      expect(a.TreatMissingData).toBe('notBreaching');
      expect(a.Dimensions).toEqual([{ Name: 'clusterId', Value: expect.any(String) }]);
      expect(a.AlarmActions).toHaveLength(1);
      expect(a.OKActions).toHaveLength(1);
    }
    expect(alarms.find((a) => a.MetricName === 'ThrottledCmds')).toEqual(expect.objectContaining({
      Threshold: 0, Statistic: 'Sum', Period: 60, EvaluationPeriods: 3, DatapointsToAlarm: 2, ComparisonOperator: 'GreaterThanThreshold',
    }));
    expect(alarms.find((a) => a.MetricName === 'SuccessfulReadRequestLatency')).toEqual(expect.objectContaining({ Threshold: 5000, Statistic: 'Average' }));
    expect(c.monitoring.createdTopic).toBeDefined();
  });

  test('with maximums: storage and ECPU at 75 % of them (User Guide), and evictions', () => {
    const { alarms } = alarmsOf({ usageLimits: { dataStorageMax: Size.gibibytes(10), ecpuPerSecondMax: 20_000 } });
    const by = (m: string) => alarms.find((a) => a.MetricName === m);
    expect(by('BytesUsedForCache')).toEqual(expect.objectContaining({ Threshold: 7.5e9, Statistic: 'Maximum', Period: 300, EvaluationPeriods: 3, DatapointsToAlarm: 2 }));
    expect(by('ElastiCacheProcessingUnits')).toEqual(expect.objectContaining({ Threshold: 0.75 * 20_000 * 60, Statistic: 'Sum', Period: 60, EvaluationPeriods: 5, DatapointsToAlarm: 3 }));
    expect(by('Evictions')).toEqual(expect.objectContaining({ Threshold: 100, Statistic: 'Sum', Period: 300 }));
    expect(by('BytesUsedForCache').AlarmDescription).toMatch(/Threshold source: https:\/\/docs.aws.amazon.com\/AmazonElastiCache\/latest\/dg\/Scaling-serverless.html/);
  });

  test('property: the ECPU alarm is always 75 % of the maximum per minute', () => {
    fc.assert(fc.property(fc.integer({ min: 1000, max: 15_000_000 }), (max) => {
      const { alarms } = alarmsOf({ usageLimits: { ecpuPerSecondMax: max } });
      expect(alarms.find((a) => a.MetricName === 'ElastiCacheProcessingUnits').Threshold).toBeCloseTo(0.75 * max * 60);
    }), { numRuns: 8 });
  });

  test('overrides, opt-ins and off', () => {
    expect(alarmsOf({ monitoring: { alarms: { enabled: false } } }).alarms).toEqual([]);
    expect(alarmsOf({ monitoring: { alarms: { cacheHitRate: { enabled: true }, readLatency: { threshold: 2000 } } } }).alarms
      .map((a) => `${a.MetricName} ${a.Threshold}`).sort()).toEqual(['CacheHitRate 80', 'SuccessfulReadRequestLatency 2000', 'ThrottledCmds 0']);
    expect(alarmsOf({ monitoring: { alarms: { dataStorage: { threshold: 1e9 } } } }).alarms.map((a) => a.MetricName)).toContain('BytesUsedForCache');
  });

  test('bad options are named', () => {
    expect(() => cache({ monitoring: { alarms: { ecpu: { enabled: true } } } })).toThrow(/alarms.ecpu.enabled: true is invalid: there is no usageLimits.ecpuPerSecondMax/);
    expect(() => cache({ engine: ServerlessCacheEngine.MEMCACHED_1_6, monitoring: { alarms: { cacheHitRate: { enabled: true } } } }))
      .toThrow(/alarms.cacheHitRate.enabled: true .*publishes no CacheHitRate/);
    expect(() => cache({ monitoring: { alarms: { throttledCmds: { datapointsToAlarm: 9 } } } })).toThrow(/alarms.throttledCmds.datapointsToAlarm: 9 .*1 to evaluationPeriods \(3\)/);
    expect(() => cache({ monitoring: { alarms: { enabled: false }, alarmEmails: ['ops@example.com'] } })).toThrow(/monitoring.alarmEmails/);
  });
});
