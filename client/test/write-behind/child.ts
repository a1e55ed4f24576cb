/* A process that queues write-behind writes and then waits to be killed (or ends), for durable.test.ts. */
import { connectSource } from './source';
import { Cache, CacheStore, MemcachedStore, RedisStore } from '../../src';

interface Plan {
  readonly store: 'redis' | 'cluster' | 'memory' | 'memcached';
  readonly url?: string;
  readonly seeds?: string[];
  readonly nodes?: string[];
  readonly sourceUrl: string;
  readonly sourcePrefix: string;
  readonly name: string;
  readonly keys: number;
  readonly writesPerKey: number;
  readonly maxBatch: number;
  readonly flushInterval: string;
  readonly writeDelayMs: number;
  /** After the sets: wait for a signal, or end the script (the process exits when it has nothing left to do). */
  readonly then: 'wait' | 'end';
}

async function main(): Promise<void> {
  const plan = JSON.parse(process.env.PLAN!) as Plan;
  const source = await connectSource(plan.sourceUrl, plan.sourcePrefix);
  let store: CacheStore | undefined;
  if (plan.store === 'redis') store = new RedisStore({ url: plan.url! });
  if (plan.store === 'cluster') store = new RedisStore({ url: plan.url!, cluster: plan.seeds! });
  if (plan.store === 'memcached') store = new MemcachedStore({ nodes: plan.nodes! });
  const cache = new Cache({ store, closeStore: true, namespace: 'wb' });
  const queue = cache.writeBehind<number>({
    name: plan.name,
    maxBatch: plan.maxBatch,
    flushInterval: plan.flushInterval,
    claimAfter: '1s',
    write: async (entries) => {
      if (plan.writeDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, plan.writeDelayMs));
      await source.write(entries);
    },
  });
  let value = 0;
  for (let round = 0; round < plan.writesPerKey; round++) {
    for (let k = 0; k < plan.keys; k++) await queue.set(`k${k}`, ++value);
  }
  process.stdout.write('acknowledged\n');
  if (plan.then === 'wait') {
    setInterval(() => undefined, 60_000); // until a signal
    return;
  }
  // 'end': the store closed (as an app might at shutdown, forgetting the queue) and nothing else
  // keeps the process alive but the write-behind's pending writes.
  if (store !== undefined) await store.close();
  source.unref();
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(2);
});
