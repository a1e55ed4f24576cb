import { FakeClock, remoteLikeStore } from './helpers';
import { Cache, CacheOptionError, CacheSerializationError, MemoryStore } from '../src';

/** Each behaviour is checked over both paths: by reference (memory) and serialized (remote). */
const kinds = [
  ['memory store (by reference)', (clock: FakeClock) => new MemoryStore({ clock: clock.now })],
  ['remote-like store (serialized)', (clock: FakeClock) => remoteLikeStore(clock.now)],
] as const;

describe.each(kinds)('Cache over a %s', (_name, makeStore) => {
  let clock: FakeClock;
  let store: MemoryStore;
  let cache: Cache;
  beforeEach(() => {
    clock = new FakeClock();
    store = makeStore(clock);
    cache = new Cache({ store, clock: clock.now, ttl: '1m' });
  });
  afterEach(() => cache.close());

  test('get / set / delete', async () => {
    expect(await cache.get('a')).toBeUndefined();
    await cache.set('a', { n: 1, at: new Date(0) });
    expect(await cache.get('a')).toEqual({ n: 1, at: new Date(0) });
    await cache.set('a', null);
    expect(await cache.get('a')).toBeNull(); // null is a value, not a miss
    expect(await cache.delete('a')).toBe(true);
    expect(await cache.delete('a')).toBe(false);
    expect(await cache.get('a')).toBeUndefined();
  });

  test('deleteMany', async () => {
    await cache.set('a', 1);
    await cache.set('b', 2);
    await cache.set('c', 3);
    expect(await cache.deleteMany(['a', 'b', 'x'])).toBe(2);
    expect(await cache.deleteMany([])).toBe(0);
    expect(await cache.get('a')).toBeUndefined();
    expect(await cache.get('c')).toBe(3);
  });

  test('TTL: the cache default, then per call in ms or as a string', async () => {
    await cache.set('default', 1);
    await cache.set('short', 2, { ttl: 100 });
    await cache.set('string', 3, { ttl: '2m' });
    clock.advance(100);
    expect(await cache.get('short')).toBeUndefined();
    expect(await cache.get('default')).toBe(1);
    clock.advance(60_000 - 100);
    expect(await cache.get('default')).toBeUndefined();
    expect(await cache.get('string')).toBe(3);
    clock.advance(60_000);
    expect(await cache.get('string')).toBeUndefined();
  });

  test('a bad per-call TTL rejects, naming the option', async () => {
    await expect(cache.set('a', 1, { ttl: 'soon' })).rejects.toThrow("Invalid duration for option 'ttl': \"soon\"");
  });

  test('undefined cannot be cached; getOrSet returns it without caching', async () => {
    await expect(cache.set('a', undefined)).rejects.toThrow(CacheSerializationError);
    const loader = jest.fn(async () => undefined);
    expect(await cache.getOrSet('a', loader)).toBeUndefined();
    expect(await cache.getOrSet('a', loader)).toBeUndefined();
    expect(loader).toHaveBeenCalledTimes(2);
  });

  test('getOrSet: loads once, then hits; the loader receives the key', async () => {
    const loader = jest.fn(async (key: string) => `value of ${key}`);
    expect(await cache.getOrSet('user:1', loader)).toBe('value of user:1');
    expect(await cache.getOrSet('user:1', loader)).toBe('value of user:1');
    expect(loader).toHaveBeenCalledTimes(1);
    expect(loader).toHaveBeenCalledWith('user:1');
  });

  test('getOrSet: a loader error rejects and nothing is cached', async () => {
    await expect(cache.getOrSet('a', async () => {
      throw new Error('db down');
    })).rejects.toThrow('db down');
    await expect(cache.getOrSet('a', () => {
      throw new Error('sync throw');
    })).rejects.toThrow('sync throw');
    expect(await cache.get('a')).toBeUndefined();
    expect(cache.stats().loadErrors).toBe(2);
  });

  test('a sync loader works too', async () => {
    expect(await cache.getOrSet('a', () => 5)).toBe(5);
    expect(await cache.get('a')).toBe(5);
  });

  test('namespaces: keys are prefixed `ns:`; clear() removes only that namespace', async () => {
    const users = new Cache({ store, namespace: 'users', clock: clock.now });
    const orders = new Cache({ store, namespace: 'orders', clock: clock.now });
    await users.set('1', 'alice');
    await orders.set('1', 'order');
    expect(await store.get('users:1')).toBeDefined();
    expect(await users.get('1')).toBe('alice');
    expect(await orders.get('1')).toBe('order');
    expect(await users.clear()).toBe(1);
    expect(await users.get('1')).toBeUndefined();
    expect(await orders.get('1')).toBe('order');
  });

  test('a delete during a load keeps the loaded (older) value out of the cache', async () => {
    let release!: () => void;
    const loading = cache.getOrSet('a', () => new Promise<string>((resolve) => {
      release = () => resolve('old');
    }), { ttl: '1m' });
    await new Promise((resolve) => setImmediate(resolve));
    await cache.delete('a');
    release();
    expect(await loading).toBe('old'); // the waiting caller still gets its answer
    expect(await cache.get('a')).toBeUndefined();
  });
});

