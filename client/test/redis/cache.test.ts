import { Cache } from '../../src';
import { RedisStore } from '../../src/redis';
import { freePort, RedisServer, startRedis } from '../servers';

let server: RedisServer;
const closing: Array<{ close(): Promise<void> }> = [];

beforeAll(async () => {
  server = await startRedis();
});

afterEach(async () => {
  await Promise.all(closing.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  await server?.destroy();
});

function cacheOn(store: RedisStore, options: Omit<ConstructorParameters<typeof Cache>[0] & object, 'store'> = {}): Cache {
  const cache = new Cache({ ...options, store });
  closing.push(cache, store);
  return cache;
}

describe('Cache over RedisStore', () => {
  test('values round-trip through the codec; getOrSet loads once', async () => {
    const cache = cacheOn(new RedisStore({ url: server.url }), { namespace: 'app' });
    await cache.set('user:1', { id: 1, name: 'Ada', at: new Date(0) }, { ttl: '1m' });
    expect(await cache.get('user:1')).toEqual({ id: 1, name: 'Ada', at: new Date(0) });
    let loads = 0;
    const loader = async () => {
      loads++;
      return { n: 42 };
    };
    const [a, b] = await Promise.all([cache.getOrSet('lazy', loader), cache.getOrSet('lazy', loader)]);
    expect([a, b, loads]).toEqual([{ n: 42 }, { n: 42 }, 1]);
    expect(await cache.delete('user:1')).toBe(true);
    expect(await cache.get('user:1')).toBeUndefined();
  });

  test('compressed values (NUL-led Buffers) come back intact', async () => {
    const cache = cacheOn(new RedisStore({ url: server.url }), { namespace: 'z', compression: { threshold: 100 } });
    const big = { text: 'lorem ipsum '.repeat(500), list: Array.from({ length: 200 }, (_, i) => i) };
    await cache.set('big', big);
    const raw = await server.command('STRLEN', 'z:big');
    expect(Number(raw)).toBeLessThan(JSON.stringify(big).length / 4); // really compressed
    expect(await cache.get('big')).toEqual(big);
  });

  test('with Redis down, reads miss and getOrSet still loads from the source', async () => {
    const cache = cacheOn(new RedisStore({ host: '127.0.0.1', port: await freePort() }));
    const started = Date.now();
    expect(await cache.get('k')).toBeUndefined();
    expect(await cache.getOrSet('k', async () => 'from source')).toBe('from source');
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
