import { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import fc from 'fast-check';
import { checkHistory, connectSource, Source } from './source';
import { Cache, CacheStore, RedisStore, WriteBehindError } from '../../src';
import { MemcachedServer, startMemcached } from '../memcached/servers';
import { killProcess, RedisClusterServers, RedisServer, sleep, spawnTracked, startCluster, startRedis } from '../servers';

// No lost writes (issue 9, item 4). On Valkey / Redis the write-behind queue is a Stream: an
// acknowledged write survives the process that queued it, and another instance with the same
// name writes it, each key's writes in order. Elsewhere the queue is in-process: SIGTERM and a
// normal exit drain it. Child processes stand for the instances that die.
let redis: RedisServer;
let cluster: RedisClusterServers;
let sourceServer: RedisServer;
let memcached: MemcachedServer;
beforeAll(async () => {
  const started = await Promise.all([startRedis(), startCluster({ shards: 3, replicasPerShard: 0 }), startRedis(), startMemcached()]);
  [redis, cluster, sourceServer, memcached] = started as [RedisServer, RedisClusterServers, RedisServer, MemcachedServer];
}, 60_000);
afterAll(async () => {
  await Promise.all([redis?.destroy(), cluster?.stop(), sourceServer?.destroy(), memcached?.kill()]);
});

let run = 0;
const fresh = (what: string): string => `${what}${++run}`;
const CHILD = join(__dirname, 'child.ts');

type Kind = 'redis' | 'cluster' | 'memory' | 'memcached';

interface ChildPlan {
  store: Kind;
  name: string;
  sourcePrefix: string;
  keys: number;
  writesPerKey: number;
  maxBatch: number;
  flushInterval: string;
  writeDelayMs: number;
  then: 'wait' | 'end';
}

/** Starts a child that queues `keys × writesPerKey` writes; resolves once all are acknowledged. */
async function startChild(plan: ChildPlan): Promise<ChildProcess> {
  const where = plan.store === 'redis' ? { url: redis.url }
    : plan.store === 'cluster' ? { url: cluster.nodes[0].url, seeds: [...cluster.seeds] }
      : plan.store === 'memcached' ? { nodes: [memcached.address] } : {};
  const child = spawnTracked(process.execPath, ['-r', 'ts-node/register/transpile-only', CHILD], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TS_NODE_PROJECT: join(__dirname, '../../../test/tsconfig.json'), PLAN: JSON.stringify({ ...plan, ...where, sourceUrl: sourceServer.url }) },
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => stderr += chunk.toString());
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child did not acknowledge its writes in 60 s: ${stderr}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('acknowledged')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`child exited (${code ?? signal}) before acknowledging: ${stderr}`));
    });
  });
  return child;
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/** What the child set last for each key (values count up over rounds of all keys). */
function latest(keys: number, writesPerKey: number): Map<string, number> {
  const out = new Map<string, number>();
  for (let k = 0; k < keys; k++) out.set(`k${k}`, (writesPerKey - 1) * keys + k + 1);
  return out;
}

function storeFor(kind: 'redis' | 'cluster'): CacheStore {
  return kind === 'redis' ? new RedisStore({ url: redis.url }) : new RedisStore({ url: cluster.nodes[0].url, cluster: [...cluster.seeds] });
}

async function withSource<R>(prefix: string, use: (source: Source) => Promise<R>): Promise<R> {
  const source = await connectSource(sourceServer.url, prefix);
  try {
    return await use(source);
  } finally {
    await source.close();
  }
}

