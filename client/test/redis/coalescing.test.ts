import fc from 'fast-check';
import { TickBatch } from '../../src/batching/tick-batch';
import { RedisStore } from '../../src/redis';
import { sendBySlot } from '../../src/redis/coalesced-gets';
import type { StoreValue } from '../../src/store';
import { RedisServer, startRedis } from '../servers';

let server: RedisServer;
let store: RedisStore;

beforeAll(async () => {
  server = await startRedis();
  store = new RedisStore({ url: server.url });
  await store.connect();
});

afterAll(async () => {
  await store?.close();
  await server?.destroy();
});

/** Calls of GET and MGET the server has answered so far. */
async function calls(): Promise<{ get: number; mget: number }> {
  const stats = await server.info('commandstats');
  const count = (name: string) => Number(/calls=(\d+)/.exec(stats[`cmdstat_${name}`] ?? '')?.[1] ?? 0);
  return { get: count('get'), mget: count('mget') };
}

async function sent<T>(run: () => Promise<T>): Promise<{ result: T; get: number; mget: number }> {
  const before = await calls();
  const result = await run();
  const after = await calls();
  return { result, get: after.get - before.get, mget: after.mget - before.mget };
}

describe('GETs issued in one tick are coalesced', () => {
  test('100 concurrent gets are one MGET, each caller gets its own key\'s value', async () => {
    for (let i = 0; i < 100; i++) if (i % 3 !== 0) await store.set(`co:${i}`, `v${i}`);
    const { result, get, mget } = await sent(() => Promise.all(Array.from({ length: 100 }, (_, i) => store.get(`co:${i}`))));
    expect(result).toEqual(Array.from({ length: 100 }, (_, i) => i % 3 === 0 ? undefined : `v${i}`));
    expect({ get, mget }).toEqual({ get: 0, mget: 1 });
  });

  test('a lone get is a plain GET', async () => {
    await store.set('co:lone', 'x');
    const { result, get, mget } = await sent(() => store.get('co:lone'));
    expect(result).toBe('x');
    expect({ get, mget }).toEqual({ get: 1, mget: 0 });
  });

  test('gets in different ticks are not held back for each other', async () => {
    await store.set('co:a', 'a');
    const { result, get, mget } = await sent(async () => [await store.get('co:a'), await store.get('co:a')]);
    expect(result).toEqual(['a', 'a']);
    expect({ get, mget }).toEqual({ get: 2, mget: 0 });
  });

  test('program order: a get issued before a write of its key reads what was there before', async () => {
    await store.set('co:order', 'old');
    const read = store.get('co:order');
    const write = store.set('co:order', 'new');
    const removed = store.get('co:order');
    const deleting = store.delete('co:order');
    expect(await read).toBe('old');
    await write;
    expect(await removed).toBe('new');
    expect(await deleting).toBe(true);
  });

  test('property: any mix of keys (repeated, absent, binary) reads as separate gets would', async () => {
    const binary = Buffer.from([0, 1, 2, 0xff]);
    await store.set('co:p:bin', binary);
    for (let i = 0; i < 8; i++) await store.set(`co:p:${i}`, `s${i}`);
    await fc.assert(fc.asyncProperty(fc.array(fc.constantFrom('co:p:bin', 'co:p:none', ...Array.from({ length: 8 }, (_, i) => `co:p:${i}`)), { minLength: 1, maxLength: 60 }),
      async (keys) => {
        const together = await Promise.all(keys.map((key) => store.get(key)));
        const apart: unknown[] = [];
        for (const key of keys) apart.push(await store.get(key));
        expect(together).toEqual(apart);
      }), { numRuns: 40 });
  });

  test('a batch past the key limit goes out at once and the rest in the next batch', async () => {
    const { result, mget } = await sent(() => Promise.all(Array.from({ length: 2500 }, (_, i) => store.get(`co:big:${i}`))));
    expect(result.every((v) => v === undefined)).toBe(true);
    expect(mget).toBe(3); // 1000 + 1000 + 500
  });

  test('get then close() in one tick: the get was issued, so it is answered', async () => {
    const own = new RedisStore({ url: server.url });
    await own.connect();
    await own.set('co:closing', 'y');
    const read = own.get('co:closing');
    const closing = own.close();
    expect(await read).toBe('y');
    await closing;
  });
});

describe('sendBySlot', () => {
  test('each slot group settles on its own: a failed group fails only its keys', async () => {
    const batch = new TickBatch<StoreValue | undefined>();
    const keys = ['{a}1', '{b}1', '{a}2', '{b}2'];
    const results = keys.map((key) => batch.add(key).then((v) => v, (e: Error) => `error: ${e.message}`));
    const groups: string[][] = [];
    sendBySlot(batch, true, (group) => {
      groups.push(group);
      return group[0].startsWith('{b}') ? Promise.reject(new Error('shard b down')) : Promise.resolve(group.map((k) => `value of ${k}`));
    });
    expect(await Promise.all(results)).toEqual(['value of {a}1', 'error: shard b down', 'value of {a}2', 'error: shard b down']);
    expect(groups).toEqual([['{a}1', '{a}2'], ['{b}1', '{b}2']]);
  });

  test('standalone: one group whatever the slots', async () => {
    const batch = new TickBatch<StoreValue | undefined>();
    const results = ['x', 'y', 'x'].map((key) => batch.add(key));
    const groups: string[][] = [];
    sendBySlot(batch, false, (group) => {
      groups.push(group);
      return Promise.resolve(group.map((k) => k.toUpperCase()));
    });
    expect(await Promise.all(results)).toEqual(['X', 'Y', 'X']);
    expect(groups).toEqual([['x', 'y', 'x']]);
  });
});
