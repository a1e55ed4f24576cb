import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tls from 'node:tls';
// The module object itself, whose connect the handler's import reads at call time, so it can be spied on.
import tlsModule from 'node:tls';
import {
  DescribeReplicationGroupsCommand,
  ElastiCacheClient,
  InvalidParameterValueException,
  InvalidReplicationGroupStateFault,
  ModifyReplicationGroupCommand,
} from '@aws-sdk/client-elasticache';
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  SecretsManagerServiceException,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerRotationEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { handler } from '../../src/auth/rotation/auth-token-steps';

const sm = mockClient(SecretsManagerClient);
const ec = mockClient(ElastiCacheClient);

const SECRET_ID = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:cache-auth-AbCdEf';
const GROUP_ID = 'my-group';
const OLD_VERSION = 'version-old';
const NEW_VERSION = 'version-new';
const OLD_TOKEN = 'OldToken0123456789OldToken0123456789';
const NEW_TOKEN = 'NewToken0123456789NewToken0123456789';

const event = (Step: SecretsManagerRotationEvent['Step'], ClientRequestToken = NEW_VERSION): SecretsManagerRotationEvent =>
  ({ SecretId: SECRET_ID, ClientRequestToken, Step });

/** A secret with rotation enabled, an AWSCURRENT version and the AWSPENDING one being rotated. */
function givenSecret(stages: Record<string, string[]> = { [OLD_VERSION]: ['AWSCURRENT'], [NEW_VERSION]: ['AWSPENDING'] }, rotationEnabled = true) {
  sm.on(DescribeSecretCommand).resolves({ ARN: SECRET_ID, RotationEnabled: rotationEnabled, VersionIdsToStages: stages });
}

function givenPendingToken(token = NEW_TOKEN) {
  sm.on(GetSecretValueCommand, { VersionId: NEW_VERSION, VersionStage: 'AWSPENDING' })
    .resolves({ VersionId: NEW_VERSION, SecretString: JSON.stringify({ token }) });
}

function givenGroupStatuses(...statuses: string[]) {
  let describe = ec.on(DescribeReplicationGroupsCommand);
  for (const status of statuses) {
    describe = describe.resolvesOnce({ ReplicationGroups: [{ ReplicationGroupId: GROUP_ID, Status: status }] });
  }
  // Once the listed statuses are used up, the group stays in the last one.
  describe.resolves({ ReplicationGroups: [{ ReplicationGroupId: GROUP_ID, Status: statuses[statuses.length - 1] }] });
}

/** The names of the commands a mock received, in order. */
const commandNames = (mock: typeof sm | typeof ec) => mock.calls().map((call) => call.args[0].constructor.name);

const originalEnv = process.env;
let logSpy: jest.SpyInstance;
const logged = () => logSpy.mock.calls.map((args) => args.join(' ')).join('\n');

