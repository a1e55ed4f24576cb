import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CacheEngine, ReplicationGroup } from '../src';

// Deploys a Valkey cluster with defaults (in a VPC with egress, so the token rotation reaches
// the AWS APIs) and checks what ElastiCache reports about it.
const app = new App();
const stack = new Stack(app, 'ElastiCacheReplicationGroupInteg');
const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1, restrictDefaultSecurityGroup: true });
const cache = new ReplicationGroup(stack, 'Cache', {
  vpc,
  engine: CacheEngine.VALKEY_8_2,
  removalPolicy: RemovalPolicy.DESTROY,
});

const integ = new IntegTest(app, 'ReplicationGroupTest', { testCases: [stack] });
integ.assertions
  .awsApiCall('ElastiCache', 'describeReplicationGroups', { ReplicationGroupId: cache.replicationGroupId })
  .expect(ExpectedResult.objectLike({
    ReplicationGroups: [{
      Status: 'available',
      ClusterEnabled: true,
      MultiAZ: 'enabled',
      AutomaticFailover: 'enabled',
      TransitEncryptionEnabled: true,
      AtRestEncryptionEnabled: true,
      AuthTokenEnabled: true,
    }],
  }))
  .waitForAssertions({ totalTimeout: Duration.minutes(30), interval: Duration.minutes(1) });
