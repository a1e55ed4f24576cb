/**
 * In-memory hit path: awaited Map.get (the floor) against our Cache and, when installed, peer
 * libraries, in one process, sequentially awaited, over 1000 keys with small object values.
 *
 *   npx ts-node --transpile-only bench/memory.bench.ts            (or: node -r ts-node/register/transpile-only …)
 *   BENCH_OPS=2000000 BENCH_ROUNDS=7 npx ts-node --transpile-only bench/memory.bench.ts
 *
 * Method: for each entry, warm up, then time BENCH_OPS awaited calls with process.hrtime; repeat
 * BENCH_ROUNDS times interleaving entries (so drift hits all of them alike) and report the median.
 * Data is built before timing (unlike the peers' own benchmarks, which generate keys inside the loop).
 *
 * Targets (the client issue): cache.get / getOrSet hit ≤ 2.5× awaited Map.get; ≥ 10× faster than
 * bentocache's memory hit; ≥ 2× faster than cache-manager's. Peers are loaded only if installed
 * (`npm i -D bentocache cache-manager`); add more to `peers()`.
 */
import { median } from './harness';
import { Cache, MemoryStore } from '../client/src';

interface Entry {
  readonly name: string;
  /** Builds the state and returns the call to time; `undefined` when the library is missing. */
  readonly setup: (keys: readonly string[], values: readonly object[]) => Promise<((key: string) => Promise<unknown>) | undefined>;
}

const OPS = Number(process.env.BENCH_OPS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const KEYS = 1000;

const ours: Entry[] = [
  {
    name: 'await Map.get (floor)',
    setup: async (keys, values) => {
      const map = new Map<string, object>();
      keys.forEach((key, i) => map.set(key, values[i]));
      return async (key) => map.get(key); // an async function, as every cache API is
    },
  },
  {
    name: 'cache.get hit',
    setup: async (keys, values) => {
      const cache = new Cache({ ttl: '1h' });
      for (let i = 0; i < keys.length; i++) await cache.set(keys[i], values[i]);
      return (key) => cache.get(key);
    },
  },
  {
    name: 'cache.getOrSet hit',
    setup: async (keys, values) => {
      const cache = new Cache({ ttl: '1h' });
      for (let i = 0; i < keys.length; i++) await cache.set(keys[i], values[i]);
      const loader = async (): Promise<object> => ({});
      return (key) => cache.getOrSet(key, loader);
    },
  },
  {
    name: 'cache.get hit, namespace',
    setup: async (keys, values) => {
      const cache = new Cache({ namespace: 'users', ttl: '1h' });
      for (let i = 0; i < keys.length; i++) await cache.set(keys[i], values[i]);
      return (key) => cache.get(key);
    },
  },
  {
    name: 'cache.get hit, grace',
    setup: async (keys, values) => {
      const cache = new Cache({ ttl: '1h', grace: '1h' });
      for (let i = 0; i < keys.length; i++) await cache.set(keys[i], values[i]);
      return (key) => cache.get(key);
    },
  },
  {
    name: 'cache.get hit, L1 over a by-copy store',
    setup: async (keys, values) => {
      const cache = new Cache({ store: new MemoryStore({ byReference: false }), l1: new MemoryStore(), ttl: '1h' });
      for (let i = 0; i < keys.length; i++) await cache.set(keys[i], values[i]);
      return (key) => cache.get(key);
    },
  },
];

/** Peer libraries, each skipped when not installed. Imported by name so this file needs no types. */
function peers(): Entry[] {
  return [
    {
      name: 'bentocache get hit (memory, serialize:false)',
      setup: async (keys, values) => {
        const bento = await optional('bentocache');
        const drivers = await optional('bentocache/drivers/memory');
        if (bento === undefined || drivers === undefined) return undefined;
        const cache = new bento.BentoCache({
          default: 'memory',
          stores: { memory: bento.bentostore().useL1Layer(drivers.memoryDriver({ maxItems: 10_000, serialize: false })) },
        });
        for (let i = 0; i < keys.length; i++) await cache.set({ key: keys[i], value: values[i], ttl: '1h' });
        return (key: string) => cache.get({ key });
      },
    },
    {
      name: 'cache-manager get hit (memory)',
      setup: async (keys, values) => {
        const cm = await optional('cache-manager');
        if (cm === undefined) return undefined;
        const cache = cm.createCache({ ttl: 3_600_000 });
        for (let i = 0; i < keys.length; i++) await cache.set(keys[i], values[i]);
        return (key: string) => cache.get(key);
      },
    },
  ];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function optional(name: string): Promise<any> {
  try {
    return await import(name);
  } catch {
    return undefined;
  }
}

async function time(call: (key: string) => Promise<unknown>, keys: readonly string[], ops: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < ops; i++) await call(keys[i % KEYS]);
  return Number(process.hrtime.bigint() - start) / ops; // ns per op
}

async function main(): Promise<void> {
  const keys = Array.from({ length: KEYS }, (_, i) => `user:${i}`);
  const values = keys.map((_, i) => ({ id: i, name: `user ${i}`, roles: ['reader'], createdAt: '2026-01-01T00:00:00.000Z' }));
  const entries: { name: string; call: (key: string) => Promise<unknown>; samples: number[] }[] = [];
  for (const entry of [...ours, ...peers()]) {
    const call = await entry.setup(keys, values);
    if (call === undefined) {
      console.log(`skipped (not installed): ${entry.name}`);
      continue;
    }
    await time(call, keys, Math.min(OPS, 200_000)); // warm-up: let V8 optimize the call site
    entries.push({ name: entry.name, call, samples: [] });
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const entry of entries) entry.samples.push(await time(entry.call, keys, OPS));
  }
  const floor = median(entries[0].samples);
  console.log(`node ${process.version}, ${OPS} ops × ${ROUNDS} rounds, median:`);
  console.log('entry'.padEnd(48) + 'ns/op'.padStart(10) + 'ops/s'.padStart(14) + '× floor'.padStart(10));
  for (const entry of entries) {
    const ns = median(entry.samples);
    console.log(entry.name.padEnd(48) + ns.toFixed(1).padStart(10) + Math.round(1e9 / ns).toLocaleString('en-US').padStart(14)
      + (ns / floor).toFixed(2).padStart(10));
  }
  const ratio = (name: string): number | undefined => {
    const entry = entries.find((e) => e.name === name);
    return entry === undefined ? undefined : median(entry.samples) / floor;
  };
  for (const name of ['cache.get hit', 'cache.getOrSet hit']) {
    const r = ratio(name)!;
    console.log(`${name}: ${r.toFixed(2)}× awaited Map.get (target ≤ 2.5×): ${r <= 2.5 ? 'PASS' : 'FAIL'}`);
  }
  const ourGet = median(entries[1].samples);
  for (const [name, target] of [['bentocache get hit (memory, serialize:false)', 10], ['cache-manager get hit (memory)', 2]] as const) {
    const entry = entries.find((e) => e.name === name);
    if (entry === undefined) continue;
    const speedup = median(entry.samples) / ourGet;
    console.log(`cache.get vs ${name}: ${speedup.toFixed(1)}× faster (target ≥ ${target}×): ${speedup >= target ? 'PASS' : 'FAIL'}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
