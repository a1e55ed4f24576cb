/**
 * The cost of the Cache's safety net (per-call deadline + circuit breaker, resilience/guarded-store.ts) on
 * the remote path. The "remote" is an in-process store without by-reference values, so every call
 * is serialized and async like a network store, minus the network: the worst case for overhead.
 *   npx ts-node --transpile-only bench/deadline.bench.ts
 */
import { Measured, report, timeConcurrent, timeSequential } from './harness';
import { Cache, MemoryStore } from '../client/src';

const OPS = Number(process.env.BENCH_OPS ?? 300_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const KEYS = Array.from({ length: 1000 }, (_, i) => `user:${i}`);

async function cacheWith(options: { timeout?: false; circuitBreaker?: false }): Promise<Cache> {
  const cache = new Cache({ store: new MemoryStore({ byReference: false }), ...options });
  for (const key of KEYS) await cache.set(key, { id: key, roles: ['reader'] });
  return cache;
}

async function main(): Promise<void> {
  const variants: [string, Cache][] = [
    ['unguarded (timeout: false, circuitBreaker: false)', await cacheWith({ timeout: false, circuitBreaker: false })],
    ['breaker only (timeout: false)', await cacheWith({ timeout: false })],
    ['deadline + breaker (default)', await cacheWith({})],
  ];
  for (const [mode, workers] of [['sequential', 1], ['100 concurrent', 100]] as const) {
    const rows: Measured[] = variants.map(([name]) => ({ name, samples: [] }));
    const time = (cache: Cache, ops: number): Promise<number> => workers === 1
      ? timeSequential((i) => cache.get(KEYS[i % 1000]), ops)
      : timeConcurrent((i) => cache.get(KEYS[i % 1000]), ops, workers);
    for (const [, cache] of variants) await time(cache, OPS / 10);
    for (let round = 0; round < ROUNDS; round++) {
      for (let v = 0; v < variants.length; v++) rows[v].samples.push(await time(variants[v][1], OPS));
    }
    report(`cache.get over a serialized in-process store, ${mode}`, rows);
  }
  for (const [, cache] of variants) await cache.close();
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
