import { collect, eventually, healthRecorder } from './helpers';
import { CacheStoreError } from '../../src/errors';
import { RedisStore } from '../../src/redis';
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

describe('RedisStore on a standalone server', () => {
  test('a NUL-led value (the codec binary format) comes back as the exact Buffer', async () => {
    const binary = Buffer.from([0, 1, 0xff, 0xfe, 0x80, 0x00, 0x7f]);
    await store.set('sa:bin', binary);
    const read = await store.get('sa:bin');
    expect(Buffer.isBuffer(read)).toBe(true);
    expect((read as Buffer).equals(binary)).toBe(true);
    const many = await store.getMany(['sa:bin', 'sa:missing', 'sa:bin']);
    expect(many.map((v) => Buffer.isBuffer(v))).toEqual([true, false, true]);
    expect((many[2] as Buffer).equals(binary)).toBe(true);
  });

  test('returnBuffers: every value comes back as a Buffer', async () => {
    const buffers = new RedisStore({ url: server.url, returnBuffers: true });
    try {
      await buffers.set('sa:rb', 'text');
      await buffers.set('sa:rb2', Buffer.from([0x80, 0x81]));
      expect(await buffers.get('sa:rb')).toEqual(Buffer.from('text'));
      expect(await buffers.get('sa:rb2')).toEqual(Buffer.from([0x80, 0x81]));
      expect(await buffers.getMany(['sa:rb', 'sa:none'])).toEqual([Buffer.from('text'), undefined]);
    } finally {
      await buffers.close();
    }
  });

  test('set with a TTL sets PX; the key expires', async () => {
    await store.set('sa:ttl', 'v', 60_000);
    const pttl = Number(await server.command('PTTL', 'sa:ttl'));
    expect(pttl).toBeGreaterThan(55_000);
    expect(pttl).toBeLessThanOrEqual(60_000);
    await store.set('sa:short', 'v', 40);
    await eventually(async () => expect(await store.get('sa:short')).toBeUndefined(), 2_000);
    await store.set('sa:forever', 'v', 0);
    expect(Number(await server.command('PTTL', 'sa:forever'))).toBe(-1);
    await store.set('sa:forever2', 'v');
    expect(Number(await server.command('PTTL', 'sa:forever2'))).toBe(-1);
  });

  test('deleteIfEquals deletes only while the value matches (also after SCRIPT FLUSH)', async () => {
    await store.set('sa:lease', 'token-1', 10_000);
    expect(await store.deleteIfEquals('sa:lease', 'token-2')).toBe(false);
    expect(await store.get('sa:lease')).toBe('token-1');
    expect(await store.deleteIfEquals('sa:lease', 'token-1')).toBe(true);
    expect(await store.get('sa:lease')).toBeUndefined();
    expect(await store.deleteIfEquals('sa:lease', 'token-1')).toBe(false);
    await server.command('SCRIPT', 'FLUSH');
    await store.set('sa:lease', 'token-3');
    expect(await store.deleteIfEquals('sa:lease', 'token-3')).toBe(true); // NOSCRIPT → EVAL
  });

  test('touch resets the TTL without rewriting; 0 removes it', async () => {
    await store.set('sa:touch', 'v', 1_000);
    expect(await store.touch('sa:touch', 120_000)).toBe(true);
    expect(Number(await server.command('PTTL', 'sa:touch'))).toBeGreaterThan(110_000);
    expect(await store.get('sa:touch')).toBe('v');
    expect(await store.touch('sa:touch', 0)).toBe(true);
    expect(Number(await server.command('PTTL', 'sa:touch'))).toBe(-1);
    expect(await store.touch('sa:touch', 0)).toBe(true); // exists, no TTL: still true
    expect(await store.touch('sa:nothing', 1_000)).toBe(false);
    expect(await store.touch('sa:nothing', 0)).toBe(false);
  });

  test('clear(prefix) deletes exactly the prefix, across SCAN pages', async () => {
    for (let i = 0; i < 2_500; i++) await store.set(`clr:${i}`, 'v');
    await store.set('clrx', 'keep');
    await store.set('other:1', 'keep');
    expect(await store.clear('clr:')).toBe(2_500);
    expect(await collect(store.keys('clr:'))).toEqual([]);
    expect(await store.get('clrx')).toBe('keep');
    expect(await store.get('other:1')).toBe('keep');
    expect(await store.clear('clr:')).toBe(0);
  });

  test('a prefix with glob characters matches itself only', async () => {
    await store.set('g*[a]?\\:1', 'v');
    await store.set('g*[a]?\\:2', 'v');
    await store.set('gX[a]?\\:3', 'v'); // would match if * were a wildcard
    await store.set('g*a?\\:4', 'v'); // would match if [a] were a class
    expect((await collect(store.keys('g*[a]?\\:'))).sort()).toEqual(['g*[a]?\\:1', 'g*[a]?\\:2']);
    expect(await store.clear('g*[a]?\\:')).toBe(2);
    expect(await store.get('gX[a]?\\:3')).toBe('v');
    expect(await store.get('g*a?\\:4')).toBe('v');
  });

  test('keys(prefix) yields every key once', async () => {
    const expected: string[] = [];
    for (let i = 0; i < 1_500; i++) {
      expected.push(`ks:${i}`);
      await store.set(`ks:${i}`, 'v');
    }
    const keys = await collect(store.keys('ks:'));
    expect(keys.length).toBe(1_500);
    expect(keys.sort()).toEqual(expected.sort());
  });

  test('publish / subscribe on a dedicated connection; unsubscribe stops delivery', async () => {
    const a: string[] = [];
    const b: string[] = [];
    const offA = await store.subscribe('sa:chan', (m) => a.push(m));
    const offB = await store.subscribe('sa:chan', (m) => b.push(m));
    await store.publish('sa:chan', 'one');
    await eventually(() => {
      expect(a).toEqual(['one']);
      expect(b).toEqual(['one']);
    }, 3_000);
    // the subscriber connection does not block commands
    await store.set('sa:after-sub', 'ok');
    expect(await store.get('sa:after-sub')).toBe('ok');
    await offA();
    await store.publish('sa:chan', 'two');
    await eventually(() => expect(b).toEqual(['one', 'two']), 3_000);
    expect(a).toEqual(['one']);
    await offB();
  });

  test('database option keeps keys apart', async () => {
    const db2 = new RedisStore({ url: `${server.url}/2` });
    try {
      await db2.set('sa:db', 'two');
      expect(await store.get('sa:db')).toBeUndefined();
      expect(await db2.get('sa:db')).toBe('two');
    } finally {
      await db2.close();
    }
  });

  test('health: healthy once connected; close() is idempotent and later calls reject clearly', async () => {
    const own = new RedisStore({ host: server.host, port: server.port });
    const health = healthRecorder();
    own.onHealth(health.listener);
    await own.connect();
    await eventually(() => expect(health.events).toEqual([true]));
    expect(own.isHealthy).toBe(true);
    await own.set('sa:inflight', 'v');
    const pending = own.get('sa:inflight'); // in flight while closing: still answered
    await Promise.all([own.close(), own.close()]);
    expect(await pending).toBe('v');
    await expect(own.get('sa:k')).rejects.toThrow(/redis get 'sa:k' failed: the store is closed/);
    await expect(own.set('sa:k', 'v')).rejects.toBeInstanceOf(CacheStoreError);
    await own.close();
  });

  test('calls made before the first connection wait for it', async () => {
    const fresh = new RedisStore({ url: server.url });
    try {
      const [setDone, value] = await Promise.all([fresh.set('sa:early', 'e'), fresh.get('sa:early')]);
      expect(setDone).toBeUndefined();
      expect([undefined, 'e']).toContain(value);
      expect(await fresh.get('sa:early')).toBe('e');
    } finally {
      await fresh.close();
    }
  });

  test('server errors are reported, not counted as outages', async () => {
    await server.command('LPUSH', 'sa:list', 'x');
    const own = new RedisStore({ url: server.url, circuitBreaker: { failures: 2 } });
    try {
      for (let i = 0; i < 3; i++) await expect(own.get('sa:list')).rejects.toThrow(/redis get 'sa:list' failed: WRONGTYPE/);
      expect(own.isHealthy).toBe(true); // the breaker stayed closed
      expect(await own.get('sa:missing')).toBeUndefined();
    } finally {
      await own.close();
    }
  });
});
