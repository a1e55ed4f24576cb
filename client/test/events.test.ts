import { deferred, FakeClock } from './helpers';
import { Cache, CacheEventMap, CacheEventName, CacheLoadTimeoutError, CacheTimeoutError, MemoryStore, RedisStore } from '../src';
import { eventually } from './redis/helpers';
import { RedisServer, startRedis, TcpProxy } from './servers';

// cache.on(event, listener) (issue 9, item 6): reads, loads, absorbed failures and the circuit
// breaker, on a real redis-server (behind a proxy that can silence it).
let redis: RedisServer;
let proxy: TcpProxy;
beforeAll(async () => {
  redis = await startRedis();
  proxy = await TcpProxy.start(redis);
}, 30_000);
afterAll(async () => {
  await proxy?.close();
  await redis?.destroy();
});
afterEach(() => proxy.heal());

type Seen = Array<{ event: CacheEventName; payload: CacheEventMap[CacheEventName] }>;
function record(cache: Cache, events: CacheEventName[]): Seen {
  const seen: Seen = [];
  for (const event of events) cache.on(event, (payload) => seen.push({ event, payload }));
  return seen;
}

describe('on redis-server', () => {
  test('hit, miss, stale and load carry the caller\'s key (no namespace); joiners of a load count as they do in stats()', async () => {
    const clock = new FakeClock();
    const cache = new Cache({ store: new RedisStore({ url: redis.url }), closeStore: true, namespace: `ev${Date.now()}`, ttl: '1h', grace: '1h', clock: clock.now });
    const seen = record(cache, ['hit', 'miss', 'stale', 'load']);
    try {
      const gate = deferred<number>();
      const three = [cache.getOrSet('a', () => gate.promise), cache.getOrSet('a', () => 0), cache.getOrSet('a', () => 0)];
      await eventually(() => expect(seen.filter((s) => s.event === 'miss')).toHaveLength(1));
      gate.resolve(1);
      expect(await Promise.all(three)).toEqual([1, 1, 1]);
      expect(await cache.get('a')).toBe(1);
      expect(await cache.get('b')).toBeUndefined();
      clock.advance(3_600_001);
      expect(await cache.getOrSet('a', () => 2)).toBe(1); // stale, refreshed in the background
      await eventually(() => expect(seen.filter((s) => s.event === 'load')).toHaveLength(2));
      const of = (event: CacheEventName) => seen.filter((s) => s.event === event).map((s) => s.payload);
      expect(of('miss')).toEqual([{ key: 'a' }, { key: 'a' }, { key: 'a' }, { key: 'b' }]);
      expect(of('hit')).toEqual([{ key: 'a' }]);
      expect(of('stale')).toEqual([{ key: 'a' }]);
      expect(of('load')).toEqual([
        { key: 'a', outcome: 'ok', durationMs: expect.any(Number) },
        { key: 'a', outcome: 'ok', durationMs: expect.any(Number) },
      ]);
      const stats = cache.stats();
      expect([stats.hits, stats.misses, stats.staleHits, stats.loads]).toEqual([of('hit').length, of('miss').length, of('stale').length, of('load').length]);
    } finally {
      await cache.close();
    }
  });

  test('load reports failures and hard timeouts with their duration and error', async () => {
    const cache = new Cache({ store: new RedisStore({ url: redis.url }), closeStore: true, namespace: `lo${Date.now()}` });
    const seen = record(cache, ['load']);
    try {
      const boom = new Error('db down');
      await expect(cache.getOrSet('x', () => Promise.reject(boom))).rejects.toBe(boom);
      await expect(cache.getOrSet('y', () => new Promise(() => undefined), { timeout: 50 })).rejects.toThrow(CacheLoadTimeoutError);
      expect(seen.map((s) => s.payload)).toEqual([
        { key: 'x', outcome: 'error', error: boom, durationMs: expect.any(Number) },
        { key: 'y', outcome: 'timeout', error: expect.any(CacheLoadTimeoutError), durationMs: expect.any(Number) },
      ]);
      expect((seen[1].payload as CacheEventMap['load']).durationMs).toBeGreaterThanOrEqual(49); // timers may fire within 1 ms early
    } finally {
      await cache.close();
    }
  });

  test('error carries the CacheError and its operation; breaker:open once when the circuit opens, breaker:close when a probe succeeds', async () => {
    const store = new RedisStore({ host: proxy.host, port: proxy.port, commandTimeout: 1_000, reconnect: { minDelay: 20, maxDelay: 200 } });
    const cache = new Cache({ store, closeStore: true, namespace: `br${Date.now()}`, timeout: 100, circuitBreaker: { failures: 3, cooldown: 200 }, logger: false });
    let seen: Seen = [];
    try {
      // Warm up first: on a loaded machine the first command can outlast the 100 ms timeout.
      await eventually(async () => {
        await cache.set('k', 1);
        expect(await cache.get('k')).toBe(1);
      }, 20_000, 100);
      seen = record(cache, ['error', 'breaker:open', 'breaker:close']);
      proxy.silenceAll();
      for (let i = 0; i < 6; i++) expect(await cache.get('k')).toBeUndefined();
      // The six reads' errors (a warm-up write that timed out may still retry its invalidation in the background).
      const errors = seen.filter((s) => s.event === 'error').map((s) => s.payload as CacheEventMap['error']).filter((e) => !e.background);
      expect(errors).toHaveLength(6);
      expect(errors[0]).toMatchObject({ key: 'k', op: 'get', background: false });
      expect(errors[0].error).toBeInstanceOf(CacheTimeoutError);
      expect(seen.filter((s) => s.event === 'breaker:open').map((s) => s.payload)).toEqual([{ store: 'redis', op: 'get', key: 'k' }]);
      proxy.heal();
      await eventually(async () => {
        await cache.get('k');
        expect(seen.some((s) => s.event === 'breaker:close')).toBe(true);
      }, 20_000, 100);
      expect(seen.filter((s) => s.event === 'breaker:open')).toHaveLength(1);
      expect(seen.filter((s) => s.event === 'breaker:close').map((s) => s.payload)).toEqual([{ store: 'redis', op: 'get', key: 'k' }]);
    } finally {
      await cache.close();
    }
  }, 40_000);
});

describe('on, once, off', () => {
  test('once fires one time; off removes a listener (also one added with once); on returns the cache for chaining', async () => {
    const cache = new Cache({ store: new MemoryStore() });
    const all: string[] = [];
    const first: string[] = [];
    const never = (): void => {
      throw new Error('removed');
    };
    const listener = ({ key }: { key: string }): void => {
      all.push(key);
    };
    expect(cache.on('miss', listener).once('miss', ({ key }) => first.push(key)).once('miss', never).off('miss', never)).toBe(cache);
    await cache.get('a');
    await cache.get('b');
    cache.off('miss', listener);
    await cache.get('c');
    expect(all).toEqual(['a', 'b']);
    expect(first).toEqual(['a']);
    await cache.close();
  });
});
