import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { VALIDATE_AGAINST_DEFAULT_RULES } from 'aws-cdk-lib/cx-api';

/** An app whose synthesis fails on any CloudFormation Validate finding, and a stack with a VPC. */
export function newStack(vpcProps: ec2.VpcProps = {}): { app: App; stack: Stack; vpc: ec2.Vpc } {
  const app = new App({ context: { [VALIDATE_AGAINST_DEFAULT_RULES]: true } });
  const stack = new Stack(app, 'Test', { env: { account: '123456789012', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 3,
    natGateways: 0,
    subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    ...vpcProps,
  });
  return { app, stack, vpc };
}

/** The stack's template, with asset hashes masked so snapshots survive handler edits. */
export function templateJson(stack: Stack): unknown {
  const json = JSON.stringify(Template.fromStack(stack).toJSON());
  return JSON.parse(json.replace(/[0-9a-f]{64}(\.zip)?/g, (_, zip) => `ASSET_HASH${zip ?? ''}`));
}
