import { Template } from 'aws-cdk-lib/assertions';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import { newStack } from './helpers';

// Every construct test builds its stack with newStack(), whose app fails synthesis on any
// CloudFormation Validate finding. This proves that switch is live: a template that breaks
// CloudFormation's schema (ReplicasPerNodeGroup is 0-5) does not synthesize.
test('CloudFormation Validate findings fail synthesis in tests', () => {
  const { stack } = newStack();
  new elasticache.CfnReplicationGroup(stack, 'Bad', { replicationGroupDescription: 'x', replicasPerNodeGroup: 9 });
  expect(() => Template.fromStack(stack)).toThrow(/ReplicasPerNodeGroup|maximum|9/);
});
