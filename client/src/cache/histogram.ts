/**
 * A latency histogram with HDR-like log-linear buckets over microseconds: exact below 16 µs,
 * then 16 sub-buckets per power of two (≤ 6.25 % relative error) up to ~35 minutes.
 * Recording is a handful of arithmetic operations and one array increment; percentiles walk
 * the 448 buckets once, so `stats()` never sorts samples and memory stays fixed.
 */
const SUB_BUCKETS = 16;
const MAX_US = 2 ** 31 - 1;
const BUCKETS = SUB_BUCKETS + (31 - 4) * SUB_BUCKETS;

export interface LatencySummary {
  /** Samples recorded. */
  readonly count: number;
  /** Percentiles and maximum, in milliseconds (0 when nothing was recorded). */
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

export class LatencyHistogram {
  private readonly counts = new Uint32Array(BUCKETS);
  private total = 0;
  private maxUs = 0;

  /** Records a duration in milliseconds (fractions welcome: `performance.now()` deltas), `times` times. */
  record(ms: number, times = 1): void {
    let us = Math.round(ms * 1000);
    if (!(us > 0)) us = 0; // negative or NaN (a clock step): count it as zero
    if (us > MAX_US) us = MAX_US;
    this.counts[bucketOf(us)] += times;
    this.total += times;
    if (us > this.maxUs) this.maxUs = us;
  }

  /** The p-th percentile (0–100) in milliseconds: the midpoint of the bucket that holds it. */
  percentile(p: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * this.total));
    if (rank >= this.total) return this.maxUs / 1000; // the top sample is known exactly
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i];
      if (seen >= rank) return Math.min(midpointOf(i), this.maxUs) / 1000;
    }
    return this.maxUs / 1000;
  }

  summary(): LatencySummary {
    return { count: this.total, p50: this.percentile(50), p95: this.percentile(95), p99: this.percentile(99), max: this.maxUs / 1000 };
  }

  reset(): void {
    this.counts.fill(0);
    this.total = 0;
    this.maxUs = 0;
  }
}

function bucketOf(us: number): number {
  if (us < SUB_BUCKETS) return us;
  const exponent = 31 - Math.clz32(us); // floor(log2(us)), ≥ 4 here
  const width = 2 ** (exponent - 4);
  return SUB_BUCKETS + (exponent - 4) * SUB_BUCKETS + Math.floor(us / width) - SUB_BUCKETS;
}

function midpointOf(index: number): number {
  if (index < SUB_BUCKETS) return index;
  const group = Math.floor((index - SUB_BUCKETS) / SUB_BUCKETS);
  const width = 2 ** group;
  const low = (SUB_BUCKETS + ((index - SUB_BUCKETS) % SUB_BUCKETS)) * width;
  return low + (width - 1) / 2;
}
