import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { MemcachedCluster, MemcachedEngineVersion } from '../../src';
import { newStack } from '../helpers';
import { NAG_PACKS, nagFindings } from '../nag';

// cdk-nag 3.0.2's ElastiCache rules (node_modules/cdk-nag/lib/rules/elasticache) and a Memcached cluster:
// - AwsSolutions-AEC1 ElastiCacheClusterInVPC: applies; the cluster always has a subnet group.
// - AwsSolutions-AEC5 ElastiCacheClusterNonDefaultPort: applies; an explicit port other than 11211
//   is required, hence the default 11212.
// - AwsSolutions-AEC3 (encryption at rest + in transit), AEC4 (Multi-AZ) and AEC6 (Redis AUTH)
//   only inspect CfnReplicationGroup: Memcached has no encryption at rest, no replicas and no AUTH.
// - HIPAA.Security / NIST.800.53.R5 ElastiCacheRedisClusterAutomaticBackup: a CfnCacheCluster is
//   checked only when its engine is redis; node-based Memcached cannot take snapshots at all.
// - PCI.DSS.321 has no ElastiCache rule; its EC2 security-group rules see a group with no ingress.
describe('secure by default: cdk-nag packs report nothing on the construct\'s resources', () => {
  test.each(NAG_PACKS)('%s, defaults', (_name, pack) => {
    const { stack, vpc } = newStack();
    new MemcachedCluster(stack, 'Cache', { vpc });
    expect(nagFindings(pack(), stack, 'Test/Cache')).toEqual([]);
  });

  test.each(NAG_PACKS)('%s, one node in a VPC with egress, older TLS-capable version, custom parameters', (_name, pack) => {
    const { stack, vpc } = newStack({
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      ],
      natGateways: 1,
    });
    new MemcachedCluster(stack, 'Cache', {
      vpc, nodes: 1, engineVersion: MemcachedEngineVersion.V1_6_12, parameters: { max_item_size: '2097152' },
    });
    expect(nagFindings(pack(), stack, 'Test/Cache')).toEqual([]);
  });
});

describe('the nag check can fail', () => {
  test('the well-known port 11211 is reported as AwsSolutions-AEC5', () => {
    const { stack, vpc } = newStack();
    new MemcachedCluster(stack, 'Cache', { vpc, port: 11211 });
    const rules = nagFindings(NAG_PACKS[0][1](), stack, 'Test/Cache').map((f) => f.rule);
    expect(rules).toEqual(['AwsSolutions-AEC5']);
  });
});
