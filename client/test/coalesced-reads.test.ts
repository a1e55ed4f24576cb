import fc from 'fast-check';
import { Cache, CacheStore, MemcachedStore, RedisStore } from '../src';
import { MemcachedServer, startMemcached, waitFor } from './memcached/servers';
import { RedisServer, startRedis } from './servers';

// A tick's `cache.get` calls on a remote store are one store call (issue 12): one MGET on Redis,
// one pipelined write per node on Memcached, each key settled as a lone get would settle it.
let redis: RedisServer;
let memcached: MemcachedServer[];
beforeAll(async () => {
  const started = await Promise.all([startRedis(), startMemcached(), startMemcached()]);
  redis = started[0] as RedisServer;
  memcached = started.slice(1) as MemcachedServer[];
}, 60_000);
afterAll(async () => {
  await Promise.all([redis?.destroy(), ...(memcached ?? []).map((m) => m.kill())]);
});

async function commandCalls(name: string): Promise<number> {
  return Number(/calls=(\d+)/.exec((await redis.info('commandstats'))[`cmdstat_${name}`] ?? '')?.[1] ?? 0);
}

/** Counts the store calls a Cache makes (the store stays real). */
function counting(store: CacheStore): { get: number; getMany: number[] } {
  const seen = { get: 0, getMany: [] as number[] };
  const get = store.get.bind(store);
  const getMany = store.getMany.bind(store);
  store.get = (key) => {
    seen.get++;
    return get(key);
  };
  store.getMany = (keys, onKeyError) => {
    seen.getMany.push(keys.length);
    return getMany(keys, onKeyError);
  };
  return seen;
}

describe('on Redis', () => {
  let cache: Cache;
  beforeAll(() => {
    cache = new Cache({ store: new RedisStore({ url: redis.url }), closeStore: true, namespace: 'tick', ttl: '1m' });
  });
  afterAll(() => cache.close());

  test('100 gets in one tick are one MGET; each caller gets its own key, misses are counted as misses', async () => {
    const keys = Array.from({ length: 100 }, (_, i) => `one:${i}`);
    await cache.setMany(keys.filter((_, i) => i % 4 !== 0).map((k) => [k, { k }]));
    cache.resetStats();
    const [mget, get] = [await commandCalls('mget'), await commandCalls('get')];
    const values = await Promise.all(keys.map((k) => cache.get(k)));
    expect(values).toEqual(keys.map((k, i) => (i % 4 === 0 ? undefined : { k })));
    expect([await commandCalls('mget') - mget, await commandCalls('get') - get]).toEqual([1, 0]);
    expect(cache.stats()).toMatchObject({ hits: 75, misses: 25, errors: 0 });
  });

  test('gets in different ticks are not held back for each other', async () => {
    await cache.set('apart', 1);
    const [mget, get] = [await commandCalls('mget'), await commandCalls('get')];
    expect([await cache.get('apart'), await cache.get('apart')]).toEqual([1, 1]);
    expect([await commandCalls('mget') - mget, await commandCalls('get') - get]).toEqual([0, 2]); // a lone get is a plain GET
  });

  test('program order: a get issued before a set, delete or clear of its key reads what was there before', async () => {
    await cache.set('order', 'old');
    const beforeSet = cache.get('order');
    const set = cache.set('order', 'new');
    const afterSet = cache.get('order');
    await set;
    expect([await beforeSet, await afterSet]).toEqual(['old', 'new']);
    const beforeDelete = cache.get('order');
    const removed = cache.delete('order');
    const afterDelete = cache.get('order');
    await removed;
    expect([await beforeDelete, await afterDelete]).toEqual(['new', undefined]);
    await cache.set('order', 'again');
    const beforeClear = cache.get('order');
    await cache.clear();
    expect(await beforeClear).toBe('again');
  });

  test('property: a tick of gets reads exactly what one get per tick reads (tags, grace, expiry, misses)', async () => {
    let round = 0;
    await fc.assert(fc.asyncProperty(
      fc.array(fc.record({
        kind: fc.constantFrom('plain', 'tagged', 'invalidated', 'expired', 'stale', 'absent'),
        value: fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.array(fc.boolean())),
      }), { minLength: 1, maxLength: 30 }),
      async (entries) => {
        const id = round++;
        const keys = entries.map((_, i) => `p${id}:${i}`);
        await Promise.all(entries.map(({ kind, value }, i) => {
          if (kind === 'absent') return undefined;
          if (kind === 'tagged') return cache.set(keys[i], value, { tags: [`keep${id}`] });
          if (kind === 'invalidated') return cache.set(keys[i], value, { tags: [`gone${id}`] });
          if (kind === 'expired') return cache.set(keys[i], value, { ttl: 1 });
          if (kind === 'stale') return cache.set(keys[i], value, { ttl: 1, grace: '1m' });
          return cache.set(keys[i], value);
        }));
        await cache.deleteByTag(`gone${id}`);
        await new Promise((resolve) => setTimeout(resolve, 5)); // the 1 ms entries are past their TTL
        const together = await Promise.all(keys.map((k) => cache.get(k)));
        const oneByOne: unknown[] = [];
        for (const k of keys) oneByOne.push(await cache.get(k));
        expect(together).toEqual(oneByOne);
        expect(together).toEqual(entries.map(({ kind, value }) => (kind === 'plain' || kind === 'tagged' ? value : undefined)));
      },
    ), { numRuns: 25 });
  });
});

