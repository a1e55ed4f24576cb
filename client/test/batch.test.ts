import fc from 'fast-check';
import { deferred } from './helpers';
import {
  Cache, CacheArgumentError, CacheLoadResultError, CacheSerializationError, CacheStore, MemcachedStore, MemoryStore, RedisStore,
} from '../src';
import { MemcachedServer, startMemcached } from './memcached/servers';
import { RedisClusterServers, RedisServer, sleep, startCluster, startRedis } from './servers';

// getMany / setMany / getOrSetMany (issue 12): the single-key guarantees, for many keys at once,
// with one loader call for the misses, on every store.
let redis: RedisServer;
let cluster: RedisClusterServers;
let memcached: MemcachedServer[];
beforeAll(async () => {
  const started = await Promise.all([startRedis(), startCluster({ shards: 3, replicasPerShard: 0 }), startMemcached(), startMemcached()]);
  redis = started[0] as RedisServer;
  cluster = started[1] as RedisClusterServers;
  memcached = started.slice(2) as MemcachedServer[];
}, 60_000);
afterAll(async () => {
  await Promise.all([redis?.destroy(), cluster?.stop(), ...(memcached ?? []).map((m) => m.kill())]);
});

/** A shared store for two Caches: null for the in-process store (one Cache only). */
const stores: Array<[string, (() => CacheStore) | null]> = [
  ['memory (by reference)', null],
  ['memory (serialized)', () => new MemoryStore({ byReference: false })],
  ['redis', () => new RedisStore({ url: redis.url })],
  ['redis cluster (3 shards)', () => new RedisStore({ url: cluster.nodes[0].url, cluster: [...cluster.seeds] })],
  ['memcached (2 nodes)', () => new MemcachedStore({ nodes: memcached.map((m) => m.address) })],
];

let run = 0;

