import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as net from 'node:net';
// The module object itself, whose connect the handler's import reads at call time, so it can be spied on.
import tlsModule from 'node:tls';
import {
  DescribeReplicationGroupsCommand,
  DescribeServerlessCachesCommand,
  DescribeUsersCommand,
  ElastiCacheClient,
  InvalidParameterValueException,
  InvalidUserStateFault,
  ModifyUserCommand,
} from '@aws-sdk/client-elasticache';
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerRotationEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { handler } from '../../src/auth/rotation/user-password-steps';

const sm = mockClient(SecretsManagerClient);
const ec = mockClient(ElastiCacheClient);

const SECRET_ID = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:app-password-AbCdEf';
const USER_ID = 'orders-app';
const OLD_VERSION = 'version-old';
const NEW_VERSION = 'version-new';
const OLD_PASSWORD = 'OldPassword0123456789OldPassword0123456789';
const NEW_PASSWORD = 'NewPassword0123456789NewPassword0123456789';

const event = (Step: SecretsManagerRotationEvent['Step'], ClientRequestToken = NEW_VERSION): SecretsManagerRotationEvent =>
  ({ SecretId: SECRET_ID, ClientRequestToken, Step });

function givenSecret(stages: Record<string, string[]> = { [OLD_VERSION]: ['AWSCURRENT'], [NEW_VERSION]: ['AWSPENDING'] },
  opts: { rotationEnabled?: boolean; tagged?: boolean; cache?: string } = {}) {
  sm.on(DescribeSecretCommand).resolves({
    ARN: SECRET_ID,
    RotationEnabled: opts.rotationEnabled ?? true,
    VersionIdsToStages: stages,
    Tags: (opts.tagged ?? true) ? [{ Key: 'other', Value: 'x' }, { Key: 'cdk-elasticache:user-id', Value: USER_ID },
      ...opts.cache ? [{ Key: 'cdk-elasticache:rotation-cache', Value: opts.cache }] : []] : [],
  });
}

function givenPasswords(current = OLD_PASSWORD, pending = NEW_PASSWORD) {
  sm.on(GetSecretValueCommand, { VersionStage: 'AWSCURRENT' })
    .resolves({ VersionId: OLD_VERSION, SecretString: JSON.stringify({ username: 'app', password: current }) });
  sm.on(GetSecretValueCommand, { VersionId: NEW_VERSION, VersionStage: 'AWSPENDING' })
    .resolves({ VersionId: NEW_VERSION, SecretString: JSON.stringify({ username: 'app', password: pending }) });
}

function givenUser(statuses: string[] = ['active'], accessString = 'on ~* +@all', passwordCount = 1) {
  const user = (Status: string) => ({ Users: [{ UserId: USER_ID, UserName: 'app', Status, AccessString: accessString, Authentication: { Type: 'password' as const, PasswordCount: passwordCount } }] });
  let describe = ec.on(DescribeUsersCommand);
  for (const status of statuses) describe = describe.resolvesOnce(user(status));
  describe.resolves(user(statuses[statuses.length - 1]));
}

const commandNames = (mock: typeof sm | typeof ec) => mock.calls().map((call) => call.args[0].constructor.name);

const originalEnv = process.env;
let logSpy: jest.SpyInstance;
const logged = () => logSpy.mock.calls.map((args) => args.join(' ')).join('\n');

