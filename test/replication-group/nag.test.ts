import { Duration, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { CacheAuthentication, CacheEngine, CacheUser, CacheUserAuthType, CacheUserGroup, ClusterMode, ReplicationGroup } from '../../src';
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
    new ReplicationGroup(stack, 'Cache', { vpc, engine: CacheEngine.REDIS_7_1, clusterMode: ClusterMode.DISABLED, replicasPerShard: 2 });
    expect(nagFindings(pack(), stack, 'Test/Cache')).toEqual([]);
  });
});

/** Every rule acknowledged under `scope`, with the construct that acknowledges it. */
function acknowledged(scope: IConstruct): string[] {
  // The stack's own CloudFormation-Validate acknowledgements are aws-cdk-lib's, not the construct's.
  return scope.node.findAll().filter((c) => c.node.path.startsWith('Test/Cache')).flatMap((c) => c.node.metadata
    .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((m) => Object.keys(m.data as object).map((id) => `${c.node.path} ${id.replace(/^annotation::/i, '')}`)));
}

describe('RBAC and IAM groups: every generated password is rotated, so no secret-rotation finding', () => {
  const cases: Array<[string, () => CacheAuthentication]> = [
    ['RBAC, a password and an IAM user', () => CacheAuthentication.rbac({ users: [{ userName: 'app' }, { userName: 'worker', authType: CacheUserAuthType.IAM }] })],
    ['IAM', () => CacheAuthentication.iam()],
  ];
  describe.each(cases)('%s', (_label, authentication) => {
    test.each(NAG_PACKS)('%s reports nothing', (_name, pack) => {
      const { stack, vpc } = newStack();
      new ReplicationGroup(stack, 'Cache', { vpc, authentication: authentication() });
      expect(nagFindings(pack(), stack, 'Test/Cache')).toEqual([]);
    });

    test('the only acknowledgements: AEC6 on the replication group (no AUTH token beside a user group) and the ENI wildcard', () => {
      const { stack, vpc } = newStack();
      new ReplicationGroup(stack, 'Cache', { vpc, authentication: authentication() });
      expect(acknowledged(stack).sort()).toEqual([
        'Test/Cache/Resource AwsSolutions-AEC6',
        'Test/CacheSecretRotationDC8EE75D/NetworkInterfacePolicy AwsSolutions-IAM5[Resource::*]',
      ]);
    });
  });

  test.each(NAG_PACKS)('%s, a group brought by two caches reports nothing', (_name, pack) => {
    const { stack, vpc } = newStack();
    const users = new CacheUserGroup(stack, 'Group', { users: [new CacheUser(stack, 'App', { userName: 'app' })] });
    new ReplicationGroup(stack, 'Orders', { vpc, authentication: CacheAuthentication.userGroup(users) });
    new ReplicationGroup(stack, 'Reports', { vpc, authentication: CacheAuthentication.userGroup(users) });
    // The test's own VPC is not ours to judge.
    expect(nagFindings(pack(), stack).filter((f) => !f.path?.startsWith('Test/Vpc/'))).toEqual([]);
  });

  test('the AUTH token default acknowledges no AEC6', () => {
    const { stack, vpc } = newStack();
    new ReplicationGroup(stack, 'Cache', { vpc });
    expect(acknowledged(stack)).toEqual(['Test/CacheSecretRotationDC8EE75D/NetworkInterfacePolicy AwsSolutions-IAM5[Resource::*]']);
  });

  test('an RBAC user whose password is not rotated is reported (AwsSolutions-SMG4)', () => {
    const { stack, vpc } = newStack();
    const app = new CacheUser(stack, 'App', { userName: 'app', rotation: false });
    new ReplicationGroup(stack, 'Cache', { vpc, authentication: CacheAuthentication.userGroup(new CacheUserGroup(stack, 'Group', { users: [app] })) });
    const rules = nagFindings(NAG_PACKS[0][1](), stack).filter((f) => !f.path?.startsWith('Test/Vpc/')).map((f) => `${f.rule} ${f.path}`);
    expect(rules).toEqual(['AwsSolutions-SMG4 Test/App/Password/Resource']);
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
