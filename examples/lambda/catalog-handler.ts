// eslint-disable-next-line import/no-unresolved -- in this repository, examples/lambda/tsconfig.json maps it to the source
import { Cache, SessionStore } from 'cdk-elasticache-client';

// The example app. Both caches come from the variables `connect()` wrote, nothing else:
// - CATALOG_CACHE_*: the Valkey cluster (endpoint, cluster mode, TLS, and the AUTH token's secret,
//   read from Secrets Manager and read again when the token is rotated): cache-aside product reads;
// - SESSIONS_CACHE_*: the Memcached cluster (Auto Discovery endpoint, TLS): the sessions that the
//   web tier's express-session writes with the same SessionStore, looked up here;
// - STOCK_CACHE_*: the serverless Valkey cache (one TLS endpoint speaking the cluster protocol,
//   CACHE_SERVERLESS=true, and the rotated password's secret): stock levels, cached for seconds.
// Built once per Lambda container, reused across invocations.
export const catalog = Cache.fromEnvironment(process.env, { prefix: 'catalog', namespace: 'catalog', ttl: '5m', jitter: 10 });
export const sessionCache = Cache.fromEnvironment(process.env, { prefix: 'sessions', namespace: 'web' });
const sessions = new SessionStore({ cache: sessionCache });
export const stock = Cache.fromEnvironment(process.env, { prefix: 'stock', namespace: 'stock', ttl: '10s' });

interface Product { readonly id: string; readonly name: string; readonly priceCents: number }

/** Stands in for the database the cache protects. */
async function loadProduct(id: string): Promise<Product | undefined> {
  await new Promise((resolve) => setTimeout(resolve, 50));
  return /^[a-z0-9-]{1,64}$/.test(id) ? { id, name: `Product ${id}`, priceCents: 1999 } : undefined;
}

/** Stands in for the warehouse system: stock changes often, so it is cached for seconds only. */
async function loadStock(id: string): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 20));
  return id.length * 7;
}

export interface CatalogEvent {
  readonly productId?: string;
  /** The express-session id of the caller, if any. */
  readonly sessionId?: string;
}

export async function handler(event: CatalogEvent): Promise<{ statusCode: number; body: string }> {
  const id = event.productId ?? '';
  const [product, session] = await Promise.all([
    catalog.getOrSet(`product:${id}`, () => loadProduct(id)),
    event.sessionId ? sessions.get(event.sessionId).catch(() => null) : Promise.resolve(null),
  ]);
  if (!product) return { statusCode: 404, body: JSON.stringify({ message: `no product ${id}` }) };
  const user = (session as { user?: string } | null)?.user ?? null;
  const inStock = await stock.getOrSet(`stock:${id}`, () => loadStock(id));
  return { statusCode: 200, body: JSON.stringify({ product, user, inStock, cache: catalog.stats(), stockCache: stock.stats() }) };
}
