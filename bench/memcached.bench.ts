/**
 * Memcached GET path with 100 requests in flight, side by side on local memcached processes:
 *
 *   npx ts-node --project test/tsconfig.json bench/memcached.bench.ts [--ops 100000] [--reps 7] [--inflight 100]
 *
 * Cases (each reads a ~90-byte JSON value and parses it):
 *   MemcachedStore           `store.get` on one node: deadlines, key checks, `mg k v f`
 *   MemcachedStore, 3 nodes  the same over three nodes (ketama: one MD5 per key)
 *   raw pipeline (floor)     one socket, a FIFO of resolvers and the store's reply parser; no
 *                            deadlines, no key checks, no routing: what the store's bookkeeping costs
 *   memjs                    `client.get` (binary protocol, modulo hashing, no TLS) — only when
 *                            installed: it is not a dependency; add it as a devDependency to compare
 *
 * Reps are interleaved in random order and the median is reported: the machine is shared, and
 * client and servers run on the same cores, so single runs vary by ±20 %.
 */
import * as net from 'node:net';
import { MemcachedStore } from '../src/client/memcached';
import { ReplyParser } from '../src/client/memcached/protocol';
import { MemcachedServer, startMemcached } from '../test/client/memcached/servers';

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

/** The least a pipelined meta-protocol GET can cost in JS here. */
async function rawPipeline(server: MemcachedServer): Promise<{ get: Get; close: () => void }> {
  const socket = net.connect({ host: server.host, port: server.port, noDelay: true });
  await new Promise((resolve) => socket.once('connect', resolve));
  const waiting: Array<(value: string | undefined) => void> = [];
  let head = 0;
  const take = () => {
    const resolve = waiting[head++];
    if (head === waiting.length) {
      waiting.length = 0;
      head = 0;
    }
    return resolve;
  };
  const parser = new ReplyParser({
    value: (buf, start, end) => take()(buf.toString('utf8', start, end)),
    status: () => take()(undefined),
    error: (line) => {
      throw new Error(line);
    },
  });
  socket.on('data', (chunk: Buffer) => parser.feed(chunk));
  let out = '';
  const flush = () => {
    socket.write(out);
    out = '';
  };
  return {
    get: (key) => new Promise<string | undefined>((resolve) => {
      waiting.push(resolve);
      if (out === '') process.nextTick(flush);
      out += `mg ${key} v f\r\n`;
    }).then((value) => JSON.parse(value!)),
    close: () => socket.destroy(),
  };
}

/** memjs, when installed (not a dependency of this package). */
async function memjsClient(server: MemcachedServer): Promise<{ get: Get; close: () => void } | undefined> {
  const name = 'memjs';
  let memjs: any;
  try {
    memjs = await import(name);
  } catch {
    return undefined;
  }
  const client = (memjs.Client ?? memjs.default.Client).create(server.address, { timeout: 1, retries: 0 });
  return {
    get: async (key) => JSON.parse(((await client.get(key)) as { value: Buffer }).value.toString('utf8')),
    close: () => client.close(),
  };
}

async function main(): Promise<void> {
  const servers = await Promise.all([startMemcached(), startMemcached(), startMemcached()]);
  const one = new MemcachedStore({ nodes: [servers[0].address] });
  const three = new MemcachedStore({ nodes: servers.map((s) => s.address) });
  await Promise.all([one.connect(), three.connect()]);
  for (let i = 0; i < KEYS; i++) await Promise.all([one.set(`user:${i}`, VALUE), three.set(`user:${i}`, VALUE)]);
  const raw = await rawPipeline(servers[0]);
  const memjs = await memjsClient(servers[0]);

  const cases: Record<string, Get> = {
    'MemcachedStore': async (key) => JSON.parse(await one.get(key) as string),
    'MemcachedStore, 3 nodes': async (key) => JSON.parse(await three.get(key) as string),
    'raw pipeline (floor)': raw.get,
  };
  if (memjs !== undefined) cases.memjs = memjs.get;
  else console.log('memjs is not installed: add it as a devDependency (npm i -D memjs) to compare with it.');
  const names = Object.keys(cases);
  const results = new Map<string, number[]>(names.map((n) => [n, []]));

  console.log(`memcached ${servers.map((s) => s.address).join(', ')}; ${OPS} GETs per rep, ${IN_FLIGHT} in flight, ${REPS} reps (median)`);
  for (const name of names) await measure(cases[name], Math.min(OPS, 20_000)); // warm-up
  for (let rep = 0; rep < REPS; rep++) {
    for (const name of [...names].sort(() => Math.random() - 0.5)) results.get(name)!.push(await measure(cases[name], OPS));
  }

  const ours = median(results.get('MemcachedStore')!);
  console.log('');
  console.log(`${'case'.padEnd(26)}${'ops/s (median)'.padStart(16)}   MemcachedStore ÷ case   all reps`);
  for (const name of names) {
    const ops = median(results.get(name)!);
    const reps = results.get(name)!.map((v) => Math.round(v / 1000)).join(' ');
    console.log(`${name.padEnd(26)}${Math.round(ops).toLocaleString('en-US').padStart(16)}   ${(ours / ops).toFixed(2).padStart(21)}   ${reps} (k/s)`);
  }

  raw.close();
  memjs?.close();
  await Promise.all([one.close(), three.close()]);
  await Promise.all(servers.map((s) => s.kill()));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
