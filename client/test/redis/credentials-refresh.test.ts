import { RedisStore } from '../../src/redis';
import { RedisServer, startRedis } from '../servers';

// A refused credential (a rotated AUTH token, an expired IAM token) is invalidated, so the next
// connect asks the provider again and gets the current one.
describe('RedisStore and refused credentials', () => {
  let server: RedisServer;
  beforeAll(async () => { server = await startRedis({ password: 'current-token' }); });
  afterAll(async () => { await server?.destroy(); });

  test('WRONGPASS invalidates the provider; the reconnect uses the fresh credentials', async () => {
    let invalidated = 0;
    let stale = true;
    const provider = Object.assign(async () => ({ password: stale ? 'old-token' : 'current-token' }), {
      invalidate: () => { invalidated++; stale = false; },
    });
    const store = new RedisStore({ url: server.url, credentials: provider, reconnect: { minDelay: 20, maxDelay: 100 } });
    try {
      const deadline = Date.now() + 10_000;
      let value: unknown;
      while (Date.now() < deadline) {
        try {
          await store.set('k', 'v');
          value = await store.get('k');
          break;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
      expect(value).toBe('v');
      expect(invalidated).toBeGreaterThanOrEqual(1);
    } finally {
      await store.close();
    }
  });
});
