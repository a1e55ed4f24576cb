import { Cache } from '../../src';
import { RedisStore } from '../../src/redis';
import { RedisClusterServers, RedisServer, sleep, startCluster, startRedis } from '../servers';

// The Cache's promises on a real redis-server: one loader call per key across app servers,
// expiry, and reads that never fail while the server dies or a cluster fails over.
const closing: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(closing.splice(0).reverse().map((c) => c.close()));
});

function cacheOn(store: RedisStore, namespace = 'strategies'): Cache {
  const cache = new Cache({ store, namespace });
  closing.push(store, cache);
  return cache;
}

describe('Cache on one redis-server', () => {
  let server: RedisServer;
  beforeAll(async () => { server = await startRedis(); });
  afterAll(async () => { await server?.destroy(); });

  test('1000 concurrent getOrSet on one instance → 1 loader call', async () => {
    const cache = cacheOn(new RedisStore({ url: server.url }), 'one');
    let calls = 0;
    const loader = async () => { calls++; await sleep(50); return 'v'; };
    const values = await Promise.all(Array.from({ length: 1000 }, () => cache.getOrSet('hot', loader)));
    expect(values.every((v) => v === 'v')).toBe(true);
    expect(calls).toBe(1);
  });

  test('two app servers (two Caches, two connections) → 1 loader call, the other waits for the value', async () => {
    const a = cacheOn(new RedisStore({ url: server.url }), 'two');
    const b = cacheOn(new RedisStore({ url: server.url }), 'two');
    let calls = 0;
    const loader = async () => { calls++; await sleep(200); return { price: 42 }; };
    const results = await Promise.all([
      ...Array.from({ length: 50 }, () => a.getOrSet('sku-1', loader)),
      ...Array.from({ length: 50 }, () => b.getOrSet('sku-1', loader)),
    ]);
    expect(results.every((r) => (r as { price: number }).price === 42)).toBe(true);
    expect(calls).toBe(1);
  });

  test('TTL expiry: the entry is gone from Redis after its TTL', async () => {
    const cache = cacheOn(new RedisStore({ url: server.url }), 'ttl');
    await cache.set('short', 1, { ttl: 300 });
    expect(await cache.get('short')).toBe(1);
    const pttl = Number(await server.command('PTTL', 'ttl:short'));
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(300);
    await sleep(450);
    expect(await cache.get('short')).toBeUndefined();
  });

  test('the server killed mid-run: every call resolves from the source, none hangs; then it recovers', async () => {
    const cache = cacheOn(new RedisStore({ url: server.url, commandTimeout: 300, reconnect: { minDelay: 20, maxDelay: 200 } }), 'kill');
    await cache.set('k', 'cached');
    await server.kill();
    const started = Date.now();
    const values = await Promise.all(Array.from({ length: 100 }, (_, i) => cache.getOrSet(`k${i % 10}`, async () => 'source')));
    expect(values.every((v) => v === 'source')).toBe(true);
    expect(await cache.get('k')).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(cache.stats().errors).toBeGreaterThan(0);
    await server.restart();
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      await cache.set('back', 'yes');
      if (await cache.get('back') === 'yes') break;
      await sleep(100);
    }
    expect(await cache.get('back')).toBe('yes');
  });
});

describe('Cache on a 3-shard cluster during a failover', () => {
  let cluster: RedisClusterServers;
  beforeAll(async () => { cluster = await startCluster({ shards: 3, replicasPerShard: 1 }); }, 60_000);
  afterAll(async () => { await cluster?.stop(); });

  test('getOrSet keeps answering (from the cache or the source, within its deadline) while a primary dies', async () => {
    const cache = cacheOn(new RedisStore({
      url: cluster.nodes[0].url, cluster: [...cluster.seeds], commandTimeout: 500, reconnect: { minDelay: 20, maxDelay: 250 },
    }), 'fo');
    const keys = Array.from({ length: 30 }, (_, i) => `item:${i}`);
    for (const key of keys) await cache.set(key, key);
    const victim = (await cluster.primaries())[1];
    const latencies: number[] = [];
    let wrong = 0;
    let running = true;
    const load = (async () => {
      while (running) {
        const key = keys[Math.floor(Math.random() * keys.length)];
        const started = Date.now();
        const value = await cache.getOrSet(key, async () => key);
        latencies.push(Date.now() - started);
        if (value !== key) wrong++;
        await sleep(5);
      }
    })();
    await sleep(200);
    await victim.kill();
    await sleep(4_000);
    running = false;
    await load;
    expect(wrong).toBe(0);
    expect(latencies.length).toBeGreaterThan(50);
    expect(Math.max(...latencies)).toBeLessThan(3_000);
  }, 60_000);
});
