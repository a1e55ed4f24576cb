import { createClient } from 'redis';
import {
  AwsCredentials,
  createIamAuthToken,
  iamCredentialsProvider,
  retryOnAuthFailure,
  streamingCredentials,
} from '../../src/aws';
import { RedisStore } from '../../src/redis';
import { RedisServer, startRedis, waitFor } from '../servers';

// ElastiCache checks the token against IAM; here a real redis-server plays ElastiCache with an ACL
// user whose password *is* the token minted from fixed test credentials at a fixed time. Same
// input → same token, so AUTH succeeds exactly when the client mints what the server expects.
const CREDENTIALS: AwsCredentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const OTHER: AwsCredentials = { accessKeyId: 'AKIDOTHER', secretAccessKey: 'another-secret-key' };
const NOW = Date.parse('2024-01-15T10:00:00Z');
const TARGET = { cacheName: 'my-group', userId: 'iam-user', region: 'us-east-1' };
const TOKEN = createIamAuthToken({ ...TARGET, credentials: CREDENTIALS, now: NOW });

let server: RedisServer;
const opened: Array<{ destroy(): void }> = [];

beforeAll(async () => {
  server = await startRedis({ users: [{ name: TARGET.userId, password: TOKEN }] });
});

afterEach(() => {
  for (const c of opened.splice(0)) c.destroy();
});

afterAll(async () => {
  await server?.destroy();
});

/** A node-redis client that fails at once instead of reconnecting. */
function client(credentials: () => Promise<{ username?: string; password?: string }>) {
  const c = createClient({
    socket: { host: server.host, port: server.port, reconnectStrategy: false },
    credentialsProvider: { type: 'async-credentials-provider', credentials },
  });
  c.on('error', () => undefined);
  opened.push(c);
  return c;
}

test('the token made from the fixed credentials passes AUTH as the ACL user (node-redis)', async () => {
  const provider = iamCredentialsProvider({ ...TARGET, credentials: CREDENTIALS, clock: () => NOW });
  const c = client(provider);
  await c.connect();
  expect(await c.aclWhoAmI()).toBe(TARGET.userId);
  expect(await c.ping()).toBe('PONG');
});

test('a token made from other credentials is refused: WRONGPASS', async () => {
  const provider = iamCredentialsProvider({ ...TARGET, credentials: OTHER, clock: () => NOW });
  await expect(client(provider).connect()).rejects.toThrow(/^WRONGPASS/);
});

test('RedisStore takes the provider as its credentials option', async () => {
  const credentials = iamCredentialsProvider({ ...TARGET, credentials: CREDENTIALS, clock: () => NOW });
  const store = new RedisStore({ host: server.host, port: server.port, credentials });
  try {
    await store.connect();
    await store.set('iam:k', 'v');
    expect(await store.get('iam:k')).toBe('v');
  } finally {
    await store.close();
  }
});

test('retryOnAuthFailure: a cached token the server refuses is dropped, and the retry mints a new one', async () => {
  // The server stops accepting the cached token (as when ElastiCache finds it expired) and
  // expects one signed a minute later; only invalidate() makes the provider mint before reuse ends.
  const user = { ...TARGET, userId: 'iam-user-3' };
  const clock = { now: NOW };
  const provider = iamCredentialsProvider({ ...user, credentials: CREDENTIALS, clock: () => clock.now });
  const cached = await provider();
  clock.now = NOW + 60_000;
  const fresh = createIamAuthToken({ ...user, credentials: CREDENTIALS, now: clock.now });
  await server.command('ACL', 'SETUSER', user.userId, 'reset', 'on', `>${fresh}`, '~*', '&*', '+@all');
  const passwords: Array<string | undefined> = [];
  const connected = await retryOnAuthFailure(provider, async () => {
    const c = client(async () => {
      const credentials = await provider();
      passwords.push(credentials.password);
      return credentials;
    });
    await c.connect();
    return c;
  });
  expect(passwords).toEqual([cached.password, fresh]);
  expect(await connected.aclWhoAmI()).toBe(user.userId);
});

test('retryOnAuthFailure: a second refusal, or any other error, is thrown', async () => {
  const provider = iamCredentialsProvider({ ...TARGET, credentials: OTHER, clock: () => NOW });
  let attempts = 0;
  await expect(retryOnAuthFailure(provider, async () => { attempts++; await client(provider).connect(); })).rejects.toThrow(/^WRONGPASS/);
  expect(attempts).toBe(2);
  await expect(retryOnAuthFailure(provider, async () => { attempts++; throw new Error('ECONNREFUSED'); })).rejects.toThrow('ECONNREFUSED');
  expect(attempts).toBe(3);
});

test('streamingCredentials: live connections re-AUTH on a timer (what keeps IAM connections past 12 hours)', async () => {
  // The re-AUTH switches to a second ACL user, so ACL WHOAMI proves the AUTH was sent on the live connection.
  const second = { ...TARGET, userId: 'iam-user-2' };
  const secondToken = createIamAuthToken({ ...second, credentials: CREDENTIALS, now: NOW });
  await server.command('ACL', 'SETUSER', second.userId, 'reset', 'on', `>${secondToken}`, '~*', '&*', '+@all');
  const first = iamCredentialsProvider({ ...TARGET, credentials: CREDENTIALS, clock: () => NOW });
  let calls = 0;
  const base = async () => (++calls === 1 ? first() : { username: second.userId, password: secondToken });
  const errors: Error[] = [];
  const streaming = streamingCredentials(base, { every: 100, onError: (e) => errors.push(e) });
  const c = createClient({ socket: { host: server.host, port: server.port, reconnectStrategy: false }, credentialsProvider: streaming });
  c.on('error', () => undefined);
  opened.push(c);
  try {
    await c.connect();
    expect(await c.aclWhoAmI()).toBe(TARGET.userId);
    await waitFor('re-AUTH as the second user', 5_000, async () => await c.aclWhoAmI() === second.userId);
    expect(errors).toEqual([]);
  } finally {
    streaming.close();
  }
});

test('streamingCredentials: a rejected re-AUTH is reported, invalidates the provider and is retried soon', async () => {
  let calls = 0;
  let good = false;
  const invalidate = jest.fn();
  // First call (the connect): the right token; then a wrong one until `good`.
  const base = Object.assign(async () => ({ username: TARGET.userId, password: ++calls === 1 || good ? TOKEN : 'not-the-token' }), { invalidate });
  const errors: Error[] = [];
  const streaming = streamingCredentials(base, { every: 5_000, retryDelay: 50, onError: (e) => errors.push(e) });
  const c = createClient({ socket: { host: server.host, port: server.port, reconnectStrategy: false }, credentialsProvider: streaming });
  c.on('error', () => undefined);
  opened.push(c);
  try {
    await c.connect();
    streaming.onReAuthenticationError(new Error('WRONGPASS (simulated: node-redis reports a rejected AUTH here)'));
    expect(invalidate).toHaveBeenCalledTimes(1);
    // Retried after retryDelay (not `every`): the wrong token is rejected by the server this time.
    await waitFor('a rejected re-AUTH reported by node-redis', 3_000, () => errors.length >= 2);
    expect(errors[1].message).toMatch(/WRONGPASS/);
    expect(invalidate.mock.calls.length).toBeGreaterThanOrEqual(2);
    good = true;
    const before = calls;
    await waitFor('a retry with the good token', 3_000, () => calls > before);
    expect(await c.aclWhoAmI()).toBe(TARGET.userId); // a rejected AUTH leaves the connection as it was
  } finally {
    streaming.close();
  }
});
