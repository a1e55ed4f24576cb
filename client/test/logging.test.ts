import { FakeClock } from './helpers';
import { Cache, CacheUnsupportedError, MemcachedStore, RedisStore } from '../src';
import { MemcachedServer, startMemcached } from './memcached/servers';
import { freePort } from './servers';

// Failures you can see (issue 9, item 6): a Cache pointed at the wrong port used to be a silent
// 0 % hit rate. By default the first failure of each kind (store + operation) is a process
// warning, then at most one a minute with the count left out; `logger` takes pino/console-style
// loggers; `false` silences.

/** Collects the CacheWarnings emitted while `run` runs (a spy: jest gives tests their own `process` object). */
async function warningsDuring(run: () => Promise<void>): Promise<string[]> {
  const warnings: string[] = [];
  const spy = jest.spyOn(process, 'emitWarning').mockImplementation(((warning: string | Error, type?: unknown) => {
    if (type === 'CacheWarning') warnings.push(String(warning));
  }) as typeof process.emitWarning);
  try {
    await run();
  } finally {
    spy.mockRestore();
  }
  return warnings;
}

describe('a Cache pointed at a closed port (redis-server is not listening there)', () => {
  let port: number;
  beforeAll(async () => {
    port = await freePort(); // nothing listens on it
  });

  const closedPortStore = (): RedisStore => new RedisStore({
    host: '127.0.0.1',
    port,
    connectTimeout: 200,
    commandTimeout: 200,
    reconnect: { minDelay: 50, maxDelay: 200 },
  });

  test('logs exactly one warning in a burst of 1,000 failing gets, and one more after the minute, with the count', async () => {
    const clock = new FakeClock();
    const cache = new Cache({ store: closedPortStore(), closeStore: true, namespace: 'users', clock: clock.now });
    try {
      const burst = await warningsDuring(async () => {
        for (let i = 0; i < 1000; i++) expect(await cache.get(`user:${i}`)).toBeUndefined();
      });
      expect(burst).toHaveLength(1);
      expect(burst[0]).toMatch(/^Cache 'users': redis get 'users:user:0' .*\. Reads go to the source and writes are skipped while this lasts\. \(logged at most once a minute\)$/);
      expect(cache.stats().errors).toBe(1000);

      clock.advance(59_999);
      expect(await warningsDuring(async () => { await cache.get('late'); })).toHaveLength(0);
      clock.advance(1);
      const later = await warningsDuring(async () => {
        for (let i = 0; i < 10; i++) await cache.get(`user:${i}`);
      });
      expect(later).toHaveLength(1);
      expect(later[0]).toMatch(/; 1000 more since the last time\)$/);
    } finally {
      await cache.close();
    }
  }, 60_000);

  test('logger: false logs nothing; onError still hears every failure', async () => {
    const errors: unknown[] = [];
    const cache = new Cache({ store: closedPortStore(), closeStore: true, logger: false, onError: (err) => errors.push(err) });
    try {
      expect(await warningsDuring(async () => {
        for (let i = 0; i < 20; i++) await cache.get(`k${i}`);
      })).toHaveLength(0);
      expect(errors).toHaveLength(20);
    } finally {
      await cache.close();
    }
  }, 30_000);

  test('a pino/console-style logger gets (fields, message) once per kind per minute; no process warning', async () => {
    const calls: Array<[Record<string, unknown>, string]> = [];
    const logger = { warn: (fields: Record<string, unknown>, message: string) => calls.push([fields, message]), error: jest.fn(), debug: jest.fn() };
    const cache = new Cache({ store: closedPortStore(), closeStore: true, logger });
    try {
      expect(await warningsDuring(async () => {
        for (let i = 0; i < 50; i++) await cache.get(`k${i}`);
        for (let i = 0; i < 50; i++) await cache.set(`k${i}`, i);
      })).toHaveLength(0);
      expect(calls.map(([fields]) => fields.op)).toEqual(['get', 'set']); // one per kind
      expect(calls[0][0]).toMatchObject({ op: 'get', key: 'k0', store: 'redis', background: false });
      expect(calls[0][0].err).toBeInstanceOf(Error);
      expect(calls[0][1]).toMatch(/^Cache: redis get 'k0' /);
    } finally {
      await cache.close();
    }
  }, 30_000);

  test('a listener that throws is logged (once a minute), and the call goes on', async () => {
    const logger = { warn: jest.fn(), error: jest.fn() };
    const cache = new Cache({ logger });
    cache.on('miss', () => {
      throw new Error('metrics down');
    });
    for (let i = 0; i < 5; i++) expect(await cache.get('absent')).toBeUndefined();
    expect(logger.error).toHaveBeenCalledTimes(1);
    expect(logger.error.mock.calls[0][1]).toMatch(/^Cache: a 'miss' listener threw \(metrics down\); the cache call went on/);
    await cache.close();
  });
});

describe('clear() on memcached (3 real nodes)', () => {
  let servers: MemcachedServer[];
  beforeAll(async () => {
    servers = await Promise.all([startMemcached(), startMemcached(), startMemcached()]);
  }, 30_000);
  afterAll(async () => {
    await Promise.all((servers ?? []).map((s) => s.kill()));
  });

  test('rejects with a CacheUnsupportedError saying what to do instead, also without throwOnCacheError; nothing is deleted', async () => {
    const store = new MemcachedStore({ nodes: servers.map((s) => `${s.host}:${s.port}`) });
    const cache = new Cache({ store, namespace: 'users', ttl: '1m' });
    try {
      await cache.set('a', 1);
      const error = await cache.clear().then(() => undefined, (err: unknown) => err);
      expect(error).toBeInstanceOf(CacheUnsupportedError);
      expect((error as Error).message).toMatch(/^Cache\.clear\(\) of namespace 'users': nothing was deleted, because memcached cannot list keys by prefix\. /);
      expect((error as Error).message).toMatch(/write under a new namespace \(e\.g\. 'users:v2'.*deleteByTag\(\)\. The Cache does not send flush_all/);
      expect(await cache.get('a')).toBe(1);
      expect(cache.stats().errors).toBe(0); // a usage error, not an outage
    } finally {
      await cache.close();
      await store.close();
    }
  });
});