beforeEach(() => {
  sm.reset();
  ec.reset();
  process.env = { ...originalEnv, REPLICATION_GROUP_ID: GROUP_ID, POLL_INTERVAL_SECONDS: '0' };
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
    givenSecret(undefined, false);
    await expect(handler(event('createSecret'))).rejects.toThrow(`Secret ${SECRET_ID} does not have rotation enabled`);
    expect(sm).not.toHaveReceivedCommand(PutSecretValueCommand);
  });

  test('fails when the request token is not a version of the secret', async () => {
    givenSecret();
    await expect(handler(event('setSecret', 'unknown-version')))
      .rejects.toThrow(`Secret version unknown-version is not a version of secret ${SECRET_ID}`);
    expect(ec).not.toHaveReceivedAnyCommand();
  });

  test('fails when the version is neither AWSCURRENT nor AWSPENDING', async () => {
    givenSecret({ [OLD_VERSION]: ['AWSCURRENT'], [NEW_VERSION]: ['AWSPREVIOUS'] });
    await expect(handler(event('setSecret'))).rejects.toThrow(/is not AWSPENDING \(stages: AWSPREVIOUS\)/);
    expect(ec).not.toHaveReceivedAnyCommand();
  });

  test.each(['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const)(
    '%s returns early when the version is already AWSCURRENT', async (step) => {
      givenSecret({ [NEW_VERSION]: ['AWSCURRENT', 'AWSPENDING'], [OLD_VERSION]: ['AWSPREVIOUS'] });
      await expect(handler(event(step))).resolves.toBeUndefined();
      expect(commandNames(sm)).toEqual(['DescribeSecretCommand']);
      expect(ec).not.toHaveReceivedAnyCommand();
    });

  test('fails on an unknown step', async () => {
    givenSecret();
    await expect(handler(event('rotateSecret' as SecretsManagerRotationEvent['Step']))).rejects.toThrow('Unknown rotation step: rotateSecret');
  });

  test('fails when the secret has no group tag and REPLICATION_GROUP_ID is not set', async () => {
    delete process.env.REPLICATION_GROUP_ID;
    givenSecret();
    await expect(handler(event('setSecret'))).rejects.toThrow(
      `Secret ${SECRET_ID} has no cdk-elasticache:replication-group-id tag naming its replication group, and REPLICATION_GROUP_ID is not set`);
    expect(commandNames(sm)).toEqual(['DescribeSecretCommand']);
    expect(ec).not.toHaveReceivedAnyCommand();
  });

  test('a shared function: the secret\'s tag names the group, before REPLICATION_GROUP_ID', async () => {
    process.env.REPLICATION_GROUP_ID = 'not-this-group';
    sm.on(DescribeSecretCommand).resolves({
      ARN: SECRET_ID,
      RotationEnabled: true,
      VersionIdsToStages: { [OLD_VERSION]: ['AWSCURRENT'], [NEW_VERSION]: ['AWSPENDING'] },
      Tags: [{ Key: 'cdk-elasticache:replication-group-id', Value: GROUP_ID }],
    });
    givenPendingToken();
    givenGroupStatuses('available');
    ec.on(ModifyReplicationGroupCommand).resolves({});
    await handler(event('setSecret'));
    expect(ec).toHaveReceivedCommandWith(ModifyReplicationGroupCommand, { ReplicationGroupId: GROUP_ID, AuthTokenUpdateStrategy: 'ROTATE' });
    expect(ec).toHaveReceivedCommandWith(DescribeReplicationGroupsCommand, { ReplicationGroupId: GROUP_ID });
  });

  test.each([
    ['CACHE_TLS', 'yes', /CACHE_TLS must be 'true' or 'false'/],
    ['MAX_WAIT_SECONDS', 'soon', /MAX_WAIT_SECONDS must be a number of seconds, got soon/],
    ['POLL_INTERVAL_SECONDS', '-1', /POLL_INTERVAL_SECONDS must be a number of seconds, got -1/],
  ])('fails when %s is %s', async (name, value, message) => {
    process.env[name] = value;
    givenSecret();
    await expect(handler(event('setSecret'))).rejects.toThrow(message);
  });
});

