export * from './engine';
export * from './props';
export { ServerlessAlarmOptions, ServerlessAlarmTarget } from './alarms';
export * from './monitor';
export * from './serverless-cache';
