/**
 * Redis GET path with 100 requests in flight, side by side on one local redis-server:
 *
 *   npx ts-node --project test/tsconfig.json bench/redis.bench.ts [--ops 100000] [--reps 7] [--inflight 100]
 *
 * Cases (each reads a ~90-byte JSON value and parses it):
 *   node-redis, timer off   raw `client.get` + JSON.parse, `commandOptions: { timeout: 0 }` (no deadline at all)
 *   node-redis, default     raw `client.get` + JSON.parse, node-redis 6's default 5 s per-command timer
 *   RedisStore              `store.get` + JSON.parse, with its 1 s deadlines and circuit breaker on;
 *                           GETs issued in one tick go out as one MGET (coalesced-gets.ts)
 *   Cache                   `cache.get` on that RedisStore: the whole hit path (codec decode, stats);
 *                           a tick's gets are one `getMany` (one MGET), settled in one loop
 *   bentocache L2           `bento.get` with only an L2 layer (ioredis driver), which parses itself
 *   node-redis sendCommand  raw `client.sendCommand(['GET', key])` + JSON.parse, timer off: the
 *                           floor under RedisStore, which sends this way (no typed command layer)
 *   ioredis                 raw `redis.get` + JSON.parse (reference)
 *
 * Then getMany of 100 keys, 10 batches in flight (each op is one batch; keys/s = ops/s × 100):
 *   node-redis MGET         raw `client.sendCommand(['MGET', ...keys])` + JSON.parse of each, timer off
 *   node-redis mGet         raw typed `client.mGet(keys)` + JSON.parse of each, timer off
 *   RedisStore getMany      `store.getMany(keys)` + JSON.parse of each
 *   Cache getMany           `cache.getMany(keys)` (decodes itself)
 *
 * Method and flags: bench/throughput.ts.
 */
// Peers measured side by side are devDependencies (bench/ is a dev folder, like test/).
/* eslint-disable import/no-extraneous-dependencies */
import Redis from 'ioredis';
import { createClient } from 'redis';
import { writeChart } from './chart';
import { median } from './harness';
import { compare, Get, IN_FLIGHT, KEYS, OPS, VALUE } from './throughput';

const BATCH = 100;
import { Cache } from '../client/src';
import { RedisStore } from '../client/src/redis';
import { startRedis } from '../client/test/servers';

async function main(): Promise<void> {
  const server = await startRedis();
  const url = server.url;
  const timerOff = createClient({ url, commandOptions: { timeout: 0 } });
  const defaults = createClient({ url });
  await Promise.all([timerOff.connect(), defaults.connect()]);
  const store = new RedisStore({ url });
  await store.connect();
  const ioredis = new Redis({ host: server.host, port: server.port, lazyConnect: true });
  await ioredis.connect();
  const bentoIoredis = new Redis({ host: server.host, port: server.port, lazyConnect: true });
  await bentoIoredis.connect();
  const { BentoCache, bentostore } = await import('bentocache');
  const { redisDriver } = await import('bentocache/drivers/redis');
  const bento = new BentoCache({
    default: 'l2',
    stores: { l2: bentostore().useL2Layer(redisDriver({ connection: bentoIoredis })) },
  });

  const cache = new Cache({ store, namespace: 'cache' });
  for (let i = 0; i < KEYS; i++) {
    await timerOff.set(`user:${i}`, VALUE);
    await cache.set(`user:${i}`, JSON.parse(VALUE));
    await bento.set({ key: `user:${i}`, value: JSON.parse(VALUE), ttl: '1h' });
  }

  const cases: Record<string, Get> = {
    'node-redis, timer off': async (key) => JSON.parse((await timerOff.get(key))!),
    'node-redis, default': async (key) => JSON.parse((await defaults.get(key))!),
    'node-redis sendCommand': async (key) => JSON.parse((await timerOff.sendCommand<string>(['GET', key]))),
    'RedisStore': async (key) => JSON.parse(await store.get(key) as string),
    'Cache': (key) => cache.get(key),
    'bentocache L2': (key) => bento.get({ key }),
    'ioredis': async (key) => JSON.parse((await ioredis.get(key))!),
  };
  const results = await compare(`redis-server ${server.url}`, cases, 'RedisStore');
  const cacheBar = median(results.get('Cache')!) / median(results.get('node-redis, timer off')!);
  writeChart('redis-get', `Redis GET + decode, ${IN_FLIGHT} in flight (median ops/s)`, results, 'RedisStore', 'ops/s');
  const ours = median(results.get('RedisStore')!);
  const bar = ours / median(results.get('node-redis, timer off')!);
  // Same-rep ratios cancel some of the machine's drift between reps.
  const paired = median(results.get('RedisStore')!.map((v, i) => v / results.get('node-redis, timer off')![i]));
  console.log('');
  console.log(`RedisStore vs raw node-redis with its timer off: ${bar.toFixed(2)}× of medians, ${paired.toFixed(2)}× median of same-rep ratios`
    + ` (bar: ≥ 0.90×) ${Math.min(bar, paired) >= 0.9 ? 'PASS' : 'BELOW BAR'}`);

  console.log(`Cache hit path vs raw node-redis with its timer off: ${cacheBar.toFixed(2)}× (bar: ≥ 2×) ${cacheBar >= 2 ? 'PASS' : 'BELOW BAR'}`);

  // getMany: batches of 100 consecutive keys.
  const batchOf = (key: string): string[] => {
    const start = Number(key.slice(key.indexOf(':') + 1)) % (KEYS - BATCH);
    return Array.from({ length: BATCH }, (_, i) => `user:${start + i}`);
  };
  const checked = (values: unknown[]): { id: number } => {
    for (const value of values) if ((value as { id: number }).id !== 42) throw new Error('wrong value read');
    return { id: 42 };
  };
  const parsed = (values: unknown[]) => checked(values.map((v) => JSON.parse(v as string)));
  const batchCases: Record<string, Get> = {
    'node-redis MGET': async (key) => parsed(await timerOff.sendCommand<string[]>(['MGET', ...batchOf(key)])),
    'node-redis mGet': async (key) => parsed(await timerOff.mGet(batchOf(key)) as string[]),
    'RedisStore getMany': async (key) => parsed(await store.getMany(batchOf(key))),
    'Cache getMany': async (key) => checked(await cache.getMany(batchOf(key))),
  };
  const batches = await compare(`getMany of ${BATCH} keys`, batchCases, 'Cache getMany', { ops: Math.max(1, Math.round(OPS / 50)), inFlight: 10, unit: 'batches' });
  const manyBar = median(batches.get('Cache getMany')!) / median(batches.get('node-redis MGET')!);
  writeChart('redis-getmany', `getMany of ${BATCH} keys, 10 in flight (median batches/s)`, batches, 'Cache getMany', 'batches/s');
  console.log(`Cache getMany vs raw MGET: ${manyBar.toFixed(2)}× (bar: ≥ 0.9×) ${manyBar >= 0.9 ? 'PASS' : 'BELOW BAR'}`);

  await bento.disconnectAll().catch(() => undefined);
  ioredis.disconnect();
  bentoIoredis.disconnect();
  await cache.close();
  await Promise.all([timerOff.close(), defaults.close(), store.close()]);
  await server.destroy();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