describe('on Memcached (2 nodes)', () => {
  test('a tick of gets stays one meta get per key (no many-key command to gain), written to each node together', async () => {
    const store = new MemcachedStore({ nodes: memcached.map((m) => m.address) });
    const seen = counting(store);
    const cache = new Cache({ store, closeStore: true, namespace: 'tick', ttl: '1m' });
    try {
      const keys = Array.from({ length: 50 }, (_, i) => `mc:${i}`);
      await cache.setMany(keys.map((k) => [k, k.toUpperCase()]));
      seen.get = 0;
      seen.getMany.length = 0;
      expect(await Promise.all(keys.map((k) => cache.get(k)))).toEqual(keys.map((k) => k.toUpperCase()));
      expect(seen).toEqual({ get: 50, getMany: [] });
    } finally {
      await cache.close();
    }
  });

  test.each([['gets', false], ['getMany', true]])('%s: a node that stops answering fails only its own keys; the other node\'s are hits', async (_name, viaGetMany) => {
    const store = new MemcachedStore({ nodes: memcached.map((m) => m.address), commandTimeout: 300 });
    const cache = new Cache({ store, closeStore: true, namespace: 'apart', ttl: '1m', circuitBreaker: false });
    const keys = Array.from({ length: 40 }, (_, i) => `node:${i}`);
    const readAll = async (): Promise<Set<string>> => {
      const values = viaGetMany ? await cache.getMany<string>(keys) : await Promise.all(keys.map((k) => cache.get<string>(k)));
      return new Set(values.filter((v): v is string => v !== undefined));
    };
    try {
      await cache.setMany(keys.map((k) => [k, k]));
      expect((await readAll()).size).toBe(keys.length);
      const onFirst = new Set<string>();
      await memcached[1].pause();
      try {
        cache.resetStats();
        for (const v of await readAll()) onFirst.add(v);
        // Some keys live on each node (40 keys on a ketama ring of two), and only the paused node's failed.
        expect(onFirst.size).toBeGreaterThan(0);
        expect(onFirst.size).toBeLessThan(keys.length);
        const failed = keys.length - onFirst.size;
        expect(cache.stats()).toMatchObject({ hits: onFirst.size, misses: failed, errors: viaGetMany ? 1 : failed }); // errors count calls
      } finally {
        memcached[1].resume();
      }
      await waitFor('the resumed node to answer again', 10_000, async () => (await readAll()).size === keys.length);
      await memcached[0].pause();
      try {
        const onSecond = await readAll();
        expect([...onSecond].sort()).toEqual(keys.filter((k) => !onFirst.has(k)).sort());
      } finally {
        memcached[0].resume();
      }
    } finally {
      await cache.close();
    }
  });
});
