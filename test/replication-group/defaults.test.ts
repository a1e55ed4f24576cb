import { Match, Template } from 'aws-cdk-lib/assertions';
import { ReplicationGroup } from '../../src';
import { newStack, templateJson } from '../helpers';

describe('ReplicationGroup defaults', () => {
  const { stack, vpc } = newStack();
  const cache = new ReplicationGroup(stack, 'Cache', { vpc });
  const template = Template.fromStack(stack);

  test('newest Valkey, cluster mode, one shard with a replica, Multi-AZ, TLS, encryption at rest', () => {
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      Engine: 'valkey',
      EngineVersion: '9.1',
      CacheNodeType: 'cache.t4g.micro',
      ClusterMode: 'enabled',
      CacheParameterGroupName: 'default.valkey9.cluster.on',
      NumNodeGroups: 1,
      ReplicasPerNodeGroup: 1,
      AutomaticFailoverEnabled: true,
      MultiAZEnabled: true,
      TransitEncryptionEnabled: true,
      AtRestEncryptionEnabled: true,
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CacheKey'), 'Arn'] },
      Port: 6380,
      SnapshotRetentionLimit: 15,
      AutoMinorVersionUpgrade: true,
    });
  });

  test('final snapshot on deletion and replacement', () => {
    template.hasResource('AWS::ElastiCache::ReplicationGroup', {
      DeletionPolicy: 'Snapshot',
      UpdateReplacePolicy: 'Snapshot',
    });
  });

  test('AUTH token comes from Secrets Manager by dynamic reference, never plain text', () => {
    const rg = Object.values(template.findResources('AWS::ElastiCache::ReplicationGroup'))[0];
    const token = JSON.stringify(rg.Properties.AuthToken);
    expect(token).toMatch(/\{\{resolve:secretsmanager:/);
    expect(token).toMatch(/SecretString:token::\}\}/);
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CacheKey'), 'Arn'] },
      GenerateSecretString: Match.objectLike({ GenerateStringKey: 'token', PasswordLength: 64, ExcludePunctuation: true }),
    });
  });

  test('the token is rotated on a schedule by a function in the VPC', () => {
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      VpcConfig: Match.objectLike({ SubnetIds: Match.anyValue() }),
      ReservedConcurrentExecutions: 1,
    });
  });

  test('subnet group from the isolated subnets, referenced so CloudFormation orders them', () => {
    template.resourceCountIs('AWS::ElastiCache::SubnetGroup', 1);
    const subnetGroup = Object.keys(template.findResources('AWS::ElastiCache::SubnetGroup'))[0];
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      CacheSubnetGroupName: { Ref: subnetGroup },
    });
    template.hasResourceProperties('AWS::ElastiCache::SubnetGroup', {
      SubnetIds: Match.arrayWith([{ Ref: Match.stringLikeRegexp('isolated') }]),
    });
  });

  test('security group has no ingress until connections opens it', () => {
    const groups = template.findResources('AWS::EC2::SecurityGroup', {
      Properties: { GroupDescription: Match.stringLikeRegexp('^ElastiCache') },
    });
    const sg = Object.values(groups)[0];
    expect(sg.Properties.SecurityGroupIngress).toBeUndefined();
    expect(cache.connections.defaultPort?.toString()).toBe('6380');
  });

  test('a generated, valid replication group id and member clusters named after it', () => {
    const rg = Object.values(template.findResources('AWS::ElastiCache::ReplicationGroup'))[0];
    const id: string = rg.Properties.ReplicationGroupId;
    expect(id).toMatch(/^[a-z][a-z0-9-]{0,39}$/);
    expect(id).not.toMatch(/--|-$/);
    expect(cache.memberClusterIds).toEqual([`${id}-0001-001`, `${id}-0001-002`]);
  });

  test('snapshot', () => {
    expect(templateJson(stack)).toMatchSnapshot();
  });
});