describe.each(stores)('on %s', (_name, makeStore) => {
  const caches: Cache[] = [];
  let shared: CacheStore | undefined;
  /** Caches on one store, standing for processes (memory stores are shared in-process). */
  const make = (options: Partial<ConstructorParameters<typeof Cache>[0]> = {}): Cache => {
    shared ??= makeStore === null ? undefined : makeStore();
    const cache = new Cache({ store: shared, namespace: 'batch', ttl: '1m', ...options });
    caches.push(cache);
    return cache;
  };
  afterAll(async () => {
    await Promise.all(caches.map((c) => c.close()));
    await shared?.close();
  });
  const keys = (n: number): string[] => {
    const id = run++;
    return Array.from({ length: n }, (_, i) => `r${id}:k${i}`);
  };

  test('getMany answers in key order, with undefined for absent keys, and counts hits and misses', async () => {
    const cache = make();
    const ks = keys(6);
    await cache.set(ks[0], { a: 1 });
    await cache.set(ks[2], 'two');
    await cache.set(ks[4], null);
    cache.resetStats();
    expect(await cache.getMany([...ks, ks[0]])).toEqual([{ a: 1 }, undefined, 'two', undefined, null, undefined, { a: 1 }]);
    expect(cache.stats()).toMatchObject({ hits: 4, misses: 3 });
    expect(await cache.getMany([])).toEqual([]);
  });

  test('property: getMany reads what get reads, whatever was set, deleted or expired', async () => {
    const cache = make();
    const pool = keys(8);
    await fc.assert(fc.asyncProperty(
      fc.array(fc.tuple(fc.constantFrom(...pool), fc.oneof(fc.constant('delete' as const), fc.integer(), fc.string()))),
      fc.array(fc.constantFrom(...pool), { maxLength: 12 }),
      async (ops, read) => {
        for (const [key, op] of ops) await (op === 'delete' ? cache.delete(key) : cache.set(key, op));
        const one: unknown[] = [];
        for (const key of read) one.push(await cache.get(key));
        expect(await cache.getMany(read)).toEqual(one);
      }), { numRuns: 25 });
  });

  test('setMany stores every entry with the options given; a repeated key keeps its last value', async () => {
    const cache = make();
    const ks = keys(3);
    await cache.setMany([[ks[0], 1], [ks[1], 2], [ks[0], 3]]);
    await cache.setMany(new Map([[ks[2], 'short']]), { ttl: '1s' }); // memcached counts TTLs in seconds
    expect(await cache.getMany(ks)).toEqual([3, 2, 'short']);
    await sleep(1_100);
    expect(await cache.getMany(ks)).toEqual([3, 2, undefined]);
  });

  test('setMany with an unstorable value rejects before anything is written', async () => {
    const cache = make();
    const ks = keys(3);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    await expect(cache.setMany<unknown>([[ks[0], 'ok'], [ks[1], circular], [ks[2], 'ok']])).rejects.toThrow(CacheSerializationError);
    expect(await cache.getMany(ks)).toEqual([undefined, undefined, undefined]);
  });

  test('getOrSetMany: one loader call with only the misses; the loaded values are stored', async () => {
    const cache = make();
    const ks = keys(5);
    await cache.set(ks[1], 'cached');
    const calls: string[][] = [];
    const load = async (misses: string[]) => {
      calls.push(misses);
      return misses.map((k) => `loaded ${k}`);
    };
    expect(await cache.getOrSetMany(ks, load)).toEqual(ks.map((k) => k === ks[1] ? 'cached' : `loaded ${k}`));
    expect(calls).toEqual([[ks[0], ks[2], ks[3], ks[4]]]);
    expect(await cache.getOrSetMany(ks, load)).toEqual(ks.map((k) => k === ks[1] ? 'cached' : `loaded ${k}`));
    expect(calls.length).toBe(1); // every key is cached now
  });

  test('getOrSetMany: a Map answer; keys it leaves out are undefined and not cached; repeated keys load once', async () => {
    const cache = make();
    const ks = keys(3);
    const calls: string[][] = [];
    const load = (misses: string[]) => {
      calls.push(misses);
      return new Map(misses.filter((k) => k !== ks[1]).map((k) => [k, k.length]));
    };
    expect(await cache.getOrSetMany([ks[0], ks[1], ks[0], ks[2]], load)).toEqual([ks[0].length, undefined, ks[0].length, ks[2].length]);
    expect(calls).toEqual([[ks[0], ks[1], ks[2]]]);
    expect(await cache.getOrSetMany(ks, load)).toEqual([ks[0].length, undefined, ks[2].length]);
    expect(calls[1]).toEqual([ks[1]]);
  });

  test('getOrSetMany and concurrent getOrSet calls of the same keys share one load per key', async () => {
    const a = make();
    const b = makeStore === null ? a : make();
    const ks = keys(4);
    const gate = deferred<void>();
    const loaded: string[] = [];
    const loadMany = async (misses: string[]) => {
      loaded.push(...misses);
      await gate.promise;
      return misses.map((k) => `many ${k}`);
    };
    const single = async (k: string) => {
      loaded.push(k);
      await gate.promise;
      return `single ${k}`;
    };
    const first = a.getOrSetMany(ks.slice(0, 3), loadMany);
    const second = b.getOrSetMany(ks.slice(1), loadMany);
    const lone = a.getOrSet(ks[2], single);
    await sleep(50);
    gate.resolve();
    const [x, y, z] = await Promise.all([first, second, lone]);
    expect(loaded.sort()).toEqual([...ks].sort()); // each key loaded once, in whichever call got there first
    expect(x.slice(1)).toEqual(y.slice(0, 2));
    expect(z).toBe(x[2]);
    expect(await a.getMany(ks)).toEqual([x[0], x[1], x[2], y[2]]);
  });

  test('no stale sets: a write or delete made while getOrSetMany loads wins over the loaded values', async () => {
    const a = make();
    // Another process where the store can tell (compare-and-set), else the same Cache.
    const b = shared?.setIfVersion === undefined ? a : make();
    const ks = keys(3);
    const started = deferred<void>();
    const gate = deferred<void>();
    const reading = a.getOrSetMany(ks, async (misses) => {
      started.resolve();
      await gate.promise;
      return misses.map(() => 'loaded');
    });
    await started.promise;
    await b.set(ks[0], 'newer');
    await b.delete(ks[1]);
    gate.resolve();
    expect(await reading).toEqual(['loaded', 'loaded', 'loaded']); // the caller gets its answer
    expect(await b.get(ks[0])).toBe('newer');
    expect(await b.get(ks[1])).toBeUndefined();
    expect(await b.get(ks[2])).toBe('loaded');
  });

  test('a failing loader rejects the call and caches nothing', async () => {
    const cache = make();
    const ks = keys(2);
    await expect(cache.getOrSetMany(ks, async () => { throw new Error('source down'); })).rejects.toThrow('source down');
    await expect(cache.getOrSetMany(ks, () => { throw new Error('sync throw'); })).rejects.toThrow('sync throw');
    expect(await cache.getMany(ks)).toEqual([undefined, undefined]);
  });

  test('a loader answer of the wrong length is a clear error naming both counts', async () => {
    const cache = make();
    const ks = keys(3);
    const err = await cache.getOrSetMany(ks, async () => ['only one']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CacheLoadResultError);
    expect((err as Error).message).toMatch(/called with 3 keys and returned 1 values; return one value per key/);
    const notArray = await cache.getOrSetMany(ks, (async () => 'text') as never).catch((e: unknown) => e);
    expect((notArray as Error).message).toMatch(/returned "text"/);
    expect(await cache.getMany(ks)).toEqual([undefined, undefined, undefined]);
  });
});

