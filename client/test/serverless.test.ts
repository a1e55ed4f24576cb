import { Cache, CacheOptionError, MemcachedStore, readConnection, RedisStore, storeFromEnvironment } from '../src';
import { MemcachedServer, startMemcached } from './memcached/servers';
import { makeTlsFiles, RedisClusterServers, RedisServer, sleep, startCluster, TlsFiles, waitFor } from './servers';
import { AwsCredentials, createIamAuthToken } from '../src/aws';

// ElastiCache Serverless from the connection contract (issue 10, the client): local servers stand
// in for each shape. Valkey / Redis OSS: a TLS cluster reached through one seed, whose CLUSTER
// SLOTS lists replicas, as a serverless cache lists its reader endpoint (port 6380); an ACL user
// whose password is the IAM token signed for ResourceType=ServerlessCache at a fixed time, so AUTH
// succeeds only when the client signs a serverless token. Memcached: one TLS memcached.
const CREDENTIALS: AwsCredentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const NOW = Date.parse('2026-01-15T10:00:00Z');
const TARGET = { cacheName: 'my-cache', userId: 'iam-user', region: 'us-east-1' };

let files: TlsFiles;
let cluster: RedisClusterServers;
let memcached: MemcachedServer;
const savedEnv = { ...process.env };
beforeAll(async () => {
  files = await makeTlsFiles();
  const token = createIamAuthToken({ ...TARGET, serverless: true, credentials: CREDENTIALS, now: NOW });
  // Assigned one by one: if one fails to start, afterAll still stops the other.
  await Promise.all([
    startCluster({ shards: 3, replicasPerShard: 1, tls: files, users: [{ name: TARGET.userId, password: token }] }).then((c) => cluster = c),
    startMemcached({ tls: files }).then((m) => memcached = m),
  ]);
  // A TLS cluster gossips its replicas' TLS ports for a few seconds before CLUSTER SLOTS lists them.
  await waitFor('CLUSTER SLOTS lists the replicas', 30_000, async () => {
    const slots = await cluster.nodes[0].command('CLUSTER', 'SLOTS') as unknown[][];
    return slots.every((range) => range.length >= 4);
  });
  // The SDK's default chain reads these first: the same fixed credentials the token was made with.
  process.env.AWS_ACCESS_KEY_ID = CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = CREDENTIALS.secretAccessKey;
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
}, 90_000);
afterAll(async () => {
  process.env = savedEnv;
  await Promise.all([cluster?.stop(), memcached?.kill()]);
});

/** Signing time fixed at NOW (the token is deterministic then); timers stay real. */
function atFixedTime(): () => void {
  const spy = jest.spyOn(Date, 'now').mockImplementation(() => NOW);
  return () => spy.mockRestore();
}

async function roles(): Promise<{ primary: RedisServer; replica: RedisServer; replicas: RedisServer[] }> {
  const described = await cluster.describe();
  const withFlag = (flag: string) => cluster.nodes.filter((n) => described.some((d) => d.port === n.port && d.flags.includes(flag)));
  const replicas = withFlag('slave');
  return { primary: withFlag('master')[0], replica: replicas[0], replicas };
}

/** GETs served by these servers. */
async function reads(servers: RedisServer[]): Promise<number> {
  let total = 0;
  for (const server of servers) total += Number(/calls=(\d+)/.exec((await server.info('commandstats')).cmdstat_get ?? '')?.[1] ?? 0);
  return total;
}

const valkeyServerless = (endpoint: RedisServer, reader: RedisServer, extra: Record<string, string | undefined> = {}) => ({
  CACHE_ENGINE: 'valkey',
  CACHE_ENDPOINT: `127.0.0.1:${endpoint.port}`,
  CACHE_READER_ENDPOINT: `127.0.0.1:${reader.port}`,
  CACHE_SERVERLESS: 'true',
  CACHE_AUTH: 'iam',
  CACHE_USER: TARGET.userId,
  CACHE_ID: TARGET.cacheName,
  CACHE_REGION: TARGET.region,
  ...extra,
});

