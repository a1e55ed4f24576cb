import { CacheOptions } from '../cache/options';
import { parseDuration } from '../duration';
import { CacheOptionError, CacheTimeoutError, CacheUnavailableError, CacheValueTooLargeError } from '../errors';
import { CacheStore, KeyErrorListener, StoreHealthListener, StoreValue, WriteLog } from '../store';
import { CircuitBreaker } from './circuit-breaker';
import { Deadlines } from './deadlines';

export interface GuardOptions {
  /** Deadline per store call in ms; 0 turns deadlines off. */
  readonly timeoutMs: number;
  /** Consecutive failures that open the circuit; 0 turns the breaker off. */
  readonly breakerFailures: number;
  /** How long an open circuit fails fast before one probe call is let through. */
  readonly breakerCooldownMs: number;
}

/**
 * The Cache's safety net around a remote store: a deadline per call and a circuit breaker, so a
 * store that stops answering (keyv#1679: an ElastiCache node failure made commands hang until the
 * service went down) costs callers at most `timeout`, and after repeated failures nothing at all.
 * The same breaker (circuit-breaker.ts) and deadlines (deadlines.ts: one sweep timer, not one
 * timer per call) as RedisStore's.
 *
 * `clear` and `keys` are not given deadlines: they scan the keyspace and may legitimately take
 * longer; the store's own command deadlines still apply to them. Nor is `subscribe` (see below).
 */
export class GuardedStore implements CacheStore {
  public readonly name: string;
  public readonly prefersGetMany?: boolean;
  public readonly publish?: (channel: string, message: string) => Promise<void>;
  public readonly subscribe?: (channel: string, listener: (message: string) => void) => Promise<() => Promise<void>>;
  public readonly onHealth?: (listener: StoreHealthListener) => () => void;
  public readonly isAnyNodeHealthy?: () => boolean;
  public readonly addVersioned?: (key: string, value: string, ttlMs: number) => Promise<string | undefined>;
  public readonly version?: (key: string) => Promise<string | undefined>;
  public readonly setIfVersion?: (key: string, value: StoreValue, ttlMs: number, version: string) => Promise<boolean>;
  public readonly openWriteLog?: (namespace: string, name: string, claimAfterMs: number) => WriteLog;
  private readonly breaker: CircuitBreaker;
  private readonly deadlines: Deadlines | undefined;
  /** Told when the circuit opens or closes, with the call that opened or closed it. */
  public onBreaker: ((open: boolean, op: string, key: string | undefined) => void) | undefined;

  constructor(private readonly inner: CacheStore, options: GuardOptions) {
    this.name = inner.name;
    this.prefersGetMany = inner.prefersGetMany;
    this.breaker = new CircuitBreaker(options.breakerFailures, options.breakerCooldownMs, (open, op, key) => this.onBreaker?.(open, op ?? '', key));
    this.deadlines = options.timeoutMs === 0 ? undefined : new Deadlines(options.timeoutMs, {
      succeeded: (op, key) => this.breaker.success(op, key),
      failed: (err, op, key) => {
        if (!(err instanceof CacheValueTooLargeError)) this.breaker.failure(1, op, key); // the caller's value, not the store's health
        return err;
      },
      timedOut: (op, key, timeoutMs) => {
        this.breaker.failure(1, op, key);
        return new CacheTimeoutError(this.name, op, key, timeoutMs);
      },
    });
    const publish = inner.publish;
    const subscribe = inner.subscribe;
    if (publish !== undefined) {
      this.publish = (channel, message) => this.failFast('publish', channel) ?? this.track(publish.call(inner, channel, message), 'publish', channel);
    }
    // Subscribing is a connection-level operation (it may wait for a connect) with no reply to
    // time out; it passes through, and a failure is reported by the Cache.
    if (subscribe !== undefined) this.subscribe = (channel, listener) => subscribe.call(inner, channel, listener);
    if (inner.onHealth !== undefined) this.onHealth = (listener) => inner.onHealth!(listener);
    // A write log's commands belong to the write-behind, which retries them: they pass through.
    if (inner.openWriteLog !== undefined) this.openWriteLog = (namespace, name, claimAfterMs) => inner.openWriteLog!(namespace, name, claimAfterMs);
    if (inner.isAnyNodeHealthy !== undefined) this.isAnyNodeHealthy = () => inner.isAnyNodeHealthy!();
    const { addVersioned, version, setIfVersion } = inner;
    if (addVersioned !== undefined && version !== undefined && setIfVersion !== undefined) {
      this.addVersioned = (key, value, ttlMs) => this.failFast('addVersioned', key) ?? this.track(addVersioned.call(inner, key, value, ttlMs), 'addVersioned', key);
      this.version = (key) => this.failFast('version', key) ?? this.track(version.call(inner, key), 'version', key);
      this.setIfVersion = (key, value, ttlMs, v) => this.failFast('setIfVersion', key) ?? this.track(setIfVersion.call(inner, key, value, ttlMs, v), 'setIfVersion', key);
    }
  }