describe('batch calls on a Redis store', () => {
  test('getMany of 100 keys is one MGET; concurrent getOrSet misses in one tick read with one MGET too', async () => {
    const store = new RedisStore({ url: redis.url });
    const cache = new Cache({ store, closeStore: true, namespace: 'mget', lease: false });
    try {
      const ks = Array.from({ length: 100 }, (_, i) => `k${i}`);
      await cache.setMany(ks.map((k) => [k, k]));
      const count = async () => Number(/calls=(\d+)/.exec((await redis.info('commandstats')).cmdstat_mget ?? '')?.[1] ?? 0);
      let before = await count();
      expect(await cache.getMany(ks)).toEqual(ks);
      expect(await count() - before).toBe(1);
      before = await count();
      expect(await Promise.all(ks.map((k) => cache.getOrSet(k, async () => 'loaded')))).toEqual(ks);
      expect(await count() - before).toBe(1);
    } finally {
      await cache.close();
    }
  });

  test('across processes: two Caches asking for the same misses at once load each key once (leases)', async () => {
    const a = new Cache({ store: new RedisStore({ url: redis.url }), closeStore: true, namespace: 'lease-batch', ttl: '1m' });
    const b = new Cache({ store: new RedisStore({ url: redis.url }), closeStore: true, namespace: 'lease-batch', ttl: '1m' });
    try {
      const ks = Array.from({ length: 20 }, (_, i) => `k${i}`);
      const loaded: string[] = [];
      const load = async (misses: string[]) => {
        loaded.push(...misses);
        await sleep(50);
        return misses.map((k) => `v-${k}`);
      };
      const [x, y] = await Promise.all([a.getOrSetMany(ks, load), b.getOrSetMany([...ks].reverse(), load)]);
      expect(x).toEqual(ks.map((k) => `v-${k}`));
      expect(y).toEqual([...ks].reverse().map((k) => `v-${k}`));
      expect(loaded.sort()).toEqual([...ks].sort());
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  test('stale keys (grace) are served stale and refreshed in the same loader call as the misses', async () => {
    const cache = new Cache({ store: new RedisStore({ url: redis.url }), closeStore: true, namespace: 'swr-batch' });
    try {
      await cache.set('old', 'v0', { ttl: 1, grace: '1m' });
      await sleep(5);
      const calls: string[][] = [];
      const load = async (misses: string[]) => {
        calls.push([...misses].sort());
        return misses.map((k) => `fresh ${k}`);
      };
      expect(await cache.getOrSetMany(['old', 'new'], load, { ttl: '1m', grace: '1m' })).toEqual(['v0', 'fresh new']);
      expect(calls).toEqual([['new', 'old']]);
      await sleep(20);
      expect(await cache.get('old')).toBe('fresh old');
    } finally {
      await cache.close();
    }
  });
});

describe('bad input gives a clear error', () => {
  const cache = new Cache();
  afterAll(() => cache.close());

  test.each([
    ['getMany', () => cache.getMany('k' as never), /getMany\(\): argument 'keys' must be an array/],
    ['getMany', () => cache.getMany(['a', ''] as never), /getMany\(\): argument 'keys\[1\]' must be a non-empty string, got ""/],
    ['getOrSetMany', () => cache.getOrSetMany(['a'], 'load' as never), /getOrSetMany\(\): argument 'loadMany' must be a function/],
    ['getOrSetMany', () => cache.getOrSetMany(['a'], async () => [1], { ttl: -1 } as never), /ttl/],
    ['setMany', () => cache.setMany({ a: 1 } as never), /setMany\(\): argument 'entries' must be an iterable of \[key, value\] pairs/],
    ['setMany', () => cache.setMany([['a', 1], ['b']] as never), /setMany\(\): argument 'entries\[1\]' must be a \[key, value\] pair, got an array of length 1/],
    ['setMany', () => cache.setMany([[1, 1]] as never), /setMany\(\): argument 'entries\[0\]\[0\]' must be a non-empty string, got 1/],
  ])('%s', async (_method, call, message) => {
    const err = await call().then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(CacheArgumentError.prototype.constructor === CacheArgumentError && /ttl/.test(message.source) ? Error : CacheArgumentError);
    expect((err as Error).message).toMatch(message);
  });
});
