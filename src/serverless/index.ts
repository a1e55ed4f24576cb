export * from './engine';
export * from './props';
export type { ServerlessAlarmOptions, ServerlessAlarmTarget } from './alarms';
export * from './monitor';
export * from './serverless-cache';
