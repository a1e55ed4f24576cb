import { CacheClosedError } from '../../errors';
import { Codec } from '../../serialization/codec';
import { compareLogIds, WriteLog } from '../../store';
import { sleep } from '../lease';
import { Batch, WriteQueue } from './queue';

interface Own<T> {
  readonly value: T;
  readonly id: string;
}

interface LogBatch<T> extends Batch<T> {
  readonly ids: readonly string[];
  readonly last: string;
}

/**
 * The queue kept in the store (Valkey / Redis): every write is appended to a `WriteLog` before
 * `set` resolves, so a process that dies loses nothing; whichever instance holds the log's flush
 * lease writes it to the source (see redis/write-log.ts for the lease and the takeover).
 *
 * Each instance remembers only what it appended and has not seen written (for read-your-writes,
 * `size` and the `maxQueue` bound); it learns that another instance wrote them from the log's
 * watermark (its oldest entry), polled while it waits.
 */
export class DurableQueue<T> implements WriteQueue<T> {
  public readonly durable = true;
  private readonly own = new Map<string, Own<T>>();
  private readonly codec = new Codec();
  /** The store was closed under the queue: entries stay in the log for another instance. */
  private storeClosed = false;
  /** Renews the lease three times per `claimAfter`, however long a flush interval or a source write takes. */
  private readonly renewal: NodeJS.Timeout;

  constructor(private readonly log: WriteLog, claimAfterMs: number, private readonly maxQueue: number, private readonly pollMs: number) {
    this.renewal = setInterval(() => {
      if (this.log.holding) this.log.acquire().catch(() => undefined); // a failure shows in the next drain
    }, claimAfterMs / 3);
    this.renewal.unref();
  }

  public get size(): number {
    return this.storeClosed ? 0 : this.own.size;
  }

  /** Own writes not known to be written: some may be in a batch being written. */
  public get waiting(): number {
    return this.size;
  }

  public queued(key: string): { readonly value: T } | undefined {
    return this.own.get(key);
  }

  public hasRoom(key: string): boolean {
    return this.own.has(key) || this.own.size < this.maxQueue;
  }

  public async push(key: string, value: T): Promise<void> {
    const id = await this.log.append(key, this.codec.encode(key, value) as string);
    const known = this.own.get(key);
    if (known === undefined || compareLogIds(id, known.id) > 0) this.own.set(key, { value, id }); // concurrent sets: the later id wins
  }

  public async take(max: number): Promise<LogBatch<T> | undefined> {
    let entries;
    try {
      if (!await this.log.acquire()) return undefined;
      entries = await this.log.read(max);
    } catch (err) {
      if (err instanceof CacheClosedError) this.storeClosed = true;
      throw err;
    }
    if (entries.length === 0) return undefined;
    const latest = new Map<string, T>(); // coalesced: the last write of each key
    const ids: string[] = [];
    for (const entry of entries) {
      ids.push(entry.id);
      if (entry.key === undefined || entry.value === undefined) continue; // deleted under us: nothing to write
      latest.set(entry.key, this.codec.decode(entry.key, entry.value) as T);
    }
    return { entries: [...latest], ids, last: ids[ids.length - 1] };
  }

  public async written(batch: Batch<T>): Promise<void> {
    const { ids, last } = batch as LogBatch<T>;
    await this.log.remove(ids);
    this.forgetUpTo(last);
  }

  /** The entries stay in the log, read again first by whoever holds the lease next. */
  public failed(): void {}

  public unwritten(): [string, T][] {
    return [...this.own].map(([key, { value }]) => [key, value]);
  }

  /** Waits until the log's oldest entry is newer than its newest one at the start. */
  public async flush(drain: () => Promise<void>): Promise<void> {
    const target = await this.log.newest();
    if (target === undefined) {
      this.own.clear();
      return;
    }
    for (;;) {
      await drain();
      const oldest = await this.log.oldest();
      if (oldest === undefined || compareLogIds(oldest, target) > 0) {
        this.forgetUpTo(target);
        return;
      }
      await sleep(this.pollMs); // another instance holds the lease: it writes, or its lease runs out
    }
  }

  /** Every interval: try for the lease (a dead holder's entries are ours to write once it expires), then write. */
  public due(): boolean {
    return !this.storeClosed;
  }

  public async close(): Promise<void> {
    clearInterval(this.renewal);
    await this.log.release().catch(() => undefined); // best effort: the lease expires by itself
  }

  /** Own writes up to `id` are written (by this instance or another). */
  private forgetUpTo(id: string): void {
    for (const [key, own] of this.own) if (compareLogIds(own.id, id) <= 0) this.own.delete(key);
  }
}
