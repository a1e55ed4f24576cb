import { Duration, optionalDuration, parseDuration } from '../duration';
import { CacheError, CacheOptionError } from '../errors';
import { CompressionOptions } from '../serialization/compression';
import { CacheStore, LocalValueStore } from '../store';
import { CacheLogger } from './log';

export interface CacheOptions {
  /**
   * Where entries live. A store with the by-reference capability (`MemoryStore`) is used
   * without serialization. A store you pass may be shared by several caches, so `close()` leaves
   * it open: close it yourself (its connections and timers keep the process alive).
   * @default - a new `MemoryStore()` (10 000 entries), closed with the Cache
   */
  readonly store?: CacheStore;
  /**
   * Close `store` when the Cache closes. `Cache.fromEnvironment()` sets it: the store is its own.
   * @default - true for the default store, false for a store you pass
   */
  readonly closeStore?: boolean;
  /** Key prefix `<namespace>:`; `clear()` deletes exactly this namespace. @default - no prefix */
  readonly namespace?: string;
  /** Time to live of entries. @default - no expiry (memory stores still evict by size) */
  readonly ttl?: Duration;
  /**
   * Spread expiries: each write's TTL is drawn uniformly from [ttl × (1 − jitter/100), ttl], so
   * entries written together do not expire together. A percentage, 0–100. @default 0
   */
  readonly jitter?: number;
  /**
   * Keep entries this long after their TTL. While "stale but within grace", `getOrSet` serves the
   * stale value and refreshes it (see `staleWhileRevalidate`), and serves it when the source fails.
   * The store keeps entries for ttl + grace. Needs a `ttl`. @default - no grace
   */
  readonly grace?: Duration;
  /**
   * With `grace`: `true` answers stale reads at once while one background refresh runs; `false`
   * waits for the loader and serves the stale value only when it fails. @default true
   */
  readonly staleWhileRevalidate?: boolean;
  /** Default hard deadline of every load (see `EntryOptions.timeout`). @default - none */
  readonly loadTimeout?: Duration;
  /** Default soft deadline of loads of stale keys (see `EntryOptions.softTimeout`). @default - none */
  readonly loadSoftTimeout?: Duration;
  /** After a failed background refresh, wait this long before trying the source again. @default '1s' */
  readonly graceBackoff?: Duration;
  /**
   * An in-process first tier (a `MemoryStore`) in front of a remote `store`. Reads try it first;
   * writes update it; other instances' copies are evicted through the store's publish/subscribe.
   */
  readonly l1?: CacheStore & LocalValueStore;
  /**
   * Time to live of L1 copies (never longer than the entry's own TTL). Over a store without
   * publish/subscribe (Memcached) it must be set explicitly, at most 5 s: nothing evicts a peer's
   * L1 there, so it is the staleness accepted. @default '1m'
   */
  readonly l1Ttl?: Duration;
  /**
   * Publish an invalidation on every set/delete/clear, so peers' L1 copies are evicted (one
   * PUBLISH per write). Only Caches with an `l1` subscribe.
   * @default - true on a remote store with publish/subscribe (Valkey / Redis), or with an `l1`
   */
  readonly publishInvalidations?: boolean;
  /**
   * Cross-process stampede protection for `getOrSet` misses: one instance takes a short lease
   * (`store.add`) and loads; the others poll for its value for at most `wait`, then load anyway.
   * `false` keeps only the in-process protection (stale-set protection stays: a load's result is
   * still stored only if the key did not change while it ran). @default { ttl: '5s', wait: '3s' }
   */
  readonly lease?: false | LeaseOptions;
  /**
   * Deadline per remote store call. The store's own deadlines should be tighter; this is the
   * safety net that guarantees no Cache call hangs. `false` turns it off. Memory stores have none.
   * @default - '1s'; none when the store declares `hasDeadlines` (it enforces its own)
   */
  readonly timeout?: Duration | false;
  /**
   * After this many consecutive remote store failures, skip the store (fail fast, counted as
   * errors) for `cooldown`, then probe it with one call. `false` turns it off.
   * @default - { failures: 5, cooldown: '2s' }; none when the store declares `hasDeadlines`
   */
  readonly circuitBreaker?: false | { readonly failures?: number; readonly cooldown?: Duration };
  /**
   * By default cache failures never reach callers: reads fall back to the source, writes are
   * skipped, and both are counted in `stats().errors` and passed to `onError`. `true` rejects
   * instead. Serialization errors (a value that cannot be stored) always reject.
   * @default false
   */
  readonly throwOnCacheError?: boolean;
  /** Called with every absorbed cache error (for logs and metrics). Must not throw. */
  readonly onError?: (error: CacheError) => void;
  /**
   * Where failures are logged (pino, bunyan, `console`, or any object with `warn(fields, message)`
   * and `error(fields, message)`; `debug` optional): each kind of failure (a store operation, a
   * throwing listener) at most once a minute, with the count left out. `false` logs nothing.
   * @default - `process.emitWarning` (type 'CacheWarning'), at most once a minute per kind
   */
  readonly logger?: CacheLogger | false;
  /**
   * OpenTelemetry: with `@opentelemetry/api` installed and a meter or tracer provider registered
   * (before the Cache is made), every store call is a CLIENT span and a `db.client.operation.duration`
   * sample, and reads, loads and errors are counted (telemetry/). `false` records nothing.
   * @default true (nothing is recorded without a registered provider)
   */
  readonly telemetry?: boolean;
  /**
   * Compress serialized values at or above a size threshold. Stores that keep values by
   * reference (MemoryStore) never serialize, so this does not apply to them. @default false
   */
  readonly compression?: boolean | CompressionOptions;
  /** Wall clock in ms, for TTLs and grace (tests inject a fake one). @default Date.now */
  readonly clock?: () => number;
  /** Random source in [0, 1) for jitter (tests inject one). @default Math.random */
  readonly random?: () => number;
}