describe('createSecret', () => {
  test('keeps a pending version that already exists', async () => {
    givenSecret();
    givenPendingToken();
    await handler(event('createSecret'));
    expect(sm).toHaveReceivedCommandWith(GetSecretValueCommand, { SecretId: SECRET_ID, VersionId: NEW_VERSION, VersionStage: 'AWSPENDING' });
    expect(sm).not.toHaveReceivedCommand(PutSecretValueCommand);
  });

  test('stores a new 64-character alphanumeric token as AWSPENDING and keeps the other keys', async () => {
    givenSecret();
    sm.on(GetSecretValueCommand, { VersionStage: 'AWSPENDING' })
      .rejects(new ResourceNotFoundException({ message: 'not found', $metadata: {} }));
    sm.on(GetSecretValueCommand, { VersionStage: 'AWSCURRENT' })
      .resolves({ VersionId: OLD_VERSION, SecretString: JSON.stringify({ token: OLD_TOKEN, host: 'cache.example.com', port: 6379 }) });

    await handler(event('createSecret'));

    expect(sm).toHaveReceivedCommandTimes(PutSecretValueCommand, 1);
    expect(sm).toHaveReceivedCommandWith(PutSecretValueCommand, {
      SecretId: SECRET_ID,
      ClientRequestToken: NEW_VERSION,
      VersionStages: ['AWSPENDING'],
    });
    const put = sm.commandCalls(PutSecretValueCommand)[0].args[0].input;
    const stored = JSON.parse(put.SecretString!);
    expect(stored.token).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(stored.token).not.toEqual(OLD_TOKEN);
    expect(stored).toEqual({ token: stored.token, host: 'cache.example.com', port: 6379 });
    expect(logged()).not.toContain(stored.token);
    expect(logged()).not.toContain(OLD_TOKEN);
  });

  test('generates a different token each time', async () => {
    givenSecret();
    sm.on(GetSecretValueCommand, { VersionStage: 'AWSPENDING' })
      .rejects(new ResourceNotFoundException({ message: 'not found', $metadata: {} }));
    sm.on(GetSecretValueCommand, { VersionStage: 'AWSCURRENT' }).resolves({ SecretString: JSON.stringify({ token: OLD_TOKEN }) });

    await handler(event('createSecret'));
    await handler(event('createSecret'));

    const tokens = sm.commandCalls(PutSecretValueCommand).map((call) => JSON.parse(call.args[0].input.SecretString!).token);
    expect(tokens).toHaveLength(2);
    expect(tokens[0]).not.toEqual(tokens[1]);
  });

  test('passes on errors other than a missing pending version', async () => {
    givenSecret();
    sm.on(GetSecretValueCommand, { VersionStage: 'AWSPENDING' })
      .rejects(new SecretsManagerServiceException({ name: 'AccessDeniedException', $fault: 'client', message: 'denied', $metadata: {} }));
    await expect(handler(event('createSecret'))).rejects.toThrow('denied');
    expect(sm).not.toHaveReceivedCommand(PutSecretValueCommand);
  });

  test('fails without echoing a current value that is not JSON', async () => {
    givenSecret();
    sm.on(GetSecretValueCommand, { VersionStage: 'AWSPENDING' })
      .rejects(new ResourceNotFoundException({ message: 'not found', $metadata: {} }));
    sm.on(GetSecretValueCommand, { VersionStage: 'AWSCURRENT' }).resolves({ SecretString: `not json ${OLD_TOKEN}` });
    const error = await handler(event('createSecret')).catch((e: Error) => e);
    expect(error).toEqual(new Error(`Secret ${SECRET_ID} version AWSCURRENT is not JSON`));
    expect(sm).not.toHaveReceivedCommand(PutSecretValueCommand);
  });

  test('fails when the current value has no token', async () => {
    givenSecret();
    sm.on(GetSecretValueCommand, { VersionStage: 'AWSPENDING' })
      .rejects(new ResourceNotFoundException({ message: 'not found', $metadata: {} }));
    sm.on(GetSecretValueCommand, { VersionStage: 'AWSCURRENT' }).resolves({ SecretString: JSON.stringify({ password: OLD_TOKEN }) });
    await expect(handler(event('createSecret'))).rejects.toThrow('version AWSCURRENT has no "token" string');
  });
});

describe('setSecret', () => {
  test('applies the pending token with ROTATE only once the group is available', async () => {
    givenSecret();
    givenPendingToken();
    givenGroupStatuses('modifying', 'available');

    await handler(event('setSecret'));

    expect(commandNames(ec)).toEqual(['DescribeReplicationGroupsCommand', 'DescribeReplicationGroupsCommand', 'ModifyReplicationGroupCommand']);
    expect(ec).toHaveReceivedCommandWith(DescribeReplicationGroupsCommand, { ReplicationGroupId: GROUP_ID });
    expect(ec).toHaveReceivedCommandWith(ModifyReplicationGroupCommand, {
      ReplicationGroupId: GROUP_ID,
      AuthToken: NEW_TOKEN,
      AuthTokenUpdateStrategy: 'ROTATE',
      ApplyImmediately: true,
    });
    expect(logged()).toContain(GROUP_ID);
    expect(logged()).not.toContain(NEW_TOKEN);
  });

  test('times out when the group never becomes available', async () => {
    process.env.MAX_WAIT_SECONDS = '0.05';
    process.env.POLL_INTERVAL_SECONDS = '0.01';
    givenSecret();
    givenPendingToken();
    givenGroupStatuses('modifying');

    await expect(handler(event('setSecret')))
      .rejects.toThrow(`Timed out after 0.05s waiting for replication group ${GROUP_ID} to be available (status: modifying)`);
    expect(ec).toHaveReceivedCommand(DescribeReplicationGroupsCommand);
    expect(ec).not.toHaveReceivedCommand(ModifyReplicationGroupCommand);
  });

  test('retries when ElastiCache says the group is in an invalid state', async () => {
    givenSecret();
    givenPendingToken();
    givenGroupStatuses('available');
    ec.on(ModifyReplicationGroupCommand)
      .rejectsOnce(new InvalidReplicationGroupStateFault({ message: 'busy', $metadata: {} }))
      .resolves({});

    await handler(event('setSecret'));

    expect(ec).toHaveReceivedCommandTimes(ModifyReplicationGroupCommand, 2);
    expect(ec).toHaveReceivedCommandTimes(DescribeReplicationGroupsCommand, 2);
    expect(ec).toHaveReceivedNthSpecificCommandWith(2, ModifyReplicationGroupCommand, { AuthToken: NEW_TOKEN, AuthTokenUpdateStrategy: 'ROTATE' });
  });

  test('gives up retrying an invalid state at MAX_WAIT_SECONDS', async () => {
    process.env.MAX_WAIT_SECONDS = '0.05';
    process.env.POLL_INTERVAL_SECONDS = '0.01';
    givenSecret();
    givenPendingToken();
    givenGroupStatuses('available');
    ec.on(ModifyReplicationGroupCommand).rejects(new InvalidReplicationGroupStateFault({ message: 'busy', $metadata: {} }));

    await expect(handler(event('setSecret')))
      .rejects.toThrow(`Replication group ${GROUP_ID} stayed in a state that rejects ROTATE of the AUTH token for 0.05s`);
    expect(ec.commandCalls(ModifyReplicationGroupCommand).length).toBeGreaterThan(1);
  });

  test('does not retry other ElastiCache errors', async () => {
    givenSecret();
    givenPendingToken();
    givenGroupStatuses('available');
    ec.on(ModifyReplicationGroupCommand).rejects(new InvalidParameterValueException({ message: 'bad parameter', $metadata: {} }));

    await expect(handler(event('setSecret'))).rejects.toThrow('bad parameter');
    expect(ec).toHaveReceivedCommandTimes(ModifyReplicationGroupCommand, 1);
  });
});

