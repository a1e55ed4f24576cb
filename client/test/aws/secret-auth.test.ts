import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createClient } from 'redis';
import { retryOnAuthFailure, secretCredentialsProvider } from '../../src/aws';
import { CacheCredentialsError } from '../../src/aws/errors';
import { CacheOptionError } from '../../src/errors';
import { RedisServer, startRedis } from '../servers';

const sm = mockClient(SecretsManagerClient);
const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:cache-auth-AbCdEf';

beforeEach(() => {
  sm.reset();
});

function secret(value: unknown) {
  sm.on(GetSecretValueCommand).resolves({ ARN, SecretString: typeof value === 'string' ? value : JSON.stringify(value) });
}

test('an AUTH token secret ({"token"}): the password of the default user', async () => {
  secret({ token: 'auth-token-0123456789' });
  const provider = secretCredentialsProvider({ secretArn: ARN });
  expect(await provider()).toEqual({ username: undefined, password: 'auth-token-0123456789' });
  expect(sm).toHaveReceivedCommandWith(GetSecretValueCommand, { SecretId: ARN, VersionStage: 'AWSCURRENT' });
});

test('an RBAC user secret ({"username","password"})', async () => {
  secret({ username: 'app', password: 'app-password', engine: 'redis' });
  expect(await secretCredentialsProvider({ secretArn: ARN })()).toEqual({ username: 'app', password: 'app-password' });
});

test("the 'username' option fills in for a secret without one", async () => {
  secret({ password: 'pw' });
  expect(await secretCredentialsProvider({ secretArn: ARN, username: 'reader' })()).toEqual({ username: 'reader', password: 'pw' });
});

test('the secret is read once: later and concurrent callers share it', async () => {
  secret({ token: 't' });
  const provider = secretCredentialsProvider({ secretArn: ARN });
  const results = await Promise.all([provider(), provider(), provider()]);
  await provider();
  expect(new Set(results.map((r) => r.password))).toEqual(new Set(['t']));
  expect(sm).toHaveReceivedCommandTimes(GetSecretValueCommand, 1);
});

test('invalidate() after a rotation: the next call reads AWSCURRENT again', async () => {
  sm.on(GetSecretValueCommand)
    .resolvesOnce({ SecretString: JSON.stringify({ token: 'old' }) })
    .resolves({ SecretString: JSON.stringify({ token: 'new' }) });
  const provider = secretCredentialsProvider({ secretArn: ARN });
  expect((await provider()).password).toBe('old');
  expect((await provider()).password).toBe('old');
  provider.invalidate();
  expect((await provider()).password).toBe('new');
  expect(sm).toHaveReceivedCommandTimes(GetSecretValueCommand, 2);
});

test('uses the given client, else one in the Region of the ARN or of the option', async () => {
  secret({ token: 't' });
  const send = jest.spyOn(SecretsManagerClient.prototype, 'send');
  try {
    const client = new SecretsManagerClient({ region: 'ap-south-1' });
    await secretCredentialsProvider({ secretArn: ARN, client })();
    expect(send.mock.contexts[0]).toBe(client);
    await secretCredentialsProvider({ secretArn: ARN })();
    expect(await (send.mock.contexts[1] as SecretsManagerClient).config.region()).toBe('eu-west-1');
    await secretCredentialsProvider({ secretArn: 'my-secret-name', region: 'us-west-2' })();
    expect(await (send.mock.contexts[2] as SecretsManagerClient).config.region()).toBe('us-west-2');
  } finally {
    send.mockRestore();
  }
});

describe('clear errors that name the secret', () => {
  test.each([
    ['missing keys', { username: 'app' }, /^Secret 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:cache-auth-AbCdEf' has neither "token" nor "password" \(keys: username\)\. Expected JSON with "token"/],
    ['not JSON', 'plain-text-token', /^Secret 'arn:aws:secretsmanager:.*cache-auth-AbCdEf' is not valid JSON \(.*\)\. Expected JSON with "token" \(an AUTH token\) or "username" and "password" \(an RBAC user\)\.$/],
    ['JSON but not an object', '["token"]', /^Secret '.*cache-auth-AbCdEf' is JSON but not an object/],
    ['an empty password', { password: '' }, /^Secret '.*cache-auth-AbCdEf' has a "password" that is not a non-empty string/],
    ['a non-string username', { username: 7, password: 'p' }, /^Secret '.*cache-auth-AbCdEf' has a "username" that is not a non-empty string/],
  ])('%s', async (_name, value, message) => {
    secret(value);
    const err = await secretCredentialsProvider({ secretArn: ARN })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CacheCredentialsError);
    expect((err as Error).message).toMatch(message);
  });

  test('a binary secret', async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretBinary: new Uint8Array([1, 2]) });
    await expect(secretCredentialsProvider({ secretArn: ARN })()).rejects.toThrow(/^Secret '.*cache-auth-AbCdEf' has no SecretString \(a binary secret\?\)/);
  });

  test('Secrets Manager fails: the error names the secret; the failure is not cached', async () => {
    sm.on(GetSecretValueCommand)
      .rejectsOnce(new ResourceNotFoundException({ message: "Secrets Manager can't find the specified secret.", $metadata: {} }))
      .resolves({ SecretString: JSON.stringify({ token: 't' }) });
    const provider = secretCredentialsProvider({ secretArn: ARN });
    await expect(provider()).rejects.toThrow(`Cannot read the cache credentials from secret '${ARN}': Secrets Manager can't find the specified secret.`);
    expect((await provider()).password).toBe('t');
  });

  test('a missing secretArn', () => {
    expect(() => secretCredentialsProvider({ secretArn: '' })).toThrow(CacheOptionError);
    expect(() => secretCredentialsProvider({ secretArn: ' ' })).toThrow(/option 'secretArn'/);
  });
});

describe('with a real redis-server', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedis({ password: 'old-token-0123456789' });
  });
  afterAll(async () => {
    await server?.destroy();
  });

  test('after a rotation, retryOnAuthFailure + invalidate() reconnect with the new AWSCURRENT token', async () => {
    sm.on(GetSecretValueCommand)
      .resolvesOnce({ SecretString: JSON.stringify({ token: 'old-token-0123456789' }) })
      .resolves({ SecretString: JSON.stringify({ token: 'new-token-0123456789' }) });
    const provider = secretCredentialsProvider({ secretArn: ARN });
    const connect = async () => {
      const c = createClient({
        socket: { host: server.host, port: server.port, reconnectStrategy: false },
        credentialsProvider: { type: 'async-credentials-provider', credentials: provider },
      });
      c.on('error', () => undefined);
      try {
        await c.connect();
      } catch (err) {
        c.destroy();
        throw err;
      }
      return c;
    };
    const first = await connect();
    expect(await first.ping()).toBe('PONG');
    first.destroy();
    // The rotation Lambda sets the new token on the cache; the cached old one is now refused.
    await server.command('CONFIG', 'SET', 'requirepass', 'new-token-0123456789');
    const second = await retryOnAuthFailure(provider, connect);
    try {
      expect(await second.ping()).toBe('PONG');
      expect(sm).toHaveReceivedCommandTimes(GetSecretValueCommand, 2);
    } finally {
      second.destroy();
    }
  });
});
