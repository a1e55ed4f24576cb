import { SessionStoreError } from './errors';
import type { Cache } from '../cache/cache';
import { CacheParts, storeAccessOf } from '../cache/internals';

export type { CacheParts } from '../cache/internals';

/**
 * Sessions need store calls the Cache's public API does not offer (`touch`, `keys`, `getMany`,
 * health), and must bypass its L1 (a session destroyed on one server must be gone on every
 * other at once) and its by-reference memory values (express-session mutates the objects it
 * loads). So the store talks to the Cache's own store, under the Cache's namespace, through the
 * seam every Cache registers itself with (`grantStoreAccess` in cache/internals.ts).
 */
export function cacheParts(cache: Cache): CacheParts {
  const parts = storeAccessOf(cache);
  if (parts === undefined) throw new SessionStoreError(`Option 'cache' must be a Cache from cdk-elasticache-client, got ${describe(cache)}.`);
  return parts;
}

function describe(value: unknown): string {
  if (value === null || typeof value !== 'object') return String(value);
  return `an instance of ${value.constructor?.name ?? 'Object'}`;
}
