import { Duration, parseDuration } from '../../duration';
import { CacheClosedError, CacheOptionError, WriteBehindError } from '../../errors';
import { CacheStore } from '../../store';
import { CacheReader, CacheWriter } from '../internals';
import { sleep } from '../lease';
import { EntryOptions, Loader } from '../options';
import { sourceHasIt } from '../strategies';
import { drainOnExit } from './drain-on-exit';
import { DurableQueue } from './durable-queue';
import { LocalQueue } from './local-queue';
import { WriteQueue } from './queue';
import { backoffDelay } from '../../resilience/backoff';

const MAX_BACKOFF_MS = 30_000;

export interface WriteBehindOptions<T> extends EntryOptions {
  /** Writes a batch to the source. Keys are unique within a batch (the latest value of each). */
  readonly write: (entries: ReadonlyArray<readonly [string, T]>) => Promise<void> | void;
  /**
   * The queue's name. On Valkey / Redis the queue is a Stream named after it (in the Cache's
   * namespace), shared by every instance that opens the same name: required there.
   * @default - none (required on Valkey / Redis unless `durable: false`)
   */
  readonly name?: string;
  /**
   * Keep the queue in the store (Valkey / Redis Streams), so writes survive the process. Stores
   * without a durable log (memory, Memcached) keep it in this process.
   * @default true where the store offers it
   */
  readonly durable?: boolean;
  /**
   * Durable queue: how long an instance that stopped renewing its flush lease (it died, or is
   * frozen) keeps it; then another instance with the same `name` takes over its pending writes.
   * @default '30s'
   */
  readonly claimAfter?: Duration;
  /**
   * On SIGTERM and SIGINT, close this queue (flushing it) before the process exits.
   * @default true
   */
  readonly drainOnExit?: boolean;
  /** How often queued writes are flushed. @default '1s' */
  readonly flushInterval?: Duration;
  /** Most entries per `write` call; a full batch is flushed at once. @default 100 */
  readonly maxBatch?: number;
  /** Most distinct keys this instance keeps queued; `set` waits for room beyond that (back-pressure). @default 10000 */
  readonly maxQueue?: number;
  /** Retries of a failed batch before it is reported. @default 3 */
  readonly retries?: number;
  /** Delay before the first retry; doubles for each further one, up to 30 s; each is jittered to 50–100 % of it (resilience/backoff.ts). @default '100ms' */
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

/** Most entries read from a durable log at once (also bounds one script's arguments). */
const MAX_BATCH = 1000;
/** A lease renewed every 100 ms at the fastest: shorter would be lost to one slow round trip. */
const MIN_CLAIM_AFTER_MS = 300;

/**
 * Write-behind: `set` writes the cache at once and queues the source write. Queued writes are
 * coalesced per key (the last value wins), written in batches of `maxBatch` every
 * `flushInterval` or as soon as a batch is full, one batch at a time (so a key's writes reach
 * the source in order), each retried with exponential back-off.
 *
 * Where the queue lives (see queue.ts): on Valkey / Redis in a Stream, so `set` resolves once the
 * write is in the server and an instance that dies leaves it to another (durable-queue.ts);
 * elsewhere in this process (local-queue.ts), where the interval timer keeps the process alive
 * while writes are pending and SIGTERM / SIGINT drain it (`drainOnExit`).
 *
 * Nothing is dropped silently: a batch that still fails after its retries stays queued, `onError`
 * is told, and `flush()`/`close()` reject with a `WriteBehindError` listing every key not
 * written (`close()` of an in-process queue also hands over their values in `error.entries`,
 * since the queue is gone afterwards). The queue is bounded: when `maxQueue` keys wait, `set`
 * waits for a batch to succeed.
 */
export class WriteBehind<T> {
  private readonly queue: WriteQueue<T>;
  private readonly waiters: Waiter[] = [];
  private readonly writeSource: WriteBehindOptions<T>['write'];
  private readonly load: Loader<T> | undefined;
  private readonly entry: EntryOptions | undefined;
  private readonly maxBatch: number;
  private readonly retries: number;
  private readonly backoffMs: number;
  private readonly onError: ((error: WriteBehindError<T>) => void) | undefined;
  private readonly timer: NodeJS.Timeout;
  private readonly stopDrainOnExit: (() => void) | undefined;
  private timerHoldsProcess = false;
  private draining: Promise<void> | undefined;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly cache: CacheReader,
    private readonly writer: CacheWriter,
    store: CacheStore,
    namespace: string,
    options: WriteBehindOptions<T>,
    private readonly onClosed: (strategy: WriteBehind<T>) => void,
  ) {
    this.writeSource = options.write;
    this.load = options.load;
    const { ttl, grace, tags, timeout, softTimeout } = options;
    this.entry = ttl === undefined && grace === undefined && tags === undefined && timeout === undefined && softTimeout === undefined
      ? undefined
      : { ttl, grace, tags, timeout, softTimeout };
    this.maxBatch = count(options.maxBatch ?? 100, 'maxBatch', 1, MAX_BATCH);
    const maxQueue = count(options.maxQueue ?? 10_000, 'maxQueue', 1);
    this.retries = count(options.retries ?? 3, 'retries', 0);
    this.backoffMs = parseDuration(options.backoff ?? '100ms', 'backoff');
    this.onError = options.onError;
    const interval = parseDuration(options.flushInterval ?? '1s', 'flushInterval');
    if (interval === 0) throw new CacheOptionError("Invalid duration for option 'flushInterval': 0. Use a positive duration.");
    const claimAfterMs = parseDuration(options.claimAfter ?? '30s', 'claimAfter');
    if (options.durable !== false && store.openWriteLog !== undefined) {
      const name = queueName(options.name, store.name);
      if (claimAfterMs < MIN_CLAIM_AFTER_MS) {
        throw new CacheOptionError(`Invalid value for option 'claimAfter': ${claimAfterMs}ms. Use at least ${MIN_CLAIM_AFTER_MS}ms: the holder renews its lease three times per claimAfter.`);
      }
      this.queue = new DurableQueue<T>(store.openWriteLog(namespace, name, claimAfterMs), claimAfterMs, maxQueue, Math.min(interval, 100));
    } else if (options.durable === true) {
      throw new CacheOptionError(`Option 'durable' needs a store that keeps a write log (Valkey / Redis); the ${store.name} store keeps the queue in this process.`);
    } else {
      this.queue = new LocalQueue<T>(maxQueue);
    }
    this.timer = setInterval(() => this.tick(), interval);
    this.timer.unref(); // held (ref) only while this instance has writes not yet written
    if (options.drainOnExit !== false) {
      this.stopDrainOnExit = drainOnExit({ close: () => this.close().catch((err: unknown) => this.report(err as WriteBehindError<T>)) });
    }
  }

