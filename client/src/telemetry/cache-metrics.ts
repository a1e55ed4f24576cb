import type { Attributes } from '@opentelemetry/api';
import type { Telemetry } from './otel';
import type { CacheEventMap, CacheEventName } from '../cache/events';

/** What a Cache offers for its metrics: its events (emitted only while someone listens). */
export interface MetricSource {
  on<E extends CacheEventName>(event: E, listener: (payload: CacheEventMap[E]) => void): unknown;
}

/**
 * The Cache's metrics, from its own events: `cdk_elasticache.cache.requests` (counter, by
 * `cache.result`: hit, miss or stale), `cdk_elasticache.cache.loads` and
 * `cdk_elasticache.cache.load.duration` (by `cache.load.outcome`: ok, error or timeout), and
 * `cdk_elasticache.cache.errors` (by `db.operation.name`, and `cache.background` for work no
 * caller waited for). Every sample carries `db.namespace` (the Cache's namespace) and
 * `db.system.name`.
 */
export function recordCacheMetrics(cache: MetricSource, telemetry: Telemetry, namespace: string | undefined, system: string): void {
  const { meter } = telemetry;
  const base: Attributes = { 'db.system.name': system, ...(namespace === undefined ? {} : { 'db.namespace': namespace }) };
  const requests = meter.createCounter('cdk_elasticache.cache.requests', { description: 'Cache reads, by result (hit, miss, stale).' });
  const loads = meter.createCounter('cdk_elasticache.cache.loads', { description: 'Loader calls, by outcome (ok, error, timeout).' });
  const loadDuration = meter.createHistogram('cdk_elasticache.cache.load.duration', { description: 'Loader durations.', unit: 's' });
  const errors = meter.createCounter('cdk_elasticache.cache.errors', { description: 'Cache errors (absorbed or thrown), by store operation.' });
  const hit = { ...base, 'cache.result': 'hit' };
  const miss = { ...base, 'cache.result': 'miss' };
  const stale = { ...base, 'cache.result': 'stale' };
  cache.on('hit', () => requests.add(1, hit));
  cache.on('miss', () => requests.add(1, miss));
  cache.on('stale', () => requests.add(1, stale));
  cache.on('load', (event) => {
    const attributes = { ...base, 'cache.load.outcome': event.outcome };
    loads.add(1, attributes);
    loadDuration.record(event.durationMs / 1000, attributes);
  });
  cache.on('error', (event) => errors.add(1, { ...base, 'db.operation.name': event.op, 'cache.background': event.background }));
}
