import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CacheAlarmScope, CacheAlarmTopic, ReplicationGroup, ReplicationGroupProps } from '../src';

// CloudFormation's 500 resources per template (cloudformation-limits.html), measured by counts.
// Synthesized without asset bundling and without CloudFormation Validate: only counts matter here.
function stackWith(count: number, props: (stack: Stack) => Partial<ReplicationGroupProps> = () => ({})): { app: App; stack: Stack } {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Test', { env: { account: '123456789012', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0, subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const shared = props(stack);
  for (let i = 0; i < count; i++) new ReplicationGroup(stack, `C${i}`, { vpc, ...shared });
  return { app, stack };
}
const resources = (count: number, props?: (stack: Stack) => Partial<ReplicationGroupProps>) => {
  const { app, stack } = stackWith(count, props);
  return Object.keys(app.synth().getStackByName(stack.stackName).template.Resources).length;
};

describe('many caches in one stack', () => {
  test('past the limit, synth fails naming every cache, its resources and the ways out', () => {
    const { app } = stackWith(14);
    expect(() => app.synth()).toThrow(/The stack has 5\d\d resources, over CloudFormation's 500 per template\. Its 14 caches make: Test\/C0 \(39\), .*Test\/C13 \(39\)\. Ways out: .*alarmTopic.*CacheAlarmScope\.FLEET.*another stack/s);
  });

  test('with one alarm topic and fleet alarms, each extra cache costs the alarms nothing', () => {
    const fleet = (stack: Stack) => ({ monitoring: { alarmScope: CacheAlarmScope.FLEET, alarmTopic: new CacheAlarmTopic(stack, 'Alarms').topic } });
    const one = resources(1, fleet);
    const perCache = resources(3, fleet) - resources(2, fleet);
    expect(one - perCache).toBeGreaterThan(10); // the alarms and the topic, made once
    expect(perCache).toBeLessThanOrEqual(18);
  });
});
