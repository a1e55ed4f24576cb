import fc from 'fast-check';
import { remoteLikeStore } from './helpers';
import { Cache, CacheArgumentError, CacheLoadTimeoutError, CacheOptionError, MemoryStore } from '../src';

// JavaScript callers (no compiler) get a clear error for options the Cache would otherwise ignore.

const make = (options: unknown) => () => new Cache(options as never);

test.each([
  ['a misspelt option', { tll: '5m' }, /new Cache\(\): unknown option 'tll'\. The options are: store, closeStore, namespace, ttl,/],
  ['two unknown options', { tll: 1, namspace: 'x' }, /unknown options 'tll', 'namspace'/],
  ['options that are not an object', 'products', /new Cache\(\): options must be an object, got "products"/],
  ['an empty object as store', { store: {} }, /option 'store': an object \(Object\) is not a CacheStore \(it lacks get, getMany, set, add, delete, deleteMany, deleteIfEquals, touch, clear, keys, close\)/],
  ['a string as store', { store: 'redis://localhost' }, /option 'store': "redis:\/\/localhost" is not a CacheStore/],
  ['a string where a boolean goes', { throwOnCacheError: 'yes' }, /option 'throwOnCacheError': "yes"\. Use true or false/],
  ['a value where a function goes', { onError: {} }, /option 'onError': an object \(Object\)\. Use a function/],
  ['a number as namespace', { namespace: 7 }, /option 'namespace': 7\. Use a string/],
])('%s is refused with a CacheOptionError naming the option', (_what, options, message) => {
  expect(make(options)).toThrow(CacheOptionError);
  expect(make(options)).toThrow(message);
});

test('every documented option is accepted', async () => {
  const store = new MemoryStore();
  const cache = new Cache({
    store,
    closeStore: true,
    namespace: 'n',
    ttl: '1m',
    jitter: 5,
    grace: '1m',
    staleWhileRevalidate: true,
    graceBackoff: '1s',
    publishInvalidations: false,
    lease: false,
    timeout: false,
    circuitBreaker: false,
    throwOnCacheError: false,
    onError: () => undefined,
    compression: false,
    clock: Date.now,
    random: Math.random,
    loadTimeout: '1s',
    loadSoftTimeout: '100ms',
    logger: console,
  });
  await cache.set('k', 1);
  expect(await cache.get('k')).toBe(1);
  await cache.close();
});

test('Cache.fromEnvironment() accepts its own options and refuses unknown ones', () => {
  const env = { CACHE_ENGINE: 'valkey', CACHE_ENDPOINT: '127.0.0.1:1', CACHE_CLUSTER_MODE: 'false', CACHE_TLS: 'false', CACHE_AUTH: 'none' };
  expect(() => Cache.fromEnvironment(env, { prefx: 'orders' } as never)).toThrow(/Cache\.fromEnvironment\(\): unknown option 'prefx'/);
  expect(() => Cache.fromEnvironment(env, { store: new MemoryStore() } as never)).toThrow(/unknown option 'store'/);
});

describe('per-call and strategy options', () => {
  const cache = new Cache({ store: remoteLikeStore() });
  afterAll(() => cache.close());

  test.each([
    ['set with a misspelt option', () => cache.set('k', 1, { tll: 5 } as never), /set\(\): unknown option 'tll'\. The options are: ttl, grace, timeout, softTimeout, tags/],
    ['getOrSet (a miss) with a misspelt option', () => cache.getOrSet('miss', () => 1, { softTimout: 5 } as never), /getOrSet\(\): unknown option 'softTimout'/],
    ['a string where tags go', () => cache.set('k', 1, { tags: 'prices' as never }), /set\(\): invalid value for option 'tags': "prices"\. Use an array of tag names, e\.g\. \['prices'\]/],
    ['an empty tag', () => cache.set('k', 1, { tags: [''] }), /invalid tag in option 'tags': ""\. Tags are non-empty strings/],
    ['a number as a tag', () => cache.getOrSet('miss2', () => 1, { tags: [7 as never] }), /getOrSet\(\): invalid tag in option 'tags': 7/],
    ['options that are not an object', () => cache.set('k', 1, 'ttl' as never), /set\(\): options must be an object, got "ttl"/],
    ['a bad timeout', () => cache.getOrSet('miss3', () => 1, { timeout: 'soon' }), /Invalid duration for option 'timeout': "soon"/],
  ])('%s rejects with a CacheOptionError naming the option', async (_what, call, message) => {
    await expect(call()).rejects.toThrow(CacheOptionError);
    await expect(call()).rejects.toThrow(message);
  });

  test('a string as tags is not split into characters: nothing is stored', async () => {
    await expect(cache.set('t', 1, { tags: 'prices' as never })).rejects.toThrow(CacheOptionError);
    expect(await cache.get('t')).toBeUndefined();
  });

  test.each([
    ['readThrough', () => cache.readThrough({ load: () => 1, tll: 5 } as never), /readThrough\(\): unknown option 'tll'\. The options are: ttl, grace, timeout, softTimeout, tags, load/],
    ['readThrough without a loader', () => cache.readThrough({} as never), /readThrough\(\): invalid value for option 'load': undefined\. Use a function/],
    ['writeThrough', () => cache.writeThrough({ write: () => undefined, wirte: 1 } as never), /writeThrough\(\): unknown option 'wirte'/],
    ['writeThrough with tags as a string', () => cache.writeThrough({ write: () => undefined, tags: 'a' } as never), /writeThrough\(\): invalid value for option 'tags': "a"/],
    ['writeBehind', () => cache.writeBehind({ write: () => undefined, flushInteval: '1s' } as never), /writeBehind\(\): unknown option 'flushInteval'/],
    ['writeBehind with a string as write', () => cache.writeBehind({ write: 'db' } as never), /writeBehind\(\): invalid value for option 'write': "db"\. Use a function/],
    ['options that are not an object', () => cache.readThrough(null as never), /readThrough\(\): options must be an object, got null/],
  ])('%s: bad options throw a CacheOptionError naming the option', (_what, strategy, message) => {
    expect(strategy).toThrow(CacheOptionError);
    expect(strategy).toThrow(message);
  });

  test('a strategy passes timeout and softTimeout on to its loads', async () => {
    const reader = cache.readThrough({ load: () => new Promise(() => undefined), timeout: 20 });
    await expect(reader.get('never')).rejects.toThrow(CacheLoadTimeoutError);
  });
});

