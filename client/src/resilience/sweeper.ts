/** Something holding commands with deadlines: a connection, or the store's pre-discovery queue. */
export interface Expirable {
  /** Rejects what is overdue (started at or before tick `cutoff`); true while anything is pending. */
  expire(cutoff: number): boolean;
}

/**
 * Command deadlines with one timer per store, not one per command (node-redis 6's per-command
 * timer costs ~4× throughput: anchors/runtime.md §4).
 *
 * Commands record the current `tick` (a field read, no clock call). While anything is pending, an
 * interval ticks every `timeout / 10` (5–100 ms) and asks each connection to expire what started
 * `timeout` or more ago. Commands on a connection are answered in order, so each connection only
 * looks at its oldest command: a sweep is O(connections). A command is rejected between
 * `timeout` and `timeout + tick` after it started, never early. The timer is unref'd and stops
 * after 10 idle ticks; the next command restarts it.
 */
export class Sweeper {
  public tick = 0;
  public readonly tickMs: number;
  private readonly limitTicks: number;
  private timer: NodeJS.Timeout | undefined;
  private idleTicks = 0;

  constructor(public readonly timeoutMs: number, private readonly targets: () => Iterable<Expirable>) {
    this.tickMs = Math.min(100, Math.max(5, Math.floor(timeoutMs / 10)));
    this.limitTicks = Math.ceil(timeoutMs / this.tickMs) + 1;
  }

  /** Called for every command: starts the timer when it is not running. */
  public arm(): void {
    if (this.timer === undefined) {
      this.idleTicks = 0;
      this.timer = setInterval(() => this.sweep(), this.tickMs);
      this.timer.unref();
    }
  }

  public stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  public get running(): boolean {
    return this.timer !== undefined;
  }

  private sweep(): void {
    const cutoff = ++this.tick - this.limitTicks;
    let busy = false;
    for (const target of this.targets()) if (target.expire(cutoff)) busy = true;
    if (busy) this.idleTicks = 0;
    else if (++this.idleTicks >= 10) this.stop();
  }
}
