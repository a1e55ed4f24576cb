import { parseDuration } from '../duration';
import { CacheOptionError, CacheTimeoutError, CacheUnavailableError, CacheValueTooLargeError } from '../errors';
import { CacheStore, StoreHealthListener, StoreValue, WriteLog } from '../store';
import { CacheOptions } from './options';

export interface GuardOptions {
  /** Deadline per store call in ms; 0 turns deadlines off. */
  readonly timeoutMs: number;
  /** Consecutive failures that open the circuit; 0 turns the breaker off. */
  readonly breakerFailures: number;
  /** How long an open circuit fails fast before one probe call is let through. */
  readonly breakerCooldownMs: number;
}

/** One call waiting for its deadline. */
class Ticket {
  public done = false;
  constructor(
    public readonly deadline: number,
    public readonly reject: (err: unknown) => void,
    public readonly op: string,
    public readonly key: string | undefined,
  ) {}
}

/**
 * The Cache's safety net around a remote store: a deadline per call and a circuit breaker, so a
 * store that stops answering (keyv#1679: an ElastiCache node failure made commands hang until the
 * service went down) costs callers at most `timeout`, and after repeated failures nothing at all.
 *
 * Deadlines cost one promise and one small object per call, not one timer: every call gets the
 * same timeout, so deadlines arrive in call order and a FIFO with a single timer armed for its
 * head covers them all (node-redis's per-command `setTimeout` cost ~4× throughput in
 * anchors/runtime.md). Settled calls leave the queue when they reach its head.
 *
 * `clear` and `keys` are not given deadlines: they scan the keyspace and may legitimately take
 * longer; the store's own command deadlines still apply to them. Nor is `subscribe` (see below).
 */
export class GuardedStore implements CacheStore {
  public readonly name: string;
  public readonly publish?: (channel: string, message: string) => Promise<void>;
  public readonly subscribe?: (channel: string, listener: (message: string) => void) => Promise<() => Promise<void>>;
  public readonly onHealth?: (listener: StoreHealthListener) => () => void;
  public readonly isAnyNodeHealthy?: () => boolean;
  public readonly addVersioned?: (key: string, value: string, ttlMs: number) => Promise<string | undefined>;
  public readonly version?: (key: string) => Promise<string | undefined>;
  public readonly setIfVersion?: (key: string, value: StoreValue, ttlMs: number, version: string) => Promise<boolean>;
  public readonly openWriteLog?: (namespace: string, name: string, claimAfterMs: number) => WriteLog;
  private readonly queue: Ticket[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private openUntil = 0; // 0: closed
  /** Told when the circuit opens or closes, with the call that opened or closed it. */
  public onBreaker: ((open: boolean, op: string, key: string | undefined) => void) | undefined;

  constructor(private readonly inner: CacheStore, private readonly options: GuardOptions) {
    this.name = inner.name;
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
  getMany(keys: readonly string[]): Promise<(StoreValue | undefined)[]> {
    return this.failFast('getMany', keys[0]) ?? this.track(this.inner.getMany(keys), 'getMany', keys[0]);
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
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** While the circuit is open: a rejection to return instead of calling the store. */
  private failFast(op: string, key: string | undefined): Promise<never> | undefined {
    if (this.openUntil === 0 || this.admit()) return undefined;
    return Promise.reject(new CacheUnavailableError(this.name, op, key));
  }

  /** Puts one call under the deadline and reports its outcome to the breaker. */
  private track<T>(pending: Promise<T>, op: string, key: string | undefined): Promise<T> {
    const timeoutMs = this.options.timeoutMs;
    if (timeoutMs === 0) return pending.then((value) => this.succeeded(value, op, key), (err) => this.failedWith(err, op, key));
    return new Promise<T>((resolve, reject) => {
      // Monotonic: a timed-out call took at least `timeoutMs` (Date.now() could cut it ~1 ms short).
      const ticket = new Ticket(performance.now() + timeoutMs, reject, op, key);
      this.queue.push(ticket);
      if (this.timer === undefined) this.arm(timeoutMs);
      pending.then((value) => {
        if (ticket.done) return;
        ticket.done = true;
        this.succeeded(undefined, op, key);
        this.shift();
        resolve(value);
      }, (err) => {
        if (ticket.done) return;
        ticket.done = true;
        if (!(err instanceof CacheValueTooLargeError)) this.failed(op, key);
        this.shift();
        reject(err);
      });
    });
  }

  /** Open circuit: fail fast until the cooldown ends, then let exactly one probe through. */
  private admit(): boolean {
    const now = Date.now();
    if (now < this.openUntil) return false;
    this.openUntil = now + this.options.breakerCooldownMs; // others keep failing fast while the probe runs
    return true;
  }

  private succeeded<T>(value: T, op: string, key: string | undefined): T {
    this.failures = 0;
    if (this.openUntil !== 0) { // the probe (or a late answer) succeeded
      this.openUntil = 0;
      this.onBreaker?.(false, op, key);
    }
    return value;
  }

  private failedWith(err: unknown, op: string, key: string | undefined): never {
    if (!(err instanceof CacheValueTooLargeError)) this.failed(op, key); // the caller's value, not the store's health
    throw err;
  }

  private failed(op: string, key: string | undefined): void {
    this.failures++;
    const threshold = this.options.breakerFailures;
    if (threshold > 0 && this.failures >= threshold) {
      const wasOpen = this.openUntil !== 0;
      this.openUntil = Date.now() + this.options.breakerCooldownMs;
      if (!wasOpen) this.onBreaker?.(true, op, key);
    }
  }

  /** Drops settled tickets from the head, compacting the array now and then. */
  private shift(): void {
    const queue = this.queue;
    while (this.head < queue.length && queue[this.head].done) this.head++;
    if (this.head === queue.length) {
      queue.length = 0;
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > queue.length) {
      queue.splice(0, this.head);
      this.head = 0;
    }
  }

  private arm(delayMs: number): void {
    this.timer = setTimeout(() => this.expire(), Math.max(1, delayMs));
    this.timer.unref(); // a deadline must never keep a process alive
  }

  private expire(): void {
    this.timer = undefined;
    const now = performance.now();
    const queue = this.queue;
    while (this.head < queue.length) {
      const ticket = queue[this.head];
      if (!ticket.done) {
        if (ticket.deadline > now) break;
        ticket.done = true;
        this.failed(ticket.op, ticket.key);
        ticket.reject(new CacheTimeoutError(this.name, ticket.op, ticket.key, this.options.timeoutMs));
      }
      this.head++;
    }
    this.shift();
    // Coarse re-arm (≥ 5 ms): deadlines that close together expire in one timer callback.
    if (this.head < queue.length) this.arm(Math.max(5, queue[this.head].deadline - now));
  }
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
