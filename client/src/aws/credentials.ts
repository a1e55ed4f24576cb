import { CacheOptionError } from '../errors';
import { CacheDependencyError } from './errors';
import { isModuleNotFound, loadSdk } from './sdk';

/** AWS credentials, shaped like the SDK's `AwsCredentialIdentity` (any SDK provider's result fits). */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  /** When temporary credentials stop working. */
  readonly expiration?: Date;
}

/** A source of credentials, like the SDK's providers (`fromNodeProviderChain()`, `fromTemporaryCredentials()`, …). */
export type AwsCredentialsProvider = () => Promise<AwsCredentials>;

const PURPOSE = "ElastiCache IAM authentication without a 'credentials' option (it uses the default AWS credential chain)";

/**
 * `credentials` as given (a provider, or fixed credentials) or, when absent, the SDK's default
 * chain (environment, SSO, web identity, ECS/EC2 roles, …), loaded on first use. The SDK's
 * providers memoize and refresh temporary credentials themselves, so asking them per call is cheap.
 */
export function credentialSource(credentials: AwsCredentials | AwsCredentialsProvider | undefined, option: string): AwsCredentialsProvider {
  if (typeof credentials === 'function') return credentials;
  if (credentials !== undefined) {
    checkCredentials(credentials, option);
    return () => Promise.resolve(credentials);
  }
  let chain: Promise<AwsCredentialsProvider> | undefined;
  return async () => {
    if (chain === undefined) {
      chain = defaultChain();
      chain.catch(() => { chain = undefined; }); // a failed load is tried again on the next call
    }
    return (await chain)();
  };
}

/** Throws naming `option` unless `value` has an access key id and a secret key. */
export function checkCredentials(value: AwsCredentials, option: string): void {
  if (typeof value?.accessKeyId !== 'string' || value.accessKeyId === '' || typeof value.secretAccessKey !== 'string' || value.secretAccessKey === '') {
    throw new CacheOptionError(`Invalid value for option '${option}': AWS credentials need a non-empty 'accessKeyId' and 'secretAccessKey'.`);
  }
}

/**
 * `fromNodeProviderChain` from @aws-sdk/credential-providers; else the same chain from
 * @aws-sdk/credential-provider-node, which every SDK v3 client depends on (so it is there when any
 * client is installed, and in the Lambda runtimes).
 */
async function defaultChain(): Promise<AwsCredentialsProvider> {
  try {
    const sdk = await loadSdk<{ fromNodeProviderChain(): AwsCredentialsProvider }>('@aws-sdk/credential-providers', PURPOSE);
    return sdk.fromNodeProviderChain();
  } catch (err) {
    if (!(err instanceof CacheDependencyError)) throw err;
    try {
      const node = await loadSdk<{ defaultProvider(): AwsCredentialsProvider }>('@aws-sdk/credential-provider-node', PURPOSE);
      return node.defaultProvider();
    } catch (fallbackErr) {
      if (fallbackErr instanceof CacheDependencyError || isModuleNotFound(fallbackErr, '@aws-sdk/credential-provider-node')) throw err;
      throw fallbackErr;
    }
  }
}
