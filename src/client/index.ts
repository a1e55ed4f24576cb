/**
 * `cdk-elasticache/client`: the runtime side of cdk-elasticache.
 *
 * For now it exports the connection contract (the environment variable names the constructs
 * write); the Cache and its stores arrive with the client issue.
 */
export { CacheConnectionEnv, CacheAuthMode } from '../connection/contract';
