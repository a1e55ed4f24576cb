import { RedisServer, startRedis } from '../servers';

// The example's Lambda handler, run as Lambda would run it: configured only by the variables
// cache.connect() writes, against a real redis-server. (AUTH tokens over TLS through
// Cache.fromEnvironment are tested in test/client/from-environment.test.ts.)
describe('the example catalogue handler', () => {
  let server: RedisServer;
  let handlerModule: typeof import('../../examples/lambda/catalog-handler');

  beforeAll(async () => {
    server = await startRedis();
    Object.assign(process.env, {
      CATALOG_CACHE_ENGINE: 'valkey',
      CATALOG_CACHE_ENDPOINT: `127.0.0.1:${server.port}`,
      CATALOG_CACHE_CLUSTER_MODE: 'false',
      CATALOG_CACHE_TLS: 'false',
      CATALOG_CACHE_AUTH: 'none',
    });
    // Loaded only now: the handler reads its environment when Lambda loads it.
    handlerModule = jest.requireActual('../../examples/lambda/catalog-handler');
  });

  afterAll(async () => {
    await handlerModule?.cache.close();
    await server?.destroy();
  });

  test('a miss loads the product and caches it; the next call is a hit', async () => {
    const first = await handlerModule.handler({ productId: 'p-1' });
    expect(first.statusCode).toBe(200);
    expect(JSON.parse(first.body).product).toEqual({ id: 'p-1', name: 'Product p-1', priceCents: 1999 });
    const second = JSON.parse((await handlerModule.handler({ productId: 'p-1' })).body);
    expect(second.cache.hits).toBe(1);
    expect(second.cache.loads).toBe(1);
    // The value really is in Redis, under the cache's namespace.
    expect(JSON.stringify(await server.command('KEYS', '*'))).toContain('catalog:product:p-1');
  });

  test('an unknown product is a 404', async () => {
    expect((await handlerModule.handler({ productId: 'NOT VALID' })).statusCode).toBe(404);
  });
});
