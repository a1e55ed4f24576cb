/**
 * AWS helpers for the runtime client: ElastiCache IAM tokens, credentials from Secrets Manager,
 * and endpoint discovery. They load the AWS SDK at run time only (never bundled), so apps that
 * don't use them need no SDK.
 */
export { createIamAuthToken, iamCredentialsProvider, IAM_TOKEN_MAX_SECONDS, IAM_CONNECTION_MAX_MS } from './iam-auth';
export type { IamAuthTokenOptions, IamCredentialsProviderOptions, IamCredentialsProvider, IamTokenTarget } from './iam-auth';
export { secretCredentialsProvider } from './secret-auth';
export type { SecretCredentialsProviderOptions } from './secret-auth';
export { streamingCredentials } from './reauth';
export type { StreamingCredentialsOptions, StreamingCredentialsProvider, StreamingCredentialsListener, ReauthenticatingCredentials } from './reauth';
export { retryOnAuthFailure } from './provider';
export { isAuthFailure } from '../resilience/auth-errors';
export type { RefreshableCredentialsProvider } from './provider';
export { discoverCache } from './discovery';
export type { DiscoverCacheOptions, DiscoveredCache } from './discovery';
export type { AwsCredentials, AwsCredentialsProvider } from './credentials';
export type { AwsSdkClient } from './sdk';
export { CacheDependencyError, CacheCredentialsError, CacheDiscoveryError } from './errors';
