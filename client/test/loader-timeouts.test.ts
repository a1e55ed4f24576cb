import { deferred } from './helpers';
import { Cache, CacheLoadTimeoutError, CacheStore, CacheTimeoutError, MemoryStore, RedisStore } from '../src';
import { RedisServer, sleep, startRedis } from './servers';

// Loader timeouts (issue 9, item 5): a hung loader must not hold a key, nor its callers, forever.
let redis: RedisServer;
beforeAll(async () => { redis = await startRedis(); });
afterAll(async () => { await redis?.destroy(); });

const stores: Array<[string, () => CacheStore]> = [
  ['memory', () => new MemoryStore()],
  ['redis', () => new RedisStore({ url: redis.url })],
];

describe.each(stores)('on %s', (_name, makeStore) => {
  let cache: Cache;
  let n = 0;
  beforeEach(() => { cache = new Cache({ store: makeStore(), closeStore: true, namespace: `lt${n++}`, ttl: '1m' }); });
  afterEach(async () => { await cache.close(); });

  test('hard timeout: the caller and those who joined are rejected, the next caller loads afresh, the late result is dropped', async () => {
    const hung = deferred<string>();
    const started = performance.now();
    const first = cache.getOrSet('k', () => hung.promise, { timeout: 100 });
    const joined = cache.getOrSet('k', async () => 'never called: it joins the first load');
    await expect(first).rejects.toBeInstanceOf(CacheLoadTimeoutError);
    await expect(joined).rejects.toBeInstanceOf(CacheTimeoutError);
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(95);
    expect(waited).toBeLessThan(2_000);
    expect(await cache.getOrSet('k', async () => 'fresh')).toBe('fresh'); // a new load, not the hung one
    hung.resolve('late');
    await sleep(20);
    expect(await cache.get('k')).toBe('fresh'); // the late result did not overwrite it
  });

  test('close() does not hang on a hung background refresh: it waits at most lease.ttl', async () => {
    const closing = new Cache({ store: makeStore(), closeStore: true, namespace: `close${n++}`, ttl: 30, grace: '1m', lease: { ttl: 300 } });
    await closing.set('k', 'old');
    await sleep(50);
    const hung = deferred<string>();
    expect(await closing.getOrSet('k', () => hung.promise)).toBe('old'); // stale, refreshing in the background
    const started = performance.now();
    await closing.close();
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(250);
    expect(waited).toBeLessThan(3_000);
    hung.resolve('late');
  });

  test('a loader that answers in time is unaffected by its timeout', async () => {
    expect(await cache.getOrSet('k', async () => { await sleep(10); return 'v'; }, { timeout: 1_000 })).toBe('v');
    expect(await cache.get('k')).toBe('v');
  });

  test('the Cache-wide loadTimeout applies to every load, refreshes too', async () => {
    const strict = new Cache({ store: makeStore(), closeStore: true, namespace: `strict${n++}`, loadTimeout: 50, graceBackoff: 0 });
    try {
      await expect(strict.getOrSet('k', () => new Promise<string>(() => undefined))).rejects.toBeInstanceOf(CacheLoadTimeoutError);
      expect(strict.stats()).toMatchObject({ loads: 1, loadErrors: 1 });
      // A hung background refresh gives its key back too: the next stale read refreshes again.
      await strict.set('s', 'stale', { ttl: 1, grace: '1m' });
      await sleep(5);
      expect(await strict.getOrSet('s', () => new Promise<string>(() => undefined), { ttl: '1m', grace: '1m' })).toBe('stale');
      await sleep(100);
      expect(await strict.getOrSet('s', async () => 'fresh', { ttl: '1m', grace: '1m' })).toBe('stale');
      await sleep(20);
      expect(await strict.get('s')).toBe('fresh');
    } finally {
      await strict.close();
    }
  });

  test('soft timeout: with a stale value at hand the caller gets it, and the slow load is cached when it ends', async () => {
    const waiting = new Cache({ store: makeStore(), closeStore: true, namespace: `soft${n++}`, staleWhileRevalidate: false });
    try {
      await waiting.set('k', 'stale', { ttl: 1, grace: '1m' });
      await sleep(5);
      const slow = deferred<string>();
      const started = performance.now();
      expect(await waiting.getOrSet('k', () => slow.promise, { ttl: '1m', grace: '1m', softTimeout: 50 })).toBe('stale');
      expect(performance.now() - started).toBeLessThan(1_000);
      slow.resolve('fresh');
      await sleep(20);
      expect(await waiting.getOrSet('k', async () => 'not needed')).toBe('fresh');
    } finally {
      await waiting.close();
    }
  });

  test('soft timeout without a stale value waits for the load (nothing else to serve)', async () => {
    expect(await cache.getOrSet('k', async () => { await sleep(80); return 'v'; }, { softTimeout: 10 })).toBe('v');
  });
});
