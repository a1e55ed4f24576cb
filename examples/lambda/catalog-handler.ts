import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
// eslint-disable-next-line import/no-unresolved -- in this repository, examples/lambda/tsconfig.json maps it to the source
import { Cache, CacheConnectionEnv, RedisStore } from 'cdk-elasticache/client';

// The example app: cache-aside reads of a product catalogue from the Valkey cluster that
// `cache.connect(fn, { prefix: 'catalog' })` described in the CATALOG_CACHE_* variables.
// (Session lookups on the Memcached cluster, SESSIONS_CACHE_*, arrive with the Memcached store.)

const variable = (name: string): string => {
  const key = CacheConnectionEnv.withPrefix(name, 'catalog');
  const value = process.env[key];
  if (!value) throw new Error(`${key} is not set: connect the function to the cache with cache.connect()`);
  return value;
};

const secrets = new SecretsManagerClient({});
async function authToken(): Promise<string> {
  const secret = await secrets.send(new GetSecretValueCommand({ SecretId: variable(CacheConnectionEnv.AUTH_SECRET_ARN) }));
  return (JSON.parse(secret.SecretString ?? '{}') as { token: string }).token;
}

const [host, port] = variable(CacheConnectionEnv.ENDPOINT).split(':');
// Built once per Lambda container, reused across invocations.
export const store = new RedisStore({
  host,
  port: Number(port),
  cluster: variable(CacheConnectionEnv.CLUSTER_MODE) === 'true',
  tls: variable(CacheConnectionEnv.TLS) === 'true',
  // Asked on every (re)connect, so a rotated token is picked up.
  credentials: async () => ({ password: await authToken() }),
});
export const cache = new Cache({ namespace: 'catalog', ttl: '5m', store });

interface Product { readonly id: string; readonly name: string; readonly priceCents: number }

/** Stands in for the database the cache protects. */
async function loadProduct(id: string): Promise<Product | undefined> {
  await new Promise((resolve) => setTimeout(resolve, 50));
  return /^[a-z0-9-]{1,64}$/.test(id) ? { id, name: `Product ${id}`, priceCents: 1999 } : undefined;
}

export async function handler(event: { readonly productId?: string }): Promise<{ statusCode: number; body: string }> {
  const id = event.productId ?? '';
  const product = await cache.getOrSet(`product:${id}`, () => loadProduct(id));
  if (!product) return { statusCode: 404, body: JSON.stringify({ message: `no product ${id}` }) };
  return { statusCode: 200, body: JSON.stringify({ product, cache: cache.stats() }) };
}