describe('finishSecret', () => {
  test('moves AWSCURRENT to the new version, then SETs the new token', async () => {
    givenSecret();
    givenPendingToken();
    givenGroupStatuses('modifying', 'available');
    const order: string[] = [];
    sm.on(UpdateSecretVersionStageCommand).callsFake(() => {
      order.push('stage');
      return {};
    });
    ec.on(ModifyReplicationGroupCommand).callsFake(() => {
      order.push('modify');
      return {};
    });

    await handler(event('finishSecret'));

    expect(order).toEqual(['stage', 'modify']);
    expect(sm).toHaveReceivedCommandWith(UpdateSecretVersionStageCommand, {
      SecretId: SECRET_ID,
      VersionStage: 'AWSCURRENT',
      MoveToVersionId: NEW_VERSION,
      RemoveFromVersionId: OLD_VERSION,
    });
    // It waited for the group to be available before SET.
    expect(commandNames(ec)).toEqual(['DescribeReplicationGroupsCommand', 'DescribeReplicationGroupsCommand', 'ModifyReplicationGroupCommand']);
    expect(ec).toHaveReceivedCommandWith(ModifyReplicationGroupCommand, {
      ReplicationGroupId: GROUP_ID,
      AuthToken: NEW_TOKEN,
      AuthTokenUpdateStrategy: 'SET',
      ApplyImmediately: true,
    });
    expect(logged()).not.toContain(NEW_TOKEN);
  });

  test('leaves the stages alone when the pending version cannot be read', async () => {
    givenSecret();
    sm.on(GetSecretValueCommand, { VersionId: NEW_VERSION }).resolves({ SecretString: '{}' });
    await expect(handler(event('finishSecret'))).rejects.toThrow(`version ${NEW_VERSION} has no "token" string`);
    expect(sm).not.toHaveReceivedCommand(UpdateSecretVersionStageCommand);
    expect(ec).not.toHaveReceivedAnyCommand();
  });
});

