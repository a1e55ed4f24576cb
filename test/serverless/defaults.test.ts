import { Match, Template } from 'aws-cdk-lib/assertions';
import { CacheConnectionEnv, ServerlessCache, ServerlessCacheEngine } from '../../src';
import { newStack, templateJson } from '../helpers';

const SC = 'AWS::ElastiCache::ServerlessCache';

describe('ServerlessCache defaults', () => {
  const { stack, vpc } = newStack();
  const cache = new ServerlessCache(stack, 'Cache', { vpc });
  const template = Template.fromStack(stack);
  const [logicalId, resource] = Object.entries(template.findResources(SC))[0];

  test('Valkey 9, the isolated subnets, own key, 15 days of snapshots, a final snapshot, no limits', () => {
    template.resourceCountIs(SC, 1);
    expect(cache.engine).toBe(ServerlessCacheEngine.LATEST);
    const p = resource.Properties;
    expect(p.Engine).toBe('valkey');
    expect(p.MajorEngineVersion).toBe('9');
    expect(p.SnapshotRetentionLimit).toBe(15);
    expect(p.FinalSnapshotName).toBe(`${p.ServerlessCacheName}-final`);
    expect(p.KmsKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^CacheKey/), 'Arn'] });
    expect(p.SubnetIds).toEqual([0, 1, 2].map(() => ({ Ref: expect.stringMatching(/isolated/) })));
    for (const key of ['CacheUsageLimits', 'NetworkType', 'ConnectionType', 'SnapshotArnsToRestore', 'DailySnapshotTime']) {
      expect(p[key]).toBeUndefined();
    }
  });

  test('a generated, valid, lower-case name of at most 40 characters', () => {
    const name: string = resource.Properties.ServerlessCacheName;
    expect(name).toMatch(/^[a-z][a-z0-9-]{0,39}$/);
    expect(name).not.toMatch(/--|-$/);
  });

  test('deleted with a final snapshot: no CloudFormation Snapshot policy; the key stays for the snapshot', () => {
    expect(resource.DeletionPolicy).toBe('Delete');
    expect(resource.UpdateReplacePolicy).toBe('Delete');
    const key = Object.entries(template.findResources('AWS::KMS::Key')).find(([id]) => id.startsWith('CacheKey'))![1];
    expect(key.DeletionPolicy).toBe('Retain');
  });

  test('its own security group (never the VPC default), with no ingress and no egress', () => {
    const groups = template.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('^ElastiCache Serverless') } });
    const [id, sg] = Object.entries(groups)[0];
    expect(resource.Properties.SecurityGroupIds).toEqual([{ 'Fn::GetAtt': [id, 'GroupId'] }]);
    expect(sg.Properties.SecurityGroupIngress).toBeUndefined();
    expect(sg.Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '255.255.255.255/32' })]);
  });

  test('one generated, rotated password user in a user group; the switched-off default user; no secret in the template', () => {
    const groups = template.findResources('AWS::ElastiCache::UserGroup');
    const [groupId] = Object.keys(groups);
    expect(resource.Properties.UserGroupId).toEqual({ Ref: groupId });
    template.hasResourceProperties('AWS::ElastiCache::User', { UserName: 'app', AccessString: 'on ~* +@all -@dangerous' });
    template.hasResourceProperties('AWS::ElastiCache::User', { UserName: 'default', AccessString: 'off -@all' });
    template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 2);
    expect(cache.authMode).toBe('password');
    expect(cache.authUserName).toBe('app');
    expect(cache.userPasswordRotationFunction).toBeDefined();
    expect(JSON.stringify(template.toJSON())).not.toMatch(/"(Passwords|AuthToken)":\s*\[?"/);
  });

  test('endpoints, name and ARN come from the resource', () => {
    expect(stack.resolve(cache.serverlessCacheName)).toEqual({ Ref: logicalId });
    expect(stack.resolve(cache.endpoint.socketAddress)).toEqual({
      'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId, 'Endpoint.Address'] }, ':', { 'Fn::GetAtt': [logicalId, 'Endpoint.Port'] }]],
    });
    expect(stack.resolve(cache.readerEndpoint!.hostname)).toEqual({ 'Fn::GetAtt': [logicalId, 'ReaderEndpoint.Address'] });
    expect(stack.resolve(cache.serverlessCacheArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':elasticache:us-east-1:123456789012:serverlesscache:', { Ref: logicalId }]],
    });
  });

  test('the connection contract: serverless, cluster mode, TLS, the reader endpoint, the password user', () => {
    const values = stack.resolve(cache.connectionValues());
    expect(values).toEqual(expect.objectContaining({
      [CacheConnectionEnv.ENGINE]: 'valkey',
      [CacheConnectionEnv.CLUSTER_MODE]: 'true',
      [CacheConnectionEnv.TLS]: 'true',
      [CacheConnectionEnv.AUTH]: 'password',
      [CacheConnectionEnv.USER]: 'app',
      [CacheConnectionEnv.ID]: { Ref: logicalId },
      [CacheConnectionEnv.REGION]: 'us-east-1',
      [CacheConnectionEnv.SERVERLESS]: 'true',
    }));
    expect(values[CacheConnectionEnv.READER_ENDPOINT]).toBeDefined();
    expect(values[CacheConnectionEnv.AUTH_SECRET_ARN]).toEqual({ Ref: expect.stringMatching(/UserappPassword/) });
  });

  test('snapshot', () => {
    expect(templateJson(stack)).toMatchSnapshot();
  });
});
