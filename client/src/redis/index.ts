export { RedisStore } from './redis-store';
export { openRedisClient } from './redis-client';
export type { RedisClient } from './redis-client';
export type {
  RedisStoreOptions,
  RedisEndpoint,
  RedisTlsOptions,
  RedisCredentials,
  RedisCredentialsProvider,
  RedisReconnectOptions,
  RedisCircuitBreakerOptions,
} from './options';
export { keySlot } from './slot';
