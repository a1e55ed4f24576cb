import { Cache, CacheError, CacheReadOnlyError, GlobalSecondaryStore, readConnection, RedisStore } from '../src';
import { adminCommand, freePort, RedisServer, ReplicatedRedis, startRedis, startReplicated, waitFor } from './servers';

// Two servers stand in for two Regions: a primary and a read-only replica (the secondary), and a
// second replica or a separate server where a test needs a copy that does not follow.
let servers: ReplicatedRedis;
let primary: RedisServer;
let secondary: RedisServer;
let otherReplica: RedisServer;
let stale: RedisServer;
const opened: Array<{ close(): Promise<void> }> = [];

function open<T extends { close(): Promise<void> }>(closable: T): T {
  opened.push(closable);
  return closable;
}

const store = (server: RedisServer) => new RedisStore({ url: server.url });
const get = (server: RedisServer, key: string) => adminCommand(server.admin, ['GET', key]);

async function gets(server: RedisServer): Promise<number> {
  const stats = await server.info('commandstats');
  return Number(/calls=(\d+)/.exec(stats.cmdstat_get ?? '')?.[1] ?? 0) + Number(/calls=(\d+)/.exec(stats.cmdstat_mget ?? '')?.[1] ?? 0);
}

beforeAll(async () => {
  servers = await startReplicated({ replicas: 2 });
  primary = servers.primary;
  [secondary, otherReplica] = servers.replicas;
  stale = await startRedis();
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  await servers?.stop();
  await stale?.destroy();
});

describe('GlobalSecondaryStore: reads local, writes to the primary', () => {
  test('reads are served by the local (secondary) server, writes land on the primary', async () => {
    const s = open(new GlobalSecondaryStore({ local: store(secondary), primary: store(primary), readYourWrites: 0 }));
    await s.set('g:a', 'A');
    expect(await get(primary, 'g:a')).toBe('A');
    await waitFor('replication of g:a', 5_000, async () => await get(secondary, 'g:a') === 'A');
    const [before, primaryBefore] = [await gets(secondary), await gets(primary)];
    expect(await s.get('g:a')).toBe('A');
    expect(await s.getMany(['g:a', 'g:none'])).toEqual(['A', undefined]);
    expect(await gets(secondary)).toBe(before + 2);
    expect(await gets(primary)).toBe(primaryBefore);
  });

  test('read your writes: a key this process wrote is read from the primary for the window, then locally again', async () => {
    // The local copy here never follows (a separate server holding an old value): the worst lag.
    await adminCommand(stale.admin, ['SET', 'g:ryw', 'old']);
    await adminCommand(stale.admin, ['SET', 'g:other', 'local']);
    const s = open(new GlobalSecondaryStore({ local: store(stale), primary: store(primary), readYourWrites: 300 }));
    await s.set('g:ryw', 'new');
    expect(await s.get('g:ryw')).toBe('new');
    expect(await s.getMany(['g:other', 'g:ryw'])).toEqual(['local', 'new']);
    await s.delete('g:ryw');
    expect(await s.get('g:ryw')).toBeUndefined();
    await new Promise((r) => setTimeout(r, 350));
    expect(await s.get('g:ryw')).toBe('old');
  });

  test('more recent writes than it tracks: every read goes to the primary for the window', async () => {
    await adminCommand(stale.admin, ['SET', 'g:t0', 'old']);
    const s = open(new GlobalSecondaryStore({ local: store(stale), primary: store(primary), readYourWrites: 300, maxTrackedWrites: 2 }));
    await s.set('g:t1', '1');
    await s.set('g:t2', '2');
    await s.set('g:t0', 'new'); // the third: over the limit
    expect(await s.get('g:t0')).toBe('new');
    expect(await s.get('g:t1')).toBe('1');
  });
});

