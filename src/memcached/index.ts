export * from './engine-version';
export * from './props';
export * from './metrics';
export * from './memcached-cluster';
