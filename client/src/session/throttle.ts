/**
 * What this process knows of each session's stored expiry, so `touch` can skip store calls that
 * would barely move it. Filled from the entry read by `get` (every request reads its session
 * before express-session touches it, so the expiry written by any server's `set` is seen), and
 * by this process's own sets and touches.
 *
 * A touch only resets the TTL (PEXPIRE / memcached touch): it never rewrites the entry, which
 * could overwrite a concurrent request's changes. So the expiry inside the entry is the last
 * *write's*; other servers learn of a touch only by touching themselves, which bounds the cost
 * at one TTL reset per session, server and `touchAfter` instead of one per request.
 *
 * Bounded: the oldest-inserted ids go first; a forgotten id costs one extra touch.
 */
export class TouchThrottle {
  private readonly expiries = new Map<string, number>();

  constructor(private readonly maxEntries = 10_000) {}

  /**
   * Records an expiry read from the store. The entry holds the last write's expiry, which a
   * touch of ours may since have moved later: the later one is kept.
   */
  public seen(sid: string, expiresAt: number): void {
    const known = this.expiries.get(sid);
    this.record(sid, known === undefined ? expiresAt : Math.max(known, expiresAt));
  }

  /** Records the expiry this process just wrote (set) or reset (touch). */
  public record(sid: string, expiresAt: number): void {
    const map = this.expiries;
    map.delete(sid); // re-insert: recently used ids are evicted last
    if (map.size >= this.maxEntries) map.delete(map.keys().next().value as string);
    map.set(sid, expiresAt);
  }

  /** True when a touch to `expiresAt` moves the known expiry later by at least `touchAfterMs`. */
  public due(sid: string, expiresAt: number, touchAfterMs: number): boolean {
    const known = this.expiries.get(sid);
    return known === undefined || expiresAt - known >= touchAfterMs;
  }

  public forget(sid: string): void {
    this.expiries.delete(sid);
  }

  public clear(): void {
    this.expiries.clear();
  }
}
