import { LatencyHistogram, LatencySummary } from './histogram';

/**
 * A snapshot of a Cache's counters since it was created (or since `resetStats()`).
 *
 * Identities: every read call (`get`, `getOrSet`, a strategy's `get`; each caller that joined a
 * load in flight too) is counted exactly once, so `hits + staleHits + misses` = read calls. Every
 * call (read, write, delete, clear, deleteByTag) that met a cache failure adds exactly one to
 * `errors`, however many store calls failed in it (callers that joined another caller's load
 * share its count), so `errors` ≤ calls; a read that failed is also a miss. Failures of
 * background work are in `backgroundErrors` only.
 */
export interface CacheStats {
  /** Reads answered from the cache with a fresh value. */
  readonly hits: number;
  /** Reads that found nothing usable (absent, expired, invalidated by a tag, or the cache failed). */
  readonly misses: number;
  /** Reads answered with a stale value inside its grace period. */
  readonly staleHits: number;
  /** hits / (hits + misses + staleHits), 0 before the first read. */
  readonly hitRate: number;
  /** Loader (source) calls. */
  readonly loads: number;
  /** Loader calls that threw or rejected. */
  readonly loadErrors: number;
  /** Calls that met a cache (store) failure, each once: the read went to the source, the write was skipped. */
  readonly errors: number;
  /**
   * Failures of work no caller waits for: replays of unconfirmed invalidations (retried with
   * back-off while the store is down), background refreshes, the invalidation subscription.
   */
  readonly backgroundErrors: number;
  readonly sets: number;
  readonly deletes: number;
  /**
   * Latency in milliseconds: `read` for every read that went to the (remote) store, also those
   * that failed or timed out (with the time they took), `load` for loader calls (also those that
   * threw or timed out). Memory hits are not timed: they take about 100 ns and a timer would
   * double that.
   */
  readonly latency: { readonly read: LatencySummary; readonly load: LatencySummary };
}

/** Mutable counters; plain fields so the hot path pays one increment. */
export class Counters {
  hits = 0;
  misses = 0;
  staleHits = 0;
  loads = 0;
  loadErrors = 0;
  errors = 0;
  backgroundErrors = 0;
  sets = 0;
  deletes = 0;
  readonly read = new LatencyHistogram();
  readonly load = new LatencyHistogram();

  snapshot(): CacheStats {
    const reads = this.hits + this.misses + this.staleHits;
    return {
      hits: this.hits,
      misses: this.misses,
      staleHits: this.staleHits,
      hitRate: reads === 0 ? 0 : this.hits / reads,
      loads: this.loads,
      loadErrors: this.loadErrors,
      errors: this.errors,
      backgroundErrors: this.backgroundErrors,
      sets: this.sets,
      deletes: this.deletes,
      latency: { read: this.read.summary(), load: this.load.summary() },
    };
  }

  reset(): void {
    this.hits = this.misses = this.staleHits = this.loads = this.loadErrors = this.errors = this.backgroundErrors = this.sets = this.deletes = 0;
    this.read.reset();
    this.load.reset();
  }
}
