import { Duration, parseDuration } from '../duration';
import { CacheClosedError, CacheOptionError, WriteBehindError } from '../errors';
import type { Cache } from './cache';
import { CacheWriter } from './internals';
import { sleep } from './lease';
import { EntryOptions, Loader } from './options';

export interface WriteBehindOptions<T> extends EntryOptions {
  /** Writes a batch to the source. Keys are unique within a batch (the latest value of each). */
  readonly write: (entries: ReadonlyArray<readonly [string, T]>) => Promise<void> | void;
  /** How often queued writes are flushed. @default '1s' */
  readonly flushInterval?: Duration;
  /** Most entries per `write` call; a full batch is flushed at once. @default 100 */
  readonly maxBatch?: number;
  /** Most distinct keys queued; `set` waits for room beyond that (back-pressure). @default 10000 */
  readonly maxQueue?: number;
  /** Retries of a failed batch before it is reported. @default 3 */
  readonly retries?: number;
  /** Delay before the first retry; doubles for each further one. @default '100ms' */
  readonly backoff?: Duration;
  /** Optional: makes `get` read-through (a miss loads from the source). */
  readonly load?: Loader<T>;
  /**
   * Called when a background (interval or full-batch) flush fails after its retries. The
   * entries stay queued and are retried on the next flush. @default - `process.emitWarning`
   */
  readonly onError?: (error: WriteBehindError<T>) => void;
}

interface Waiter {
  resolve(): void;
  reject(err: unknown): void;
}

/**
 * Write-behind: `set` writes the cache at once and queues the source write. Queued writes are
 * coalesced per key (the last value wins, and a key keeps its place in the queue), written in
 * batches of `maxBatch` every `flushInterval` or as soon as a batch is full, one batch at a time
 * (so a key's writes reach the source in order), each retried with exponential back-off.
 *
 * Nothing is dropped silently: a batch that still fails after its retries goes back in the queue
 * (unless a newer value replaced it), `onError` is told, and `flush()`/`close()` reject with a
 * `WriteBehindError` listing every key not written (`close()` also hands over their values in
 * `error.entries`, since the queue is gone afterwards). The queue is bounded: when `maxQueue`
 * keys wait, `set` waits for a batch to succeed.
 *
 * Under a continuous stream of new keys, `flush()` resolves when the queue is empty once; the
 * queue bound keeps that finite as long as the source keeps up.
 */
