import { Cache, CacheStore, MemcachedStore, MemoryStore, RedisStore } from '../src';
import { MemcachedServer, startMemcached } from './memcached/servers';
import { RedisServer, sleep, startRedis } from './servers';

// Every strategy on every kind of store: the in-process one, a real redis-server (with the L1 kept
// coherent over its pub/sub) and three real memcached processes.
let redis: RedisServer;
let memcached: MemcachedServer[];
beforeAll(async () => {
  const started = await Promise.all([startRedis(), startMemcached(), startMemcached(), startMemcached()]);
  redis = started[0] as RedisServer;
  memcached = started.slice(1) as MemcachedServer[];
});
afterAll(async () => {
  await Promise.all([redis?.destroy(), ...(memcached ?? []).map((m) => m.kill())]);
});

const stores: Array<[string, () => CacheStore]> = [
  ['memory', () => new MemoryStore({ maxEntries: 1000 })],
  ['redis', () => new RedisStore({ url: redis.url })],
  ['memcached (3 nodes)', () => new MemcachedStore({ nodes: memcached.map((m) => m.address) })],
];

describe.each(stores)('on %s', (name, makeStore) => {
  let store: CacheStore;
  let cache: Cache;
  let n = 0;
  beforeEach(() => {
    store = makeStore();
    cache = new Cache({ store, namespace: `s${n++}`, ttl: '1m', closeStore: true });
  });
  afterEach(async () => { await cache.close(); });

  test('cache-aside: getOrSet loads once for 200 concurrent callers', async () => {
    let calls = 0;
    const values = await Promise.all(Array.from({ length: 200 }, () => cache.getOrSet('k', async () => { calls++; await sleep(20); return { v: 1 }; })));
    expect(values.every((v) => (v as { v: number }).v === 1)).toBe(true);
    expect(calls).toBe(1);
  });

  test('read-through, write-through and write-behind', async () => {
    const source = new Map<string, number>([['a', 1]]);
    const reader = cache.readThrough<number | undefined>({ load: async (key) => source.get(key) });
    expect(await reader.get('a')).toBe(1);
    source.set('a', 2);
    expect(await reader.get('a')).toBe(1); // cached

    const writer = cache.writeThrough<number>({ write: async (key, value) => { source.set(key, value); } });
    await writer.set('b', 5);
    expect(source.get('b')).toBe(5);
    expect(await writer.get('b')).toBe(5);

    const batches: Array<ReadonlyArray<readonly [string, number]>> = [];
    const behind = cache.writeBehind<number>({ name: 'behind', write: async (batch) => { batches.push(batch); }, flushInterval: '1h', maxBatch: 100 });
    await behind.set('c', 1);
    await behind.set('c', 2);
    expect(await behind.get('c')).toBe(2); // in the cache at once
    await behind.flush();
    expect(batches).toEqual([[['c', 2]]]); // coalesced: last write wins
  });

  test('invalidation: delete, deleteMany and tags', async () => {
    await cache.set('x', 1, { tags: ['t'] });
    await cache.set('y', 2);
    await cache.set('z', 3);
    await cache.deleteByTag('t');
    expect(await cache.get('x')).toBeUndefined();
    await cache.deleteMany(['y', 'z']);
    expect([await cache.get('y'), await cache.get('z')]).toEqual([undefined, undefined]);
  });

  test('TTL expiry', async () => {
    await cache.set('short', 1, { ttl: name.startsWith('memcached') ? 1000 : 200 });
    await sleep(name.startsWith('memcached') ? 2100 : 400); // memcached counts whole seconds
    expect(await cache.get('short')).toBeUndefined();
  });
});

test('an L1 in front of Redis stays coherent across instances (invalidations over pub/sub)', async () => {
  const make = () => new Cache({ store: new RedisStore({ url: redis.url }), namespace: 'l1', l1: new MemoryStore({ maxEntries: 100 }), l1Ttl: '1m', closeStore: true });
  const [a, b] = [make(), make()];
  try {
    await a.set('k', 1);
    expect(await b.get('k')).toBe(1); // now in b's L1
    await a.set('k', 2);
    let seen: unknown;
    for (let i = 0; i < 50 && seen !== 2; i++) {
      await sleep(20);
      seen = await b.get('k');
    }
    expect(seen).toBe(2);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});
