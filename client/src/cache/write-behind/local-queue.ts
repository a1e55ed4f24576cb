import { Batch, WriteQueue } from './queue';

/**
 * The in-process queue (memory and Memcached stores, or `durable: false`): a map coalescing
 * writes per key (a key keeps its place), and the batch being written. Lost if the process dies
 * before a flush: `drainOnExit` and a timer that keeps the process alive while writes are
 * pending cover SIGTERM, SIGINT and a normal exit, not SIGKILL or a crash.
 */
export class LocalQueue<T> implements WriteQueue<T> {
  public readonly durable = false;
  private readonly pending = new Map<string, T>();
  private writing: ReadonlyMap<string, T> | undefined;

  constructor(private readonly maxQueue: number) {}

  public get size(): number {
    return this.pending.size + (this.writing?.size ?? 0);
  }

  public get waiting(): number {
    return this.pending.size;
  }

  public queued(key: string): { readonly value: T } | undefined {
    if (this.pending.has(key)) return { value: this.pending.get(key)! };
    if (this.writing?.has(key)) return { value: this.writing.get(key)! };
    return undefined;
  }

  public hasRoom(key: string): boolean {
    return this.pending.has(key) || this.pending.size < this.maxQueue;
  }

  public push(key: string, value: T): Promise<void> {
    this.pending.set(key, value);
    return Promise.resolve();
  }

  public take(max: number): Promise<Batch<T> | undefined> {
    if (this.pending.size === 0) return Promise.resolve(undefined);
    const entries: [string, T][] = [];
    for (const entry of this.pending) {
      entries.push(entry);
      if (entries.length >= max) break;
    }
    for (const [key] of entries) this.pending.delete(key);
    this.writing = new Map(entries);
    return Promise.resolve({ entries });
  }

  public written(): Promise<void> {
    this.writing = undefined;
    return Promise.resolve();
  }

  public failed(batch: Batch<T>): void {
    this.writing = undefined;
    for (const [key, value] of batch.entries) if (!this.pending.has(key)) this.pending.set(key, value); // newer values win
  }

  public unwritten(): [string, T][] {
    return [...this.pending, ...this.writing ?? []];
  }

  public async flush(drain: () => Promise<void>): Promise<void> {
    while (this.writing !== undefined || this.pending.size > 0) await drain();
  }

  public due(): boolean {
    return this.pending.size > 0;
  }

  /** The queue is gone after close: what is left was handed over in the close error. */
  public close(): Promise<void> {
    this.pending.clear();
    return Promise.resolve();
  }
}
