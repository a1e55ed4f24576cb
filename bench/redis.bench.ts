/**
 * Redis GET path with 100 requests in flight, side by side on one local redis-server:
 *
 *   npx ts-node --project test/tsconfig.json bench/redis.bench.ts [--ops 100000] [--reps 7] [--inflight 100]
 *
 * Cases (each reads a ~90-byte JSON value and parses it):
 *   node-redis, timer off   raw `client.get` + JSON.parse, `commandOptions: { timeout: 0 }` (no deadline at all)
 *   node-redis, default     raw `client.get` + JSON.parse, node-redis 6's default 5 s per-command timer
 *   RedisStore              `store.get` + JSON.parse, with its 1 s deadlines and circuit breaker on
 *   bentocache L2           `bento.get` with only an L2 layer (ioredis driver), which parses itself
 *   node-redis sendCommand  raw `client.sendCommand(['GET', key])` + JSON.parse, timer off: the
 *                           floor under RedisStore, which sends this way (no typed command layer)
 *   ioredis                 raw `redis.get` + JSON.parse (reference)
 *
 * Reps are interleaved in random order and the median is reported: the machine is shared, and
 * client and server run on the same cores, so single runs vary by ±20 %.
 */
// Peers measured side by side are devDependencies (bench/ is a dev folder, like test/).
/* eslint-disable import/no-extraneous-dependencies */
import Redis from 'ioredis';
import { createClient } from 'redis';
import { RedisStore } from '../src/client/redis';
import { startRedis } from '../test/servers';

const args = process.argv.slice(2);
function arg(name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}
const OPS = arg('ops', 100_000);
const REPS = arg('reps', 7);
const IN_FLIGHT = arg('inflight', 100);
const KEYS = 1000;
const VALUE = JSON.stringify({ id: 42, name: 'Ada Lovelace', roles: ['admin', 'editor'], createdAt: 1_700_000_000_000 });

type Get = (key: string) => Promise<unknown>;

/** ops/s of `get` with IN_FLIGHT workers sharing one counter. */
async function measure(get: Get, ops: number): Promise<number> {
  let next = 0;
  let sink = 0;
  const worker = async () => {
    while (next < ops) {
      const value = await get(`user:${next++ % KEYS}`) as { id: number };
      sink += value.id;
    }
  };
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (sink !== ops * 42) throw new Error('wrong values read');
  return ops / seconds;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

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

  for (let i = 0; i < KEYS; i++) {
    await timerOff.set(`user:${i}`, VALUE);
    await bento.set({ key: `user:${i}`, value: JSON.parse(VALUE), ttl: '1h' });
  }

  const cases: Record<string, Get> = {
    'node-redis, timer off': async (key) => JSON.parse((await timerOff.get(key))!),
    'node-redis, default': async (key) => JSON.parse((await defaults.get(key))!),
    'node-redis sendCommand': async (key) => JSON.parse((await timerOff.sendCommand<string>(['GET', key]))),
    'RedisStore': async (key) => JSON.parse(await store.get(key) as string),
    'bentocache L2': (key) => bento.get({ key }),
    'ioredis': async (key) => JSON.parse((await ioredis.get(key))!),
  };
  const names = Object.keys(cases);
  const results = new Map<string, number[]>(names.map((n) => [n, []]));

  console.log(`redis-server ${server.url}; ${OPS} GETs per rep, ${IN_FLIGHT} in flight, ${REPS} reps (median)`);
  for (const name of names) await measure(cases[name], Math.min(OPS, 20_000)); // warm-up
  for (let rep = 0; rep < REPS; rep++) {
    for (const name of [...names].sort(() => Math.random() - 0.5)) results.get(name)!.push(await measure(cases[name], OPS));
  }

  const medians = new Map(names.map((n) => [n, median(results.get(n)!)]));
  const ours = medians.get('RedisStore')!;
  console.log('');
  console.log(`${'case'.padEnd(24)}${'ops/s (median)'.padStart(16)}   RedisStore ÷ case   all reps`);
  for (const name of names) {
    const ops = medians.get(name)!;
    const reps = results.get(name)!.map((v) => Math.round(v / 1000)).join(' ');
    console.log(`${name.padEnd(24)}${Math.round(ops).toLocaleString('en-US').padStart(16)}   ${(ours / ops).toFixed(2).padStart(17)}   ${reps} (k/s)`);
  }
  const bar = ours / medians.get('node-redis, timer off')!;
  // Same-rep ratios cancel some of the machine's drift between reps.
  const paired = median(results.get('RedisStore')!.map((v, i) => v / results.get('node-redis, timer off')![i]));
  console.log('');
  console.log(`RedisStore vs raw node-redis with its timer off: ${bar.toFixed(2)}× of medians, ${paired.toFixed(2)}× median of same-rep ratios`
    + ` (bar: ≥ 0.90×) ${Math.min(bar, paired) >= 0.9 ? 'PASS' : 'BELOW BAR'}`);

  await bento.disconnectAll().catch(() => undefined);
  ioredis.disconnect();
  bentoIoredis.disconnect();
  await Promise.all([timerOff.close(), defaults.close(), store.close()]);
  await server.destroy();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
