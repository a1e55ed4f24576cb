import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { GlobalDatastore, ReplicationGroup } from '../../src';
import { NAG_PACKS, nagFindings } from '../nag';

function vpcIn(stack: Stack): ec2.Vpc {
  return new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'i', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
}

describe('secure by default: cdk-nag packs report nothing on the Global Datastore and its secondary', () => {
  test.each(NAG_PACKS)('%s', (_name, pack) => {
    const app = new App();
    const primaryStack = new Stack(app, 'Primary', { env: { account: '123456789012', region: 'us-east-1' } });
    const primary = new ReplicationGroup(primaryStack, 'Cache', { vpc: vpcIn(primaryStack), nodeType: 'cache.r7g.large' });
    const global = new GlobalDatastore(primaryStack, 'Global', { primary });
    const stack = new Stack(app, 'Secondary', { env: { account: '123456789012', region: 'eu-west-1' }, crossRegionReferences: true });
    global.addSecondary(stack, 'Cache', { vpc: vpcIn(stack) });
    // The cross-Region reference's reader and writer are aws-cdk-lib's, outside the constructs' paths.
    expect([...nagFindings(pack(), primaryStack, 'Primary/Cache'), ...nagFindings(pack(), primaryStack, 'Primary/Global'),
      ...nagFindings(pack(), stack, 'Secondary/Cache')]).toEqual([]);
  });
});
