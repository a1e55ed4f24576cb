/**
 * Errors the client raises. Every class extends `CacheError`, so `err instanceof CacheError`
 * separates cache trouble from errors thrown by the caller's own loaders and writers.
 */
export class CacheError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** An option has a value the client cannot use (a bad duration, a negative size, …). */
export class CacheOptionError extends CacheError {}

/** An argument has a value the client cannot use (a key that is not a non-empty string, …). */
export class CacheArgumentError extends CacheOptionError {}

/** A store command failed. `op` and `key` say which; `cause` holds the store's own error. */
export class CacheStoreError extends CacheError {
  constructor(
    public readonly store: string,
    public readonly op: string,
    public readonly key: string | undefined,
    cause: unknown,
    message?: string,
  ) {
    super(message ?? `${store} ${op}${key === undefined ? '' : ` '${key}'`} failed: ${describe(cause)}`, { cause });
  }
}

/** A store command did not answer within the Cache's `timeout`. */
export class CacheTimeoutError extends CacheStoreError {
  constructor(store: string, op: string, key: string | undefined, public readonly timeoutMs: number) {
    super(store, op, key, undefined, `${store} ${op}${key === undefined ? '' : ` '${key}'`} timed out after ${timeoutMs} ms`);
  }
}

/** A loader did not settle within its hard `timeout`: the caller is rejected, the next call loads afresh. */
export class CacheLoadTimeoutError extends CacheTimeoutError {
  constructor(key: string, timeoutMs: number) {
    super('loader', 'getOrSet', key, timeoutMs);
    this.message = `the loader for '${key}' did not settle within its timeout of ${timeoutMs} ms; its result, if it comes, is not cached, and the next call starts a new load`;
  }
}

/** The circuit breaker is open: the store failed repeatedly, so calls fail fast for a while. */
export class CacheUnavailableError extends CacheStoreError {
  constructor(store: string, op: string, key: string | undefined) {
    super(store, op, key, undefined, `${store} ${op}${key === undefined ? '' : ` '${key}'`} skipped: circuit open after repeated failures`);
  }
}

/**
 * A value is over the store's size limit and was not stored: a fact about the caller's value, not
 * an outage, so `Cache.set` rejects with it even without `throwOnCacheError` (and reports it).
 * `bytes` and `limit` are undefined when only the server knew them (it refused the value).
 */
export class CacheValueTooLargeError extends CacheStoreError {
  constructor(store: string, op: string, key: string, public readonly bytes: number | undefined,
    public readonly limit: number | undefined, message: string, cause?: unknown) {
    super(store, op, key, cause, message);
  }
}

/** A value cannot be stored (a function, a symbol, a circular reference, `undefined`). */
export class CacheSerializationError extends CacheError {
  constructor(public readonly key: string, reason: string, cause?: unknown) {
    super(`Cannot cache key '${key}': ${reason}`, { cause });
  }
}

/** Stored bytes could not be read back (written by another program or another format). */
export class CacheDecodeError extends CacheError {
  constructor(public readonly key: string, reason: string, cause?: unknown) {
    super(`Cannot decode cached key '${key}': ${reason}`, { cause });
  }
}

/**
 * Write-behind could not write some entries to the source, even after its retries. `entries`
 * holds the keys and values that were not written, so the caller can persist them elsewhere.
 */
export class WriteBehindError<T = unknown> extends CacheError {
  public readonly keys: string[];
  constructor(public readonly entries: ReadonlyArray<readonly [string, T]>, cause: unknown) {
    const keys = entries.map(([key]) => key);
    const shown = keys.slice(0, 20).join(', ') + (keys.length > 20 ? `, … (${keys.length - 20} more)` : '');
    super(`write-behind: ${keys.length} key(s) not written to the source: ${shown}. Cause: ${describe(cause)}`, { cause });
    this.keys = keys;
  }
}

/** A loader answered in a shape the Cache cannot use (`getOrSetMany`: not one value per key). */
export class CacheLoadResultError extends CacheError {}

/** The object was closed: every later call rejects with this. */
export class CacheClosedError extends CacheError {}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

/** The store cannot do this at all (Memcached cannot enumerate keys): a usage error, never retried. */
export class CacheUnsupportedError extends CacheStoreError {}