  /** Keys this instance queued that are not known to be written (queued or being written). */
  public get size(): number {
    return this.queue.size;
  }

  /** True when the queue is kept in the store (a Redis Stream) rather than in this process. */
  public get durable(): boolean {
    return this.queue.durable;
  }

  /** The cached value; a value still queued for the source is returned even if the cache lost it. */
  public get(key: string): Promise<T | undefined> {
    const queued = this.queue.queued(key);
    if (queued !== undefined) return Promise.resolve(queued.value);
    return this.load === undefined ? this.cache.get<T>(key) : this.cache.getOrSet(key, this.load, this.entry);
  }

  /**
   * Queues the source write, then writes the cache; waits while the queue is full. On a durable
   * queue it resolves once the write is in the store, and rejects if the store did not take it.
   */
  public async set(key: string, value: T): Promise<void> {
    if (this.closing !== undefined) throw new CacheClosedError(`write-behind is closed: '${key}' was not written`);
    const prepared = await this.writer.prepare(key, value, this.entry); // refuse unstorable values first
    while (!this.queue.hasRoom(key)) {
      this.kick(true);
      await new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    }
    await this.queue.push(key, value);
    this.holdProcess();
    if (this.queue.waiting >= this.maxBatch) this.kick(false);
    await this.writer.commit(prepared).catch(sourceHasIt); // the queue has it: a value too large to cache is reported, not refused
  }

