import { HangingStore, RejectingStore, remoteLikeStore } from './helpers';
import { Cache, CacheError, CacheStoreError, CacheTimeoutError, CacheUnavailableError, MemoryStore } from '../src';

describe('cache down: a store that always rejects', () => {
  test('every call resolves from the source; get returns undefined; errors are counted', async () => {
    const store = new RejectingStore();
    const errors: CacheError[] = [];
    const cache = new Cache({ store, circuitBreaker: false, onError: (err) => errors.push(err) });
    const loader = jest.fn(async (key: string) => `db:${key}`);
    for (let i = 0; i < 5; i++) expect(await cache.getOrSet('k', loader)).toBe('db:k');
    expect(loader).toHaveBeenCalledTimes(5);
    expect(await cache.get('k')).toBeUndefined();
    await cache.set('k', 1);
    expect(await cache.delete('k')).toBe(false);
    expect(await cache.deleteMany(['a', 'b'])).toBe(0);
    expect(await cache.clear()).toBe(0);
    await cache.deleteByTag('t');
    expect(await cache.readThrough({ load: loader }).get('x')).toBe('db:x');
    const stats = cache.stats();
    expect(stats.errors).toBe(12); // each of the 12 calls once, however many of its store calls failed
    expect(errors.length).toBeGreaterThan(stats.errors); // onError hears every failure (read + lease per getOrSet, …)
    expect(stats.misses).toBe(7);
    expect(errors[0]).toBeInstanceOf(CacheStoreError);
    expect(errors[0].message).toMatch(/down get 'k' failed: ECONNREFUSED/);
  });

  test('throwOnCacheError: the same failures reject instead', async () => {
    const cache = new Cache({ store: new RejectingStore(), throwOnCacheError: true });
    await expect(cache.get('k')).rejects.toThrow(CacheStoreError);
    await expect(cache.set('k', 1)).rejects.toThrow(CacheStoreError);
    await expect(cache.getOrSet('k', async () => 1)).rejects.toThrow(/ECONNREFUSED/);
    await expect(cache.delete('k')).rejects.toThrow(CacheStoreError);
  });

  test('a throwing onError hook does not turn an absorbed error into a failure', async () => {
    const cache = new Cache({
      store: new RejectingStore(),
      onError: () => {
        throw new Error('bad hook');
      },
    });
    expect(await cache.get('k')).toBeUndefined();
  });

  test('unreadable stored data (another program’s) is a counted miss, then overwritten', async () => {
    const store = remoteLikeStore();
    await store.set('k', 'not ours');
    const cache = new Cache({ store });
    expect(await cache.getOrSet('k', async () => 'fresh')).toBe('fresh');
    expect(cache.stats().errors).toBe(1);
    expect(await cache.get('k')).toBe('fresh');
  });
});

describe('partial failures', () => {
  /** A serialized store whose named methods reject. */
  function failing(...methods: string[]): MemoryStore {
    const store = remoteLikeStore();
    for (const method of methods) {
      (store as unknown as Record<string, unknown>)[method] = () => Promise.reject(new Error(`${method} failed`));
    }
    return store;
  }

  test('tag versions unreadable: a tagged read is a miss (never served unverified)', async () => {
    const store = failing();
    const cache = new Cache({ store });
    await cache.set('k', 1, { tags: ['t'] });
    store.getMany = () => Promise.reject(new Error('getMany failed'));
    expect(await cache.get('k')).toBeUndefined();
    expect(await cache.getOrSet('k', async () => 2, { tags: ['t'] })).toBe(2);
    expect(cache.stats().errors).toBe(2); // the get's check; the getOrSet's check and versions before load count once
  });

  test('tag versions unreadable on set: the old value is deleted rather than left stale', async () => {
    const store = failing();
    const cache = new Cache({ store });
    await cache.set('k', 'old', { tags: ['t'] });
    const getMany = store.getMany.bind(store);
    store.getMany = () => Promise.reject(new Error('getMany failed'));
    await cache.set('k', 'new', { tags: ['t'] });
    store.getMany = getMany;
    expect(await cache.get('k')).toBeUndefined();
    expect(await store.get('k')).toBeUndefined();
  });

  test('lease store calls failing: load anyway; a failed release is counted, the lease expires alone', async () => {
    const cache = new Cache({ store: failing('add') });
    expect(await cache.getOrSet('a', async () => 1)).toBe(1);
    expect(await cache.get('a')).toBe(1);
    const releasing = new Cache({ store: failing('deleteIfEquals') });
    expect(await releasing.getOrSet('b', async () => 2)).toBe(2);
    expect(releasing.stats().errors).toBe(1);
  });

  test('a failing publish is counted; the write itself stands', async () => {
    const store = failing('publish');
    const cache = new Cache({ store, l1: new MemoryStore() });
    await cache.set('k', 1);
    expect(await cache.get('k')).toBe(1);
    expect(cache.stats().errors).toBe(1);
  });
});