beforeEach(() => {
  sm.reset();
  ec.reset();
  process.env = { ...originalEnv, POLL_INTERVAL_SECONDS: '0' };
  delete process.env.CACHE_ENDPOINT;
  delete process.env.CACHE_TLS;
  delete process.env.MAX_WAIT_SECONDS;
  logSpy = jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

afterEach(() => {
  process.env = originalEnv;
  logSpy.mockRestore();
});

describe('validation', () => {
  test('fails when rotation is not enabled', async () => {
    givenSecret(undefined, { rotationEnabled: false });
    await expect(handler(event('createSecret'))).rejects.toThrow(`Secret ${SECRET_ID} does not have rotation enabled`);
  });

  test('fails when the secret does not name its user', async () => {
    givenSecret(undefined, { tagged: false });
    await expect(handler(event('setSecret'))).rejects.toThrow(`Secret ${SECRET_ID} has no cdk-elasticache:user-id tag naming its ElastiCache user`);
    expect(ec).not.toHaveReceivedAnyCommand();
  });

  test('fails when the version is not one of the secret, or not AWSPENDING', async () => {
    givenSecret({ [OLD_VERSION]: ['AWSCURRENT'], [NEW_VERSION]: ['AWSPREVIOUS'] });
    await expect(handler(event('setSecret', 'unknown'))).rejects.toThrow('Secret version unknown is not a version of secret');
    await expect(handler(event('setSecret'))).rejects.toThrow(/is not AWSPENDING \(stages: AWSPREVIOUS\)/);
    expect(ec).not.toHaveReceivedAnyCommand();
  });

  test.each(['createSecret', 'setSecret', 'testSecret'] as const)('%s does nothing when the version is already AWSCURRENT', async (step) => {
    givenSecret({ [NEW_VERSION]: ['AWSCURRENT'], [OLD_VERSION]: ['AWSPREVIOUS'] });
    await handler(event(step));
    expect(commandNames(sm)).toEqual(['DescribeSecretCommand']);
    expect(ec).not.toHaveReceivedAnyCommand();
  });

  test('fails on an unknown step and on a bad CACHE_TLS', async () => {
    givenSecret();
    await expect(handler(event('rotateSecret' as SecretsManagerRotationEvent['Step']))).rejects.toThrow('Unknown rotation step: rotateSecret');
    process.env.CACHE_TLS = 'yes';
    await expect(handler(event('setSecret'))).rejects.toThrow(/CACHE_TLS must be 'true' or 'false'/);
  });
});

describe('createSecret', () => {
  test('stores a new 64-character alphanumeric password as AWSPENDING, keeping the user name and other keys', async () => {
    givenSecret();
    sm.on(GetSecretValueCommand, { VersionStage: 'AWSPENDING' }).rejects(new ResourceNotFoundException({ message: 'not found', $metadata: {} }));
    sm.on(GetSecretValueCommand, { VersionStage: 'AWSCURRENT' })
      .resolves({ SecretString: JSON.stringify({ username: 'app', password: OLD_PASSWORD, engine: 'valkey' }) });
    await handler(event('createSecret'));
    expect(sm).toHaveReceivedCommandWith(PutSecretValueCommand, { SecretId: SECRET_ID, ClientRequestToken: NEW_VERSION, VersionStages: ['AWSPENDING'] });
    const stored = JSON.parse(sm.commandCalls(PutSecretValueCommand)[0].args[0].input.SecretString!);
    expect(stored.password).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(stored).toEqual({ username: 'app', password: stored.password, engine: 'valkey' });
    expect(logged()).not.toContain(stored.password);
    expect(ec).not.toHaveReceivedAnyCommand();
  });

  test('keeps a pending version that already exists', async () => {
    givenSecret();
    givenPasswords();
    await handler(event('createSecret'));
    expect(sm).not.toHaveReceivedCommand(PutSecretValueCommand);
  });

  test('fails, without echoing it, on a current value with no user name', async () => {
    givenSecret();
    sm.on(GetSecretValueCommand, { VersionStage: 'AWSPENDING' }).rejects(new ResourceNotFoundException({ message: 'not found', $metadata: {} }));
    sm.on(GetSecretValueCommand, { VersionStage: 'AWSCURRENT' }).resolves({ SecretString: JSON.stringify({ password: OLD_PASSWORD }) });
    const error = await handler(event('createSecret')).catch((e: Error) => e);
    expect(error).toEqual(new Error(`Secret ${SECRET_ID} version AWSCURRENT has no "username" string`));
    expect(sm).not.toHaveReceivedCommand(PutSecretValueCommand);
  });
});

describe('setSecret', () => {
  test('once the user is active, gives it the current and the new password', async () => {
    givenSecret();
    givenPasswords();
    givenUser(['modifying', 'active']);
    await handler(event('setSecret'));
    expect(commandNames(ec)).toEqual(['DescribeUsersCommand', 'DescribeUsersCommand', 'ModifyUserCommand']);
    expect(ec).toHaveReceivedCommandWith(ModifyUserCommand, {
      UserId: USER_ID, AuthenticationMode: { Type: 'password', Passwords: [OLD_PASSWORD, NEW_PASSWORD] },
    });
    expect(logged()).not.toContain(NEW_PASSWORD);
    expect(logged()).not.toContain(OLD_PASSWORD);
  });

  test('retries while ElastiCache says the user is busy; other errors are not retried', async () => {
    givenSecret();
    givenPasswords();
    givenUser();
    ec.on(ModifyUserCommand).rejectsOnce(new InvalidUserStateFault({ message: 'busy', $metadata: {} })).resolves({});
    await handler(event('setSecret'));
    expect(ec).toHaveReceivedCommandTimes(ModifyUserCommand, 2);

    ec.on(ModifyUserCommand).rejects(new InvalidParameterValueException({ message: 'bad parameter', $metadata: {} }));
    await expect(handler(event('setSecret'))).rejects.toThrow('bad parameter');
    expect(ec).toHaveReceivedCommandTimes(ModifyUserCommand, 3);
  });

  test('times out when the user never becomes active, without modifying it', async () => {
    process.env.MAX_WAIT_SECONDS = '0.05';
    process.env.POLL_INTERVAL_SECONDS = '0.01';
    givenSecret();
    givenPasswords();
    givenUser(['modifying']);
    await expect(handler(event('setSecret'))).rejects.toThrow(`Timed out after 0.05s waiting for user ${USER_ID} to be active (status: modifying)`);
    expect(ec).not.toHaveReceivedCommand(ModifyUserCommand);
  });
});

describe('finishSecret', () => {
  test('moves AWSCURRENT to the new version, then leaves the user only the new password', async () => {
    givenSecret();
    givenPasswords();
    givenUser();
    const order: string[] = [];
    sm.on(UpdateSecretVersionStageCommand).callsFake(() => { order.push('stage'); return {}; });
    ec.on(ModifyUserCommand).callsFake(() => { order.push('modify'); return {}; });
    await handler(event('finishSecret'));
    expect(order).toEqual(['stage', 'modify']);
    expect(sm).toHaveReceivedCommandWith(UpdateSecretVersionStageCommand, {
      SecretId: SECRET_ID, VersionStage: 'AWSCURRENT', MoveToVersionId: NEW_VERSION, RemoveFromVersionId: OLD_VERSION,
    });
    expect(ec).toHaveReceivedCommandWith(ModifyUserCommand, { UserId: USER_ID, AuthenticationMode: { Type: 'password', Passwords: [NEW_PASSWORD] } });
  });

  test('run again after the stage moved but the drop failed: drops the old password', async () => {
    givenSecret({ [NEW_VERSION]: ['AWSCURRENT'], [OLD_VERSION]: ['AWSPREVIOUS'] });
    sm.on(GetSecretValueCommand, { VersionId: NEW_VERSION, VersionStage: 'AWSCURRENT' })
      .resolves({ SecretString: JSON.stringify({ username: 'app', password: NEW_PASSWORD }) });
    givenUser(['active'], 'on ~* +@all', 2);
    await handler(event('finishSecret'));
    expect(ec).toHaveReceivedCommandWith(ModifyUserCommand, { UserId: USER_ID, AuthenticationMode: { Type: 'password', Passwords: [NEW_PASSWORD] } });
    expect(sm).not.toHaveReceivedCommand(UpdateSecretVersionStageCommand);
  });

  test('run again when the user already has one password: nothing to do', async () => {
    givenSecret({ [NEW_VERSION]: ['AWSCURRENT'], [OLD_VERSION]: ['AWSPREVIOUS'] });
    givenUser(['active'], 'on ~* +@all', 1);
    await handler(event('finishSecret'));
    expect(ec).not.toHaveReceivedCommand(ModifyUserCommand);
  });

  test('leaves the stages alone when the pending version cannot be read', async () => {
    givenSecret();
    sm.on(GetSecretValueCommand, { VersionId: NEW_VERSION }).resolves({ SecretString: '{"username":"app"}' });
    await expect(handler(event('finishSecret'))).rejects.toThrow(`version ${NEW_VERSION} has no "password" string`);
    expect(sm).not.toHaveReceivedCommand(UpdateSecretVersionStageCommand);
    expect(ec).not.toHaveReceivedAnyCommand();
  });
});

// A real redis-server whose ACL user `app` plays the ElastiCache user: ModifyUser sets its passwords.
describe('against a real redis-server with an ACL user', () => {
  let redis: ChildProcess;
  let port: number;
  const run = (...args: string[]) => execFileSync('redis-cli', ['-p', String(port), '--no-auth-warning', ...args], { encoding: 'utf8', stdio: 'pipe' }).trim();
  // The default user is switched off, as on ElastiCache: an admin changes the ACL, app signs in or not at all.
  const cli = (...args: string[]) => run('--user', 'admin', '--pass', 'admin-password', ...args);
  const authenticates = (password: string) => run('--user', 'app', '--pass', password, 'PING') === 'PONG';

  beforeAll(async () => {
    port = await freePort();
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
      '--user', 'default', 'off', '--user', 'admin', 'on', '>admin-password', '~*', '+@all',
      '--user', 'app', 'on', `>${OLD_PASSWORD}`, '~*', '+@all'], { stdio: 'ignore' });
    await waitForPort(port);
  });
  afterAll(() => { redis?.kill(); });

  beforeEach(() => {
    cli('ACL', 'SETUSER', 'app', 'on', 'resetpass', `>${OLD_PASSWORD}`, '~*', '+@all');
    process.env.CACHE_ENDPOINT = `127.0.0.1:${port}`;
    process.env.CACHE_TLS = 'false';
    givenSecret();
    givenPasswords();
    givenUser();
    // ModifyUser does what ElastiCache does: the user's passwords become exactly these.
    ec.on(ModifyUserCommand).callsFake((input) => {
      cli('ACL', 'SETUSER', 'app', 'resetpass', ...input.AuthenticationMode.Passwords.map((p: string) => `>${p}`));
      return {};
    });
  });

  test('all four steps: both passwords work while clients switch, then only the new one', async () => {
    await handler(event('setSecret'));
    expect(authenticates(OLD_PASSWORD)).toBe(true);
    expect(authenticates(NEW_PASSWORD)).toBe(true);
    await handler(event('testSecret'));
    await handler(event('finishSecret'));
    expect(authenticates(NEW_PASSWORD)).toBe(true);
    expect(authenticates(OLD_PASSWORD)).toBe(false);
  });

  test('a new password the cache rejects fails testSecret, and the old one keeps working', async () => {
    // setSecret never reached the cache: the user still only knows the old password.
    const error = await handler(event('testSecret')).catch((e: Error) => e);
    expect((error as Error).message).toBe(`AUTH with the new password was rejected by 127.0.0.1:${port}: WRONGPASS`);
    expect((error as Error).message).not.toContain(NEW_PASSWORD);
    expect(logged()).not.toContain(NEW_PASSWORD);
    expect(authenticates(OLD_PASSWORD)).toBe(true);
    expect(sm).not.toHaveReceivedCommand(UpdateSecretVersionStageCommand);
    expect(ec).not.toHaveReceivedCommand(ModifyUserCommand);
  });

  test('sends AUTH with the user name and the new password', async () => {
    await handler(event('setSecret'));
    cli('ACL', 'SETUSER', 'app', 'resetpass', `>${NEW_PASSWORD}`);
    await expect(handler(event('testSecret'))).resolves.toBeUndefined();
    expect(logged()).toContain(`the new password authenticates user ${USER_ID}`);
  });

  test('skips the AUTH of a switched-off user (it refuses every password)', async () => {
    ec.reset();
    givenUser(['active'], 'off -@all');
    await expect(handler(event('testSecret'))).resolves.toBeUndefined();
    expect(logged()).toContain(`user ${USER_ID} is switched off, skipping the AUTH check`);
  });

  test('without CACHE_ENDPOINT: skips the AUTH, but still waits for the user to be active', async () => {
    delete process.env.CACHE_ENDPOINT;
    ec.reset();
    givenUser(['modifying', 'active']);
    await expect(handler(event('testSecret'))).resolves.toBeUndefined();
    expect(logged()).toContain('CACHE_ENDPOINT is not set and no cdk-elasticache:rotation-cache cache reports an endpoint, skipping the AUTH check');
    expect(commandNames(ec)).toEqual(['DescribeUsersCommand', 'DescribeUsersCommand']);
  });

  test('without CACHE_ENDPOINT: AUTHs on the replication group the secret\'s tag names, as it reports itself', async () => {
    delete process.env.CACHE_ENDPOINT;
    delete process.env.CACHE_TLS;
    givenSecret(undefined, { cache: 'replication-group:orders' });
    ec.on(DescribeReplicationGroupsCommand, { ReplicationGroupId: 'orders' }).resolves({
      ReplicationGroups: [{
        ReplicationGroupId: 'orders', TransitEncryptionEnabled: false, NodeGroups: [{ PrimaryEndpoint: { Address: '127.0.0.1', Port: port } }],
      }],
    });
    cli('ACL', 'SETUSER', 'app', 'resetpass', `>${NEW_PASSWORD}`);
    await expect(handler(event('testSecret'))).resolves.toBeUndefined();
    expect(logged()).toContain(`the new password authenticates user ${USER_ID} on 127.0.0.1:${port}`);
  });

  test('without CACHE_ENDPOINT: a serverless cache is reached over TLS at its reported endpoint', async () => {
    delete process.env.CACHE_ENDPOINT;
    givenSecret(undefined, { cache: 'serverless-cache:stock' });
    ec.on(DescribeServerlessCachesCommand, { ServerlessCacheName: 'stock' })
      .resolves({ ServerlessCaches: [{ ServerlessCacheName: 'stock', Endpoint: { Address: '127.0.0.1', Port: port } }] });
    const connect = jest.spyOn(tlsModule, 'connect').mockImplementation(() => { throw new Error('spoke TLS'); });
    try {
      await expect(handler(event('testSecret'))).rejects.toThrow('spoke TLS');
      expect(connect).toHaveBeenCalledWith(expect.objectContaining({ host: '127.0.0.1', port }));
    } finally {
      connect.mockRestore();
    }
  });

  test('fails on a cache tag it cannot read', async () => {
    delete process.env.CACHE_ENDPOINT;
    givenSecret(undefined, { cache: 'cluster:x' });
    await expect(handler(event('testSecret'))).rejects.toThrow(
      'cdk-elasticache:rotation-cache must be replication-group:<id> or serverless-cache:<name>, got cluster:x');
  });
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => { socket.destroy(); resolve(true); });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`redis-server did not listen on port ${port} within ${timeoutMs}ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
