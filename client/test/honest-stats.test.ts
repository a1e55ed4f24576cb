import fc from 'fast-check';
import { Cache, CacheStore, CacheTimeoutError, RedisStore } from '../src';
import { eventually } from './redis/helpers';
import { RedisServer, startRedis, TcpProxy } from './servers';

// stats() is honest (issue 9, item 7): a real redis-server behind a proxy that is cut (every byte
// dropped, as in a partition) and healed at random points of random sequences of calls. Whatever
// happens, every read is counted once (hits + staleHits + misses = reads), every call that met a
// failure adds exactly one error (seen before: 58,819 errors for 56,555 calls), and every store
// read, also a failed or timed-out one, is in the read latency with its duration.
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

const COMMAND_TIMEOUT = 150;

/** The store, counting the `get`s the Cache sends it, and how long each that timed out took. */
function counted(store: RedisStore): { store: CacheStore; gets: number; timedOut: number[]; reset(): void } {
  const counts = { gets: 0, timedOut: [] as number[] };
  const wrapped = new Proxy(store, {
    get(target, property) {
      if (property === 'get') {
        return async (key: string) => {
          counts.gets++;
          const started = performance.now();
          try {
            return await target.get(key);
          } catch (err) {
            if (err instanceof CacheTimeoutError) counts.timedOut.push(performance.now() - started);
            throw err;
          }
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return {
    store: wrapped,
    get gets() { return counts.gets; },
    get timedOut() { return counts.timedOut; },
    reset() {
      counts.gets = 0;
      counts.timedOut = [];
    },
  };
}

type Step =
  | { readonly op: 'get' | 'getOrSet' | 'getOrSet×3' | 'getOrSetTagged' | 'set' | 'setTagged' | 'delete' | 'deleteByTag'; readonly key: string }
  | { readonly op: 'cut' | 'heal' };

const keyed = fc.record({
  op: fc.constantFrom('get', 'getOrSet', 'getOrSet×3', 'getOrSetTagged', 'set', 'setTagged', 'delete', 'deleteByTag') as fc.Arbitrary<Exclude<Step['op'], 'cut' | 'heal'>>,
  key: fc.constantFrom('a', 'b', 'c'),
});
const step: fc.Arbitrary<Step> = fc.oneof({ weight: 6, arbitrary: keyed }, { weight: 1, arbitrary: fc.record({ op: fc.constantFrom('cut' as const, 'heal' as const) }) });

test('for any calls with cuts and heals: reads counted once, errors ≤ calls, every store read (also timed out) in the latency', async () => {
  const redisStore = new RedisStore({
    host: proxy.host,
    port: proxy.port,
    commandTimeout: COMMAND_TIMEOUT,
    reconnect: { minDelay: 20, maxDelay: 200 },
  });
  const probe = counted(redisStore);
  const cache = new Cache({ store: probe.store, namespace: 'honest', ttl: '1h', lease: { wait: '300ms' }, logger: false });
  let sawTimeout = false;
  try {
    await fc.assert(fc.asyncProperty(fc.array(step, { minLength: 3, maxLength: 20 }), async (steps) => {
      proxy.heal();
      await eventually(() => redisStore.get('honest:probe').then(() => undefined), 20_000, 50); // reconnected after the last run's cut
      cache.resetStats();
      probe.reset();
      let reads = 0;
      let calls = 0;
      for (const s of steps) {
        if (s.op === 'cut') {
          proxy.silenceAll();
          proxy.silenceExisting();
          continue;
        }
        if (s.op === 'heal') {
          proxy.heal();
          continue;
        }
        const loader = async (): Promise<number> => 1;
        const tags = { tags: ['t'] };
        if (s.op === 'get') await cache.get(s.key);
        if (s.op === 'getOrSet') await cache.getOrSet(s.key, loader);
        if (s.op === 'getOrSet×3') await Promise.all([cache.getOrSet(s.key, loader), cache.getOrSet(s.key, loader), cache.getOrSet(s.key, loader)]);
        if (s.op === 'getOrSetTagged') await cache.getOrSet(s.key, loader, tags);
        if (s.op === 'set') await cache.set(s.key, 2);
        if (s.op === 'setTagged') await cache.set(s.key, 2, tags);
        if (s.op === 'delete') await cache.delete(s.key);
        if (s.op === 'deleteByTag') await cache.deleteByTag('t');
        const n = s.op === 'getOrSet×3' ? 3 : 1;
        calls += n;
        if (s.op === 'get' || s.op.startsWith('getOrSet')) reads += n;
      }
      const stats = cache.stats();
      expect(stats.hits + stats.staleHits + stats.misses).toBe(reads);
      expect(stats.errors).toBeLessThanOrEqual(calls);
      expect(stats.latency.read.count).toBe(probe.gets);
      if (probe.timedOut.length > 0) {
        sawTimeout = true;
        expect(stats.latency.read.max).toBeGreaterThanOrEqual(COMMAND_TIMEOUT);
        expect(stats.latency.read.max).toBeGreaterThanOrEqual(Math.min(...probe.timedOut));
      }
    }), { numRuns: 25 });
    expect(sawTimeout).toBe(true); // the runs did exercise timed-out reads
  } finally {
    proxy.heal();
    await cache.close();
    await redisStore.close();
  }
}, 240_000);
