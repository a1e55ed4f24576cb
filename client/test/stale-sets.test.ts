import fc from 'fast-check';
import { deferred } from './helpers';
import { Cache, CacheStore, MemcachedStore, RedisStore } from '../src';
import { MemcachedServer, startMemcached } from './memcached/servers';
import { RedisClusterServers, RedisServer, sleep, startCluster, startRedis } from './servers';

// No stale sets (issue 9, item 2): a loader's result is stored only if no other client wrote or
// deleted the key after the load started. Two Caches with their own connections stand for two
// processes: A loads slowly, B writes or deletes while A's loader runs, then a third reader looks.
let redis: RedisServer;
let cluster: RedisClusterServers;
let memcached: MemcachedServer[];
beforeAll(async () => {
  const started = await Promise.all([startRedis(), startCluster({ shards: 3, replicasPerShard: 0 }),
    startMemcached(), startMemcached(), startMemcached()]);
  redis = started[0] as RedisServer;
  cluster = started[1] as RedisClusterServers;
  memcached = started.slice(2) as MemcachedServer[];
}, 60_000);
afterAll(async () => {
  await Promise.all([redis?.destroy(), cluster?.stop(), ...(memcached ?? []).map((m) => m.kill())]);
});

const stores: Array<[string, () => CacheStore]> = [
  ['redis', () => new RedisStore({ url: redis.url })],
  ['redis cluster (3 shards)', () => new RedisStore({ url: cluster.nodes[0].url, cluster: [...cluster.seeds] })],
  ['memcached (3 nodes)', () => new MemcachedStore({ nodes: memcached.map((m) => m.address) })],
];

type Op = 'set' | 'delete' | 'none';
type Path = 'miss' | 'refresh' | 'stale-wait';

describe.each(stores)('on %s', (_name, makeStore) => {
  let run = 0;
  const caches: Cache[] = [];
  const make = (): Cache => {
    const cache = new Cache({ store: makeStore(), closeStore: true, namespace: 'stale', ttl: '1m' });
    caches.push(cache);
    return cache;
  };
  afterAll(async () => { await Promise.all(caches.map((c) => c.close())); });

  test('a load never overwrites a write or delete that happened after it started (default lease and lease: false)', async () => {
    const b = make();
    const reader = make();
    await fc.assert(fc.asyncProperty(
      fc.constantFrom<Op>('set', 'delete', 'none'),
      fc.constantFrom<Path>('miss', 'refresh', 'stale-wait'),
      fc.constantFrom<'default' | 'off'>('default', 'off'),
      fc.integer({ min: 0, max: 20 }),
      async (op, path, lease, delayMs) => {
        // A fresh A per run: its close() waits for its background refresh.
        const a = new Cache({
          store: makeStore(),
          closeStore: true,
          namespace: 'stale',
          ttl: '1m',
          lease: lease === 'off' ? false : undefined,
          staleWhileRevalidate: path !== 'stale-wait',
        });
        const key = `k${run++}`;
        if (path !== 'miss') {
          // A stale entry: its TTL is over, its grace is not.
          await b.set(key, 'v0', { ttl: 1, grace: '1m' });
          await sleep(5);
        }
        const started = deferred<void>();
        const gate = deferred<string>();
        const loader = async (): Promise<string> => { started.resolve(); return gate.promise; };
        const options = { ttl: '1m', grace: '1m' };
        const reading = a.getOrSet(key, loader, options);
        await started.promise;
        await sleep(delayMs);
        if (op === 'set') await b.set(key, 'new');
        if (op === 'delete') await b.delete(key);
        gate.resolve('old');
        const answered = await reading;
        expect(answered).toBe(path === 'refresh' ? 'v0' : 'old'); // the caller still gets its answer
        await a.close();
        const stored = await reader.get(key);
        if (op === 'set') expect(stored).toBe('new');
        if (op === 'delete') expect(stored).toBeUndefined();
        if (op === 'none') expect(stored).toBe('old'); // not vacuous: an undisturbed load is stored
      },
    ), { numRuns: 40 });
  }, 120_000);

  test('a failed load gives its key back at once, and waiters load it themselves', async () => {
    const a = make();
    const key = `failing${run++}`;
    const gate = deferred<string>();
    const loading = deferred<void>();
    const holding = a.getOrSet(key, () => {
      loading.resolve(); // the key is held from here on (a loader runs only after its claim)
      return gate.promise;
    });
    await loading.promise; // not a sleep: under load the claim may take longer than any fixed wait
    const waiting = make().getOrSet(key, async () => 'from the waiter');
    gate.reject(new Error('source down'));
    await expect(holding).rejects.toThrow('source down');
    expect(await waiting).toBe('from the waiter');
    const raw = makeStore();
    try {
      expect(await raw.get(`stale:${key}`)).toMatch(/^j/); // the waiter's value, not a loading mark
    } finally {
      await raw.close();
    }
  });
});

