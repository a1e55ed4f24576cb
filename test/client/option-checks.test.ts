import { Cache, CacheOptionError, MemoryStore } from '../../src/client';

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
