/** One command waiting for its reply or its deadline. A class: one shape, monomorphic access. */
export class Pending {
  public prev: Pending | undefined = undefined;
  public next: Pending | undefined = undefined;
  public done = false;
  constructor(
    public readonly tick: number,
    public readonly op: string,
    public readonly key: string | undefined,
    public readonly resolve: (value: unknown) => void,
    public readonly reject: (err: unknown) => void,
  ) {}
}

/** What the tracker reports to its owner (the store's circuit breaker and error mapping). */
export interface DeadlineOwner {
  /** A command answered. */
  succeeded(op: string, key: string | undefined): void;
  /** A command failed; returns the error to reject the caller with. */
  failed(err: unknown, op: string, key: string | undefined): unknown;
  /** A command passed its deadline; returns the error to reject the caller with. */
  timedOut(op: string, key: string | undefined, timeoutMs: number): unknown;
}

/**
 * Command deadlines without a timer per command.
 *
 * Every command gets the same timeout, so deadlines fall in the order commands start. Pending
 * commands sit in a doubly linked list in start order; a command that answers unlinks itself
 * (O(1)), so the list only ever holds what is in flight and nothing outlives its command (entries
 * kept around until a sweep would survive young-generation GC and cost more than the timer they
 * replace). One interval timer ticks every `timeout / 10` (5–100 ms) while anything is pending;
 * each tick rejects the overdue head of the list. A command is rejected between `timeout` and
 * `timeout + tick` after it started, never early.
 *
 * node-redis 6's own per-command timeout (`commandOptions.timeout`, default 5 s) arms an
 * `AbortSignal.timeout` per command, costs ~4× throughput under load, and only covers the time a
 * command waits to be written, not the wait for its reply. The store turns it off and uses this.
 */
export class Deadlines {
  public readonly tickMs: number;
  private readonly limitTicks: number;
  private head: Pending | undefined;
  private tail: Pending | undefined;
  private tick = 0;
  private idleTicks = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(public readonly timeoutMs: number, private readonly owner: DeadlineOwner) {
    this.tickMs = Math.min(100, Math.max(5, Math.floor(timeoutMs / 10)));
    this.limitTicks = Math.ceil(timeoutMs / this.tickMs) + 1;
  }

  /** True when no command is pending. */
  public get idle(): boolean {
    return this.head === undefined;
  }

  /**
   * A promise for `command` mapped by `map`, rejected with the owner's timeout error when
   * `command` has not settled by the deadline. `map` runs on success only and gets `key` too (so
   * callers can pass one shared function, not a closure); it may return a promise (a follow-up
   * command, itself tracked).
   */
  public track<T, R>(
    command: Promise<T>,
    op: string,
    key: string | undefined,
    map: (value: T, key: string | undefined) => R | PromiseLike<R>,
    /** False for waits that are not commands (the first connection): no success is reported. */
    reportSuccess = true,
  ): Promise<R> {
    let entry!: Pending;
    const promise = new Promise<R>((resolve, reject) => {
      entry = new Pending(this.tick, op, key, resolve as (value: unknown) => void, reject);
    });
    this.link(entry);
    command.then((value) => {
      if (entry.done) return;
      this.settle(entry);
      if (reportSuccess) this.owner.succeeded(op, key);
      try {
        entry.resolve(map(value, key));
      } catch (err) {
        entry.reject(err);
      }
    }, (err: unknown) => {
      if (entry.done) return;
      this.settle(entry);
      entry.reject(this.owner.failed(err, op, key));
    });
    return promise;
  }

  /** Rejects every pending command with `error(op, key)` and stops the timer. */
  public rejectAll(error: (op: string, key: string | undefined) => unknown): void {
    let entry = this.head;
    while (entry !== undefined) {
      const next = entry.next;
      this.settle(entry);
      entry.reject(error(entry.op, entry.key));
      entry = next;
    }
    this.stop();
  }

  /** Stops the timer (pending commands are left alone; see `rejectAll`). */
  public stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private link(entry: Pending): void {
    const tail = this.tail;
    entry.prev = tail;
    if (tail === undefined) this.head = entry;
    else tail.next = entry;
    this.tail = entry;
    if (this.timer === undefined) this.start();
  }

  private settle(entry: Pending): void {
    entry.done = true;
    const prev = entry.prev;
    const next = entry.next;
    if (prev === undefined) this.head = next;
    else prev.next = next;
    if (next === undefined) this.tail = prev;
    else next.prev = prev;
    entry.prev = undefined;
    entry.next = undefined;
  }

  private start(): void {
    this.idleTicks = 0;
    this.timer = setInterval(() => this.sweep(), this.tickMs);
    this.timer.unref(); // a deadline never keeps a process alive; sockets and callers do
  }

  private sweep(): void {
    const cutoff = ++this.tick - this.limitTicks;
    let entry = this.head;
    while (entry !== undefined && entry.tick <= cutoff) {
      const next = entry.next;
      this.settle(entry);
      entry.reject(this.owner.timedOut(entry.op, entry.key, this.timeoutMs));
      entry = next;
    }
    if (this.head !== undefined) this.idleTicks = 0;
    else if (++this.idleTicks >= 10) this.stop(); // restarted by the next command
  }
}