describe.each(['redis', 'cluster'] as const)('durable write-behind on %s', (kind) => {
  /** A child queues 200 keys' writes and is SIGKILLed; a second instance with the same name must bring them all to the source. */
  async function killAndTakeOver(plan: Omit<ChildPlan, 'store' | 'name' | 'sourcePrefix' | 'keys' | 'then'>, killAfterMs: number): Promise<void> {
    const name = fresh('orders');
    const sourcePrefix = fresh('src');
    const child = await startChild({ ...plan, store: kind, name, sourcePrefix, keys: 200, then: 'wait' });
    await sleep(killAfterMs);
    await killProcess(child, 'SIGKILL');
    await withSource(sourcePrefix, async (source) => {
      const cache = new Cache({ store: storeFor(kind), closeStore: true, namespace: 'wb' });
      const queue = cache.writeBehind<number>({ name, claimAfter: '1s', flushInterval: '50ms', write: (entries) => source.write(entries) });
      await queue.flush(); // waits out the dead child's lease, takes over its pending entries
      await cache.close();
      expect(checkHistory(await source.history(), latest(200, plan.writesPerKey))).toEqual([]);
    });
  }

  test('a child SIGKILLed before any flush: another instance with the same name writes all 200 keys, latest values', async () => {
    await killAndTakeOver({ writesPerKey: 2, maxBatch: 1000, flushInterval: '1h', writeDelayMs: 0 }, 0);
  });

  test('a child SIGKILLed during its flushes (batches read, not acknowledged): nothing lost, each key in order', async () => {
    await fc.assert(fc.asyncProperty(
      fc.record({
        writesPerKey: fc.integer({ min: 1, max: 3 }),
        maxBatch: fc.constantFrom(10, 50),
        writeDelayMs: fc.integer({ min: 5, max: 20 }),
        killAfterMs: fc.integer({ min: 0, max: 50 }),
      }),
      ({ killAfterMs, ...plan }) => killAndTakeOver({ ...plan, flushInterval: '20ms' }, killAfterMs),
    ), { numRuns: 2 });
  });

  test('SIGTERM drains: the child writes everything before it exits, with no other instance', async () => {
    const name = fresh('orders');
    const sourcePrefix = fresh('src');
    const child = await startChild({ store: kind, name, sourcePrefix, keys: 200, writesPerKey: 2, maxBatch: 100, flushInterval: '1h', writeDelayMs: 5, then: 'wait' });
    const exit = exited(child);
    child.kill('SIGTERM');
    expect((await exit).signal).toBe('SIGTERM'); // re-raised after draining: supervisors see a normal SIGTERM exit
    await withSource(sourcePrefix, async (source) => {
      expect(checkHistory(await source.history(), latest(200, 2))).toEqual([]);
    });
  });

  test('two live instances with one name, writing the same keys: each key reaches the source in the order it was set', async () => {
    const name = fresh('orders');
    await withSource(fresh('src'), async (source) => {
      const caches = [0, 1].map(() => new Cache({ store: storeFor(kind), closeStore: true, namespace: 'wb' }));
      const queues = caches.map((cache) => cache.writeBehind<number>({
        name,
        maxBatch: 5,
        flushInterval: '10ms',
        claimAfter: '1s',
        write: async (entries) => {
          await sleep(Math.floor(Math.random() * 30)); // slow and uneven: two writers at once would overtake each other
          await source.write(entries);
        },
      }));
      const expected = new Map<string, number>();
      for (let i = 1; i <= 300; i++) {
        const key = `k${i % 10}`;
        await queues[i % 3 === 0 ? 1 : 0].set(key, i); // acknowledged before the next set: its place in the stream is fixed
        expect(await caches[0].get(key)).toBe(i); // the cache is written at once
        expected.set(key, i);
      }
      await Promise.all(queues.map((queue) => queue.flush()));
      await Promise.all(caches.map((cache) => cache.close()));
      expect(checkHistory(await source.history(), expected)).toEqual([]);
    });
  });

  test('a source down for 5 s loses nothing: writes wait in the stream and are written once it is back', async () => {
    await withSource(fresh('src'), async (source) => {
      const cache = new Cache({ store: storeFor(kind), closeStore: true, namespace: 'wb' });
      const downUntil = Date.now() + 5_000;
      const errors: WriteBehindError[] = [];
      const queue = cache.writeBehind<number>({
        name: fresh('orders'),
        flushInterval: '100ms',
        retries: 1,
        backoff: '50ms',
        onError: (err) => errors.push(err),
        write: async (entries) => {
          if (Date.now() < downUntil) throw new Error('source down');
          await source.write(entries);
        },
      });
      for (let k = 0; k < 200; k++) await queue.set(`k${k}`, k + 1);
      await sleep(1_000);
      expect(errors.length).toBeGreaterThan(0); // reported, not dropped
      expect(queue.size).toBe(200);
      while (Date.now() < downUntil) await sleep(100);
      await queue.flush();
      expect(queue.size).toBe(0);
      await cache.close();
      const expected = new Map([...Array(200).keys()].map((k) => [`k${k}`, k + 1]));
      expect(checkHistory(await source.history(), expected)).toEqual([]);
    });
  });

  test('clear() leaves the queue alone (it deletes the cached strings, not the stream)', async () => {
    await withSource(fresh('src'), async (source) => {
      const cache = new Cache({ store: storeFor(kind), closeStore: true, namespace: 'wb' });
      const queue = cache.writeBehind<number>({ name: fresh('orders'), flushInterval: '1h', write: (entries) => source.write(entries) });
      await queue.set('a', 1);
      expect(await cache.clear()).toBeGreaterThanOrEqual(1);
      expect(await cache.get('a')).toBeUndefined();
      await queue.flush();
      await cache.close();
      expect(checkHistory(await source.history(), new Map([['a', 1]]))).toEqual([]);
    });
  });
});

