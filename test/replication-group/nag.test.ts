import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CacheEngine, ReplicationGroup } from '../../src';
import { newStack } from '../helpers';
import { NAG_PACKS, nagFindings } from '../nag';

describe('secure by default: cdk-nag packs report nothing on the construct\'s resources', () => {
  test.each(NAG_PACKS)('%s, defaults', (_name, pack) => {
    const { stack, vpc } = newStack();
    new ReplicationGroup(stack, 'Cache', { vpc });
    expect(nagFindings(pack(), stack, 'Test/Cache')).toEqual([]);
  });

  test.each(NAG_PACKS)('%s, Redis OSS with cluster mode disabled in a VPC with egress', (_name, pack) => {
    const { stack, vpc } = newStack({
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      ],
      natGateways: 1,
    });
    new ReplicationGroup(stack, 'Cache', { vpc, engine: CacheEngine.REDIS_7_1, clusterMode: false, replicasPerShard: 2 });
    expect(nagFindings(pack(), stack, 'Test/Cache')).toEqual([]);
  });
});

describe('the nag check can fail', () => {
  test('an insecure configuration is reported by name', () => {
    const { stack, vpc } = newStack();
    new ReplicationGroup(stack, 'Cache', {
      vpc,
      port: 6379,
      engine: CacheEngine.REDIS_7_1,
      atRestEncryption: false,
      snapshotRetention: Duration.days(0),
    });
    const aws = nagFindings(NAG_PACKS[0][1](), stack, 'Test/Cache').map((f) => f.rule);
    expect(aws).toEqual(expect.arrayContaining(['AwsSolutions-AEC3', 'AwsSolutions-AEC5']));
    const hipaa = nagFindings(NAG_PACKS[1][1](), stack, 'Test/Cache').map((f) => f.rule);
    expect(hipaa).toEqual(expect.arrayContaining(['HIPAA.Security-ElastiCacheRedisClusterAutomaticBackup']));
  });
});
