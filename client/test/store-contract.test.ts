import fc from 'fast-check';
import { CacheStore, CacheUnsupportedError, MemcachedStore, MemoryStore, RedisStore } from '../src';
import { MemcachedServer, startMemcached } from './memcached/servers';
import { RedisClusterServers, RedisServer, sleep, startCluster, startRedis } from './servers';

// The CacheStore contract (issue 12: one suite for every store). What the Cache relies on from a
// store, run against the in-process store, Valkey / Redis standalone and cluster mode, and
// Memcached over several nodes. Store-specific behaviour (LRU, SCAN pages, key hashing, TLS, …)
// stays in each store's own tests.
let redis: RedisServer;
let cluster: RedisClusterServers;
let memcached: MemcachedServer[];
beforeAll(async () => {
  const started = await Promise.all([
    startRedis(), startCluster({ shards: 3, replicasPerShard: 0 }), startMemcached(), startMemcached(), startMemcached(),
  ]);
  redis = started[0] as RedisServer;
  cluster = started[1] as RedisClusterServers;
  memcached = started.slice(2) as MemcachedServer[];
}, 60_000);
afterAll(async () => {
  await Promise.all([redis?.destroy(), cluster?.stop(), ...(memcached ?? []).map((m) => m.kill())]);
});

interface Setup {
  readonly make: () => CacheStore;
  /** A TTL the store honours exactly enough, and how long to wait for it to pass. */
  readonly ttlMs: number;
  readonly expiredAfterMs: number;
  /** clear / keys: every store that can enumerate keys does; Memcached rejects them. */
  readonly enumerates: boolean;
}

const setups: Array<[string, Setup]> = [
  ['memory', { make: () => new MemoryStore({ byReference: false }), ttlMs: 50, expiredAfterMs: 80, enumerates: true }],
  ['redis', { make: () => new RedisStore({ url: redis.url }), ttlMs: 50, expiredAfterMs: 120, enumerates: true }],
  ['redis cluster (3 shards)', { make: () => new RedisStore({ url: cluster.nodes[0].url, cluster: [...cluster.seeds] }), ttlMs: 50, expiredAfterMs: 120, enumerates: true }],
  // memcached's clock ticks once a second: a 1 s TTL ends within 1–2 s of the set.
  ['memcached (3 nodes)', { make: () => new MemcachedStore({ nodes: memcached.map((m) => m.address) }), ttlMs: 1_000, expiredAfterMs: 2_100, enumerates: false }],
];

