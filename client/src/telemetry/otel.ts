import type * as otel from '@opentelemetry/api';

/** The parts of `@opentelemetry/api` the client uses, when the app has it and registered a provider. */
export interface Telemetry {
  readonly api: typeof otel;
  readonly meter: otel.Meter;
  readonly tracer: otel.Tracer;
}

/** Instrumentation scope: the package, as OpenTelemetry's instrumentation libraries name theirs. */
export const SCOPE = 'cdk-elasticache-client';

let loaded: typeof otel | null | undefined;

/**
 * `@opentelemetry/api` when the app has it (an optional peer, loaded on first use and never on
 * import, like express-session), else undefined.
 */
function loadApi(): typeof otel | undefined {
  if (loaded === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports, import/no-extraneous-dependencies
      loaded = require('@opentelemetry/api') as typeof otel;
    } catch {
      loaded = null;
    }
  }
  return loaded ?? undefined;
}

/**
 * The meter and tracer when OpenTelemetry is on: the API is installed and the app registered a
 * meter or tracer provider. Otherwise undefined, and the Cache adds nothing to its hot path.
 * Read when a Cache is made: register providers at start-up, before making Caches (as the
 * OpenTelemetry SDK's setup does).
 */
export function activeTelemetry(): Telemetry | undefined {
  const api = loadApi();
  if (api === undefined) return undefined;
  const noopMeter = api.createNoopMeter().constructor;
  const meter = api.metrics.getMeter(SCOPE);
  // Without a provider the API hands out no-op implementations: a NoopMeter, and a proxy whose
  // delegate is the NoopTracerProvider (the API does not export that class, only its behaviour).
  const tracing = (api.trace.getTracerProvider() as otel.TracerProvider & { getDelegate?(): object }).getDelegate?.().constructor.name !== 'NoopTracerProvider';
  const metering = !(meter instanceof noopMeter);
  if (!tracing && !metering) return undefined;
  return { api, meter, tracer: api.trace.getTracer(SCOPE) };
}