describe('durable write-behind: options', () => {
  test('a name is required on Redis, must be a plain name, and durable: false keeps the queue in-process', async () => {
    const cache = new Cache({ store: storeFor('redis'), closeStore: true, namespace: 'wb' });
    const write = async (): Promise<void> => undefined;
    expect(() => cache.writeBehind({ write })).toThrow(/Option 'name' is required for write-behind on the redis store/);
    expect(() => cache.writeBehind({ write, name: 'a{b}' })).toThrow(/Invalid value for option 'name': "a\{b\}"/);
    expect(() => cache.writeBehind({ write, name: 'x', claimAfter: '100ms' })).toThrow(/'claimAfter': 100ms/);
    expect(cache.writeBehind({ write, name: 'x' }).durable).toBe(true);
    expect(cache.writeBehind({ write, durable: false }).durable).toBe(false);
    expect(() => new Cache().writeBehind({ write, durable: true })).toThrow(/Option 'durable' needs a store that keeps a write log/);
    await cache.close();
  });
});

describe.each(['memory', 'memcached'] as const)('in-process write-behind on %s', (kind) => {
  test('SIGTERM drains the queue before the process exits', async () => {
    const sourcePrefix = fresh('src');
    const child = await startChild({ store: kind, name: 'q', sourcePrefix, keys: 200, writesPerKey: 1, maxBatch: 1000, flushInterval: '1h', writeDelayMs: 5, then: 'wait' });
    const exit = exited(child);
    child.kill('SIGTERM');
    expect((await exit).signal).toBe('SIGTERM');
    await withSource(sourcePrefix, async (source) => {
      expect(checkHistory(await source.history(), latest(200, 1))).toEqual([]);
    });
  });

  test('a script that ends (its store closed) stays alive until its pending writes are written, and exits 0', async () => {
    const sourcePrefix = fresh('src');
    const child = await startChild({ store: kind, name: 'q', sourcePrefix, keys: 50, writesPerKey: 1, maxBatch: 1000, flushInterval: '200ms', writeDelayMs: 0, then: 'end' });
    expect(await exited(child)).toEqual({ code: 0, signal: null });
    await withSource(sourcePrefix, async (source) => {
      expect(checkHistory(await source.history(), latest(50, 1))).toEqual([]);
    });
  });
});
