import { Cache, SessionStore } from '../../src/client';
import { MemcachedServer, startMemcached } from '../client/memcached/servers';
import { RedisServer, startRedis } from '../servers';

// The example's Lambda handler, run as Lambda would run it: configured only by the variables
// cache.connect() writes, against a real redis-server (catalogue) and a real memcached (sessions).
// (AUTH tokens over TLS through Cache.fromEnvironment are tested in test/client/from-environment.test.ts.)
describe('the example catalogue handler', () => {
  let redis: RedisServer;
  let memcached: MemcachedServer;
  let handlerModule: typeof import('../../examples/lambda/catalog-handler');

  beforeAll(async () => {
    [redis, memcached] = await Promise.all([startRedis(), startMemcached()]);
    Object.assign(process.env, {
      CATALOG_CACHE_ENGINE: 'valkey',
      CATALOG_CACHE_ENDPOINT: `127.0.0.1:${redis.port}`,
      CATALOG_CACHE_CLUSTER_MODE: 'false',
      CATALOG_CACHE_TLS: 'false',
      CATALOG_CACHE_AUTH: 'none',
      SESSIONS_CACHE_ENGINE: 'memcached',
      SESSIONS_CACHE_ENDPOINT: `127.0.0.1:${memcached.port}`,
      SESSIONS_CACHE_TLS: 'false',
    });
    // Loaded only now: the handler reads its environment when Lambda loads it.
    handlerModule = jest.requireActual('../../examples/lambda/catalog-handler');
  });

  afterAll(async () => {
    await handlerModule?.catalog.close();
    await handlerModule?.sessionCache.close();
    await Promise.all([redis?.destroy(), memcached?.kill()]);
  });

  test('a miss loads the product and caches it; the next call is a hit', async () => {
    const first = await handlerModule.handler({ productId: 'p-1' });
    expect(first.statusCode).toBe(200);
    expect(JSON.parse(first.body).product).toEqual({ id: 'p-1', name: 'Product p-1', priceCents: 1999 });
    const second = JSON.parse((await handlerModule.handler({ productId: 'p-1' })).body);
    expect(second.cache.hits).toBe(1);
    expect(second.cache.loads).toBe(1);
    // The value really is in Redis, under the cache's namespace.
    expect(JSON.stringify(await redis.command('KEYS', '*'))).toContain('catalog:product:p-1');
  });

  test('a session the web tier wrote (SessionStore on the same Memcached) is found', async () => {
    // What an express app with `new SessionStore({ cache })` on SESSIONS_CACHE_* writes at login.
    const web = Cache.fromEnvironment(process.env, { prefix: 'sessions', namespace: 'web' });
    const store = new SessionStore({ cache: web });
    await store.set('sid-1', { cookie: { originalMaxAge: 60_000, expires: new Date(Date.now() + 60_000) }, user: 'ada' } as never);
    const response = JSON.parse((await handlerModule.handler({ productId: 'p-2', sessionId: 'sid-1' })).body);
    expect(response.user).toBe('ada');
    expect(JSON.parse((await handlerModule.handler({ productId: 'p-2', sessionId: 'nobody' })).body).user).toBeNull();
    await store.close();
    await web.close();
  });

  test('an unknown product is a 404', async () => {
    expect((await handlerModule.handler({ productId: 'NOT VALID' })).statusCode).toBe(404);
  });
});