describe('Cache options', () => {
  test('jitter draws each TTL from [ttl × (1 − j), ttl]', async () => {
    const clock = new FakeClock();
    for (const [random, expected] of [[0, 10_000], [0.5, 9_000], [0.999999, 8_001]] as const) {
      const cache = new Cache({ clock: clock.now, ttl: '10s', jitter: 20, random: () => random });
      await cache.set('a', 1);
      clock.advance(expected - 1);
      expect(await cache.get('a')).toBe(1);
      clock.advance(1);
      expect(await cache.get('a')).toBeUndefined();
      await cache.close();
    }
  });

  test('jitter with the real random source stays within bounds', async () => {
    const clock = new FakeClock();
    const store = new MemoryStore({ clock: clock.now });
    const cache = new Cache({ store, clock: clock.now, ttl: 1000, jitter: 50 });
    for (let i = 0; i < 200; i++) await cache.set(`k${i}`, i);
    clock.advance(499);
    for (let i = 0; i < 200; i++) expect(await cache.get(`k${i}`)).toBe(i); // none below 500 ms
    clock.advance(501);
    for (let i = 0; i < 200; i++) expect(await cache.get(`k${i}`)).toBeUndefined(); // none above 1000 ms
  });

  test.each([
    [{ jitter: 150 }, /'jitter'/],
    [{ ttl: 'forever' }, /'ttl'/],
    [{ grace: '1m' }, /'grace' needs a 'ttl'/],
    [{ l1: new MemoryStore({ byReference: false }) }, /'l1'/],
    [{ lease: { wait: 'x' } }, /'lease.wait'/],
    [{ store: remoteLikeStore(), timeout: -1 }, /'timeout'/],
  ])('%p is refused', (options, message) => {
    expect(() => new Cache(options)).toThrow(CacheOptionError);
    expect(() => new Cache(options)).toThrow(message);
  });

  test('the default store is an owned MemoryStore; close is idempotent', async () => {
    const cache = new Cache();
    await cache.set('a', { deep: [1] });
    const value = await cache.get<{ deep: number[] }>('a');
    expect(value).toEqual({ deep: [1] });
    expect(await cache.get('a')).toBe(value); // by reference: the same object
    await cache.close();
    await cache.close();
  });

  test('a store passed in is not closed with the Cache', async () => {
    const store = new MemoryStore();
    const cache = new Cache({ store });
    await cache.set('a', 1);
    await cache.close();
    expect(store.peek('a')).toBe(1);
  });

  test('values that cannot be serialized are refused for remote stores, naming the key', async () => {
    const cache = new Cache({ store: remoteLikeStore(), namespace: 'ns' });
    await expect(cache.set('fn', { f: () => 1 })).rejects.toThrow("Cannot cache key 'fn': a function at property 'f'");
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    await expect(cache.getOrSet('loop', async () => loop)).rejects.toThrow(/key 'loop'.*circular/);
  });
});
