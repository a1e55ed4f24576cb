/**
 * Calls issued in the same tick, answered together. The first call queues a microtask that sends
 * the batch when the tick's synchronous work ends: before any I/O, so a lone call waits for
 * nothing. The one home of coalescing: RedisStore's GETs (one MGET per slot group) and the
 * Cache's remote reads (one `getMany` per tick, on any store) both use it.
 */
export class TickBatch<T> {
  /** The keys in the order they were added; position i is call i. */
  public readonly keys: string[] = [];
  private readonly resolvers: ((value: T) => void)[] = [];
  private readonly rejecters: ((err: unknown) => void)[] = [];

  add(key: string): Promise<T> {
    this.keys.push(key);
    return new Promise<T>((resolve, reject) => {
      this.resolvers.push(resolve);
      this.rejecters.push(reject);
    });
  }

  /** Settles call i; a call already settled stays as it was (promises settle once). */
  resolve(i: number, value: T): void {
    this.resolvers[i](value);
  }

  reject(i: number, err: unknown): void {
    this.rejecters[i](err);
  }

  rejectAll(err: unknown): void {
    for (const reject of this.rejecters) reject(err);
  }
}

/** Collects a tick's calls into one TickBatch and hands it to `send` (at the tick's end, or at `maxKeys`). */
export class TickBatcher<T> {
  private current: TickBatch<T> | undefined;

  constructor(private readonly send: (batch: TickBatch<T>) => void, private readonly maxKeys: number) {}

  add(key: string): Promise<T> {
    let batch = this.current;
    if (batch === undefined) {
      batch = this.current = new TickBatch<T>();
      queueMicrotask(this.flush);
    }
    const value = batch.add(key);
    if (batch.keys.length >= this.maxKeys) this.flush();
    return value;
  }

  /** Sends the pending batch now: callers do so before any other command, so commands keep program order. */
  readonly flush = (): void => {
    const batch = this.current;
    if (batch === undefined) return;
    this.current = undefined;
    this.send(batch);
  };
}
