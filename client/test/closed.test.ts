import fc from 'fast-check';
import { remoteLikeStore } from './helpers';
import { Cache, CacheClosedError, CacheStore, MemoryStore, ReadThrough, RedisStore, WriteBehind, WriteThrough } from '../src';
import { RedisServer, startRedis } from './servers';

// After close(), every method rejects with CacheClosedError (issue 9, item 9): a call on a closed
// Cache used to be served from a store nobody watched any more, or absorbed as a store error.
let redis: RedisServer;
let redisStore: RedisStore;
beforeAll(async () => {
  redis = await startRedis();
  redisStore = new RedisStore({ url: redis.url });
}, 30_000);
afterAll(async () => {
  await redisStore?.close();
  await redis?.destroy();
});

type Call = (cache: Cache, made: Made) => unknown;
interface Made {
  readonly reader: ReadThrough<number>;
  readonly writer: WriteThrough<number>;
  readonly behind: WriteBehind<number>;
}

const calls: Record<string, Call> = {
  'get': (cache) => cache.get('k'),
  'getOrSet': (cache) => cache.getOrSet('k', () => 1),
  'set': (cache) => cache.set('k', 1),
  'set with tags': (cache) => cache.set('k', 1, { tags: ['t'] }),
  'delete': (cache) => cache.delete('k'),
  'deleteMany': (cache) => cache.deleteMany(['k', 'j']),
  'clear': (cache) => cache.clear(),
  'deleteByTag': (cache) => cache.deleteByTag('t'),
  'ready': (cache) => cache.ready(),
  'readThrough()': (cache) => cache.readThrough({ load: () => 1 }),
  'writeThrough()': (cache) => cache.writeThrough({ write: () => undefined }),
  'writeBehind()': (cache) => cache.writeBehind({ write: () => undefined }),
  'readThrough().get': (_cache, made) => made.reader.get('k'),
  'writeThrough().get': (_cache, made) => made.writer.get('k'),
  'writeThrough().set': (_cache, made) => made.writer.set('k', 1),
  'writeBehind().get': (_cache, made) => made.behind.get('k'),
  'writeBehind().set': (_cache, made) => made.behind.set('k', 1),
};

const stores: Array<[string, () => CacheStore]> = [
  ['the default MemoryStore', () => new MemoryStore()],
  ['a by-copy store', () => remoteLikeStore()],
  ['redis-server', () => redisStore],
];

describe.each(stores)('on %s', (_name, store) => {
  test('after close(), every method rejects (or throws) a CacheClosedError, also for keys that were cached', async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom(...Object.keys(calls)), fc.boolean(), async (method, cached) => {
      const cache = new Cache({ store: store(), namespace: 'closed' });
      const made: Made = {
        reader: cache.readThrough<number>({ load: () => 1 }),
        writer: cache.writeThrough<number>({ write: () => undefined, load: () => 1 }),
        behind: cache.writeBehind<number>({ name: 'closed', write: () => undefined }),
      };
      if (cached) await cache.set('k', 1);
      await cache.close();
      const error = await Promise.resolve().then(() => calls[method](cache, made)).then(() => undefined, (err: unknown) => err);
      expect(error).toBeInstanceOf(CacheClosedError);
      expect((error as Error).message).toMatch(/closed/);
    }), { numRuns: 60 });
  }, 60_000);

  test('close() stays idempotent and stats() readable', async () => {
    const cache = new Cache({ store: store() });
    await cache.close();
    await cache.close();
    expect(cache.stats().errors).toBe(0);
  });
});
