import { Cache, CacheError, CacheOptionError, CacheStore, CacheValueTooLargeError, MemcachedStore, RedisStore } from '../src';
import { liveProcessCount, MemcachedServer, startMemcached, waitFor } from './memcached/servers';
import { RedisServer, startRedis } from './servers';
import { guardStore } from '../src/resilience/guarded-store';

jest.setTimeout(60_000);

// A value the store refuses never resolves as if stored: `set` rejects (with or without
// throwOnCacheError) and reports it; a load whose result is too large still answers its caller.
const MB = 1024 * 1024;
const big = 'x'.repeat(2 * MB);

let memcached: MemcachedServer;
let redis: RedisServer;
let smallRedis: RedisServer; // proto-max-bulk-len 1mb (the lowest Redis allows)
beforeAll(async () => {
  [memcached, redis, smallRedis] = await Promise.all([startMemcached(), startRedis(), startRedis({ args: ['--proto-max-bulk-len', '1mb'] })]);
}, 60_000);
afterAll(async () => {
  await Promise.all([memcached?.kill(), redis?.destroy(), smallRedis?.destroy()]);
  expect(liveProcessCount()).toBe(0);
});

const caches: Cache[] = [];
let run = 0;
afterEach(async () => {
  await Promise.all(caches.splice(0).map((c) => c.close()));
});

function cacheOn(store: CacheStore, throwOnCacheError = false): { cache: Cache; errors: CacheError[] } {
  const errors: CacheError[] = [];
  const cache = new Cache({ store, closeStore: true, namespace: `big${run++}`, throwOnCacheError, onError: (e) => errors.push(e) });
  caches.push(cache);
  return { cache, errors };
}

const stores: Array<[string, () => CacheStore, RegExp, number | undefined]> = [
  ['memcached (maxValueBytes, checked before sending)', () => new MemcachedStore({ nodes: [memcached.address] }),
    /memcached set 'big\d+:k': value is 2097155 bytes, over maxValueBytes 1047552 .*not sent/, 1_047_552],
  ['memcached (the server\'s -I 1m below maxValueBytes: SERVER_ERROR object too large)',
    () => new MemcachedStore({ nodes: [memcached.address], maxValueBytes: 4 * MB }),
    /memcached set 'big\d+:k' failed: SERVER_ERROR object too large for cache: the value is 2097155 bytes, over the server's item size limit/, undefined],
  ['redis (maxValueBytes set to proto-max-bulk-len)', () => new RedisStore({ url: smallRedis.url, maxValueBytes: MB }),
    /redis set 'big\d+:k': value is 2097155 bytes, over maxValueBytes 1048576 .*not sent/, MB],
  // Not here: a server whose proto-max-bulk-len is below maxValueBytes. It answers "invalid bulk
  // length" and closes the connection at once, so the client sees that reply or, as often under
  // load, only ECONNRESET: an outage, absorbed. Hence maxValueBytes (checked before sending).
];

describe.each(stores)('%s', (_name, makeStore, message, limit) => {
  test('cache.set of a 2 MB value rejects with CacheValueTooLargeError (no throwOnCacheError), reports it, and leaves no old value', async () => {
    const { cache, errors } = cacheOn(makeStore());
    await cache.set('k', 'old');
    const err = await cache.set('k', big).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CacheValueTooLargeError);
    expect((err as Error).message).toMatch(message);
    expect(err).toMatchObject({ key: expect.stringMatching(/^big\d+:k$/), op: 'set', limit });
    expect(errors).toEqual([err]);
    expect(cache.stats().errors).toBe(1);
    expect(await cache.get('k')).toBeUndefined(); // the write was refused: the old value is not served as if current
    // The store works afterwards (a Redis server that refused the value closed that connection: it reconnects).
    await waitFor('a small value to be stored', 10_000, async () => {
      await cache.set('k', 'small');
      return await cache.get('k') === 'small';
    });
  });

  test.each([false, true])('getOrSet with a too-large loaded value (throwOnCacheError %s): the caller gets the value, onError gets the refusal, nothing is kept',
    async (throwOnCacheError) => {
      const { cache, errors } = cacheOn(makeStore(), throwOnCacheError);
      let loads = 0;
      const loader = async () => {
        loads++;
        return big;
      };
      expect(await cache.getOrSet('k', loader) === big).toBe(true);
      // One refusal (a Redis server that refused the value also closed the connection: releasing the claim then fails too).
      expect(errors[0]).toBeInstanceOf(CacheValueTooLargeError);
      expect(errors.filter((e) => e instanceof CacheValueTooLargeError)).toHaveLength(1);
      await waitFor('the store to answer again', 10_000, () => cache.get('other').then(() => true, () => false));
      expect(await cache.get('k')).toBeUndefined();
      expect(await cache.getOrSet('k', loader) === big).toBe(true);
      expect(loads).toBe(2);
    });

  test('write-through: the source has the value, the refusal is reported, no stale entry', async () => {
    const { cache, errors } = cacheOn(makeStore());
    const source = new Map<string, string>();
    const prices = cache.writeThrough<string>({ write: (key, value) => void source.set(key, value) });
    await prices.set('k', 'old');
    await prices.set('k', big);
    expect(source.get('k') === big).toBe(true);
    expect(errors.map((e) => e.constructor)).toEqual([CacheValueTooLargeError]);
    expect(await prices.get('k')).toBeUndefined();
  });
});

test('redis: a 2 MB value under the default maxValueBytes (512 MiB, the default proto-max-bulk-len) is stored', async () => {
  const { cache, errors } = cacheOn(new RedisStore({ url: redis.url }));
  await cache.set('k', big);
  expect(await cache.get('k') === big).toBe(true);
  expect(errors).toEqual([]);
});

test("redis: 'maxValueBytes' must be a whole number of bytes above 0", () => {
  for (const bad of [0, -1, 1.5, Number.NaN, '1mb']) {
    expect(() => new RedisStore({ url: redis.url, maxValueBytes: bad as number })).toThrow(CacheOptionError);
    expect(() => new RedisStore({ url: redis.url, maxValueBytes: bad as number }))
      .toThrow(`Invalid value for option 'maxValueBytes': ${String(bad)}. Use a whole number of bytes above 0.`);
  }
});

test("too-large values do not open a Cache guard's circuit breaker (the SessionStore writes through that guard, with no cleanup call in between)", async () => {
  const inner = new MemcachedStore({ nodes: [memcached.address] });
  const guarded = guardStore(inner, { timeout: '1s', circuitBreaker: { failures: 2, cooldown: '1m' } });
  try {
    for (let i = 0; i < 5; i++) await expect(guarded.set(`k${i}`, big)).rejects.toBeInstanceOf(CacheValueTooLargeError);
    await guarded.set('small', 'fine');
    expect(await guarded.get('small')).toBe('fine');
  } finally {
    await guarded.close();
  }
});
