import { remoteLikeStore } from './helpers';
import { Cache } from '../src';
import { LatencyHistogram } from '../src/cache/histogram';

describe('LatencyHistogram', () => {
  test('percentiles of a known distribution, within the bucket error (6.25 %)', () => {
    const histogram = new LatencyHistogram();
    for (let i = 1; i <= 10_000; i++) histogram.record(i / 100); // 0.01 ms … 100 ms, uniform
    const summary = histogram.summary();
    expect(summary.count).toBe(10_000);
    expect(summary.p50).toBeGreaterThan(50 * 0.9375);
    expect(summary.p50).toBeLessThan(50 * 1.0625);
    expect(summary.p95).toBeGreaterThan(95 * 0.9375);
    expect(summary.p95).toBeLessThan(95 * 1.0625);
    expect(summary.p99).toBeGreaterThan(99 * 0.9375);
    expect(summary.p99).toBeLessThanOrEqual(100);
    expect(summary.max).toBe(100);
  });

  test('exact below 16 µs; skewed tails show up in p99 only', () => {
    const histogram = new LatencyHistogram();
    for (let i = 0; i < 990; i++) histogram.record(0.005); // 5 µs
    for (let i = 0; i < 10; i++) histogram.record(250); // a slow tail
    expect(histogram.percentile(50)).toBe(0.005);
    expect(histogram.percentile(99)).toBe(0.005);
    expect(histogram.percentile(99.5)).toBeGreaterThan(230);
    expect(histogram.percentile(100)).toBe(250);
  });

  test('empty, odd and huge inputs', () => {
    const histogram = new LatencyHistogram();
    expect(histogram.summary()).toEqual({ count: 0, p50: 0, p95: 0, p99: 0, max: 0 });
    histogram.record(-1);
    histogram.record(NaN);
    histogram.record(1e12);
    expect(histogram.percentile(50)).toBe(0);
    expect(histogram.percentile(100)).toBeCloseTo((2 ** 31 - 1) / 1000, 0);
    histogram.reset();
    expect(histogram.summary().count).toBe(0);
  });
});

describe('Cache stats', () => {
  test('hits, misses, loads, sets, deletes, hit rate and latency', async () => {
    const cache = new Cache({ store: remoteLikeStore(), lease: false });
    await cache.set('a', 1);
    expect(await cache.get('a')).toBe(1);
    expect(await cache.get('b')).toBeUndefined();
    expect(await cache.getOrSet('c', async () => 3)).toBe(3);
    expect(await cache.getOrSet('c', async () => 4)).toBe(3);
    await cache.delete('a');
    const stats = cache.stats();
    expect(stats).toMatchObject({ hits: 2, misses: 2, loads: 1, sets: 2, deletes: 1, errors: 0, staleHits: 0 });
    expect(stats.hitRate).toBe(0.5);
    expect(stats.latency.read.count).toBe(4); // every read went to the (remote-like) store
    expect(stats.latency.load.count).toBe(1);
    expect(stats.latency.read.p99).toBeGreaterThanOrEqual(0);
    cache.resetStats();
    expect(cache.stats()).toMatchObject({ hits: 0, misses: 0, loads: 0, hitRate: 0 });
    expect(cache.stats().latency.read.count).toBe(0);
  });
});