describe('keys and other arguments from JavaScript callers', () => {
  const cache = new Cache({ store: new MemoryStore() });
  afterAll(() => cache.close());
  const calls: Record<string, (key: unknown) => Promise<unknown>> = {
    'get': (key) => cache.get(key as string),
    'getOrSet': (key) => cache.getOrSet(key as string, () => 1),
    'set': (key) => cache.set(key as string, 1),
    'delete': (key) => cache.delete(key as string),
    'deleteMany': (key) => cache.deleteMany([key as string]),
    'deleteByTag': (key) => cache.deleteByTag(key as string),
    'readThrough().get': (key) => cache.readThrough({ load: () => 1 }).get(key as string),
    'writeThrough().set': (key) => cache.writeThrough({ write: () => undefined }).set(key as string, 1),
  };
  const badKeys = fc.oneof(fc.integer(), fc.double(), fc.constant(undefined), fc.constant(null), fc.constant(''), fc.boolean(),
    fc.object(), fc.array(fc.string()), fc.bigInt(), fc.func(fc.anything()));

  test('a key that is not a non-empty string rejects every method with a CacheArgumentError naming the argument and the value', async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom(...Object.keys(calls)), badKeys, async (method, key) => {
      const error = await calls[method](key).then(() => undefined, (err: unknown) => err);
      expect(error).toBeInstanceOf(CacheArgumentError);
      expect(error).toBeInstanceOf(CacheOptionError);
      const argument = method === 'deleteMany' ? 'keys\\[0\\]' : method === 'deleteByTag' ? 'tag' : 'key';
      expect((error as Error).message).toMatch(new RegExp(`\\(\\): argument '${argument}' must be a non-empty string, got `));
    }), { numRuns: 200 });
    expect(cache.stats()).toMatchObject({ hits: 0, misses: 0, sets: 0, deletes: 0 });
  });

  test.each([
    ['a string as the key list', () => cache.deleteMany('abc' as never), /deleteMany\(\): argument 'keys' must be an array of non-empty strings, got "abc"/],
    ['a loader that is not a function', () => cache.getOrSet('k', 'db' as never), /getOrSet\(\): argument 'loader' must be a function, got "db"/],
  ])('%s is refused', async (_what, call, message) => {
    await expect(call()).rejects.toThrow(CacheArgumentError);
    await expect(call()).rejects.toThrow(message);
  });

  test('events and listeners are checked', () => {
    expect(() => cache.on('hits' as never, () => undefined)).toThrow(/Cache\.on\(\): unknown event "hits"\. The events are: hit, miss, stale, load, error, breaker:open, breaker:close/);
    expect(() => cache.once('hit', 'log' as never)).toThrow(/Cache\.once\('hit'\): argument 'listener' must be a function, got "log"/);
  });

  test.each([
    ['a logger without warn', { logger: { error: () => undefined } }, /option 'logger': an object \(Object\) lacks warn\. Use false, or a logger with warn\(fields, message\)/],
    ['a string as logger', { logger: 'pino' }, /option 'logger': "pino" lacks warn, error/],
    ['true as logger', { logger: true }, /option 'logger': true lacks warn, error/],
    ['a store missing some methods', { store: { get: () => undefined, set: () => undefined } },
      /option 'store': an object \(Object\) is not a CacheStore \(it lacks getMany, add, delete, deleteMany, deleteIfEquals, touch, clear, keys, close\)/],
  ])('%s is refused when the Cache is made', (_what, options, message) => {
    expect(make(options)).toThrow(CacheOptionError);
    expect(make(options)).toThrow(message);
  });
});
