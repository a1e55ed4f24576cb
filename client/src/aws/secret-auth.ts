import type { GetSecretValueCommandOutput } from '@aws-sdk/client-secrets-manager';
import { CacheOptionError } from '../errors';
import { CacheCredentialsError } from './errors';
import { RefreshableCredentialsProvider } from './provider';
import { AwsSdkClient, loadSdk } from './sdk';
import type { RedisCredentials } from '../redis/options';

type SecretsManagerModule = typeof import('@aws-sdk/client-secrets-manager');

export interface SecretCredentialsProviderOptions {
  /** ARN (or name) of the secret: `{"token": …}` (AUTH token) or `{"username": …, "password": …}` (RBAC user). */
  readonly secretArn: string;
  /** Region of Secrets Manager. @default - the Region in the ARN, else the SDK's default */
  readonly region?: string;
  /** A Secrets Manager client to use (any SDK v3 `SecretsManagerClient`). @default - a new client */
  readonly client?: AwsSdkClient;
  /** User name when the secret has none. @default - the secret's `username`, else none (the `default` user) */
  readonly username?: string;
}

/**
 * RedisStore's `credentials` from a Secrets Manager secret, read once (`AWSCURRENT`) and cached.
 * After a rotation the server rejects the cached value: call `invalidate()` (see
 * `retryOnAuthFailure`) and the next connect reads the secret again. Concurrent callers share one read.
 */
export function secretCredentialsProvider(options: SecretCredentialsProviderOptions): RefreshableCredentialsProvider {
  const secretArn = options.secretArn;
  if (typeof secretArn !== 'string' || secretArn.trim() === '') {
    throw new CacheOptionError(`Invalid value for option 'secretArn': ${JSON.stringify(secretArn)}. Use the ARN of the secret holding the AUTH token or the user's password.`);
  }
  const region = options.region ?? regionOf(secretArn);
  let client: Promise<{ client: AwsSdkClient; sdk: SecretsManagerModule }> | undefined;
  let cached: Promise<RedisCredentials> | undefined;

  const sdkClient = () => {
    client ??= loadSdk<SecretsManagerModule>('@aws-sdk/client-secrets-manager', `Reading the cache credentials from secret '${secretArn}'`)
      .then((sdk) => ({ sdk, client: options.client ?? new sdk.SecretsManagerClient(region === undefined ? {} : { region }) }));
    client.catch(() => { client = undefined; });
    return client;
  };

  const fetch = async (): Promise<RedisCredentials> => {
    const { sdk, client: sm } = await sdkClient();
    let output: GetSecretValueCommandOutput;
    try {
      output = await sm.send(new sdk.GetSecretValueCommand({ SecretId: secretArn, VersionStage: 'AWSCURRENT' }) as never) as GetSecretValueCommandOutput;
    } catch (err) {
      throw new CacheCredentialsError(`Cannot read the cache credentials from secret '${secretArn}': ${(err as Error)?.message ?? String(err)}`, { cause: err });
    }
    return parseSecret(output.SecretString, secretArn, options.username);
  };

  const provider = () => {
    if (cached === undefined) {
      const current = fetch();
      cached = current;
      // A failed read is not cached: the next connect tries again.
      current.catch(() => { if (cached === current) cached = undefined; });
    }
    return cached;
  };
  return Object.assign(provider, { invalidate: () => { cached = undefined; } });
}

/** The secret's JSON as credentials; errors name the secret and the keys it needs. */
export function parseSecret(secretString: string | undefined, secretArn: string, username?: string): RedisCredentials {
  const expected = 'Expected JSON with "token" (an AUTH token) or "username" and "password" (an RBAC user).';
  if (secretString === undefined) {
    throw new CacheCredentialsError(`Secret '${secretArn}' has no SecretString (a binary secret?). ${expected}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(secretString);
  } catch (err) {
    throw new CacheCredentialsError(`Secret '${secretArn}' is not valid JSON (${(err as Error).message}). ${expected}`, { cause: err });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new CacheCredentialsError(`Secret '${secretArn}' is JSON but not an object. ${expected}`);
  }
  const fields = json as Record<string, unknown>;
  const user = fields.username ?? username;
  if (user !== undefined && (typeof user !== 'string' || user === '')) {
    throw new CacheCredentialsError(`Secret '${secretArn}' has a "username" that is not a non-empty string. ${expected}`);
  }
  for (const key of ['password', 'token']) {
    const value = fields[key];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value === '') {
      throw new CacheCredentialsError(`Secret '${secretArn}' has a "${key}" that is not a non-empty string. ${expected}`);
    }
    return { username: user, password: value };
  }
  throw new CacheCredentialsError(`Secret '${secretArn}' has neither "token" nor "password" (keys: ${Object.keys(fields).join(', ') || 'none'}). ${expected}`);
}

/** `arn:aws:secretsmanager:<region>:…` → region; a plain name → undefined. */
function regionOf(secretArn: string): string | undefined {
  const parts = secretArn.split(':');
  return parts[0] === 'arn' && parts[2] === 'secretsmanager' && parts[3] ? parts[3] : undefined;
}
