import { randomBytes } from 'node:crypto';
import { liveProcessCount, makeTlsFiles, MemcachedServer, startMemcached } from './servers';
import { CacheClosedError, CacheStoreError } from '../../src/errors';
import { MemcachedStore } from '../../src/memcached';
import { wireKey } from '../../src/memcached/keys';

jest.setTimeout(30_000);

let plain: MemcachedServer[] = [];
let secure: MemcachedServer;
let ca: Buffer;

beforeAll(async () => {
  const files = await makeTlsFiles('memcached');
  ca = files.ca;
  [plain, secure] = await Promise.all([
    Promise.all([startMemcached(), startMemcached(), startMemcached()]),
    startMemcached({ tls: files }),
  ]);
});

afterAll(async () => {
  await Promise.all([...plain, secure].map((s) => s?.kill()));
  expect(liveProcessCount()).toBe(0);
});

const setups: Array<[string, () => MemcachedStore]> = [
  ['3 plain nodes', () => new MemcachedStore({ nodes: plain.map((s) => s.address) })],
  ['1 TLS node', () => new MemcachedStore({ nodes: [secure.address], tls: { ca } })],
];

describe.each(setups)('CacheStore methods on %s', (_name, make) => {
  let store: MemcachedStore;
  let n = 0;
  const key = (name: string) => `t${++n}:${name}`;

  beforeAll(async () => {
    store = make();
    await store.connect();
  });
  afterAll(() => store.close());

  test('binary values come back as Buffers, byte for byte', async () => {
    const k = key('b');
    const value = randomBytes(100_000);
    value[0] = 0; // the Cache's binary format starts with NUL
    await store.set(k, value);
    const back = await store.get(k);
    expect(Buffer.isBuffer(back)).toBe(true);
    expect((back as Buffer).equals(value)).toBe(true);
  });

  test('long keys, keys with spaces / newlines / control characters work (hashed)', async () => {
    const keys = ['k'.repeat(300), 'with space', 'line\r\nmg evil v', 'tab\there', 'ü'.repeat(200), key('plain')];
    await Promise.all(keys.map((k, i) => store.set(k, `v${i}`)));
    expect(await store.getMany(keys)).toEqual(keys.map((_k, i) => `v${i}`));
    expect(await store.get('with  space')).toBeUndefined(); // a different key
    expect(await store.delete('line\r\nmg evil v')).toBe(true);
  });

  test('values over maxValueBytes reject before sending, naming key and size', async () => {
    const k = key('big');
    const big = 'x'.repeat(1024 * 1024);
    await expect(store.set(k, big)).rejects.toThrow(new RegExp(`memcached set '${k}': value is 1048576 bytes, over maxValueBytes 1047552`));
    await expect(store.add(k, Buffer.alloc(2_000_000), 1000)).rejects.toThrow(/value is 2000000 bytes/);
    const fits = 'y'.repeat(1047552);
    await store.set(k, fits);
    expect(await store.get(k)).toBe(fits);
  });

  test('clear and keys reject: memcached cannot enumerate keys', async () => {
    await expect(store.clear('ns:')).rejects.toThrow(/memcached cannot enumerate keys/);
    const iterator = store.keys('ns:')[Symbol.asyncIterator]();
    await expect(iterator.next()).rejects.toThrow(CacheStoreError);
  });

  test('bad TTLs reject with an option error', async () => {
    await expect(store.set(key('neg'), 'x', -5)).rejects.toThrow(/non-negative/);
    await expect(store.touch(key('neg'), Number.NaN)).rejects.toThrow(/non-negative/);
  });

  test('1000 concurrent commands pipeline correctly', async () => {
    const keys = Array.from({ length: 1000 }, (_, i) => key(`p${i}`));
    await Promise.all(keys.map((k) => store.set(k, k)));
    const values = await Promise.all(keys.map((k) => store.get(k)));
    expect(values).toEqual(keys);
  });
});

describe('multiple nodes', () => {
  let store: MemcachedStore;
  beforeAll(async () => {
    store = new MemcachedStore({ nodes: plain.map((s) => s.address) });
    await store.connect();
  });
  afterAll(() => store.close());

  test('keys are spread over every node, each key stored on exactly one', async () => {
    const keys = Array.from({ length: 300 }, (_, i) => `spread:${i}`);
    await Promise.all(keys.map((k) => store.set(k, 'v')));
    const perNode = await Promise.all(plain.map(async (server) => {
      let count = 0;
      for (const k of keys) if ((await server.command(`mg ${wireKey(k)}\r\n`)).startsWith('HD')) count++;
      return count;
    }));
    expect(perNode.reduce((a, b) => a + b, 0)).toBe(keys.length);
    for (const count of perNode) expect(count).toBeGreaterThan(keys.length / 3 * 0.5);
  });

  test('nodeStates and health', async () => {
    expect(store.nodeStates().map((s) => s.state)).toEqual(['up', 'up', 'up']);
    expect(store.isHealthy).toBe(true);
    expect(store.configVersion).toBeUndefined();
  });
});

describe('TLS', () => {
  test('a server certificate from another CA is refused', async () => {
    const other = await makeTlsFiles('other');
    const store = new MemcachedStore({ nodes: [secure.address], tls: { ca: other.ca }, connectTimeout: 1000 });
    await expect(store.connect()).rejects.toThrow(/not every node is up.*down/);
    await expect(store.get('x')).rejects.toThrow(/node 127\.0\.0\.1:\d+ is down/);
    await store.close();
  });

  test('servername is checked against the certificate (localhost)', async () => {
    const store = new MemcachedStore({ nodes: [{ host: 'localhost', port: secure.port }], tls: { ca } });
    await store.connect();
    await store.set('sni', 'ok');
    expect(await store.get('sni')).toBe('ok');
    await store.close();
  });
});

describe('close', () => {
  test('waits for in-flight commands, then rejects new ones; idempotent', async () => {
    const store = new MemcachedStore({ nodes: plain.map((s) => s.address) });
    const inflight = Promise.all(Array.from({ length: 50 }, (_, i) => store.set(`close:${i}`, 'v')));
    await store.connect();
    const closing = store.close();
    await expect(inflight).resolves.toHaveLength(50);
    await closing;
    await store.close();
    await expect(store.get('close:1')).rejects.toThrow(CacheClosedError);
  });
});
