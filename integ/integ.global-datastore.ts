import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CacheEngine, GlobalDatastore, ReplicationGroup } from '../src';

// Deploys a Global Datastore across two Regions (us-east-1 primary, us-west-2 secondary) and checks
// that ElastiCache reports both members. Needs an account with both Regions bootstrapped.
const app = new App();
const account = process.env.CDK_DEFAULT_ACCOUNT;
const primaryStack = new Stack(app, 'ElastiCacheGlobalPrimaryInteg', { env: { account, region: 'us-east-1' } });
const secondaryStack = new Stack(app, 'ElastiCacheGlobalSecondaryInteg', { env: { account, region: 'us-west-2' }, crossRegionReferences: true });
const vpcIn = (stack: Stack) => new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1, restrictDefaultSecurityGroup: true });

const primary = new ReplicationGroup(primaryStack, 'Cache', {
  vpc: vpcIn(primaryStack),
  engine: CacheEngine.VALKEY_8_2,
  nodeType: 'cache.r7g.large',
  removalPolicy: RemovalPolicy.DESTROY,
});
const global = new GlobalDatastore(primaryStack, 'Global', { primary });
global.addSecondary(secondaryStack, 'Cache', { vpc: vpcIn(secondaryStack) });

const assertions = new Stack(app, 'GlobalDatastoreAssertions', { env: { account, region: 'us-east-1' } });
const integ = new IntegTest(app, 'GlobalDatastoreTest', { testCases: [primaryStack, secondaryStack], assertionStack: assertions });
integ.assertions
  .awsApiCall('ElastiCache', 'describeGlobalReplicationGroups', { GlobalReplicationGroupId: global.globalReplicationGroupId, ShowMemberInfo: true })
  .expect(ExpectedResult.objectLike({
    GlobalReplicationGroups: [{
      Status: 'primary-secondary',
      Members: [{ Role: 'PRIMARY', ReplicationGroupRegion: 'us-east-1' }, { Role: 'SECONDARY', ReplicationGroupRegion: 'us-west-2' }],
    }],
  }))
  .waitForAssertions({ totalTimeout: Duration.minutes(45), interval: Duration.minutes(1) });
