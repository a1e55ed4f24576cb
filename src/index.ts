export * from './common/engine';
export * from './common/node-type-info';
export * from './common/network-props';
export * from './connection/contract';
export * from './auth/authentication';
export * from './replication-group/props';
export * from './replication-group/metrics';
export * from './replication-group/replication-group';
