export { RedisStore } from './redis-store';
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
