export * from './cost-estimate';
export * from './budget';