describe('READONLY is never lost silently', () => {
  test('a write the primary endpoint refuses, with a local endpoint that refuses too, rejects with CacheReadOnlyError', async () => {
    const s = open(new GlobalSecondaryStore({
      local: store(otherReplica), primary: store(secondary), endpoints: { local: otherReplica.address, primary: secondary.address },
    }));
    const error = await s.set('g:ro', 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CacheReadOnlyError);
    expect((error as Error).message).toMatch(new RegExp(`set 'g:ro' was not written: ${secondary.address} answered READONLY .* `
      + `${otherReplica.address} does not take writes either. The Global Datastore's primary has probably moved`));
    expect(await get(primary, 'g:ro')).toBeNull();
    expect(s.writesGoLocal).toBe(false);
  });

  test('through a Cache: the failure is reported, the invalidation stays pending and lands once the endpoint takes writes', async () => {
    // A read-only copy that keeps its data: a replica of a port nobody listens on (it never syncs).
    const promoted = await startRedis();
    try {
      await adminCommand(promoted.admin, ['SET', 'g:inv', '"cached"']);
      await adminCommand(promoted.admin, ['REPLICAOF', '127.0.0.1', String(await freePort())]);
      const errors: CacheError[] = [];
      const cache = open(new Cache({
        store: new GlobalSecondaryStore({ local: store(otherReplica), primary: store(promoted) }), closeStore: true, onError: (e) => errors.push(e),
      }));
      await cache.delete('g:inv');
      expect(errors.some((e) => /READONLY/.test(e.message))).toBe(true);
      expect(await cache.get('g:inv')).toBeUndefined(); // pending: a miss, not the replaced value
      await adminCommand(promoted.admin, ['REPLICAOF', 'NO', 'ONE']);
      await waitFor('the pending delete to land', 20_000, async () => await get(promoted, 'g:inv') === null)
        .catch((e) => {
          throw new Error(`${(e as Error).message}; reported: ${errors.slice(-3).map((x) => x.message).join(' | ')}; count ${errors.length}`);
        });
    } finally {
      await promoted.destroy();
    }
  });

  test('promotion: when the old primary refuses and the local endpoint takes writes, writes go local from then on', async () => {
    // The "primary" endpoint is a replica (the old primary, demoted); the local one is the writable primary (promoted).
    const s = open(new GlobalSecondaryStore({ local: store(primary), primary: store(secondary) }));
    await s.set('g:promoted', 'yes');
    expect(s.writesGoLocal).toBe(true);
    expect(await get(primary, 'g:promoted')).toBe('yes');
    await s.set('g:promoted2', 'too');
    expect(await get(primary, 'g:promoted2')).toBe('too');
    expect(await s.get('g:promoted')).toBe('yes');
  });
});

describe('the connection contract of a secondary', () => {
  const base = { CACHE_ENGINE: 'valkey', CACHE_ENDPOINT: 'local.example:6379', CACHE_CLUSTER_MODE: 'false', CACHE_TLS: 'true', CACHE_AUTH: 'none' };

  test('reads both endpoints', () => {
    const c = readConnection({ ...base, CACHE_PRIMARY_ENDPOINT: 'primary.example:6380', CACHE_PRIMARY_REGION: 'us-east-1' });
    expect(c.primaryEndpoint).toEqual({ host: 'primary.example', port: 6380 });
    expect(c.primaryRegion).toBe('us-east-1');
    expect(readConnection(base).primaryEndpoint).toBeUndefined();
  });

  test.each([
    [{ CACHE_PRIMARY_ENDPOINT: 'primary.example', CACHE_PRIMARY_REGION: 'us-east-1' }, /CACHE_PRIMARY_ENDPOINT='primary.example' is invalid: the primary Region's endpoint is host:port/],
    [{ CACHE_PRIMARY_ENDPOINT: 'primary.example:6380' }, /CACHE_PRIMARY_REGION is not set: it names the Region of CACHE_PRIMARY_ENDPOINT/],
    [{ CACHE_PRIMARY_REGION: 'us-east-1' }, /CACHE_PRIMARY_REGION='us-east-1' is invalid: it comes with CACHE_PRIMARY_ENDPOINT/],
    [{ CACHE_PRIMARY_ENDPOINT: 'p:1', CACHE_PRIMARY_REGION: 'us-east-1', CACHE_ENGINE: 'memcached', CACHE_CLUSTER_MODE: 'false', CACHE_TLS: 'false' },
      /only Valkey \/ Redis OSS replication groups join a Global Datastore/],
    [{ CACHE_PRIMARY_ENDPOINT: 'p:1', CACHE_PRIMARY_REGION: 'us-east-1', CACHE_AUTH: 'iam', CACHE_USER: 'u', CACHE_ID: 'g', CACHE_REGION: 'eu-west-1' },
      /AUTH token or no authentication/],
  ])('%o is a clear error', (vars, message) => {
    expect(() => readConnection({ ...base, ...vars })).toThrow(message);
  });

  test('Cache.fromEnvironment with CACHE_PRIMARY_ENDPOINT reads locally and writes to the primary, end to end', async () => {
    const cache = open(Cache.fromEnvironment({
      CACHE_ENGINE: 'valkey',
      CACHE_ENDPOINT: secondary.address,
      CACHE_CLUSTER_MODE: 'false',
      CACHE_TLS: 'false',
      CACHE_AUTH: 'none',
      CACHE_PRIMARY_ENDPOINT: primary.address,
      CACHE_PRIMARY_REGION: 'us-east-1',
    }, { readYourWrites: '1s', throwOnCacheError: true }));
    await cache.set('env:k', { v: 1 });
    expect(await cache.get('env:k')).toEqual({ v: 1 });
    expect(await get(primary, 'env:k')).not.toBeNull();
  });
});
