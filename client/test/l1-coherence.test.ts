import { remoteLikeStore } from './helpers';
import { Cache, CacheOptionError, CacheStore, MemcachedStore, MemoryStore, RedisStore, StoreHealthListener } from '../src';
import { startMemcached, MemcachedServer } from './memcached/servers';
import { RedisClusterServers, RedisServer, startCluster, startRedis } from './servers';

// L1 coherent by default (issue 9, item 3): a writer with default options, no L1 of its own,
// still evicts other instances' L1 copies, within milliseconds on loopback.
let redis: RedisServer;
let cluster: RedisClusterServers;
let memcached: MemcachedServer;
beforeAll(async () => {
  [redis, cluster, memcached] = await Promise.all([startRedis(), startCluster({ shards: 3, replicasPerShard: 0 }), startMemcached()]);
}, 60_000);
afterAll(async () => {
  await Promise.all([redis?.destroy(), cluster?.stop(), memcached?.kill()]);
});

const stores: Array<[string, () => CacheStore]> = [
  ['redis', () => new RedisStore({ url: redis.url })],
  ['redis cluster (3 shards)', () => new RedisStore({ url: cluster.nodes[0].url, cluster: [...cluster.seeds] })],
];

describe.each(stores)('on %s', (name, makeStore) => {
  test.each(['set', 'delete'] as const)('a %s by a Cache without an L1 evicts a peer\'s L1 copy in under 50 ms (median of 20)', async (op) => {
    const writer = new Cache({ store: makeStore(), closeStore: true, namespace: 'coh' }); // defaults: no l1, no publish option
    const reader = new Cache({ store: makeStore(), closeStore: true, namespace: 'coh', l1: new MemoryStore({ maxEntries: 100 }), l1Ttl: '1m' });
    try {
      await reader.ready();
      const elapsed: number[] = [];
      for (let i = 0; i < 20; i++) {
        const key = `${op}${i}`;
        await writer.set(key, 'old');
        expect(await reader.get(key)).toBe('old'); // now in the reader's L1
        const started = performance.now();
        if (op === 'set') await writer.set(key, 'new');
        else await writer.delete(key);
        const expected = op === 'set' ? 'new' : undefined;
        while (await reader.get(key) !== expected) {
          if (performance.now() - started > 5_000) throw new Error(`${name}: the reader's L1 still served 'old' 5 s after the ${op}`);
          await new Promise((resolve) => setImmediate(resolve));
        }
        elapsed.push(performance.now() - started);
      }
      elapsed.sort((x, y) => x - y);
      const median = elapsed[10];
      process.stdout.write(`L1 coherence on ${name}: ${op} → peer's L1 miss: median ${median.toFixed(2)} ms, max ${elapsed[19].toFixed(2)} ms\n`);
      expect(median).toBeLessThan(50);
    } finally {
      await writer.close();
      await reader.close();
    }
  });
});

test('an instance whose store reports it is back clears its L1: it may have missed invalidations', async () => {
  const shared = remoteLikeStore(); // serialized, with pub/sub; health reports are driven here
  const listeners = new Set<StoreHealthListener>();
  const store: CacheStore = Object.assign(Object.create(shared) as CacheStore, {
    onHealth: (listener: StoreHealthListener) => { listeners.add(listener); return () => listeners.delete(listener); },
  });
  const reader = new Cache({ store, namespace: 'cut', l1: new MemoryStore(), l1Ttl: '1h' });
  const silentWriter = new Cache({ store: shared, namespace: 'cut', publishInvalidations: false }); // its messages are "lost"
  await reader.ready();
  await silentWriter.set('k', 'old');
  expect(await reader.get('k')).toBe('old');
  await silentWriter.set('k', 'new');
  expect(await reader.get('k')).toBe('old'); // the L1 copy: nothing told it
  for (const listener of listeners) listener(false);
  expect(await reader.get('k')).toBe('old'); // still down: nothing to re-read from
  for (const listener of listeners) listener(true);
  await new Promise((resolve) => setImmediate(resolve));
  expect(await reader.get('k')).toBe('new');
  await reader.close();
  expect(listeners.size).toBe(0); // close() unregisters
});

describe('an L1 over Memcached (no pub/sub)', () => {
  const store = (): MemcachedStore => new MemcachedStore({ nodes: [memcached.address] });
  test.each([
    ['no l1Ttl', {}],
    ['l1Ttl 1m', { l1Ttl: '1m' }],
    ['l1Ttl 0 (no expiry)', { l1Ttl: 0 }],
  ])('is refused with %s: nothing would evict a peer\'s copy', async (_name, extra) => {
    const s = store();
    try {
      expect(() => new Cache({ store: s, l1: new MemoryStore(), ...extra })).toThrow(CacheOptionError);
      expect(() => new Cache({ store: s, l1: new MemoryStore(), ...extra })).toThrow(/'l1Ttl'.*at most 5s/);
    } finally {
      await s.close();
    }
  });

  test('is allowed with an explicit, short l1Ttl, and a peer\'s change shows once it expires', async () => {
    const writer = new Cache({ store: store(), closeStore: true, namespace: 'mcl1' });
    const reader = new Cache({ store: store(), closeStore: true, namespace: 'mcl1', l1: new MemoryStore(), l1Ttl: 200 });
    try {
      await writer.set('k', 'old');
      expect(await reader.get('k')).toBe('old');
      await writer.set('k', 'new');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await reader.get('k')).toBe('new');
    } finally {
      await writer.close();
      await reader.close();
    }
  });
});
