import type { Attributes, Histogram } from '@opentelemetry/api';
import type { Telemetry } from './otel';
import type { CacheStore } from '../store';

/** Store calls that are one round trip to the cache: each gets a span and a duration sample. */
const OPERATIONS = new Set(['get', 'getMany', 'set', 'add', 'delete', 'deleteMany', 'deleteIfEquals', 'touch', 'clear',
  'addVersioned', 'version', 'setIfVersion', 'publish']);

/** `db.system.name` values of the semantic conventions for the stores that have one. */
const SYSTEMS: Record<string, string> = { redis: 'redis', memcached: 'memcached' };

/**
 * The store, with every call recorded as OpenTelemetry's database client conventions describe:
 * a CLIENT span named after the operation (`db.operation.name`, `db.system.name`, `error.type`
 * on failure) under the caller's active span, and a sample of the `db.client.operation.duration`
 * histogram (seconds). Other members pass through untouched, so optional capabilities stay
 * exactly as present or absent as on the store itself.
 */
export function instrumentStore(store: CacheStore, telemetry: Telemetry, namespace: string | undefined): CacheStore {
  const { api, tracer } = telemetry;
  const system = SYSTEMS[store.name] ?? store.name;
  const duration: Histogram = telemetry.meter.createHistogram('db.client.operation.duration', {
    description: 'Duration of cache store operations (cdk-elasticache-client).',
    unit: 's',
    advice: { explicitBucketBoundaries: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] },
  });
  const wrapped = new Map<string, unknown>();
  const wrap = (op: string, call: (...args: unknown[]) => Promise<unknown>) => (...args: unknown[]): Promise<unknown> => {
    const attributes: Attributes = { 'db.system.name': system, 'db.operation.name': op };
    if (namespace !== undefined) attributes['db.namespace'] = namespace;
    const span = tracer.startSpan(op, { kind: api.SpanKind.CLIENT, attributes });
    const started = performance.now();
    const end = (err: unknown) => {
      const recorded = err === undefined ? attributes : { ...attributes, 'error.type': errorType(err) };
      duration.record((performance.now() - started) / 1000, recorded);
      if (err !== undefined) {
        span.setAttribute('error.type', errorType(err));
        span.recordException(err instanceof Error ? err : String(err));
        span.setStatus({ code: api.SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      }
      span.end();
    };
    let result: Promise<unknown>;
    try {
      result = call.apply(store, args);
    } catch (err) {
      end(err);
      throw err;
    }
    return result.then((value) => {
      end(undefined);
      return value;
    }, (err: unknown) => {
      end(err);
      throw err;
    });
  };
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof prop !== 'string' || typeof value !== 'function') return value;
      let fn = wrapped.get(prop); // one wrapper per method, made on first use
      if (fn === undefined) {
        const method = value as (...args: unknown[]) => Promise<unknown>;
        wrapped.set(prop, fn = OPERATIONS.has(prop) ? wrap(prop, method) : method.bind(target));
      }
      return fn;
    },
  });
}

/** `error.type`: the error's class name (CacheTimeoutError, CacheUnavailableError, …). */
function errorType(err: unknown): string {
  return err instanceof Error ? err.name || err.constructor.name : typeof err;
}