  get(key: string): Promise<StoreValue | undefined> {
    return this.failFast('get', key) ?? this.track(this.inner.get(key), 'get', key);
  }
  getMany(keys: readonly string[], onKeyError?: KeyErrorListener): Promise<(StoreValue | undefined)[]> {
    return this.failFast('getMany', keys[0]) ?? this.track(this.inner.getMany(keys, onKeyError), 'getMany', keys[0]);
  }
  set(key: string, value: StoreValue, ttlMs?: number): Promise<void> {
    return this.failFast('set', key) ?? this.track(this.inner.set(key, value, ttlMs), 'set', key);
  }
  add(key: string, value: StoreValue, ttlMs: number): Promise<boolean> {
    return this.failFast('add', key) ?? this.track(this.inner.add(key, value, ttlMs), 'add', key);
  }
  delete(key: string): Promise<boolean> {
    return this.failFast('delete', key) ?? this.track(this.inner.delete(key), 'delete', key);
  }
  deleteMany(keys: readonly string[]): Promise<number> {
    return this.failFast('deleteMany', keys[0]) ?? this.track(this.inner.deleteMany(keys), 'deleteMany', keys[0]);
  }
  deleteIfEquals(key: string, value: string): Promise<boolean> {
    return this.failFast('deleteIfEquals', key) ?? this.track(this.inner.deleteIfEquals(key, value), 'deleteIfEquals', key);
  }
  touch(key: string, ttlMs: number): Promise<boolean> {
    return this.failFast('touch', key) ?? this.track(this.inner.touch(key, ttlMs), 'touch', key);
  }
  clear(prefix: string): Promise<number> {
    return this.inner.clear(prefix);
  }
  keys(prefix: string): AsyncIterable<string> {
    return this.inner.keys(prefix);
  }
  close(): Promise<void> {
    this.detach();
    return this.inner.close();
  }

  /** Stops the deadline timer without closing the wrapped store (which the caller owns). */
  detach(): void {
    this.deadlines?.stop();
  }

  /** While the circuit is open: a rejection to return instead of calling the store. */
  private failFast(op: string, key: string | undefined): Promise<never> | undefined {
    if (this.breaker.openUntil === 0 || this.breaker.admit()) return undefined;
    return Promise.reject(new CacheUnavailableError(this.name, op, key));
  }

  /** Puts one call under the deadline and reports its outcome to the breaker. */
  private track<T>(pending: Promise<T>, op: string, key: string | undefined): Promise<T> {
    if (this.deadlines !== undefined) return this.deadlines.track(pending, op, key, identity);
    return pending.then((value) => {
      this.breaker.success(op, key);
      return value;
    }, (err: unknown) => {
      if (!(err instanceof CacheValueTooLargeError)) this.breaker.failure(1, op, key);
      throw err;
    });
  }
}

function identity<T>(value: T): T {
  return value;
}

/**
 * The store the Cache talks to: the store itself when it enforces its own deadlines (or the
 * options turn both safety nets off), else a GuardedStore with the options' deadline and breaker.
 */
export function guardStore(store: CacheStore, options: CacheOptions): CacheStore {
  if (store.hasDeadlines === true && options.timeout === undefined && options.circuitBreaker === undefined) return store;
  const timeoutMs = options.timeout === false ? 0 : parseDuration(options.timeout ?? '1s', 'timeout');
  const breaker = options.circuitBreaker === false ? undefined : options.circuitBreaker ?? {};
  const failures = breaker === undefined ? 0 : breaker.failures ?? 5;
  if (!(failures >= 0)) throw new CacheOptionError(`Invalid value for option 'circuitBreaker.failures': ${failures}.`);
  if (timeoutMs === 0 && failures === 0) return store;
  return new GuardedStore(store, {
    timeoutMs,
    breakerFailures: failures,
    breakerCooldownMs: parseDuration(breaker?.cooldown ?? '2s', 'circuitBreaker.cooldown'),
  });
}
