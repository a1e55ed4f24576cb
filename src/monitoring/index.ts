// The public API of the monitoring module. alarm-metrics.ts and thresholds.ts stay internal.
export * from './cache-nodes';
export * from './alarm-options';
export * from './alarm-topic';
export * from './recommended-alarms';
export * from './dashboard';
export * from './cache-monitoring';
