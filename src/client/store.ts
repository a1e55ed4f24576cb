/**
 * What a `Cache` needs from a backing store. Stores move opaque, already-serialized values; the
 * Cache owns serialization, TTL parsing, namespaces, stampede protection and statistics.
 *
 * Every method may reject when the store is unreachable; the Cache decides what a failure means
 * for the caller (a read falls back to the source, a write rejects). A store never hangs: each
 * command has a deadline.
 */
export type StoreValue = string | Buffer;

/** Health changes a store reports, so callers (the session store, a circuit breaker) can react. */
export type StoreHealthListener = (healthy: boolean, cause?: unknown) => void;

export interface CacheStore {
  /** A short name for stats and errors: `memory`, `redis`, `memcached`. */
  readonly name: string;

  /** The value, or undefined when the key is absent or expired. */
  get(key: string): Promise<StoreValue | undefined>;
  /** Values in key order; undefined for absent keys. Cluster stores split by slot/node. */
  getMany(keys: readonly string[]): Promise<(StoreValue | undefined)[]>;
  /** Stores a value. `ttlMs` undefined or 0 means no expiry. */
  set(key: string, value: StoreValue, ttlMs?: number): Promise<void>;
  /** Stores a value only when the key is absent (SET NX / memcached add). True when stored. */
  add(key: string, value: StoreValue, ttlMs: number): Promise<boolean>;
  /** Deletes a key. True when it existed. */
  delete(key: string): Promise<boolean>;
  /** Deletes many keys; returns how many existed (stores that cannot tell return keys.length). */
  deleteMany(keys: readonly string[]): Promise<number>;
  /** Deletes the key only while it still holds `value` (releasing a lease). True when deleted. */
  deleteIfEquals(key: string, value: string): Promise<boolean>;
  /** Resets a key's TTL without rewriting it. True when the key existed. */
  touch(key: string, ttlMs: number): Promise<boolean>;
  /**
   * Deletes every key that starts with `prefix` (cluster-safe: every primary). Returns how many
   * were deleted. Stores that cannot enumerate keys (Memcached) reject with an error saying so.
   */
  clear(prefix: string): Promise<number>;
  /** Every key that starts with `prefix` (cluster-safe), for session `all`/`ids`/`length`. */
  keys(prefix: string): AsyncIterable<string>;

  /** Optional pub/sub, for keeping in-process L1 caches coherent across instances. */
  publish?(channel: string, message: string): Promise<void>;
  subscribe?(channel: string, listener: (message: string) => void): Promise<() => Promise<void>>;

  /** Registers a health listener; returns a function that removes it. */
  onHealth?(listener: StoreHealthListener): () => void;

  /** Closes connections and timers. Idempotent. */
  close(): Promise<void>;
}
