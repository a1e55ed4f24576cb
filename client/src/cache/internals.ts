import type { LoadBatch } from './load-batch';
import { EntryOptions, Loader } from './options';
import type { CacheStore } from '../store';

/** A write that passed validation and serialization, ready to be committed to the tiers. */
export class PreparedWrite {
  constructor(
    /** Full key (with namespace). */
    public readonly key: string,
    /** The value or its `LiveEntry`, for by-reference tiers. */
    public readonly item: unknown,
    /** What the authoritative tier stores (serialized for remote stores). */
    public readonly encoded: unknown,
    /** Store TTL (ttl + grace), 0 for none. */
    public readonly storeTtl: number,
    /** Logical TTL after jitter, 0 for none. */
    public readonly ttl: number,
    /** Tag versions could not be read: delete the key rather than write an unverifiable entry. */
    public readonly deleteInstead: boolean,
  ) {}
}

/** What the strategies (read-through, write-through, write-behind) read through: the Cache's reads. */
export interface CacheReader {
  get<T>(key: string): Promise<T | undefined>;
  getOrSet<T>(key: string, loader: Loader<T>, options?: EntryOptions): Promise<T>;
}

/** What the strategies (write-through, write-behind) need from a Cache besides its public API. */
export interface CacheWriter {
  /** Validates and serializes; rejects with `CacheSerializationError` before anything is written. */
  prepare(key: string, value: unknown, options: EntryOptions | undefined): Promise<PreparedWrite>;
  /** Writes to the tiers. Store failures are absorbed unless `throwOnCacheError`. */
  commit(write: PreparedWrite): Promise<void>;
}

/** How a read was answered, so callers that joined a flight are counted like its first caller. */
export enum Outcome { Hit, Miss, Stale }

/**
 * One operation, for the error count: however many store calls fail in it, it adds one to
 * `stats().errors` (or `backgroundErrors` for work no caller waits for).
 */
export class Attempt {
  public failed = false;
  constructor(public readonly background = false) {}
}

/** One in-flight load of a key; `dirty` is set when the key is written or deleted meanwhile. */
export class Flight extends Attempt {
  public promise: Promise<unknown> = Promise.resolve();
  public dirty = false;
  /** Callers that joined after the first one. */
  public joined = 0;
  public outcome = Outcome.Miss;
  /** The `getOrSetMany` call whose loader this flight's load uses (see load-batch.ts). */
  public batch: LoadBatch | undefined = undefined;
  /** True while the batch's loader waits for this flight to ask or finish. */
  public holdsBatch = false;
}

/** A value found while waiting for another instance's lease. */
export class Found {
  constructor(public readonly value: unknown) {}
}

/** A Cache's store as the SessionStore uses it (see `grantStoreAccess`). */
export interface CacheParts {
  /** The store as the Cache calls it: wrapped in its deadline and circuit breaker when it has any. */
  readonly store: CacheStore;
  /** `<namespace>:`, or '' without a namespace. */
  readonly prefix: string;
}

const storeAccess = new WeakMap<object, CacheParts>();

/**
 * The explicit seam through which the SessionStore reaches a Cache's own store: sessions need
 * calls the Cache does not offer (`touch`, `keys`, health) and must bypass its L1 and its
 * by-reference values. Each Cache registers itself when made.
 */
export function grantStoreAccess(cache: object, parts: CacheParts): void {
  storeAccess.set(cache, parts);
}

/** The store and namespace a Cache registered, or undefined for anything that is not a Cache. */
export function storeAccessOf(cache: unknown): CacheParts | undefined {
  return typeof cache === 'object' && cache !== null ? storeAccess.get(cache) : undefined;
}
