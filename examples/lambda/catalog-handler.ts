// eslint-disable-next-line import/no-unresolved -- in this repository, examples/lambda/tsconfig.json maps it to the source
import { Cache } from 'cdk-elasticache/client';

// The example app: cache-aside reads of a product catalogue from the Valkey cluster that
// `cache.connect(fn, { prefix: 'catalog' })` described in the CATALOG_CACHE_* variables: the
// endpoint, cluster mode, TLS and the AUTH token's secret (read from Secrets Manager, and read
// again when the token is rotated). Built once per Lambda container, reused across invocations.
// (Session lookups on the Memcached cluster, SESSIONS_CACHE_*, come with the session store.)
export const cache = Cache.fromEnvironment(process.env, { prefix: 'catalog', namespace: 'catalog', ttl: '5m', jitter: 10 });

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