// testSecret AUTHs against a real redis-server that requires a password.
describe('testSecret', () => {
  const password = randomBytes(24).toString('hex');
  let redis: ChildProcess;
  let redisPort: number;

  beforeAll(async () => {
    redisPort = await freePort();
    redis = spawn('redis-server', [
      '--port', String(redisPort), '--bind', '127.0.0.1', '--requirepass', password, '--save', '', '--appendonly', 'no',
    ], { stdio: 'ignore' });
    await waitForPort(redisPort);
  });

  afterAll(() => {
    redis?.kill();
  });

  beforeEach(() => {
    process.env.CACHE_TLS = 'false';
    process.env.CACHE_ENDPOINT = `127.0.0.1:${redisPort}`;
    givenSecret();
    givenGroupStatuses('modifying', 'available');
  });

  test('succeeds when the cache accepts the pending token, after the group is available', async () => {
    givenPendingToken(password);
    await expect(handler(event('testSecret'))).resolves.toBeUndefined();
    expect(ec).toHaveReceivedCommandTimes(DescribeReplicationGroupsCommand, 2);
    expect(ec).not.toHaveReceivedCommand(ModifyReplicationGroupCommand);
    expect(logged()).not.toContain(password);
  });

  test('fails, without the token in the error, when the cache rejects the pending token', async () => {
    const wrong = 'WrongToken0123456789WrongToken0123456789';
    givenPendingToken(wrong);
    const error = await handler(event('testSecret')).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(`AUTH with the new token was rejected by 127.0.0.1:${redisPort}: WRONGPASS`);
    expect((error as Error).message).not.toContain(wrong);
    expect(logged()).not.toContain(wrong);
  });

  test('fails clearly when nothing listens on the port', async () => {
    const closedPort = await freePort();
    process.env.CACHE_ENDPOINT = `127.0.0.1:${closedPort}`;
    givenPendingToken(password);
    await expect(handler(event('testSecret'))).rejects.toThrow(`AUTH check could not reach 127.0.0.1:${closedPort}: ECONNREFUSED`);
  });

  test('skips the AUTH check when CACHE_ENDPOINT is not set, but still waits for the group', async () => {
    delete process.env.CACHE_ENDPOINT;
    givenPendingToken('not-the-password-0123456789');
    await expect(handler(event('testSecret'))).resolves.toBeUndefined();
    expect(ec).toHaveReceivedCommandTimes(DescribeReplicationGroupsCommand, 2);
  });

  test('without CACHE_ENDPOINT: AUTHs on the endpoint the group reports, with its TLS setting', async () => {
    delete process.env.CACHE_ENDPOINT;
    delete process.env.CACHE_TLS;
    const reported = { Status: 'available', TransitEncryptionEnabled: false, NodeGroups: [{ PrimaryEndpoint: { Address: '127.0.0.1', Port: redisPort } }] };
    ec.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [{ ReplicationGroupId: GROUP_ID, ...reported }] });
    givenPendingToken(password);
    await expect(handler(event('testSecret'))).resolves.toBeUndefined();
    expect(logged()).toContain(`the new token authenticates on 127.0.0.1:${redisPort}`);
  });

  test('without CACHE_ENDPOINT: a cluster-mode group\'s configuration endpoint comes first', async () => {
    delete process.env.CACHE_ENDPOINT;
    const closedPort = await freePort();
    ec.on(DescribeReplicationGroupsCommand).resolves({
      ReplicationGroups: [{
        ReplicationGroupId: GROUP_ID,
        Status: 'available',
        TransitEncryptionEnabled: false,
        ConfigurationEndpoint: { Address: '127.0.0.1', Port: closedPort },
        NodeGroups: [{ PrimaryEndpoint: { Address: '127.0.0.1', Port: redisPort } }],
      }],
    });
    givenPendingToken(password);
    await expect(handler(event('testSecret'))).rejects.toThrow(`AUTH check could not reach 127.0.0.1:${closedPort}`);
  });

  test('fails when the group does not become available', async () => {
    process.env.MAX_WAIT_SECONDS = '0';
    givenGroupStatuses('modifying');
    givenPendingToken(password);
    await expect(handler(event('testSecret'))).rejects.toThrow(/waiting for replication group my-group to be available/);
  });

  test('fails on a CACHE_ENDPOINT that is not host:port', async () => {
    process.env.CACHE_ENDPOINT = 'cache.example.com';
    givenPendingToken(password);
    await expect(handler(event('testSecret'))).rejects.toThrow('CACHE_ENDPOINT must be host:port, got cache.example.com');
  });

  describe('against a scripted server', () => {
    let server: net.Server | undefined;
    afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

    /** A TCP server that runs `onSocket` for each connection; returns its port. */
    async function serve(onSocket: (socket: net.Socket) => void): Promise<number> {
      server = net.createServer(onSocket);
      await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
      return (server.address() as net.AddressInfo).port;
    }

    test('sends AUTH as a RESP array and accepts +OK split across packets', async () => {
      const received: Buffer[] = [];
      const port = await serve((socket) => socket.on('data', (data) => {
        received.push(data);
        socket.write('+O');
        setTimeout(() => socket.write('K\r\n'), 20);
      }));
      process.env.CACHE_ENDPOINT = `127.0.0.1:${port}`;
      givenPendingToken(NEW_TOKEN);

      await expect(handler(event('testSecret'))).resolves.toBeUndefined();
      expect(Buffer.concat(received).toString()).toBe(`*2\r\n$4\r\nAUTH\r\n$${NEW_TOKEN.length}\r\n${NEW_TOKEN}\r\n`);
    });

    test('fails on an unexpected reply', async () => {
      const port = await serve((socket) => socket.on('data', () => socket.write(`+${NEW_TOKEN}\r\n`)));
      process.env.CACHE_ENDPOINT = `127.0.0.1:${port}`;
      givenPendingToken(NEW_TOKEN);
      await expect(handler(event('testSecret'))).rejects.toThrow(new Error(`AUTH with the new token was rejected by 127.0.0.1:${port}: unexpected reply`));
    });

    test('fails when the server closes the connection without a reply', async () => {
      const port = await serve((socket) => socket.on('data', () => socket.end()));
      process.env.CACHE_ENDPOINT = `127.0.0.1:${port}`;
      givenPendingToken(NEW_TOKEN);
      await expect(handler(event('testSecret'))).rejects.toThrow(`AUTH check on 127.0.0.1:${port}: connection closed before a reply`);
    });

    test('times out after 5 seconds when the server never answers, and closes the socket', async () => {
      let closed = false;
      // resume(): read (and drop) the AUTH, so the server sees the client hang up.
      const port = await serve((socket) => socket.on('close', () => { closed = true; }).resume());
      process.env.CACHE_ENDPOINT = `127.0.0.1:${port}`;
      givenPendingToken(NEW_TOKEN);
      const started = Date.now();
      await expect(handler(event('testSecret'))).rejects.toThrow(`AUTH check on 127.0.0.1:${port} timed out after 5s`);
      expect(Date.now() - started).toBeGreaterThanOrEqual(4_900);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(closed).toBe(true);
    }, 15_000);
  });

  describe('over TLS', () => {
    let dir: string;
    let server: tls.Server;
    let port: number;
    const sni: Array<string | false | null> = [];
    const received: string[] = [];

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'auth-rotation-tls-'));
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
        '-addext', 'subjectAltName=DNS:localhost',
        '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
      server = tls.createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (socket) => {
        sni.push(socket.servername);
        socket.on('data', (data) => {
          received.push(data.toString());
          socket.write('+OK\r\n');
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as net.AddressInfo).port;
    });

    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    });

    test('uses TLS by default and rejects a server certificate it does not trust', async () => {
      process.env.CACHE_ENDPOINT = `localhost:${port}`;
      delete process.env.CACHE_TLS;
      givenPendingToken(NEW_TOKEN);
      await expect(handler(event('testSecret'))).rejects.toThrow(`AUTH check could not reach localhost:${port}: DEPTH_ZERO_SELF_SIGNED_CERT`);
      expect(received).toEqual([]);
    });

    test('sends the host name as SNI and AUTHs over TLS', async () => {
      process.env.CACHE_ENDPOINT = `localhost:${port}`;
      process.env.CACHE_TLS = 'true';
      // Trust the throw-away certificate (and only it), keeping the handler's other options, host name checks included.
      const ca = readFileSync(join(dir, 'cert.pem'));
      const realConnect = tlsModule.connect;
      const connect = jest.spyOn(tlsModule, 'connect')
        .mockImplementation(((options: tls.ConnectionOptions) => realConnect({ ...options, ca })) as typeof tlsModule.connect);
      givenPendingToken(NEW_TOKEN);
      let calls: unknown[][];
      try {
        await expect(handler(event('testSecret'))).resolves.toBeUndefined();
      } finally {
        calls = [...connect.mock.calls];
        connect.mockRestore();
      }
      expect(calls).toEqual([[{ host: 'localhost', port, servername: 'localhost' }]]);
      expect(sni[sni.length - 1]).toBe('localhost');
      expect(received).toEqual([`*2\r\n$4\r\nAUTH\r\n$${NEW_TOKEN.length}\r\n${NEW_TOKEN}\r\n`]);
    });
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
      const socket = net.connect({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`redis-server did not listen on port ${port} within ${timeoutMs}ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
