import { context, metrics, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Cache, RedisStore } from '../../src';
import { RejectingStore } from '../helpers';
import { RedisServer, startRedis } from '../servers';

// OpenTelemetry (issue 12): with a provider registered, store calls are CLIENT spans following the
// database client conventions, and reads, loads, errors and latencies are metrics. Asserted with
// the SDK's in-memory exporters. (Each jest file has its own globals: the registration stays here.)
const spans = new InMemorySpanExporter();
const exported = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const reader = new PeriodicExportingMetricReader({ exporter: exported, exportIntervalMillis: 3_600_000 });
// As the Node SDK sets it up: the active span follows the caller across awaits.
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }));
metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.destroy();
});
beforeEach(() => spans.reset());

/** Every data point of `name` as [attributes, value] (sums and histogram counts). */
async function points(name: string): Promise<Array<[Record<string, unknown>, number]>> {
  exported.reset();
  await reader.forceFlush();
  const all = exported.getMetrics() as ResourceMetrics[];
  const found: Array<[Record<string, unknown>, number]> = [];
  for (const rm of all) {
    for (const scope of rm.scopeMetrics) {
      for (const metric of scope.metrics) {
        if (metric.descriptor.name !== name) continue;
        for (const p of metric.dataPoints) {
          const v = p.value as number | { count: number };
          found.push([p.attributes as Record<string, unknown>, typeof v === 'number' ? v : v.count]);
        }
      }
    }
  }
  return found;
}

const valueOf = (found: Array<[Record<string, unknown>, number]>, match: Record<string, unknown>) =>
  found.filter(([a]) => Object.entries(match).every(([k, v]) => a[k] === v)).reduce((sum, [, v]) => sum + v, 0);

test('store calls are CLIENT spans with the database conventions, children of the caller\'s span', async () => {
  const cache = new Cache({ store: new RedisStore({ url: redis.url }), closeStore: true, namespace: 'otel', lease: false });
  try {
    await cache.set('k', { a: 1 });
    const tracer = trace.getTracer('test');
    await tracer.startActiveSpan('request', async (request) => {
      expect(await cache.get('k')).toEqual({ a: 1 });
      request.end();
    });
    const finished = spans.getFinishedSpans();
    const set = finished.find((s) => s.name === 'set')!;
    const get = finished.find((s) => s.name === 'get')!;
    const request = finished.find((s) => s.name === 'request')!;
    expect(set.kind).toBe(SpanKind.CLIENT);
    expect(set.attributes).toEqual({ 'db.system.name': 'redis', 'db.operation.name': 'set', 'db.namespace': 'otel' });
    expect(get.attributes['db.operation.name']).toBe('get');
    expect(get.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
    expect(get.spanContext().traceId).toBe(request.spanContext().traceId);
    expect(set.instrumentationScope.name).toBe('cdk-elasticache-client');
  } finally {
    await cache.close();
  }
});

test('a failed store call: an ERROR span with error.type, an errors count, and the read still answers', async () => {
  const cache = new Cache({ store: new RejectingStore(), namespace: 'down', logger: false });
  try {
    expect(await cache.get('x')).toBeUndefined();
    const failed = spans.getFinishedSpans().find((s) => s.name === 'get')!;
    expect(failed.status.code).toBe(SpanStatusCode.ERROR);
    expect(failed.attributes['error.type']).toBe('Error');
    expect(failed.events.map((e) => e.name)).toContain('exception');
    const errors = await points('cdk_elasticache.cache.errors');
    expect(valueOf(errors, { 'db.namespace': 'down', 'db.operation.name': 'get', 'cache.background': false })).toBe(1);
  } finally {
    await cache.close();
  }
});

test('hits, misses, stale serves, loads and their durations, and store latencies are metrics', async () => {
  const cache = new Cache({ store: new RedisStore({ url: redis.url }), closeStore: true, namespace: 'm', ttl: '1m' });
  try {
    await cache.getOrSet('a', async () => 'loaded');
    await cache.get('a');
    await cache.get('a');
    await cache.get('none');
    await cache.set('old', 'v0', { ttl: 1, grace: '1m' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await cache.getOrSet('old', async () => 'v1', { ttl: '1m', grace: '1m' });
    await expect(cache.getOrSet('bad', async () => { throw new Error('source down'); })).rejects.toThrow('source down');
    const requests = await points('cdk_elasticache.cache.requests');
    expect(valueOf(requests, { 'db.namespace': 'm', 'cache.result': 'hit' })).toBe(2);
    expect(valueOf(requests, { 'db.namespace': 'm', 'cache.result': 'miss' })).toBe(3); // a, none, bad
    expect(valueOf(requests, { 'db.namespace': 'm', 'cache.result': 'stale' })).toBe(1);
    const loads = await points('cdk_elasticache.cache.loads');
    expect(valueOf(loads, { 'db.namespace': 'm', 'cache.load.outcome': 'ok' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(loads, { 'db.namespace': 'm', 'cache.load.outcome': 'error' })).toBe(1);
    expect(valueOf(await points('cdk_elasticache.cache.load.duration'), { 'db.namespace': 'm' })).toBe(valueOf(loads, { 'db.namespace': 'm' }));
    const durations = await points('db.client.operation.duration');
    expect(valueOf(durations, { 'db.namespace': 'm', 'db.system.name': 'redis', 'db.operation.name': 'get' })).toBeGreaterThanOrEqual(3);
  } finally {
    await cache.close();
  }
});

test('telemetry: false records nothing', async () => {
  const cache = new Cache({ store: new RedisStore({ url: redis.url }), closeStore: true, namespace: 'quiet', telemetry: false });
  try {
    await cache.set('k', 1);
    await cache.get('k');
    expect(spans.getFinishedSpans()).toEqual([]);
    expect(await points('cdk_elasticache.cache.requests').then((p) => valueOf(p, { 'db.namespace': 'quiet' }))).toBe(0);
  } finally {
    await cache.close();
  }
});
