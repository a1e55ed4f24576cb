import { collect, eventually, healthRecorder, outcome } from './helpers';
import { CacheStoreError } from '../../src/errors';
import { keySlot, RedisStore } from '../../src/redis';
import { RedisClusterServers, RedisServer, sleep, startCluster, waitFor } from '../servers';

let cluster: RedisClusterServers;
let store: RedisStore;
const opened: RedisStore[] = [];

function open(s: RedisStore): RedisStore {
  opened.push(s);
  return s;
}

beforeAll(async () => {
  cluster = await startCluster({ shards: 3, replicasPerShard: 1, clusterNodeTimeoutMs: 1_000 });
  store = open(new RedisStore({ url: cluster.nodes[0].url, cluster: true, reconnect: { minDelay: 20, maxDelay: 250 } }));
  await store.connect();
});

afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
  await cluster?.stop();
});

/** Keys in `count` different slots spread over every primary. */
function keysWithPrefix(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${i}`);
}

/** How many keys starting with `prefix` a node holds. */
async function countOn(node: RedisServer, prefix: string): Promise<number> {
  let cursor = '0';
  let count = 0;
  do {
    const [next, keys] = await node.command('SCAN', cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000) as [string, string[]];
    cursor = next;
    count += keys.length;
  } while (cursor !== '0');
  return count;
}

describe('cluster mode (3 shards × 1 replica)', () => {
  test('single-key calls route by slot', async () => {
    await store.set('c:{user1}:a', 'A', 60_000);
    expect(await store.get('c:{user1}:a')).toBe('A');
    expect(await store.add('c:{user1}:a', 'B', 1_000)).toBe(false);
    expect(await store.touch('c:{user1}:a', 120_000)).toBe(true);
    expect(await store.deleteIfEquals('c:{user1}:a', 'A')).toBe(true);
    expect(await store.get('c:{user1}:a')).toBeUndefined();
    expect(await store.delete('c:{user1}:a')).toBe(false);
    await store.set('c:bin', Buffer.from([0, 1, 2]));
    expect(await store.get('c:bin')).toEqual(Buffer.from([0, 1, 2]));
  });

  test('our slot function agrees with the server', async () => {
    const node = cluster.nodes[0];
    for (const key of ['', 'a', 'foo', 'user:1000', '{user1000}.following', 'foo{}{bar}', 'foo{{bar}}zap', 'é漢字😀', `k${'x'.repeat(300)}`]) {
      expect(keySlot(key)).toBe(Number(await node.command('CLUSTER', 'KEYSLOT', key)));
    }
  });

  test('getMany / deleteMany / keys / clear span every primary', async () => {
    const keys = keysWithPrefix('span:', 300);
    for (const key of keys) await store.set(key, `v-${key}`);
    const primaries = await cluster.primaries();
    expect(primaries.length).toBe(3);
    for (const primary of primaries) expect(await countOn(primary, 'span:')).toBeGreaterThan(50);

    const values = await store.getMany([...keys, 'span:none']);
    expect(values).toEqual([...keys.map((k) => `v-${k}`), undefined]);

    expect((await collect(store.keys('span:'))).sort()).toEqual([...keys].sort());
    expect(await store.deleteMany(keys.slice(0, 100))).toBe(100);
    expect(await store.getMany(keys.slice(0, 3))).toEqual([undefined, undefined, undefined]);
    expect(await store.clear('span:')).toBe(200);
    for (const primary of primaries) expect(await countOn(primary, 'span:')).toBe(0);
    expect(await collect(store.keys('span:'))).toEqual([]);
  });

  test('gets issued in one tick: one MGET per slot group, a GET for a key alone in its slot', async () => {
    const tagged = Array.from({ length: 40 }, (_, i) => `{co}${i}`);
    const other = Array.from({ length: 20 }, (_, i) => `{co2}${i}`);
    for (const key of [...tagged, ...other]) await store.set(key, `v-${key}`);
    const primaries = await cluster.primaries();
    const calls = async () => {
      let get = 0;
      let mget = 0;
      for (const primary of primaries) {
        const stats = await primary.info('commandstats');
        get += Number(/calls=(\d+)/.exec(stats.cmdstat_get ?? '')?.[1] ?? 0);
        mget += Number(/calls=(\d+)/.exec(stats.cmdstat_mget ?? '')?.[1] ?? 0);
      }
      return { get, mget };
    };
    const before = await calls();
    const values = await Promise.all([...tagged, 'lonely-key', ...other].map((key) => store.get(key)));
    const after = await calls();
    expect(values).toEqual([...tagged.map((k) => `v-${k}`), undefined, ...other.map((k) => `v-${k}`)]);
    expect({ get: after.get - before.get, mget: after.mget - before.mget }).toEqual({ get: 1, mget: 2 });
  });

  test('pub/sub reaches subscribers whatever node the message is published on', async () => {
    const got: string[] = [];
    const off = await store.subscribe('c:chan', (m) => got.push(m));
    const other = open(new RedisStore({ url: cluster.nodes[3].url, cluster: true }));
    await other.publish('c:chan', 'hello');
    await store.publish('c:chan', 'again');
    await eventually(() => expect(got.sort()).toEqual(['again', 'hello']), 5_000);
    await off();
  });

  test('readFromReplicas serves reads from replicas', async () => {
    const reader = open(new RedisStore({ url: cluster.nodes[0].url, cluster: true, readFromReplicas: true }));
    const keys = keysWithPrefix('rr:', 60);
    for (const key of keys) await reader.set(key, key);
    await sleep(200); // replication
    const infos = await cluster.describe();
    const replicas = cluster.nodes.filter((n) => infos.find((i) => i.port === n.port)?.flags.includes('slave'));
    const replicaReads = async () => {
      let total = 0;
      for (const replica of replicas) {
        const stats = await replica.info('commandstats');
        for (const name of ['get', 'mget']) total += Number(/calls=(\d+)/.exec(stats[`cmdstat_${name}`] ?? '')?.[1] ?? 0);
      }
      return total;
    };
    const before = await replicaReads();
    for (let i = 0; i < 5; i++) expect(await reader.getMany(keys)).toEqual(keys);
    for (const key of keys) expect(await reader.get(key)).toBe(key);
    expect(await replicaReads()).toBeGreaterThan(before + 20); // node-redis spreads reads over each shard's nodes
  });

  test('MOVED and ASK: a slot migrated to another primary is followed', async () => {
    const key = 'mig:{moving}';
    await store.set(key, 'before');
    const slot = keySlot(key);
    const source = await cluster.primaryFor(key);
    const target = (await cluster.primaries()).find((p) => p !== source)!;
    const infos = await cluster.describe();
    const id = (s: RedisServer) => infos.find((i) => i.port === s.port)!.id;

    await target.command('CLUSTER', 'SETSLOT', slot, 'IMPORTING', id(source));
    await source.command('CLUSTER', 'SETSLOT', slot, 'MIGRATING', id(target));
    await source.command('MIGRATE', target.host, target.port, '', 0, 5_000, 'KEYS', key);
    // ASK: the source no longer has the key while the slot is migrating
    expect(await store.get(key)).toBe('before');
    for (const node of await cluster.primaries()) await node.command('CLUSTER', 'SETSLOT', slot, 'NODE', id(target));
    // MOVED: the store still maps the slot to the source
    expect(await store.get(key)).toBe('before');
    await store.set(key, 'after');
    expect(await target.command('GET', key)).toBe('after');
    expect(await store.get(key)).toBe('after');
    expect(await store.deleteIfEquals(key, 'after')).toBe(true);
    await waitFor('slot map agreement', 10_000, async () => (await cluster.primaryFor(key)) === target);
  });

  test('failover: a primary is killed mid-run; calls stay bounded and the store recovers on the promoted replica', async () => {
    const failing = open(new RedisStore({
      url: cluster.nodes[0].url,
      cluster: [...cluster.seeds],
      commandTimeout: 500,
      reconnect: { minDelay: 20, maxDelay: 250 },
      circuitBreaker: { failures: 20, coolDown: 200 },
    }));
    const health = healthRecorder();
    failing.onHealth(health.listener);
    await failing.connect();
    let victimKey = '';
    for (let i = 0; victimKey === ''; i++) { // a key whose primary is not the seed the store first used
      if ((await cluster.primaryFor(`fo:{victim${i}}`)) !== cluster.nodes[0]) victimKey = `fo:{victim${i}}`;
    }
    const victim = await cluster.primaryFor(victimKey);
    const heir = await cluster.replicaOf(victim);
    const keys = keysWithPrefix('fo:', 60);
    for (const key of keys) await failing.set(key, key);
    await failing.set(victimKey, 'kept');
    await waitFor('replica caught up', 5_000, async () =>
      Number((await heir.info('replication')).master_repl_offset) >= Number((await victim.info('replication')).master_repl_offset));

    const results: Array<{ ok: boolean; ms: number; at: number }> = [];
    let running = true;
    const load = (async () => {
      while (running) {
        const key = keys[Math.floor(Math.random() * keys.length)];
        const [read, write] = await Promise.all([outcome(failing.get(victimKey)), outcome(failing.set(key, key))]);
        results.push({ ok: read.ok, ms: read.ms, at: Date.now() }, { ok: write.ok, ms: write.ms, at: Date.now() });
        await sleep(10);
      }
    })();
    const killedAt = Date.now();
    try {
      await sleep(200);
      await victim.kill();
      await waitFor('calls to fail', 5_000, () => results.some((r) => r.at > killedAt && !r.ok));
      await waitFor('the victim slot to be served again', 30_000, () => {
        const lastFailure = Math.max(...results.filter((r) => !r.ok).map((r) => r.at));
        const since = results.filter((r) => r.at > lastFailure);
        return since.length >= 10 && Date.now() - lastFailure > 300;
      });
    } finally {
      running = false;
      await load;
    }
    const recoveredIn = Date.now() - killedAt;
    expect(results.some((r) => !r.ok)).toBe(true); // the outage was seen …
    expect(Math.max(...results.map((r) => r.ms))).toBeLessThan(500 + 400); // … but no call outlived its deadline
    expect(recoveredIn).toBeLessThan(30_000);
    expect(await failing.get(victimKey)).toBe('kept'); // replicated before the kill
    expect(await failing.getMany(keys)).toEqual(keys);
    expect((await cluster.primaries()).map((p) => p.port)).toContain(heir.port);
    expect(health.events[0]).toBe(true);
    expect(health.events).toContain(false);
    // every call works again, including clear on every (new) primary
    expect(await failing.clear('fo:')).toBe(61);

    // the killed node comes back as a replica; the cluster is whole again
    await victim.start();
    await cluster.waitUntilHealthy();
    await eventually(() => expect(failing.isHealthy).toBe(true), 15_000);
  });

  test('getMany with onKeyError on a cluster with an unreachable primary: only that shard\'s keys fail', async () => {
    const primaries = await cluster.primaries();
    const down = primaries[primaries.length - 1];
    const own = open(new RedisStore({ url: primaries[0].url, cluster: true, commandTimeout: 500, reconnect: { minDelay: 50, maxDelay: 500 } }));
    await own.connect();
    const keys = Array.from({ length: 30 }, (_, i) => `apart:${i}`);
    for (const key of keys) await own.set(key, key);
    const onDown = new Set<string>();
    for (const key of keys) if ((await cluster.primaryFor(key)).port === down.port) onDown.add(key);
    expect(onDown.size).toBeGreaterThan(0);
    await down.kill();
    try {
      await eventually(async () => {
        const failed = new Map<number, unknown>();
        const values = await own.getMany(keys, (err, i) => failed.set(i, err));
        expect(values).toEqual(keys.map((k) => (onDown.has(k) ? undefined : k)));
        expect([...failed.keys()].map((i) => keys[i]).sort()).toEqual([...onDown].sort());
        for (const err of failed.values()) expect(err).toBeInstanceOf(CacheStoreError);
        await expect(own.getMany(keys)).rejects.toBeInstanceOf(CacheStoreError); // without it: all or nothing
      }, 5_000);
    } finally {
      await down.start();
    }
    await cluster.waitUntilHealthy();
  });

  test('clear() on a cluster with an unreachable primary rejects naming it', async () => {
    const primaries = await cluster.primaries();
    const down = primaries[primaries.length - 1];
    const own = open(new RedisStore({ url: primaries[0].url, cluster: true, commandTimeout: 500, reconnect: { minDelay: 50, maxDelay: 500 } }));
    await own.connect();
    await down.kill();
    try {
      await eventually(async () => {
        const result = await outcome(own.clear('x:'));
        expect(result.error).toBeInstanceOf(CacheStoreError);
        expect(result.error!.message).toMatch(new RegExp(`redis clear 'x:' (failed: .*${down.port} is not connected|timed out)`));
      }, 5_000);
    } finally {
      await down.start();
    }
    await cluster.waitUntilHealthy();
  });
});
