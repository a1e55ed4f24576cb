import type { LoadBatch } from './load-batch';
import { EntryOptions } from './options';

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
