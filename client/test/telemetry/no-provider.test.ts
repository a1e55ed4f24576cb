import { Cache, MemoryStore } from '../../src';
import { activeTelemetry } from '../../src/telemetry/otel';

// Without a registered provider OpenTelemetry is off: nothing wraps the store and no event
// listener is added, so the hit path is what it is without @opentelemetry/api.
test('no provider registered: telemetry is off and the Cache adds no listeners', async () => {
  expect(activeTelemetry()).toBeUndefined();
  const store = new MemoryStore({ byReference: false });
  const cache = new Cache({ store, closeStore: true });
  expect((cache as unknown as { listeners: Record<string, unknown> }).listeners.hit).toBeUndefined();
  await cache.set('k', 1);
  expect(await cache.get('k')).toBe(1);
  await cache.close();
});
