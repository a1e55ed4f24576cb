import { Cache } from '../cache/cache';
import { CacheStore } from '../store';
import { SessionStoreError } from './errors';

/** What the session store uses of a Cache: its store (with the Cache's guard) and namespace. */
export interface CacheParts {
  /** The store as the Cache calls it: wrapped in its deadline and circuit breaker when it has any. */
  readonly store: CacheStore;
  /** `<namespace>:`, or '' without a namespace. */
  readonly prefix: string;
}

/**
 * Sessions need store calls the Cache's public API does not offer (`touch`, `keys`, `getMany`,
 * health), and must bypass its L1 (a session destroyed on one server must be gone on every
 * other at once) and its by-reference memory values (express-session mutates the objects it
 * loads). So the store talks to the Cache's own store, under the Cache's namespace, reading the
 * two private fields below. The check fails loudly if the Cache's shape changes.
 */
export function cacheParts(cache: Cache): CacheParts {
  if (!(cache instanceof Cache)) {
    throw new SessionStoreError(`Option 'cache' must be a Cache from cdk-elasticache-client, got ${describe(cache)}.`);
  }
  const { store, prefix } = cache as unknown as { store?: Partial<CacheStore>; prefix?: unknown };
  if (typeof prefix !== 'string' || typeof store?.get !== 'function' || typeof store.touch !== 'function' || typeof store.keys !== 'function') {
    throw new SessionStoreError('SessionStore cannot reach the store of this Cache (the Cache class changed shape): this is a bug in cdk-elasticache.');
  }
  return { store: store as CacheStore, prefix };
}

function describe(value: unknown): string {
  if (value === null || typeof value !== 'object') return String(value);
  return `an instance of ${value.constructor?.name ?? 'Object'}`;
}
