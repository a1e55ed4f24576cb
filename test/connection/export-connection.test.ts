import { Match, Template } from 'aws-cdk-lib/assertions';
import { ReplicationGroup } from '../../src';
import { newStack } from '../helpers';

function setup() {
  const { stack, vpc } = newStack();
  const cache = new ReplicationGroup(stack, 'Cache', { vpc, replicationGroupId: 'orders' });
  return { stack, cache };
}

describe('exportConnection', () => {
  test('by default: stack outputs for each contract value, not exported, no parameters', () => {
    const { stack, cache } = setup();
    const made = cache.exportConnection();
    const template = Template.fromStack(stack);
    const outputs = template.toJSON().Outputs;
    const names = Object.keys(made.outputs).sort();
    expect(names).toEqual(['CACHE_AUTH', 'CACHE_AUTH_SECRET_ARN', 'CACHE_CLUSTER_MODE', 'CACHE_ENDPOINT', 'CACHE_ENGINE', 'CACHE_ID', 'CACHE_REGION', 'CACHE_TLS']);
    expect(Object.keys(outputs)).toHaveLength(names.length);
    expect(Object.values(outputs).every((o: any) => o.Export === undefined)).toBe(true);
    template.resourceCountIs('AWS::SSM::Parameter', 0);
    const secretId = Object.keys(template.findResources('AWS::SecretsManager::Secret'))[0];
    template.hasOutput('*', { Value: { Ref: secretId }, Description: 'CACHE_AUTH_SECRET_ARN of Test/Cache (cdk-elasticache connection contract)' });
  });

  test('exportNamePrefix exports each output', () => {
    const { stack, cache } = setup();
    cache.exportConnection({ exportNamePrefix: 'shop-orders' });
    Template.fromStack(stack).hasOutput('*', { Export: { Name: 'shop-orders-CACHE-ENDPOINT' } });
  });

  test('parameterPrefix: one String parameter per value under the path; cfnOutputs false: no outputs', () => {
    const { stack, cache } = setup();
    const made = cache.exportConnection({ cfnOutputs: false, parameterPrefix: '/shop/orders-cache' });
    const template = Template.fromStack(stack);
    expect(template.toJSON().Outputs).toBeUndefined();
    template.resourceCountIs('AWS::SSM::Parameter', 8);
    template.hasResourceProperties('AWS::SSM::Parameter', { Name: '/shop/orders-cache/CACHE_ENGINE', Type: 'String', Value: 'valkey' });
    template.hasResourceProperties('AWS::SSM::Parameter', {
      Name: '/shop/orders-cache/CACHE_ENDPOINT', Value: { 'Fn::Join': ['', Match.arrayWith([':'])] },
    });
    expect(Object.keys(made.parameters)).toContain('CACHE_AUTH_SECRET_ARN');
  });

  test.each([
    ['shop/cache', /starts with a slash/],
    ['/shop/cache/', /must not end with a slash/],
    ['/shop cache', /only a-z, A-Z, 0-9, _, \., - and \//],
    ['/aws/cache', /cannot begin with "aws" or "ssm"/],
    ['/SSM-things', /cannot begin with "aws" or "ssm"/],
    ['/shop//cache', /empty level/],
    [`/${Array.from({ length: 15 }, (_, i) => `l${i}`).join('/')}`, /at most 15 levels/],
    [`/${'x'.repeat(1000)}`, /at most 1011 characters/],
  ])('parameterPrefix %s is rejected', (prefix, rule) => {
    const { cache } = setup();
    expect(() => cache.exportConnection({ parameterPrefix: prefix })).toThrow(new RegExp(`parameterPrefix: '${prefix.slice(0, 10).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}.*is invalid: .*${rule.source}`));
  });
});
