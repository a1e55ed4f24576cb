import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { buildExampleApp } from '../../examples/app';
import { summarize } from '../../scripts/summarize-cdk-out';
import { ReplicationGroup } from '../../src';

describe('the example app (the README\'s main job)', () => {
  let outdir: string;
  beforeEach(() => { outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'example-')); });
  afterEach(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test('synthesizes with all four cdk-nag packs and CloudFormation Validate enforced, with no finding', () => {
    const { app, plugins, stack } = buildExampleApp(outdir);
    expect(() => app.synth()).not.toThrow();
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      expect(summarize(outdir, plugins)).toBe(0);
      const printed = log.mock.calls.map((c) => c.join(' ')).join('\n');
      expect(printed).toMatch(/AWS::ElastiCache::ReplicationGroup/);
      expect(printed).toMatch(/AwsSolutions, HIPAA.Security, NIST.800.53.R5, PCI.DSS.321, CloudFormation Validate/);
      expect(printed).toMatch(/no findings/);
      // The README prints this summary: its resource count is the one the example synthesizes.
      const count = /CdkElastiCacheExample: (\d+) resources/.exec(printed)?.[1];
      const readme = fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
      expect(readme).toContain(`CdkElastiCacheExample: ${count} resources`);
      // The estimate per cache and in total: the serverless cache at its maximums from the price
      // table; the two cache.t4g.small caches have no sourced price, and the summary says so.
      const stock = stack.stock.estimatedMonthlyCost;
      expect(stock.status).toBe('complete');
      expect(printed).toContain(`CdkElastiCacheExample/Stock     $${stock.monthlyUsd!.toFixed(2)}`);
      expect(printed).toMatch(/CdkElastiCacheExample\/Cache +unknown: No sourced on-demand price for cache.t4g.small \(valkey\) in us-east-1/);
      expect(printed).toMatch(/CdkElastiCacheExample\/Sessions +unknown: No sourced on-demand price for cache.t4g.small \(memcached\)/);
      expect(printed).toMatch(new RegExp(`total +partial, at least \\$${stock.monthlyUsd!.toFixed(2)} \\(2 of 3 caches not fully priced\\)`));
    } finally {
      log.mockRestore();
    }
  });

  test('the same packs fail the synthesis when something is insecure (the check is live)', () => {
    const { app, stack } = buildExampleApp(outdir);
    const vpc = stack.node.findChild('Vpc') as ec2.Vpc;
    new ReplicationGroup(stack, 'Insecure', { vpc, port: 6379, atRestEncryption: false });
    expect(() => app.synth()).toThrow(/AwsSolutions-AEC3|AwsSolutions-AEC5/);
  });

  test('a Memcached cluster, both caches alarmed to one encrypted topic with an e-mail subscription', () => {
    const { app, stack } = buildExampleApp(outdir);
    const template = Template.fromJSON(app.synth().getStackByName(stack.stackName).template);
    template.hasResourceProperties('AWS::ElastiCache::CacheCluster', { Engine: 'memcached', NumCacheNodes: 2, AZMode: 'cross-az' });
    const topics = template.findResources('AWS::SNS::Topic', { Properties: { KmsMasterKeyId: Match.anyValue() } });
    const alarmTopic = Object.keys(topics).find((id) => id.startsWith('Alarms'))!;
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com', TopicArn: { Ref: alarmTopic } });
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as any[];
    expect(alarms.length).toBeGreaterThan(20);
    expect(alarms.every((a) => JSON.stringify(a.Properties.AlarmActions) === JSON.stringify([{ Ref: alarmTopic }]))).toBe(true);
    // Alarms that follow the Valkey nodes and the Memcached nodes (Metrics Insights over each cache's tag).
    const queries = alarms.map((a) => a.Properties.Metrics?.[0]?.Expression ?? '');
    expect(queries.some((q) => q.startsWith('SELECT MAX(SwapUsage)'))).toBe(true);
    expect(queries.some((q) => q.startsWith('SELECT MAX(ReplicationLag)'))).toBe(true);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    // The Valkey cache's budget notifies the shared topic.
    template.hasResourceProperties('AWS::Budgets::Budget', {
      Budget: { BudgetType: 'COST', BudgetLimit: { Amount: 100, Unit: 'USD' } },
      NotificationsWithSubscribers: Match.arrayWith([Match.objectLike({ Subscribers: [{ SubscriptionType: 'SNS', Address: { Ref: alarmTopic } }] })]),
    });
  });

  test('the app function is connected to both caches with prefixed contract variables', () => {
    const { app, stack } = buildExampleApp(outdir);
    const template = Template.fromJSON(app.synth().getStackByName(stack.stackName).template);
    const fns = template.findResources('AWS::Lambda::Function', { Properties: { Runtime: 'nodejs24.x', Handler: 'index.handler' } });
    const api = Object.entries(fns).find(([id]) => id.startsWith('Api'))![1] as any;
    const names = Object.keys(api.Properties.Environment.Variables);
    expect(names).toEqual(expect.arrayContaining(['CATALOG_CACHE_ENDPOINT', 'CATALOG_CACHE_AUTH_SECRET_ARN', 'SESSIONS_CACHE_ENDPOINT', 'SESSIONS_CACHE_ENGINE']));
    expect(api.Properties.VpcConfig).toBeDefined();
    template.hasResourceProperties('AWS::SSM::Parameter', { Name: '/cdk-elasticache-example/catalog/CACHE_ENDPOINT' });
  });

  test('a Valkey cluster with two shards and a replica each, and endpoints for the rotation', () => {
    const { app, stack } = buildExampleApp(outdir);
    const template = Template.fromJSON(app.synth().getStackByName(stack.stackName).template);
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      Engine: 'valkey', NumNodeGroups: 2, ReplicasPerNodeGroup: 1, MultiAZEnabled: true,
    });
    template.resourcePropertiesCountIs('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Interface' }, 2);
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', { ServiceName: Match.stringLikeRegexp('secretsmanager') });
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('rotation-needs-endpoints'))).toEqual([]);
  });

  test('a serverless Valkey cache with usage limits, alarmed to the shared topic, reached by the function on both ports', () => {
    const { app, stack } = buildExampleApp(outdir);
    const template = Template.fromJSON(app.synth().getStackByName(stack.stackName).template);
    template.hasResourceProperties('AWS::ElastiCache::ServerlessCache', {
      Engine: 'valkey',
      CacheUsageLimits: { DataStorage: { Maximum: 5, Unit: 'GB' }, ECPUPerSecond: { Maximum: 5000 } },
      KmsKeyId: Match.anyValue(),
      UserGroupId: Match.anyValue(),
    });
    const topics = template.findResources('AWS::SNS::Topic', { Properties: { KmsMasterKeyId: Match.anyValue() } });
    const alarmTopic = Object.keys(topics).find((id) => id.startsWith('Alarms'))!;
    const serverlessAlarms = (Object.values(template.findResources('AWS::CloudWatch::Alarm')) as any[])
      .filter((a) => (a.Properties.Dimensions ?? []).some((d: any) => d.Name === 'clusterId'));
    expect(serverlessAlarms.map((a) => a.Properties.MetricName)).toEqual(expect.arrayContaining(['ElastiCacheProcessingUnits', 'BytesUsedForCache']));
    expect(serverlessAlarms.every((a) => JSON.stringify(a.Properties.AlarmActions) === JSON.stringify([{ Ref: alarmTopic }]))).toBe(true);
    for (const port of [6379, 6380]) {
      template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
        FromPort: port,
        ToPort: port,
        GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^StockSecurityGroup'), 'GroupId'] },
        SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiSecurityGroup'), 'GroupId'] },
      });
    }
  });
});
