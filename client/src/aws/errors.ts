import { CacheError } from '../errors';

/**
 * An optional AWS SDK package the feature needs is not installed. The client never bundles the
 * SDK: the AWS Lambda Node.js runtimes ship it, elsewhere the app installs what it uses.
 */
export class CacheDependencyError extends CacheError {
  constructor(public readonly packageName: string, purpose: string, cause: unknown) {
    super(`${purpose} needs the package '${packageName}', which cannot be loaded: install ${packageName} `
      + '(preinstalled in the AWS Lambda Node.js runtimes).', { cause });
  }
}

/** Credentials for the cache could not be obtained: a secret that cannot be read or parsed, no AWS credentials. */
export class CacheCredentialsError extends CacheError {}

/** `discoverCache` could not find the cache, or found it without a usable endpoint. */
export class CacheDiscoveryError extends CacheError {}
