import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { RedisServer, startRedis } from '../servers';

// The example's Lambda handler, run as Lambda would run it: configured only by the variables
// cache.connect() writes, its AUTH token from (mocked) Secrets Manager, against a real redis-server.
describe('the example catalogue handler', () => {
  const token = 'x'.repeat(64);
  const secrets = mockClient(SecretsManagerClient);
  let server: RedisServer;
  let handlerModule: typeof import('../../examples/lambda/catalog-handler');

  beforeAll(async () => {
    server = await startRedis({ password: token });
    secrets.on(GetSecretValueCommand, { SecretId: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:token' })
      .resolves({ SecretString: JSON.stringify({ token }) });
    Object.assign(process.env, {
      CATALOG_CACHE_ENGINE: 'valkey',
      CATALOG_CACHE_ENDPOINT: `127.0.0.1:${server.port}`,
      CATALOG_CACHE_CLUSTER_MODE: 'false',
      CATALOG_CACHE_TLS: 'false',
      CATALOG_CACHE_AUTH: 'token',
      CATALOG_CACHE_AUTH_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:token',
    });
    // Loaded only now: the handler reads its environment when Lambda loads it.
    handlerModule = jest.requireActual('../../examples/lambda/catalog-handler');
  });

  afterAll(async () => {
    await handlerModule?.cache.close();
    await handlerModule?.store.close();
    await server?.destroy();
    secrets.restore();
  });

  test('a miss loads the product and caches it; the next call is a hit', async () => {
    const first = await handlerModule.handler({ productId: 'p-1' });
    expect(first.statusCode).toBe(200);
    expect(JSON.parse(first.body).product).toEqual({ id: 'p-1', name: 'Product p-1', priceCents: 1999 });
    const second = JSON.parse((await handlerModule.handler({ productId: 'p-1' })).body);
    expect(second.cache.hits).toBeGreaterThanOrEqual(1);
    expect(second.cache.loads).toBe(1);
    // The value really is in Redis, under the cache's namespace.
    const keys = await server.command('KEYS', '*');
    expect(JSON.stringify(keys)).toContain('product:p-1');
  });

  test('an unknown product is a 404 and is not cached', async () => {
    const response = await handlerModule.handler({ productId: 'NOT VALID' });
    expect(response.statusCode).toBe(404);
  });

  test('the token came from the secret named by CATALOG_CACHE_AUTH_SECRET_ARN', () => {
    expect(secrets.commandCalls(GetSecretValueCommand).length).toBeGreaterThanOrEqual(1);
  });
});
