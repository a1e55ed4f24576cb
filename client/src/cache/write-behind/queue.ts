/** Writes taken from a queue to send to the source together; keys are unique (the latest value of each). */
export interface Batch<T> {
  readonly entries: ReadonlyArray<readonly [string, T]>;
}

/**
 * Where write-behind keeps writes until the source has them: in this process (`LocalQueue`) or
 * in the store (`DurableQueue`, a Redis Stream). The strategy (write-behind.ts) owns timing,
 * retries and reporting; a queue owns what is pending and who may write it.
 */
export interface WriteQueue<T> {
  /** Keys this instance queued that are not known to be written. */
  readonly size: number;
  /** Of those, the writes not taken for writing yet: a full batch of them is written at once. */
  readonly waiting: number;
  /** True when the queue holds writes in the store, safe from this process's death. */
  readonly durable: boolean;
  /** The value this instance queued for `key` and that is not known to be written (read-your-writes). */
  queued(key: string): { readonly value: T } | undefined;
  /** False while `key` would exceed the queue bound (`maxQueue`). */
  hasRoom(key: string): boolean;
  /** Queues a write; resolves once it is kept (durably, for a durable queue). */
  push(key: string, value: T): Promise<void>;
  /** The next batch this instance may write, or undefined (nothing due, or another instance writes). */
  take(max: number): Promise<Batch<T> | undefined>;
  /** The batch reached the source. */
  written(batch: Batch<T>): Promise<void>;
  /** The batch failed after its retries: keep it for the next try (newer values win). */
  failed(batch: Batch<T>): void;
  /** What this instance queued and is not known to be written. */
  unwritten(): [string, T][];
  /**
   * Resolves when every write queued before the call is written. `drain` writes what this
   * instance may write (and rejects on a failure that outlived the retries).
   */
  flush(drain: () => Promise<void>): Promise<void>;
  /** Called on every interval; true when a drain should start. */
  due(): boolean;
  /** After the last flush: gives up what the queue holds in the store (leases). */
  close(): Promise<void>;
}
