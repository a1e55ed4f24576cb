import { counting, FakeClock, remoteLikeStore, RejectingStore } from './helpers';
import { Cache, CacheSerializationError } from '../src';

describe('read-through', () => {
  test('get loads a miss through the bound loader, with the bound TTL; hits skip it', async () => {
    const clock = new FakeClock();
    const cache = new Cache({ store: remoteLikeStore(clock.now), clock: clock.now });
    const db = new Map([['1', { name: 'alice' }]]);
    const load = jest.fn(async (id: string) => db.get(id) ?? null);
    const users = cache.readThrough({ load, ttl: '5s' });
    expect(await users.get('1')).toEqual({ name: 'alice' });
    expect(await users.get('1')).toEqual({ name: 'alice' });
    expect(await users.get('2')).toBeNull(); // negative caching via null
    expect(await users.get('2')).toBeNull();
    expect(load).toHaveBeenCalledTimes(2);
    clock.advance(5_000);
    await users.get('1');
    expect(load).toHaveBeenCalledTimes(3);
  });
});

describe('write-through', () => {
  test('source first, then cache', async () => {
    const order: string[] = [];
    const cache = new Cache();
    const source = new Map<string, number>();
    const write = jest.fn(async (key: string, value: number) => {
      order.push(`source:${key}=${value}; cached=${String(await cache.get(key))}`);
      source.set(key, value);
    });
    const counters = cache.writeThrough({ write, ttl: '1m' });
    await counters.set('a', 1);
    expect(source.get('a')).toBe(1);
    expect(await counters.get('a')).toBe(1);
    await counters.set('a', 2);
    expect(order).toEqual(['source:a=1; cached=undefined', 'source:a=2; cached=1']);
    expect(await cache.get('a')).toBe(2);
  });

  test('a failed source write rejects and leaves the cache untouched', async () => {
    const cache = new Cache();
    await cache.set('a', 'old');
    const strategy = cache.writeThrough<string>({
      write: async () => {
        throw new Error('constraint violated');
      },
    });
    await expect(strategy.set('a', 'new')).rejects.toThrow('constraint violated');
    expect(await cache.get('a')).toBe('old');
  });

  test('an unstorable value is refused before the source is written', async () => {
    const cache = new Cache({ store: remoteLikeStore() });
    const write = jest.fn(async () => undefined);
    const strategy = cache.writeThrough<unknown>({ write });
    await expect(strategy.set('a', { f: () => 1 })).rejects.toThrow(CacheSerializationError);
    expect(write).not.toHaveBeenCalled();
  });

  test('cache down after a successful source write: resolves, error counted', async () => {
    const cache = new Cache({ store: new RejectingStore() });
    const write = jest.fn(async () => undefined);
    await cache.writeThrough({ write }).set('a', 1);
    expect(write).toHaveBeenCalledTimes(1);
    expect(cache.stats().errors).toBeGreaterThan(0);
  });

  test('a failed cache write removes the old cached value (no stale read after a successful source write)', async () => {
    const { store } = counting(remoteLikeStore());
    const cache = new Cache({ store });
    await cache.set('a', 'old');
    const realSet = store.set.bind(store);
    store.set = async () => {
      throw new Error('OOM command not allowed');
    };
    await cache.writeThrough<string>({ write: async () => undefined }).set('a', 'new');
    store.set = realSet;
    expect(await cache.get('a')).toBeUndefined();
    expect(cache.stats().errors).toBe(1);
  });

  test('with load, get is read-through', async () => {
    const cache = new Cache();
    const strategy = cache.writeThrough<number>({ write: async () => undefined, load: async () => 7 });
    expect(await strategy.get('x')).toBe(7);
    expect(await cache.get('x')).toBe(7);
  });
});