export interface LeaseOptions {
  /**
   * How long a lease lives if its holder dies. On Valkey / Redis and Memcached it is also the
   * longest a miss's load may take and still be stored: a later result finds its claim expired
   * (the key may have been deleted meanwhile) and is returned without being cached.
   * @default '5s'
   */
  readonly ttl?: Duration;
  /** How long a loser waits for the holder's value before loading itself. @default '3s' */
  readonly wait?: Duration;
  /** First poll interval; doubles up to 200 ms. @default '10ms' */
  readonly poll?: Duration;
}

/** Options of one call; each falls back to the Cache's own. */
export interface EntryOptions {
  readonly ttl?: Duration;
  readonly grace?: Duration;
  /**
   * Hard deadline of a load (`getOrSet`, read-through, refreshes): past it the caller is rejected
   * with a `CacheLoadTimeoutError`, the key is free for the next caller's fresh load, and the
   * late result is not cached. @default - the Cache's `loadTimeout`
   */
  readonly timeout?: Duration;
  /**
   * With a stale value at hand (`grace`, `staleWhileRevalidate: false`): past this the caller
   * gets the stale value while the load goes on in the background and is cached when it ends.
   * @default - the Cache's `loadSoftTimeout`
   */
  readonly softTimeout?: Duration;
  /** Tags for `deleteByTag`. Tagged reads cost one extra store round trip (see tags.ts). */
  readonly tags?: readonly string[];
}

/** A loader: called with the caller's key (no namespace), so one function can serve many keys. */
export type Loader<T> = (key: string) => T | Promise<T>;

/** EntryOptions resolved to milliseconds, once. */
export class Policy {
  constructor(
    public readonly ttl: number,
    public readonly grace: number,
    public readonly tags: readonly string[] | undefined,
    /** Hard load deadline in ms; 0: none. */
    public readonly timeout = 0,
    /** Soft load deadline in ms (stale value at hand); 0: none. */
    public readonly softTimeout = 0,
  ) {}
}

/** CacheOptions in the units the Cache works in, checked once; a bad value is a CacheOptionError naming the option. */
export interface ResolvedCacheOptions {
  /** `<namespace>:`, or ''. */
  readonly prefix: string;
  readonly ttlMs: number;
  readonly graceMs: number;
  /** A fraction of the TTL, 0–1. */
  readonly jitter: number;
  readonly staleWhileRevalidate: boolean;
  readonly graceBackoffMs: number;
  readonly l1TtlMs: number;
  /** The entry policy of calls without options. */
  readonly defaults: Policy;
  /** How long a load's claim or lease lasts. */
  readonly claimTtlMs: number;
  /** Cross-process leases, or undefined with `lease: false`. */
  readonly lease: { readonly waitMs: number; readonly pollMs: number } | undefined;
}

export function resolveCacheOptions(options: CacheOptions): ResolvedCacheOptions {
  const ttlMs = optionalDuration(options.ttl, 'ttl') ?? 0;
  const graceMs = optionalDuration(options.grace, 'grace') ?? 0;
  if (graceMs > 0 && ttlMs === 0) throw new CacheOptionError("Option 'grace' needs a 'ttl': an entry without expiry is never stale.");
  const jitter = options.jitter ?? 0;
  if (!(jitter >= 0 && jitter <= 100)) throw new CacheOptionError(`Invalid value for option 'jitter': ${jitter}. Use a percentage from 0 to 100.`);
  const lease = options.lease === false ? undefined : options.lease ?? {};
  return {
    prefix: options.namespace ? `${options.namespace}:` : '',
    ttlMs,
    graceMs,
    jitter: jitter / 100,
    staleWhileRevalidate: options.staleWhileRevalidate ?? true,
    graceBackoffMs: parseDuration(options.graceBackoff ?? '1s', 'graceBackoff'),
    l1TtlMs: parseDuration(options.l1Ttl ?? '1m', 'l1Ttl'),
    defaults: new Policy(ttlMs, graceMs, undefined,
      optionalDuration(options.loadTimeout, 'loadTimeout') ?? 0, optionalDuration(options.loadSoftTimeout, 'loadSoftTimeout') ?? 0),
    claimTtlMs: parseDuration(lease?.ttl ?? '5s', 'lease.ttl'),
    lease: lease === undefined ? undefined : {
      waitMs: parseDuration(lease.wait ?? '3s', 'lease.wait'),
      pollMs: Math.max(1, parseDuration(lease.poll ?? '10ms', 'lease.poll')),
    },
  };
}
