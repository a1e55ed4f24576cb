import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CacheAuthentication, ServerlessCache, ServerlessCacheEngine } from '../../src';
import { newStack } from '../helpers';
import { NAG_PACKS, nagFindings } from '../nag';

describe('secure by default: cdk-nag packs report nothing on the construct\'s resources', () => {
  test.each(NAG_PACKS)('%s, defaults', (_name, pack) => {
    const { stack, vpc } = newStack();
    new ServerlessCache(stack, 'Cache', { vpc });
    expect(nagFindings(pack(), stack, 'Test/Cache')).toEqual([]);
  });

  test.each(NAG_PACKS)('%s, IAM authentication in a VPC with egress', (_name, pack) => {
    const { stack, vpc } = newStack({
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      ],
      natGateways: 1,
    });
    new ServerlessCache(stack, 'Cache', { vpc, authentication: CacheAuthentication.iam() });
    expect(nagFindings(pack(), stack, 'Test/Cache')).toEqual([]);
  });

  test.each(NAG_PACKS)('%s, Memcached', (_name, pack) => {
    const { stack, vpc } = newStack();
    new ServerlessCache(stack, 'Cache', { vpc, engine: ServerlessCacheEngine.MEMCACHED_1_6 });
    expect(nagFindings(pack(), stack, 'Test/Cache')).toEqual([]);
  });
});