describe('Valkey / Redis OSS serverless', () => {
  test('the contract alone (no CLUSTER_MODE, no TLS variable): cluster protocol over TLS through one seed, IAM signed for ServerlessCache, replica reads', async () => {
    const { primary, replica, replicas } = await roles();
    const restore = atFixedTime();
    try {
      const env = valkeyServerless(primary, replica);
      expect(readConnection(env)).toMatchObject({ serverless: true, clusterMode: true, tls: true, auth: 'iam' });
      const cache = Cache.fromEnvironment(env, { tls: { ca: files.ca, servername: 'localhost' }, readFromReplicas: true, namespace: 'sls' });
      await cache.set('greeting', { hello: 'serverless' });
      const before = await reads(replicas);
      let value: unknown;
      for (let i = 0; i < 100 && value === undefined; i++) {
        value = await cache.get('greeting'); // the replica may not have it yet
        if (value === undefined) await sleep(50);
      }
      expect(value).toEqual({ hello: 'serverless' });
      for (let i = 0; i < 50; i++) await cache.get('greeting'); // node-redis spreads replica-allowed reads over the slot's nodes
      expect(await reads(replicas)).toBeGreaterThan(before); // the reads went to the replicas (a serverless cache's reader endpoint)
      await cache.close();
    } finally {
      restore();
    }
  });

  test('the same cache read as a replication group (no CACHE_SERVERLESS) is refused: its token lacks ResourceType=ServerlessCache', async () => {
    const { primary, replica } = await roles();
    const restore = atFixedTime();
    try {
      const env = valkeyServerless(primary, replica, { CACHE_SERVERLESS: undefined, CACHE_READER_ENDPOINT: undefined, CACHE_CLUSTER_MODE: 'true', CACHE_TLS: 'true' });
      const refused = async () => (await primary.command('ACL', 'LOG') as unknown[]).length;
      const before = await refused();
      const store = storeFromEnvironment(env, { tls: { ca: files.ca, servername: 'localhost' } }) as RedisStore;
      await expect(store.connect()).rejects.toThrow(/not connected/);
      await store.close();
      expect(await refused()).toBeGreaterThan(before); // the server refused the credentials (ACL LOG: reason auth)
    } finally {
      restore();
    }
  });
});

describe('Memcached serverless', () => {
  test('one TLS endpoint, used as one server (no Auto Discovery, which a serverless endpoint does not offer)', async () => {
    const env = { CACHE_ENGINE: 'memcached', CACHE_ENDPOINT: `127.0.0.1:${memcached.port}`, CACHE_SERVERLESS: 'true' };
    expect(readConnection(env)).toMatchObject({ serverless: true, clusterMode: false, tls: true, auth: 'none' });
    const store = storeFromEnvironment(env, { tls: { ca: files.ca, servername: 'localhost' } });
    expect(store).toBeInstanceOf(MemcachedStore);
    const cache = new Cache({ store, closeStore: true, namespace: 'sls' });
    await cache.set('m', [1, 2, 3]);
    expect(await cache.get('m')).toEqual([1, 2, 3]);
    await cache.close();
  });
});

describe('the serverless contract, checked', () => {
  const base = { CACHE_ENGINE: 'valkey', CACHE_ENDPOINT: 'my-cache.serverless.use1.cache.amazonaws.com:6379', CACHE_SERVERLESS: 'true', CACHE_AUTH: 'none' };
  test.each([
    [{ CACHE_CLUSTER_MODE: 'false' }, /CACHE_CLUSTER_MODE='false' is invalid: a serverless Valkey \/ Redis OSS cache speaks the cluster protocol/],
    [{ CACHE_TLS: 'false' }, /CACHE_TLS='false' is invalid: a serverless cache is only reachable over TLS/],
    [{ CACHE_SERVERLESS: 'yes' }, /CACHE_SERVERLESS='yes' is invalid: it is true or false/],
    [{ CACHE_ENGINE: 'memcached', CACHE_AUTH: undefined, CACHE_READER_ENDPOINT: 'r:6380' }, /CACHE_READER_ENDPOINT='r:6380' is invalid/],
    [{ CACHE_AUTH: 'iam', CACHE_USER: 'u' }, /CACHE_ID is not set: IAM authentication signs a token for this serverless cache name/],
  ])('%j', (extra, message) => {
    expect(() => readConnection({ ...base, ...extra } as Record<string, string>)).toThrow(CacheOptionError);
    expect(() => readConnection({ ...base, ...extra } as Record<string, string>)).toThrow(message);
  });

  test('a reader endpoint is accepted for a serverless Valkey cache (cluster mode), refused for a cluster-mode replication group', () => {
    const reader = { CACHE_READER_ENDPOINT: 'my-cache.serverless.use1.cache.amazonaws.com:6380' };
    expect(readConnection({ ...base, ...reader }).readerEndpoint).toEqual({ host: 'my-cache.serverless.use1.cache.amazonaws.com', port: 6380 });
    expect(() => readConnection({ ...base, ...reader, CACHE_SERVERLESS: 'false', CACHE_CLUSTER_MODE: 'true', CACHE_TLS: 'true' })).toThrow(/CACHE_READER_ENDPOINT/);
  });
});
