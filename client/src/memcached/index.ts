export { MemcachedStore } from './memcached-store';
export type { MemcachedNodeState } from './memcached-store';
export { MemcachedNodeDownError } from './node';
export type { NodeState as MemcachedNodeStatus } from './node';
export type { MemcachedStoreOptions, MemcachedEndpoint, MemcachedTlsOptions, MemcachedReconnectOptions } from './options';
export { wireKey as memcachedKey } from './keys';
