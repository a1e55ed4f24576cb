import fc from 'fast-check';
import { Cache, CacheStore, MemcachedStore, RedisStore } from '../src';
import { MemcachedServer, startMemcached } from './memcached/servers';
import { eventually } from './redis/helpers';
import { RedisServer, startRedis, TcpProxy } from './servers';

// Invalidations are never dropped (issue 9, item 1). Cache A reaches the servers through proxies
// that can silence every byte (a network partition: what A sends is lost, never delivered late);
// B connects directly (to memcached through the same proxies, healed before it reads). An invalidation A makes while cut off resolves (the failure is absorbed),
// yet once the servers are reachable no read, by A or by anyone, returns the value it removed.
let redis: RedisServer;
let memcached: MemcachedServer[];
let redisProxy: TcpProxy;
let memcachedProxies: TcpProxy[];
beforeAll(async () => {
  const started = await Promise.all([startRedis(), startMemcached(), startMemcached(), startMemcached()]);
  redis = started[0] as RedisServer;
  memcached = started.slice(1) as MemcachedServer[];
  redisProxy = await TcpProxy.start(redis);
  memcachedProxies = await Promise.all(memcached.map((m) => TcpProxy.start(m)));
}, 30_000);
afterAll(async () => {
  await Promise.all([redisProxy?.close(), ...(memcachedProxies ?? []).map((p) => p.close())]);
  await Promise.all([redis?.destroy(), ...(memcached ?? []).map((m) => m.kill())]);
});

type Op = 'delete' | 'deleteMany' | 'deleteByTag' | 'writeThrough' | 'clear';

interface Target {
  readonly proxies: () => TcpProxy[];
  readonly cutOff: () => CacheStore;
  readonly direct: () => CacheStore;
  readonly ops: Op[];
}

const targets: Array<[string, Target]> = [
  ['redis', {
    proxies: () => [redisProxy],
    cutOff: () => new RedisStore({ host: redisProxy.host, port: redisProxy.port, commandTimeout: 150, reconnect: { minDelay: 20, maxDelay: 200 } }),
    direct: () => new RedisStore({ url: redis.url }),
    ops: ['delete', 'deleteMany', 'deleteByTag', 'writeThrough', 'clear'],
  }],
  ['memcached (3 nodes)', {
    proxies: () => memcachedProxies,
    cutOff: () => new MemcachedStore({ nodes: memcachedProxies.map((p) => `${p.host}:${p.port}`), commandTimeout: 150 }),
    // Through the same proxies: ketama places keys by node address, so both must name the same nodes.
    direct: () => new MemcachedStore({ nodes: memcachedProxies.map((p) => `${p.host}:${p.port}`), commandTimeout: 150 }),
    ops: ['delete', 'deleteMany', 'deleteByTag', 'writeThrough'], // memcached cannot clear by prefix
  }],
];

describe.each(targets)('on %s', (_name, target) => {
  test('once the store is reachable again, no read returns a value an acknowledged invalidation removed', async () => {
    const a = new Cache({ store: target.cutOff(), closeStore: true, namespace: 'inv', ttl: '1h' });
    // B rejects on a cache failure, so a miss it reports is a real absence, not its own outage.
    const b = new Cache({ store: target.direct(), closeStore: true, namespace: 'inv', ttl: '1h', throwOnCacheError: true });
    const source = new Map<string, number>();
    const writer = a.writeThrough<number>({ write: (key, value) => { source.set(key, value); } });
    let run = 0;
    try {
      await fc.assert(fc.asyncProperty(fc.constantFrom(...target.ops), async (op) => {
        const keys = [`k${run}`, `j${run}`];
        run++;
        await eventually(async () => { // B may still be reconnecting after the last run's cut
          for (const key of keys) await b.set(key, 100, { tags: ['price'] });
        }, 15_000, 50);
        await eventually(async () => { // A reads it before the cut (reconnected after the last run's)
          expect(await a.get(keys[0])).toBe(100);
        }, 15_000, 50);

        for (const proxy of target.proxies()) {
          proxy.silenceAll();
          proxy.silenceExisting();
        }
        if (op === 'delete') await a.delete(keys[0]);
        if (op === 'deleteMany') await a.deleteMany(keys);
        if (op === 'deleteByTag') await a.deleteByTag('price');
        if (op === 'writeThrough') await writer.set(keys[0], 200); // the source has 200, the cache step is cut off
        if (op === 'clear') await a.clear();
        for (const proxy of target.proxies()) proxy.heal();

        expect(await a.get(keys[0])).not.toBe(100); // A's own reads: at once
        await eventually(async () => { // everyone's, once A's recorded invalidation is applied
          expect(await b.get(keys[0])).not.toBe(100);
        }, 15_000, 50);
        expect(await a.get(keys[0])).not.toBe(100);
      }), { numRuns: 8 });
    } finally {
      for (const proxy of target.proxies()) proxy.heal();
      await a.close();
      await b.close();
    }
  }, 150_000);
});
