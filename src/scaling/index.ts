export * from './props';
export * from './scalable-cache-dimension';
export * from './scalable-shards';
export * from './scalable-replicas';
export * from './replication-group-auto-scaling';
