import {
  DescribeReplicationGroupsCommand, DescribeUsersCommand, ElastiCacheClient, ModifyReplicationGroupCommand, ModifyUserCommand,
} from '@aws-sdk/client-elasticache';
import { DescribeSecretCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerRotationEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { handler } from '../../src/auth/rotation/cache-secret-rotation.lambda';

// The stack's one rotation function picks the steps by the secret's tags; each step file has its own tests.
const sm = mockClient(SecretsManagerClient);
const ec = mockClient(ElastiCacheClient);
const SECRET_ID = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:cache-secret-AbCdEf';
const event = (Step: SecretsManagerRotationEvent['Step']): SecretsManagerRotationEvent => ({ SecretId: SECRET_ID, ClientRequestToken: 'new', Step });

function givenSecret(tags: Record<string, string>, value: Record<string, string>) {
  sm.on(DescribeSecretCommand).resolves({
    ARN: SECRET_ID,
    RotationEnabled: true,
    VersionIdsToStages: { old: ['AWSCURRENT'], new: ['AWSPENDING'] },
    Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
  });
  sm.on(GetSecretValueCommand).resolves({ VersionId: 'new', SecretString: JSON.stringify(value) });
}

const originalEnv = process.env;
beforeEach(() => {
  sm.reset();
  ec.reset();
  process.env = { ...originalEnv, POLL_INTERVAL_SECONDS: '0' };
  delete process.env.REPLICATION_GROUP_ID;
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(() => {
  process.env = originalEnv;
  jest.restoreAllMocks();
});

test('a secret tagged with its replication group gets the AUTH token steps', async () => {
  givenSecret({ 'cdk-elasticache:replication-group-id': 'orders' }, { token: 'T'.repeat(40) });
  ec.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [{ ReplicationGroupId: 'orders', Status: 'available' }] });
  await handler(event('setSecret'));
  expect(ec).toHaveReceivedCommandWith(ModifyReplicationGroupCommand, { ReplicationGroupId: 'orders', AuthTokenUpdateStrategy: 'ROTATE' });
  expect(ec).not.toHaveReceivedCommand(ModifyUserCommand);
});

test('a secret tagged with its user gets the user password steps, even with REPLICATION_GROUP_ID set', async () => {
  process.env.REPLICATION_GROUP_ID = 'orders';
  givenSecret({ 'cdk-elasticache:user-id': 'orders-app' }, { username: 'app', password: 'P'.repeat(40) });
  sm.on(GetSecretValueCommand, { VersionStage: 'AWSCURRENT' }).resolves({ VersionId: 'old', SecretString: JSON.stringify({ username: 'app', password: 'O'.repeat(40) }) });
  ec.on(DescribeUsersCommand).resolves({ Users: [{ UserId: 'orders-app', Status: 'active', Authentication: { Type: 'password', PasswordCount: 1 } }] });
  await handler(event('setSecret'));
  expect(ec).toHaveReceivedCommandWith(ModifyUserCommand, { UserId: 'orders-app' });
  expect(ec).not.toHaveReceivedCommand(ModifyReplicationGroupCommand);
  // One DescribeSecret per step, as with a single-kind function.
  expect(sm.commandCalls(DescribeSecretCommand)).toHaveLength(1);
});

test('an untagged secret takes the AUTH token steps only when REPLICATION_GROUP_ID names the group', async () => {
  givenSecret({}, { token: 'T'.repeat(40) });
  await expect(handler(event('setSecret'))).rejects.toThrow(
    `Secret ${SECRET_ID} is neither a user password (no cdk-elasticache:user-id tag) nor an AUTH token (no cdk-elasticache:replication-group-id tag`);
  expect(ec.calls()).toHaveLength(0);

  process.env.REPLICATION_GROUP_ID = 'legacy';
  ec.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [{ ReplicationGroupId: 'legacy', Status: 'available' }] });
  await handler(event('setSecret'));
  expect(ec).toHaveReceivedCommandWith(ModifyReplicationGroupCommand, { ReplicationGroupId: 'legacy' });
});

test('a misconfigured function fails before any call', async () => {
  process.env.MAX_WAIT_SECONDS = 'soon';
  givenSecret({ 'cdk-elasticache:user-id': 'orders-app' }, { username: 'app', password: 'P'.repeat(40) });
  await expect(handler(event('setSecret'))).rejects.toThrow(/MAX_WAIT_SECONDS/);
  expect(sm.calls()).toHaveLength(0);
});