  /**
   * Writes everything queued before the call (on a durable queue: by any instance with this
   * name; if another holds the flush lease, waits for it, or for its lease to run out). Rejects
   * with a `WriteBehindError` listing the keys not written.
   */
  public async flush(): Promise<void> {
    await this.queue.flush(() => this.drain());
    this.holdProcess();
  }

  /** Stops the timer and flushes; afterwards `set` rejects. Rejects like `flush()`. Idempotent. */
  public close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    clearInterval(this.timer);
    this.stopDrainOnExit?.();
    try {
      await this.flush();
    } catch (err) {
      throw err instanceof WriteBehindError ? err : new WriteBehindError(this.queue.unwritten(), err);
    } finally {
      await this.queue.close();
      for (const waiter of this.waiters.splice(0)) waiter.reject(new CacheClosedError('write-behind closed while waiting for room in the queue'));
      this.onClosed(this);
    }
  }

  private tick(): void {
    if (this.queue.due()) this.kick(true);
  }

  /** The timer keeps the process alive exactly while this instance has writes the source lacks. */
  private holdProcess(): void {
    const hold = this.queue.size > 0 && this.closing === undefined;
    if (hold === this.timerHoldsProcess) return;
    this.timerHoldsProcess = hold;
    if (hold) this.timer.ref();
    else this.timer.unref();
  }

  /** Starts a drain in the background (`all`, or only full batches); its failure goes to `onError`. */
  private kick(all: boolean): void {
    if (this.draining !== undefined) return;
    this.drain(all).catch((err: WriteBehindError<T>) => this.report(err));
  }

  private report(err: WriteBehindError<T>): void {
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
  }

  private drain(all = true): Promise<void> {
    this.draining ??= this.drainLoop(all).finally(() => {
      this.draining = undefined;
      this.holdProcess();
    });
    return this.draining;
  }

  private async drainLoop(all: boolean): Promise<void> {
    while (all || this.queue.waiting >= this.maxBatch) {
      let batch;
      try {
        batch = await this.queue.take(this.maxBatch);
      } catch (err) {
        throw new WriteBehindError(this.queue.unwritten(), err); // the store is away: everything stays queued
      }
      if (batch === undefined) return;
      try {
        if (batch.entries.length > 0) await this.writeWithRetries(batch.entries);
      } catch (err) {
        this.queue.failed(batch);
        throw new WriteBehindError(this.queue.unwritten(), err);
      }
      try {
        await this.queue.written(batch);
      } catch (err) {
        // Written, but the log still holds the batch: the next holder writes it again (at least once).
        throw new WriteBehindError(this.queue.unwritten(), err);
      }
      for (const waiter of this.waiters.splice(0)) waiter.resolve(); // room in the queue
    }
  }

  private async writeWithRetries(batch: ReadonlyArray<readonly [string, T]>): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.writeSource(batch);
        return;
      } catch (err) {
        if (attempt >= this.retries) throw err;
        await sleep(backoffDelay(attempt, this.backoffMs, MAX_BACKOFF_MS));
      }
    }
  }
}

/** A durable queue's name: its Stream's key, shared by every instance that should share the queue. */
function queueName(name: string | undefined, store: string): string {
  if (name === undefined) {
    throw new CacheOptionError(`Option 'name' is required for write-behind on the ${store} store: the queue is kept in a Stream named after it, `
      + 'and every instance with the same name shares it (or set durable: false for an in-process queue).');
  }
  if (typeof name !== 'string' || name === '' || /[{}\s]/.test(name)) {
    throw new CacheOptionError(`Invalid value for option 'name': ${JSON.stringify(name)}. Use a non-empty name without braces or spaces.`);
  }
  return name;
}

function count(value: number, option: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new CacheOptionError(`Invalid value for option '${option}': ${value}. Use an integer from ${min}${max === Number.MAX_SAFE_INTEGER ? ' up' : ` to ${max}`}.`);
  }
  return value;
}
