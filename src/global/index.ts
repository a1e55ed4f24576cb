export * from './props';
export * from './global-datastore';
export * from './secondary-replication-group';
