/**
 * `cdk-elasticache-client`: the runtime side of cdk-elasticache.
 *
 * The connection contract (the environment variable names the constructs write), the `Cache`
 * with its strategies, the `CacheStore` interface and the in-process `MemoryStore`.
 */
export { CacheConnectionEnv, CacheAuthMode } from './contract';

export { Cache } from './cache/cache';
export type { CacheOptions, EntryOptions, LeaseOptions, Loader } from './cache/options';
export type { ManyLoader } from './cache/load-batch';
export { ReadThrough, WriteThrough } from './cache/strategies';
export type { ReadThroughOptions, WriteThroughOptions } from './cache/strategies';
export { WriteBehind } from './cache/write-behind/write-behind';
export type { WriteBehindOptions } from './cache/write-behind/write-behind';
export type { CacheStats } from './cache/stats';
export type {
  CacheEventMap, CacheEventName, CacheListener, CacheKeyEvent, CacheLoadEvent, CacheErrorEvent, CacheBreakerEvent,
} from './cache/events';
export type { CacheLogger } from './cache/log';
export type { LatencySummary } from './cache/histogram';
export { parseDuration } from './duration';
export type { Duration } from './duration';
export {
  CacheError,
  CacheOptionError,
  CacheArgumentError,
  CacheStoreError,
  CacheTimeoutError,
  CacheLoadTimeoutError,
  CacheUnsupportedError,
  CacheUnavailableError,
  CacheSerializationError,
  CacheValueTooLargeError,
  CacheDecodeError,
  CacheClosedError,
  CacheLoadResultError,
  WriteBehindError,
} from './errors';
export { isLocalValueStore } from './store';
export type { CacheStore, StoreValue, StoreHealthListener, LocalValueStore, KeyErrorListener } from './store';
export { MemoryStore } from './stores/memory-store';
export { GlobalSecondaryStore, CacheReadOnlyError } from './stores/global-secondary-store';
export type { GlobalSecondaryStoreOptions } from './stores/global-secondary-store';
export type { MemoryStoreOptions } from './stores/memory-store';
export type { CompressionOptions, CompressionAlgorithm } from './serialization/compression';
export type { CacheTlsOptions } from './resilience/tls';
export { RedisStore, openRedisClient } from './redis';
export type {
  RedisStoreOptions, RedisEndpoint, RedisTlsOptions, RedisCredentials, RedisCredentialsProvider, RedisReconnectOptions,
  RedisCircuitBreakerOptions, RedisClient,
} from './redis';
export { MemcachedStore, MemcachedNodeDownError, memcachedKey } from './memcached';
export type {
  MemcachedStoreOptions, MemcachedEndpoint, MemcachedTlsOptions, MemcachedReconnectOptions, MemcachedNodeState, MemcachedNodeStatus,
} from './memcached';
export * from './aws';
export { readConnection, storeFromEnvironment, redisFromEnvironment } from './from-environment';
export type { EnvironmentOptions, CacheConnection, RedisFromEnvironmentOptions } from './from-environment';
export { SessionStore, SessionStoreError } from './session';
export type { SessionStoreOptions, StoredSession, SessionCallback, ExpressSessionModule, SessionData, SessionCookie } from './session';
