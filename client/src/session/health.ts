import { CacheStore } from '../store';

export type HealthEvent = 'connect' | 'disconnect';

/**
 * Turns the store's health into express-session's readiness events. express-session listens for
 * 'disconnect' and 'connect' on its store; in between it serves requests without a session
 * (`req.session` undefined, the cookie left alone) rather than calling the store: the app stays
 * up and nobody's session is replaced while the cache is away.
 *
 * Sources of health:
 * - the store's own reports (`onHealth`: RedisStore on connection loss or an open circuit,
 *   MemcachedStore when a node is down). Once such a store has reported, its failed calls change
 *   nothing here: one timeout must not make every request sessionless; the store opens its
 *   circuit on its own, and reports that.
 * - for stores whose keys live on independent nodes (`isAnyNodeHealthy`: Memcached), an unhealthy
 *   report means "some node is down": the sessions on the other nodes still work and those on the
 *   down node fail fast (one failed request each, cookie kept, never replaced by a new session).
 *   So only when no node serves is the store down: noticed at the report, or at the next failed
 *   call when the last nodes go down later (the store reports only its first loss).
 * - for stores that report nothing, or have not reported yet (a store that was already down when
 *   the SessionStore subscribed reports again only when it is back), a failed call:
 *   disconnected until a probe (or a health report) says otherwise.
 *
 * While disconnected express-session stops calling the store, yet a store whose circuit opened
 * only closes it after a call succeeds. So a probe (one `get` of a key nobody writes) runs every
 * `probeIntervalMs` until connected again: its success closes the circuit (and the store reports
 * healthy) or, for stores without health reports, reconnects directly.
 */
export class SessionHealth {
  private connected = true;
  private storeHealthy = true;
  private failing = false;
  /** The store has reported its health at least once: from then on, its reports decide. */
  private heardFromStore = false;
  private readonly unsubscribe: (() => void) | undefined;
  /** The store's per-node health, when its keys live on independent nodes. */
  private readonly anyNodeHealthy: (() => boolean) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private probing = false;
  private closed = false;

  constructor(
    store: CacheStore,
    private readonly probeIntervalMs: number,
    private readonly probe: () => Promise<unknown>,
    private readonly emit: (event: HealthEvent, cause?: unknown) => void,
  ) {
    this.anyNodeHealthy = store.isAnyNodeHealthy === undefined ? undefined : () => store.isAnyNodeHealthy!();
    this.unsubscribe = store.onHealth?.((healthy, cause) => {
      this.heardFromStore = true;
      this.storeHealthy = healthy;
      if (healthy) this.failing = false;
      this.update(cause);
    });
  }

  public get isConnected(): boolean {
    return this.connected;
  }

  /** A store call failed (values that cannot be serialized fail before any call, so never count). */
  public failed(cause: unknown): void {
    if (this.heardFromStore) {
      if (!this.storeHealthy) this.update(cause); // partly down: was that its last node?
      return;
    }
    if (this.failing) return;
    this.failing = true;
    this.update(cause);
  }

  /** A store call succeeded. */
  public succeeded(): void {
    if (!this.failing) return;
    this.failing = false;
    this.update(undefined);
  }

  /** Stops listening and probing. */
  public close(): void {
    this.closed = true;
    this.unsubscribe?.();
    this.stopProbe();
  }

  private update(cause: unknown): void {
    const storeUp = this.storeHealthy || (this.anyNodeHealthy?.() ?? false);
    const connected = storeUp && !this.failing;
    if (connected === this.connected || this.closed) return;
    this.connected = connected;
    if (connected) {
      this.stopProbe();
      this.emit('connect');
    } else {
      this.scheduleProbe();
      this.emit('disconnect', cause);
    }
  }

  private scheduleProbe(): void {
    if (this.timer !== undefined || this.probing || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.runProbe();
    }, this.probeIntervalMs);
    this.timer.unref(); // a probe must never keep a process alive
  }

  private runProbe(): void {
    this.probing = true;
    this.probe().then(() => this.succeeded(), () => undefined).finally(() => {
      this.probing = false;
      this.update(undefined); // a node other than the probe key's may be back
      if (!this.connected) this.scheduleProbe();
    }).catch(() => undefined);
  }

  private stopProbe(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