export class WriteBehind<T> {
  private readonly pending = new Map<string, T>();
  private writing: ReadonlyMap<string, T> | undefined;
  private readonly waiters: Waiter[] = [];
  private readonly writeSource: WriteBehindOptions<T>['write'];
  private readonly load: Loader<T> | undefined;
  private readonly entry: EntryOptions | undefined;
  private readonly maxBatch: number;
  private readonly maxQueue: number;
  private readonly retries: number;
  private readonly backoffMs: number;
  private readonly onError: ((error: WriteBehindError<T>) => void) | undefined;
  private readonly timer: NodeJS.Timeout;
  private draining: Promise<void> | undefined;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly cache: Cache,
    private readonly writer: CacheWriter,
    options: WriteBehindOptions<T>,
    private readonly onClosed: (strategy: WriteBehind<T>) => void,
  ) {
    this.writeSource = options.write;
    this.load = options.load;
    this.entry = options.ttl === undefined && options.grace === undefined && options.tags === undefined
      ? undefined
      : { ttl: options.ttl, grace: options.grace, tags: options.tags };
    this.maxBatch = count(options.maxBatch ?? 100, 'maxBatch', 1);
    this.maxQueue = count(options.maxQueue ?? 10_000, 'maxQueue', 1);
    this.retries = count(options.retries ?? 3, 'retries', 0);
    this.backoffMs = parseDuration(options.backoff ?? '100ms', 'backoff');
    this.onError = options.onError;
    const interval = parseDuration(options.flushInterval ?? '1s', 'flushInterval');
    if (interval === 0) throw new CacheOptionError("Invalid duration for option 'flushInterval': 0. Use a positive duration.");
    this.timer = setInterval(() => {
      if (this.pending.size > 0) this.kick();
    }, interval);
    this.timer.unref(); // close() drains; an idle queue must not keep the process alive
  }

  /** Keys waiting for the source (queued or being written). */
  public get size(): number {
    return this.pending.size + (this.writing?.size ?? 0);
  }

  /** The cached value; a value still queued for the source is returned even if the cache lost it. */
  public get(key: string): Promise<T | undefined> {
    const queued = this.pending.has(key) ? this.pending : this.writing?.has(key) ? this.writing : undefined;
    if (queued !== undefined) return Promise.resolve(queued.get(key));
    return this.load === undefined ? this.cache.get<T>(key) : this.cache.getOrSet(key, this.load, this.entry);
  }

  /** Writes the cache now and queues the source write; waits while the queue is full. */
  public async set(key: string, value: T): Promise<void> {
    if (this.closing !== undefined) throw new CacheClosedError(`write-behind is closed: '${key}' was not written`);
    const prepared = await this.writer.prepare(key, value, this.entry); // refuse unstorable values first
    while (!this.pending.has(key) && this.pending.size >= this.maxQueue) {
      this.kick();
      await new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    }
    this.pending.set(key, value);
    if (this.pending.size >= this.maxBatch) this.kick();
    await this.writer.commit(prepared);
  }

  /** Writes everything queued. Rejects with a `WriteBehindError` listing the keys not written. */
  public async flush(): Promise<void> {
    while (this.draining !== undefined || this.pending.size > 0) await this.drain();
  }

  /** Stops the timer and flushes; afterwards `set` rejects. Rejects like `flush()`. Idempotent. */
  public close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    clearInterval(this.timer);
    try {
      await this.flush();
    } catch (err) {
      const error = err instanceof WriteBehindError ? err as WriteBehindError<T> : new WriteBehindError([...this.pending], err);
      this.pending.clear();
      throw error;
    } finally {
      for (const waiter of this.waiters.splice(0)) waiter.reject(new CacheClosedError('write-behind closed while waiting for room in the queue'));
      this.onClosed(this);
    }
  }

  /** Starts a drain in the background; its failure goes to `onError`. */
  private kick(): void {
    if (this.draining !== undefined) return;
    this.drain().catch((err: WriteBehindError<T>) => {
      if (this.onError !== undefined) {
        try {
          this.onError(err);
        } catch {
          // the queue keeps the entries; a failing hook must not change that
        }
      } else {
        // The message, not the error: emitWarning rejects errors from other realms (vm, jest).
        process.emitWarning(err instanceof Error ? err.message : String(err), 'WriteBehindWarning');
      }
    });
  }

  private drain(): Promise<void> {
    this.draining ??= this.drainLoop().finally(() => {
      this.draining = undefined;
    });
    return this.draining;
  }

  private async drainLoop(): Promise<void> {
    while (this.pending.size > 0) {
      const batch: [string, T][] = [];
      for (const entry of this.pending) {
        batch.push(entry);
        if (batch.length >= this.maxBatch) break;
      }
      for (const [key] of batch) this.pending.delete(key);
      this.writing = new Map(batch);
      try {
        await this.writeWithRetries(batch);
      } catch (err) {
        for (const [key, value] of batch) if (!this.pending.has(key)) this.pending.set(key, value); // newer values win
        throw new WriteBehindError([...this.pending], err);
      } finally {
        this.writing = undefined;
      }
      for (const waiter of this.waiters.splice(0)) waiter.resolve(); // room in the queue
    }
  }

  private async writeWithRetries(batch: [string, T][]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.writeSource(batch);
        return;
      } catch (err) {
        if (attempt >= this.retries) throw err;
        await sleep(this.backoffMs * 2 ** attempt);
      }
    }
  }
}

function count(value: number, option: string, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new CacheOptionError(`Invalid value for option '${option}': ${value}. Use an integer ≥ ${min}.`);
  }
  return value;
}
