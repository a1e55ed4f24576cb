import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { CacheAlarmScope, MemcachedCluster, ReplicationGroup, ReplicationGroupProps, ServerlessCache } from '../src';
import { newStack } from './helpers';
import { NAG_PACKS, nagFindings } from './nag';

type MakeCache = (scope: Construct, id: string, vpc: ec2.IVpc) => void;
const CACHES: Array<[string, MakeCache, number]> = [
  // [construct, a default cache, what one more costs in resources, alarms excluded]
  ['ReplicationGroup', (s, id, vpc) => new ReplicationGroup(s, id, { vpc }), 9],
  ['MemcachedCluster', (s, id, vpc) => new MemcachedCluster(s, id, { vpc }), 3],
  ['ServerlessCache', (s, id, vpc) => new ServerlessCache(s, id, { vpc }), 14],
];

/** Resources of the caches (not the test's VPC), without CloudWatch alarms, whose count another change owns. */
function cacheResources(stack: Stack): string[] {
  return Object.entries(Template.fromStack(stack).toJSON().Resources as Record<string, { Type: string }>)
    .filter(([id, r]) => !id.startsWith('Vpc') && r.Type !== 'AWS::CloudWatch::Alarm')
    .map(([, r]) => r.Type);
}

function stackOf(make: MakeCache, caches: number): Stack {
  const { stack, vpc } = newStack();
  for (let i = 0; i < caches; i++) make(stack, `Cache${i}`, vpc);
  return stack;
}

describe('CloudFormation\'s 500 resources: per-stack singletons keep each further default cache small', () => {
  test.each(CACHES)('%s: one more default cache costs at most the measured resources (alarms excluded)', (_name, make, budget) => {
    const two = cacheResources(stackOf(make, 2)).length;
    const three = cacheResources(stackOf(make, 3)).length;
    expect(three - two).toBe(two - cacheResources(stackOf(make, 1)).length);
    expect(three - two).toBeLessThanOrEqual(budget);
  });

  test('two caches in one stack and VPC share one rotation function and one alarm topic', () => {
    const { stack, vpc } = newStack();
    const orders = new ReplicationGroup(stack, 'Orders', { vpc });
    const reports = new ReplicationGroup(stack, 'Reports', { vpc });
    expect(reports.authTokenRotationFunction).toBe(orders.authTokenRotationFunction);
    expect(reports.monitoring!.alarmTopic).toBe(orders.monitoring!.alarmTopic);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 2);
    // The alarm topic and the rotation function's dead letters.
    template.resourceCountIs('AWS::SNS::Topic', 2);
    expect(template.findResources('AWS::Lambda::Function')[Object.keys(template.findResources('AWS::Lambda::Function'))[0]]
      .Properties.ReservedConcurrentExecutions).toBe(2);
  });

  test('caches in two VPCs, or in two stacks, each get their own function', () => {
    const { app, stack, vpc } = newStack();
    const other = new ec2.Vpc(stack, 'Other', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const a = new ReplicationGroup(stack, 'A', { vpc });
    const b = new ReplicationGroup(stack, 'B', { vpc: other });
    expect(b.authTokenRotationFunction).not.toBe(a.authTokenRotationFunction);
    Template.fromStack(stack).resourceCountIs('AWS::Lambda::Function', 2);

    const second = new Stack(app, 'Second', { env: { account: '123456789012', region: 'us-east-1' } });
    const c = new ReplicationGroup(second, 'C', { vpc });
    expect(c.authTokenRotationFunction).not.toBe(a.authTokenRotationFunction);
    expect(Stack.of(c.authTokenRotationFunction!)).toBe(second);
  });

  test('a ReplicationGroup and a ServerlessCache in one stack: one function rotates the AUTH token and the user password, one topic', () => {
    const { stack, vpc } = newStack();
    const orders = new ReplicationGroup(stack, 'Orders', { vpc });
    const stock = new ServerlessCache(stack, 'Stock', { vpc });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Function', 1);
    expect(stock.userPasswordRotationFunction).toBe(orders.authTokenRotationFunction);
    // The token, and the serverless cache's two generated passwords (its default user and the app user).
    template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 3);
    expect(Object.keys(template.findResources('AWS::SNS::Topic')).filter((id) => id.startsWith('CacheAlarmTopic'))).toHaveLength(1);
  });
});

describe('cdk-nag\'s four packs report nothing on the defaults with 1 and with 3 caches in a stack', () => {
  const cases = NAG_PACKS.flatMap(([name, pack]) => [1, 3].map((n) => [name, n, pack] as const));
  test.each(cases)('%s, %i of each cache', (_name, n, pack) => {
    const { stack, vpc } = newStack();
    for (let i = 0; i < n; i++) for (const [kind, make] of CACHES) make(stack, `${kind}${i}`, vpc);
    // The test's own VPC is not ours to judge.
    expect(nagFindings(pack(), stack).filter((f) => !f.path?.startsWith('Test/Vpc/'))).toEqual([]);
  });
});

// Synthesized without asset bundling and without CloudFormation Validate: only counts matter here.
function bareStackWith(count: number, props: Partial<ReplicationGroupProps> = {}): { app: App; stack: Stack } {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Test', { env: { account: '123456789012', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0, subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  for (let i = 0; i < count; i++) new ReplicationGroup(stack, `C${i}`, { vpc, ...props });
  return { app, stack };
}
const resources = (count: number, props?: Partial<ReplicationGroupProps>) => {
  const { app, stack } = bareStackWith(count, props);
  return Object.keys(app.synth().getStackByName(stack.stackName).template.Resources).length;
};

describe('many caches in one stack, alarms included', () => {
  test('past the limit, synth fails naming every cache, its resources and the ways out', () => {
    const { app } = bareStackWith(20, { monitoring: { alarmScope: CacheAlarmScope.NODE } });
    expect(() => app.synth()).toThrow(
      /The stack has 5\d\d resources, over CloudFormation's 500 per template\. Its 20 caches make: Test\/C0 \(\d+\), .*Test\/C19 \(\d+\)\. Ways out: .*alarmTopic.*CacheAlarmScope\.FLEET.*another stack/s);
  });

  test('30 default caches fit in one stack, and each extra one costs at most 15 resources (9 today), alarms included', () => {
    const perCache = resources(3) - resources(2);
    expect(perCache).toBe(resources(2) - resources(1));
    expect(perCache).toBeLessThanOrEqual(15);
    expect(perCache).toBe(9);
    expect(resources(30)).toBeLessThan(500);
  });

  test('per-node alarms (NODE) grow with every node: the reason FLEET is the default', () => {
    const node = { monitoring: { alarmScope: CacheAlarmScope.NODE } };
    expect(resources(3, node) - resources(2, node)).toBe(9 + 18);
  });
});
