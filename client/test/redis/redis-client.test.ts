import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { CacheOptionError, CacheStoreError, CacheTimeoutError, openRedisClient, redisFromEnvironment, RedisStore } from '../../src';
import type { RedisClient } from '../../src';
import { freePort, makeTlsFiles, RedisClusterServers, RedisServer, sleep, startCluster, startRedis, TlsFiles } from '../servers';

// A connected node-redis client for what is not caching (issue 12): from the connection contract
// (redisFromEnvironment) or from a RedisStore (store.client()), with TLS, AUTH and deadlines.
let plain: RedisServer;
let tlsServer: RedisServer;
let cluster: RedisClusterServers;
let files: TlsFiles;
const token = 'k'.repeat(64);
const secrets = mockClient(SecretsManagerClient);
const opened: RedisClient[] = [];
const track = (client: RedisClient) => {
  opened.push(client);
  return client;
};

beforeAll(async () => {
  files = await makeTlsFiles();
  [plain, tlsServer, cluster] = await Promise.all([
    startRedis(), startRedis({ tls: files, password: token }), startCluster({ shards: 3, replicasPerShard: 0 }),
  ]);
  secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ token }) });
}, 60_000);
afterAll(async () => {
  await Promise.all(opened.map((c) => c.close().catch(() => undefined)));
  await Promise.all([plain?.destroy(), tlsServer?.destroy(), cluster?.stop()]);
  secrets.restore();
});

const env = (endpoint: string, extra: Record<string, string> = {}) => ({
  CACHE_ENGINE: 'valkey', CACHE_ENDPOINT: endpoint, CACHE_CLUSTER_MODE: 'false', CACHE_TLS: 'false', CACHE_AUTH: 'none', ...extra,
});

test('from the contract: a standalone client for sorted sets and counters', async () => {
  const client = track(await redisFromEnvironment(env(`127.0.0.1:${plain.port}`)));
  await client.zAdd('leaderboard', [{ score: 10, value: 'ada' }, { score: 30, value: 'grace' }, { score: 20, value: 'alan' }]);
  expect(await client.zRange('leaderboard', 0, -1, { REV: true })).toEqual(['grace', 'alan', 'ada']);
  expect(await client.incrBy('visits', 5)).toBe(5);
});

test('from the contract: an AUTH token from Secrets Manager over TLS, with a prefix', async () => {
  const client = track(await redisFromEnvironment({
    ORDERS_CACHE_ENGINE: 'redis',
    ORDERS_CACHE_ENDPOINT: `127.0.0.1:${tlsServer.port}`,
    ORDERS_CACHE_CLUSTER_MODE: 'false',
    ORDERS_CACHE_TLS: 'true',
    ORDERS_CACHE_AUTH: 'token',
    ORDERS_CACHE_AUTH_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:t',
  }, { prefix: 'orders', tls: { ca: files.ca, servername: 'localhost' } }));
  expect(await client.ping()).toBe('PONG');
  expect(secrets.commandCalls(GetSecretValueCommand).at(-1)!.args[0].input).toMatchObject({ SecretId: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:t' });
});

test('from the contract in cluster mode: a cluster client that routes by slot', async () => {
  const client = track(await redisFromEnvironment(env(cluster.nodes[0].address, { CACHE_CLUSTER_MODE: 'true' })));
  for (let i = 0; i < 30; i++) await client.set(`c:${i}`, String(i));
  const values = await Promise.all(Array.from({ length: 30 }, (_, i) => client.get(`c:${i}`)));
  expect(values).toEqual(Array.from({ length: 30 }, (_, i) => String(i)));
  const holders = await Promise.all(cluster.nodes.map(async (node) => Number(await node.command('DBSIZE'))));
  expect(holders.filter((n) => n > 0).length).toBe(3);
});

test('every command has a deadline: a stalled server rejects it at commandTimeout', async () => {
  const client = track(await redisFromEnvironment(env(`127.0.0.1:${plain.port}`), { commandTimeout: 200 }));
  const stalled = plain.command('DEBUG', 'SLEEP', '1').catch(() => undefined);
  await sleep(150); // the admin connection's handshake, then the server sleeps
  const started = Date.now();
  const err = await client.get('anything').then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(CacheTimeoutError);
  expect((err as Error).message).toBe("redis get 'anything' timed out after 200 ms");
  expect(Date.now() - started).toBeLessThan(900);
  await stalled;
  expect(await client.ping()).toBe('PONG');
});

test('blocking commands keep the wait they ask for', async () => {
  const client = track(await redisFromEnvironment(env(`127.0.0.1:${plain.port}`), { commandTimeout: 200 }));
  const started = Date.now();
  expect(await client.blPop('nobody-pushes', 0.5)).toBeNull();
  const standalone = client as unknown as { sendCommand(args: string[]): Promise<unknown> };
  expect(await standalone.sendCommand(['BLPOP', 'nobody-pushes', '0.5'])).toBeNull();
  expect(Date.now() - started).toBeGreaterThanOrEqual(900);
});

test('a cache nobody answers for: a clear error within connectTimeout, naming the endpoint', async () => {
  const port = await freePort();
  const started = Date.now();
  const err = await redisFromEnvironment(env(`127.0.0.1:${port}`), { connectTimeout: 300 }).then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(CacheStoreError);
  expect((err as Error).message).toMatch(new RegExp(`redis connect failed: not connected to 127\\.0\\.0\\.1:${port} within 300 ms`));
  expect(Date.now() - started).toBeLessThan(2_000);
});

test('a Memcached contract is a clear error', async () => {
  await expect(redisFromEnvironment({ CACHE_ENGINE: 'memcached', CACHE_ENDPOINT: '127.0.0.1:11211', CACHE_TLS: 'false' }))
    .rejects.toThrow(new CacheOptionError("redisFromEnvironment(): CACHE_ENGINE='memcached': a node-redis client needs a Valkey or Redis OSS cache "
      + '(use storeFromEnvironment() or Cache.fromEnvironment() for Memcached).'));
});

test('a Global Datastore secondary: writable connects to the primary Region, writable: false to the local endpoint', async () => {
  const local = await startRedis();
  try {
    const secondary = env(`127.0.0.1:${local.port}`, { CACHE_PRIMARY_ENDPOINT: `127.0.0.1:${plain.port}`, CACHE_PRIMARY_REGION: 'us-east-1' });
    const writer = track(await redisFromEnvironment(secondary));
    const reader = track(await redisFromEnvironment(secondary, { writable: false }));
    await writer.set('gds:w', 'primary');
    expect(await plain.command('GET', 'gds:w')).toBe('primary');
    expect(await reader.get('gds:w')).toBeNull();
  } finally {
    await local.destroy();
  }
});

test('store.client(): one client with the store\'s settings, shared by later calls, closed with the store', async () => {
  const store = new RedisStore({ url: plain.url });
  const client = await store.client();
  expect(await store.client()).toBe(client);
  await client.hSet('h', { a: '1' });
  expect(await client.hGetAll('h')).toEqual({ a: '1' });
  await store.close();
  await expect(client.ping()).rejects.toThrow();
  await expect(store.client()).rejects.toThrow(/closed/);
});

test('openRedisClient: the options of a RedisStore', async () => {
  const client = track(await openRedisClient({ host: '127.0.0.1', port: plain.port }));
  expect(await client.ping()).toBe('PONG');
});
