import { CacheValueTooLargeError } from '../errors';
import { CacheReader, CacheWriter } from './internals';
import { EntryOptions, Loader } from './options';

export interface ReadThroughOptions<T> extends EntryOptions {
  /** Loads a missing key from the source. Called with the caller's key (no namespace). */
  readonly load: Loader<T>;
}

/**
 * Read-through: callers ask the cache only; a miss loads from the source through the bound
 * loader, with the Cache's stampede protection and grace. The options object is built once, so
 * a hit costs the same as `cache.getOrSet`.
 */
export class ReadThrough<T> {
  private readonly load: Loader<T>;
  private readonly entry: EntryOptions | undefined;

  constructor(private readonly cache: CacheReader, options: ReadThroughOptions<T>) {
    this.load = options.load;
    this.entry = entryOptions(options);
  }

  get(key: string): Promise<T> {
    return this.cache.getOrSet(key, this.load, this.entry);
  }
}

/** The entry options among a strategy's options, built once (undefined: the Cache's own). */
function entryOptions(options: EntryOptions): EntryOptions | undefined {
  const { ttl, grace, timeout, softTimeout, tags } = options;
  if (ttl === undefined && grace === undefined && timeout === undefined && softTimeout === undefined && tags === undefined) return undefined;
  return { ttl, grace, timeout, softTimeout, tags };
}

export interface WriteThroughOptions<T> extends EntryOptions {
  /** Writes one value to the source (the system of record). */
  readonly write: (key: string, value: T) => Promise<void> | void;
  /** Optional: makes `get` read-through (a miss loads from the source). */
  readonly load?: Loader<T>;
}

/**
 * Write-through: `set` writes the source first and the cache second, so the cache never holds a
 * value the source refused. A failed source write rejects and leaves the cache untouched. A value
 * that cannot be cached is refused before the source is written. A cache failure after a
 * successful source write is absorbed (counted) and the stale cache entry is deleted, so readers
 * fall back to the source rather than an old value. So is a value the store refuses as too large
 * (`CacheValueTooLargeError`, reported to `onError` even without `throwOnCacheError`): the source has it.
 */
export class WriteThrough<T> {
  private readonly writeSource: (key: string, value: T) => Promise<void> | void;
  private readonly load: Loader<T> | undefined;
  private readonly entry: EntryOptions | undefined;

  constructor(private readonly cache: CacheReader, private readonly writer: CacheWriter, options: WriteThroughOptions<T>) {
    this.writeSource = options.write;
    this.load = options.load;
    this.entry = entryOptions(options);
  }

  get(key: string): Promise<T | undefined> {
    return this.load === undefined ? this.cache.get<T>(key) : this.cache.getOrSet(key, this.load, this.entry);
  }

  async set(key: string, value: T): Promise<void> {
    const prepared = await this.writer.prepare(key, value, this.entry);
    await this.writeSource(key, value);
    await this.writer.commit(prepared).catch(sourceHasIt);
  }
}

/** After the source write, a value the cache refused as too large was reported (onError) and the old entry removed. */
export function sourceHasIt(err: unknown): void {
  if (!(err instanceof CacheValueTooLargeError)) throw err;
}