describe.each(setups)('CacheStore contract on %s', (_name, setup) => {
  let store: CacheStore;
  let n = 0;
  const key = (name: string) => `contract:${++n}:${name}`;
  beforeAll(() => {
    store = setup.make();
  });
  afterAll(() => store.close());

  test('get / set / delete: a value written is read back until deleted; absent reads undefined', async () => {
    const k = key('rt');
    expect(await store.get(k)).toBeUndefined();
    await store.set(k, 'j{"a":1}');
    expect(await store.get(k)).toBe('j{"a":1}');
    await store.set(k, 'j{"a":2}');
    expect(await store.get(k)).toBe('j{"a":2}');
    expect(await store.delete(k)).toBe(true);
    expect(await store.delete(k)).toBe(false);
    expect(await store.get(k)).toBeUndefined();
  });

  test('strings come back exactly (unicode, CRLF, empty, 200 kB); NUL-led Buffers (the codec\'s binary format) byte for byte', async () => {
    const values = ['jé 😀 ☃', 'a\r\nb\r\n', '', 'x'.repeat(200_000)];
    const keys = values.map((_, i) => key(`s${i}`));
    for (let i = 0; i < values.length; i++) await store.set(keys[i], values[i]);
    for (let i = 0; i < values.length; i++) expect(await store.get(keys[i])).toBe(values[i]);
    const binary = Buffer.from([0, 1, 0xff, 0xfe, 0x80, 0x00, 0x7f]);
    const b = key('bin');
    await store.set(b, binary);
    const read = await store.get(b);
    expect(Buffer.isBuffer(read) && read.equals(binary)).toBe(true);
  });

  test('getMany: values in key order, repeated keys repeated, undefined where absent', async () => {
    const [a, b, none] = [key('a'), key('b'), key('none')];
    await store.set(a, 'A');
    await store.set(b, 'B');
    expect(await store.getMany([b, none, a, b])).toEqual(['B', undefined, 'A', 'B']);
    expect(await store.getMany([])).toEqual([]);
  });

  test('TTLs: a key expires after its TTL, 0 or none keeps it; touch extends a TTL and tells whether the key exists', async () => {
    const [short, kept, touched, forever] = [key('short'), key('kept'), key('touched'), key('forever')];
    await store.set(short, 'x', setup.ttlMs);
    await store.set(kept, 'k', 60_000);
    await store.set(touched, 't', setup.ttlMs);
    await store.set(forever, 'f');
    expect(await store.touch(touched, 60_000)).toBe(true);
    expect(await store.touch(key('missing'), 60_000)).toBe(false);
    await sleep(setup.expiredAfterMs);
    expect(await store.getMany([short, kept, touched, forever])).toEqual([undefined, 'k', 't', 'f']);
  });

  test('add stores only when absent (or expired), with its TTL', async () => {
    const k = key('add');
    expect(await store.add(k, 'first', 60_000)).toBe(true);
    expect(await store.add(k, 'second', 60_000)).toBe(false);
    expect(await store.get(k)).toBe('first');
    const brief = key('brief');
    expect(await store.add(brief, 'one', setup.ttlMs)).toBe(true);
    await sleep(setup.expiredAfterMs);
    expect(await store.add(brief, 'two', 60_000)).toBe(true);
    expect(await store.get(brief)).toBe('two');
  });

  test('deleteMany counts what existed; deleteIfEquals deletes only while the value matches', async () => {
    const keys = [key('d1'), key('d2'), key('d3')];
    await store.set(keys[0], '1');
    await store.set(keys[2], '3');
    expect(await store.deleteMany([...keys, key('never')])).toBe(2);
    expect(await store.getMany(keys)).toEqual([undefined, undefined, undefined]);
    expect(await store.deleteMany([])).toBe(0);
    const lease = key('lease');
    await store.set(lease, 'token-1');
    expect(await store.deleteIfEquals(lease, 'token-2')).toBe(false);
    expect(await store.get(lease)).toBe('token-1');
    expect(await store.deleteIfEquals(lease, 'token-1')).toBe(true);
    expect(await store.deleteIfEquals(lease, 'token-1')).toBe(false);
  });

  test('compare-and-set, where offered: a version changes with every write and a stale one writes nothing', async () => {
    const { addVersioned, version, setIfVersion } = store;
    const offered = [addVersioned, version, setIfVersion].map((f) => f !== undefined);
    expect(offered.every((o) => o === offered[0])).toBe(true);
    if (addVersioned === undefined || version === undefined || setIfVersion === undefined) return; // all three or none, as the interface says
    const k = key('cas');
    const v1 = await addVersioned.call(store, k, 'mark', 60_000);
    expect(v1).toBeDefined();
    expect(await addVersioned.call(store, k, 'other', 60_000)).toBeUndefined();
    expect(await version.call(store, k)).toBe(v1);
    await store.set(k, 'written by someone else');
    const v2 = await version.call(store, k);
    expect(v2).not.toBe(v1);
    expect(await setIfVersion.call(store, k, 'stale load', 60_000, v1!)).toBe(false);
    expect(await store.get(k)).toBe('written by someone else');
    expect(await setIfVersion.call(store, k, 'fresh load', 60_000, v2!)).toBe(true);
    expect(await store.get(k)).toBe('fresh load');
    await store.delete(k);
    expect(await version.call(store, k)).toBeUndefined();
  });

  test('clear(prefix) and keys(prefix) act on exactly that prefix, or reject as unsupported', async () => {
    const prefix = `${key('ns')}:`;
    const inside = [`${prefix}a`, `${prefix}b`, `${prefix}c`];
    const outside = key('nsx');
    for (const k of [...inside, outside]) await store.set(k, 'v');
    if (!setup.enumerates) {
      await expect(store.clear(prefix)).rejects.toBeInstanceOf(CacheUnsupportedError);
      await expect((async () => { for await (const k of store.keys(prefix)) void k; })()).rejects.toBeInstanceOf(CacheUnsupportedError);
      return;
    }
    const listed: string[] = [];
    for await (const k of store.keys(prefix)) listed.push(k);
    expect(listed.sort()).toEqual(inside);
    expect(await store.clear(prefix)).toBe(3);
    expect(await store.getMany([...inside, outside])).toEqual([undefined, undefined, undefined, 'v']);
  });

  test('property: any sequence of writes reads back as a map would (set, add, delete, deleteIfEquals, getMany)', async () => {
    const pool = [key('p0'), key('p1'), key('p2'), key('p3')];
    type Op = ['set' | 'add' | 'delete' | 'deleteIfEquals', number, string];
    const op = fc.tuple(fc.constantFrom('set' as const, 'add' as const, 'delete' as const, 'deleteIfEquals' as const), fc.nat(3), fc.constantFrom('a', 'b', 'c'));
    await fc.assert(fc.asyncProperty(fc.array(op, { maxLength: 15 }), async (ops: Op[]) => {
      await store.deleteMany(pool);
      const model = new Map<string, string>();
      for (const [name, i, value] of ops) {
        const k = pool[i];
        if (name === 'set') {
          await store.set(k, value);
          model.set(k, value);
        } else if (name === 'add') {
          expect(await store.add(k, value, 60_000)).toBe(!model.has(k));
          if (!model.has(k)) model.set(k, value);
        } else if (name === 'delete') {
          expect(await store.delete(k)).toBe(model.delete(k));
        } else {
          const equal = model.get(k) === value;
          expect(await store.deleteIfEquals(k, value)).toBe(equal);
          if (equal) model.delete(k);
        }
      }
      expect(await store.getMany(pool)).toEqual(pool.map((k) => model.get(k)));
    }), { numRuns: 25 });
  });
});
