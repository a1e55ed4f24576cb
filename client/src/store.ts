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

/** Told of a key that failed inside a many-key call: the error and the key's index. */
export type KeyErrorListener = (err: unknown, index: number) => void;

export interface CacheStore {
  /** A short name for stats and errors: `memory`, `redis`, `memcached`. */
  readonly name: string;
  /**
   * True when the store gives every command its own deadline and fails fast while unhealthy
   * (circuit breaker). The Cache then adds no safety net of its own (it costs ~0.3 µs per call)
   * unless its `timeout` / `circuitBreaker` options are set explicitly.
   */
  readonly hasDeadlines?: boolean;
  /**
   * True when one `getMany` costs less than its keys' `get`s (Redis: one MGET for many keys): the
   * Cache then reads a tick's `get` calls with one `getMany`. Memcached's meta protocol has one key
   * per command and its store already writes a tick's commands to each node together.
   */
  readonly prefersGetMany?: boolean;

  /** The value, or undefined when the key is absent or expired. */
  get(key: string): Promise<StoreValue | undefined>;
  /**
   * Values in key order; undefined for absent keys. Cluster stores split by slot/node. With
   * `onKeyError`, a key whose shard or node fails reads as undefined and is reported there (the
   * error, the key's index) instead of failing the whole call, as separate GETs would; a store
   * with no partial failures (one server, memory) may ignore it.
   */
  getMany(keys: readonly string[], onKeyError?: KeyErrorListener): Promise<(StoreValue | undefined)[]>;
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

  /**
   * Optional compare-and-set, for stale-set protection: a load's result is stored only if the key
   * was not written or deleted after the load started (leases as in "Scaling Memcache at
   * Facebook", §3.2.1). A version is opaque; every write of the key changes it, a delete removes
   * it. All three or none.
   */
  /** `add`, answering the stored value's version (undefined when the key already existed). */
  addVersioned?(key: string, value: string, ttlMs: number): Promise<string | undefined>;
  /** The key's current version, read from where writes go; undefined when absent. */
  version?(key: string): Promise<string | undefined>;
  /** Stores the value only while the key still has `version`. True when stored. */
  setIfVersion?(key: string, value: StoreValue, ttlMs: number, version: string): Promise<boolean>;

  /** Optional pub/sub, for keeping in-process L1 caches coherent across instances. */
  publish?(channel: string, message: string): Promise<void>;
  subscribe?(channel: string, listener: (message: string) => void): Promise<() => Promise<void>>;

  /**
   * Optional durable log for write-behind (Valkey / Redis: a Stream per name with a consumer
   * group), its keys in `namespace`. `claimAfterMs` is how long a silent holder keeps the flush lease.
   */
  openWriteLog?(namespace: string, name: string, claimAfterMs: number): WriteLog;

  /** Registers a health listener; returns a function that removes it. */
  onHealth?(listener: StoreHealthListener): () => void;
  /**
   * Optional, for stores whose keys live on independent nodes (Memcached): true while at least
   * one node can serve (up, or not yet known down). Synchronous, no I/O. Such a store reports
   * `onHealth(false)` as soon as any node is down, yet the keys of the other nodes still work and
   * the down node's keys fail fast (they are never moved): the store is down as a whole only
   * while this is false. Callers that can tell keys apart (the SessionStore) ask here.
   */
  isAnyNodeHealthy?(): boolean;

  /** Closes connections and timers. Idempotent. */
  close(): Promise<void>;
}

/** One queued write in a `WriteLog`. `value` is undefined for an entry deleted under the reader. */
export interface LogEntry {
  readonly id: string;
  readonly key: string | undefined;
  readonly value: string | undefined;
}

/**
 * A write log kept in the store, shared by every client that opens the same name. One client at
 * a time holds its flush lease and reads it; a holder that stops renewing loses the lease after
 * `claimAfterMs`, and the next holder first takes over everything it had read but not removed.
 * Entries are read in the order they were appended.
 */
export interface WriteLog {
  /** What the last `acquire` answered (false after `release`). */
  readonly holding: boolean;
  /** Appends a write; resolves with its id once the store holds it. */
  append(key: string, value: string): Promise<string>;
  /** Takes or renews the flush lease. True while this client holds it. */
  acquire(): Promise<boolean>;
  /** For the holder: entries it read but did not remove (oldest first), else new ones. */
  read(count: number): Promise<LogEntry[]>;
  /** Removes written entries (acknowledged and deleted in one step). */
  remove(ids: readonly string[]): Promise<void>;
  /** The id of the oldest entry not yet removed, or undefined when the log is empty. */
  oldest(): Promise<string | undefined>;
  /** The id of the newest entry, or undefined when the log is empty. */
  newest(): Promise<string | undefined>;
  /** Gives the lease up (on close), so another client need not wait `claimAfterMs`. */
  release(): Promise<void>;
}

/** Orders two log ids (`ms-seq`, as Redis Stream ids). */
export function compareLogIds(a: string, b: string): number {
  const [am, as] = a.split('-');
  const [bm, bs] = b.split('-');
  return am.length !== bm.length ? am.length - bm.length : am !== bm ? (am < bm ? -1 : 1) : Number(as) - Number(bs);
}

/**
 * Optional capability of an in-process store (`MemoryStore`): it keeps live values by reference
 * and answers synchronously. When `storesValues` is true the Cache skips serialization and
 * promises on its hot path, which is what makes a memory hit cost about as much as an awaited
 * `Map.get`. Values kept this way are shared with callers: mutating an object read from the
 * cache mutates the cached copy (as with lru-cache, or bentocache with `serialize: false`).
 *
 * The same key space is visible through the `CacheStore` methods: `delete`, `clear`, `keys`,
 * `touch` and friends act on live values too.
 */
export interface LocalValueStore {
  /** True when `peek`/`put`/`remove` may be used. A store may turn this off (copy semantics). */
  readonly storesValues: boolean;
  /**
   * True when a Cache must refuse, before `put`, what a remote store would refuse (functions,
   * symbols, cycles: `CacheSerializationError`), so code tested on memory behaves the same in
   * production. Ignored for an L1: what reaches it was serialized for the store behind it.
   */
  readonly checksValues?: boolean;
  /** The live value, or undefined when absent or expired. Counts as a use for eviction. */
  peek(key: string): unknown;
  /** Stores a live value by reference. `ttlMs` 0 means no expiry. */
  put(key: string, value: unknown, ttlMs: number): void;
  /** Removes a key. True when it existed. */
  remove(key: string): boolean;
}

/** True when `store` offers live, by-reference values (see `LocalValueStore`). */
export function isLocalValueStore(store: CacheStore): store is CacheStore & LocalValueStore {
  return (store as Partial<LocalValueStore>).storesValues === true;
}
