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
 *   memjs                    `client.get` (binary protocol, modulo hashing, no TLS), a devDependency;
 *                            skipped when it cannot be loaded
 *   Cache                    `cache.get` on the one-node MemcachedStore: the whole hit path
 *
 * Method and flags: bench/throughput.ts.
 */
import * as net from 'node:net';
import { writeChart } from './chart';
import { compare, Get, IN_FLIGHT, KEYS, VALUE } from './throughput';
import { Cache } from '../client/src';
import { MemcachedStore } from '../client/src/memcached';
import { ReplyParser } from '../client/src/memcached/protocol';
import { MemcachedServer, startMemcached } from '../client/test/memcached/servers';

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

  const cache = new Cache({ store: one, namespace: 'cache', lease: false });
  for (let i = 0; i < KEYS; i++) await cache.set(`user:${i}`, JSON.parse(VALUE));
  const cases: Record<string, Get> = {
    'MemcachedStore': async (key) => JSON.parse(await one.get(key) as string),
    'Cache': (key) => cache.get(key),
    'MemcachedStore, 3 nodes': async (key) => JSON.parse(await three.get(key) as string),
    'raw pipeline (floor)': raw.get,
  };
  if (memjs !== undefined) cases.memjs = memjs.get;
  else console.log('memjs cannot be loaded (npm ci installs it): skipped.');
  const results = await compare(`memcached ${servers.map((s) => s.address).join(', ')}`, cases, 'MemcachedStore');
  writeChart('memcached-get', `Memcached GET + decode, ${IN_FLIGHT} in flight (median ops/s)`, results, 'MemcachedStore', 'ops/s');
  await cache.close();

  raw.close();
  memjs?.close();
  await Promise.all([one.close(), three.close()]);
  await Promise.all(servers.map((s) => s.kill()));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