describe('a store that never answers', () => {
  test('each call gives up after `timeout`; reads go to the source', async () => {
    const store = new HangingStore();
    const cache = new Cache({ store, timeout: 30, circuitBreaker: false, lease: false });
    const started = performance.now();
    expect(await cache.get('k')).toBeUndefined();
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(25);
    expect(elapsed).toBeLessThan(500);
    expect(await cache.getOrSet('k', async () => 'db')).toBe('db'); // read timeout + write timeout
    const errors: CacheError[] = [];
    const strict = new Cache({ store, timeout: 30, throwOnCacheError: true, onError: (err) => errors.push(err) });
    await expect(strict.get('k')).rejects.toThrow(CacheTimeoutError);
    expect(errors[0].message).toBe("hanging get 'k' timed out after 30 ms");
    expect(cache.stats().errors).toBe(2); // the get; the getOrSet's read and write timeouts count once
  });

  test('the circuit breaker opens after repeated failures: calls then fail fast, then one probe', async () => {
    const store = new HangingStore();
    const errors: CacheError[] = [];
    // A cooldown long enough that a loaded CI machine finishes the 100 calls inside it.
    const cache = new Cache({
      store, timeout: 20, circuitBreaker: { failures: 2, cooldown: 1_000 }, lease: false, onError: (err) => errors.push(err),
    });
    await cache.get('a');
    await cache.get('b'); // 2 timeouts: open
    const callsWhenOpened = store.calls;
    const started = performance.now();
    for (let i = 0; i < 100; i++) expect(await cache.getOrSet('k', async () => i)).toBe(i);
    expect(performance.now() - started).toBeLessThan(1_000); // no timeouts while open (100 would take 2 s)
    expect(store.calls).toBe(callsWhenOpened); // the store was not called at all
    expect(errors.at(-1)).toBeInstanceOf(CacheUnavailableError);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await cache.get('probe');
    expect(store.calls).toBe(callsWhenOpened + 1); // exactly one probe after the cooldown
  });

  test('a store that recovers closes the circuit', async () => {
    const inner = new MemoryStore({ byReference: false });
    let down = true;
    const get = inner.get.bind(inner);
    inner.get = (key) => (down ? Promise.reject(new Error('down')) : get(key));
    const cache = new Cache({ store: inner, circuitBreaker: { failures: 1, cooldown: 500 } }); // outlasts a loaded machine's pause
    await cache.set('k', 1);
    expect(await cache.get('k')).toBeUndefined(); // opens
    down = false;
    expect(await cache.get('k')).toBeUndefined(); // still open: fail fast
    await new Promise((resolve) => setTimeout(resolve, 520));
    expect(await cache.get('k')).toBe(1); // probe succeeds: closed
    expect(await cache.get('k')).toBe(1);
  });

  test('timeout: false and circuitBreaker: false leave the store unwrapped', async () => {
    const store = remoteLikeStore();
    const cache = new Cache({ store, timeout: false, circuitBreaker: false });
    expect((cache as unknown as { store: unknown }).store).toBe(store);
  });

  test('a store that declares hasDeadlines is not wrapped, unless the options ask for it', async () => {
    const store = Object.assign(new HangingStore(), { hasDeadlines: true });
    expect((new Cache({ store }) as unknown as { store: unknown }).store).toBe(store);
    const explicit = new Cache({ store, timeout: 20, lease: false });
    expect(await explicit.get('k')).toBeUndefined(); // the explicit deadline still applies
  });

  test('a store that throws synchronously is treated like one that rejects', async () => {
    const store = remoteLikeStore();
    store.get = () => {
      throw new Error('sync failure');
    };
    const cache = new Cache({ store });
    expect(await cache.get('k')).toBeUndefined();
    expect(await cache.getOrSet('k', async () => 1)).toBe(1);
    expect(cache.stats().errors).toBe(2);
  });
});
