import { Duration, parseDuration } from '../duration';
import { CacheError, CacheOptionError } from '../errors';
import { AwsCredentials, AwsCredentialsProvider, checkCredentials, credentialSource } from './credentials';
import { CacheCredentialsError } from './errors';
import { RefreshableCredentialsProvider } from './provider';
import { presign } from './sigv4';

/** ElastiCache accepts an IAM token for 15 minutes after it was signed. */
export const IAM_TOKEN_MAX_SECONDS = 900;
/** ElastiCache closes an IAM-authenticated connection 12 hours after its last AUTH / HELLO. */
export const IAM_CONNECTION_MAX_MS = 12 * 3_600_000;

export interface IamTokenTarget {
  /**
   * The replication group id (provisioned) or the serverless cache name: the "host" of the signed
   * request. Lower-cased before signing, as ElastiCache stores these ids lower-case.
   */
  readonly cacheName: string;
  /** The ElastiCache user id. IAM-enabled users must have user name = user id, so it is also the AUTH user name. */
  readonly userId: string;
  /** The cache's AWS Region, e.g. `us-east-1`. */
  readonly region: string;
  /** A serverless cache: signs `ResourceType=ServerlessCache` as ElastiCache requires. @default false */
  readonly serverless?: boolean;
}

export interface IamAuthTokenOptions extends IamTokenTarget {
  readonly credentials: AwsCredentials;
  /** Signing time. @default now */
  readonly now?: Date | number;
  /** Seconds during which the token opens connections (1–900). @default 900 */
  readonly expiresIn?: number;
}

/**
 * An ElastiCache IAM authentication token: a SigV4-presigned
 * `GET http://<cacheName>/?Action=connect&User=<userId>` for service `elasticache`, without its
 * `http://` prefix. It is the password in `AUTH <userId> <token>` / `HELLO 3 AUTH …`.
 */
export function createIamAuthToken(options: IamAuthTokenOptions): string {
  const target = checkTarget(options);
  checkCredentials(options.credentials, 'credentials');
  const expiresIn = options.expiresIn ?? IAM_TOKEN_MAX_SECONDS;
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > IAM_TOKEN_MAX_SECONDS) {
    throw new CacheOptionError(`Invalid value for option 'expiresIn': ${expiresIn}. ElastiCache IAM tokens are valid for 1 to ${IAM_TOKEN_MAX_SECONDS} seconds (a whole number).`);
  }
  const date = options.now === undefined ? new Date() : new Date(options.now);
  if (Number.isNaN(date.getTime())) throw new CacheOptionError(`Invalid value for option 'now': ${String(options.now)} is not a date.`);
  const query: Record<string, string> = { Action: 'connect', User: target.userId };
  if (target.serverless) query.ResourceType = 'ServerlessCache';
  return presign({
    host: target.cacheName,
    query,
    service: 'elasticache',
    region: target.region,
    credentials: options.credentials,
    date,
    expiresInSeconds: expiresIn,
  });
}

export interface IamCredentialsProviderOptions extends IamTokenTarget {
  /**
   * AWS credentials that sign the tokens: fixed ones, or a provider such as the SDK's
   * `fromTemporaryCredentials(…)`. Needs `elasticache:Connect` on the cache and the user.
   * @default - the SDK's default chain (`fromNodeProviderChain()`), from @aws-sdk/credential-providers
   */
  readonly credentials?: AwsCredentials | AwsCredentialsProvider;
  /**
   * A token is reused for new connections until this long before it (or the credentials that
   * signed it) expires; then a new one is minted. Between 0 and 15 minutes, exclusive.
   * @default '5m' (a token serves connections for 10 minutes)
   */
  readonly refreshBefore?: Duration;
  /**
   * How often live connections should send a fresh token (`AUTH`), to stay open past ElastiCache's
   * 12-hour limit. Exposed as `reauthenticateEveryMs` for `streamingCredentials()`. Under 12 hours.
   * @default '11h'
   */
  readonly reauthenticateEvery?: Duration;
  /** The clock (ms since the epoch), for tests. @default Date.now */
  readonly clock?: () => number;
}

/** RedisStore's `credentials` for an IAM-enabled ElastiCache user. */
export interface IamCredentialsProvider extends RefreshableCredentialsProvider {
  /** How often live connections should re-AUTH (see `streamingCredentials`). */
  readonly reauthenticateEveryMs: number;
}

interface CachedToken {
  readonly token: string;
  readonly accessKeyId: string;
  readonly sessionToken: string | undefined;
  readonly reuseUntil: number;
}

/**
 * `{ username: userId, password: <IAM token> }` for each (re)connect. A token is minted from the
 * current credentials and reused for a few minutes (a cluster opens many connections at once);
 * never past `refreshBefore` before the token or its signing credentials expire, and never once
 * the credentials source returns different credentials (a token signed with rotated-out session
 * credentials stops working early).
 */
export function iamCredentialsProvider(options: IamCredentialsProviderOptions): IamCredentialsProvider {
  const target = checkTarget(options);
  const refreshBeforeMs = parseDuration(options.refreshBefore ?? '5m', 'refreshBefore');
  if (refreshBeforeMs <= 0 || refreshBeforeMs >= IAM_TOKEN_MAX_SECONDS * 1_000) {
    throw new CacheOptionError(`Invalid value for option 'refreshBefore': ${JSON.stringify(options.refreshBefore)}. It must be above 0 and below 15 minutes (the token's lifetime).`);
  }
  const reauthenticateEveryMs = parseDuration(options.reauthenticateEvery ?? '11h', 'reauthenticateEvery');
  if (reauthenticateEveryMs <= 0 || reauthenticateEveryMs >= IAM_CONNECTION_MAX_MS) {
    throw new CacheOptionError(`Invalid value for option 'reauthenticateEvery': ${JSON.stringify(options.reauthenticateEvery)}. It must be above 0 and below 12 hours (ElastiCache closes IAM connections 12 hours after their last AUTH).`);
  }
  const source = credentialSource(options.credentials, 'credentials');
  const clock = options.clock ?? Date.now;
  let cached: CachedToken | undefined;
  let pending: Promise<AwsCredentials> | undefined;

  // Concurrent connects (cluster nodes, replicas) share one credentials request.
  const credentials = (): Promise<AwsCredentials> => {
    pending ??= source().finally(() => { pending = undefined; });
    return pending;
  };

  const provider = async () => {
    let current: AwsCredentials;
    try {
      current = await credentials();
    } catch (err) {
      if (err instanceof CacheError) throw err; // already says what is wrong (a missing SDK package, …)
      throw new CacheCredentialsError(`No AWS credentials to sign the IAM token for ElastiCache user '${target.userId}' `
        + `on '${target.cacheName}': ${(err as Error)?.message ?? String(err)}`, { cause: err });
    }
    const now = clock();
    const hit = cached;
    if (hit !== undefined && now < hit.reuseUntil && hit.accessKeyId === current.accessKeyId && hit.sessionToken === current.sessionToken) {
      return { username: target.userId, password: hit.token };
    }
    const token = createIamAuthToken({ ...target, credentials: current, now });
    const expires = Math.min(now + IAM_TOKEN_MAX_SECONDS * 1_000, current.expiration?.getTime() ?? Infinity);
    cached = { token, accessKeyId: current.accessKeyId, sessionToken: current.sessionToken, reuseUntil: expires - refreshBeforeMs };
    return { username: target.userId, password: token };
  };
  return Object.assign(provider, {
    invalidate: () => { cached = undefined; },
    reauthenticateEveryMs,
  });
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
// Replication group ids and serverless cache names: letters, digits and hyphens.
const CACHE_NAME = /^[a-z0-9-]+$/;

function checkTarget(options: IamTokenTarget): Required<IamTokenTarget> {
  const { cacheName, userId, region } = options;
  if (typeof cacheName !== 'string' || !CACHE_NAME.test(cacheName.toLowerCase())) {
    throw new CacheOptionError(`Invalid value for option 'cacheName': ${JSON.stringify(cacheName)}. Use the replication group id or serverless cache name (letters, digits, hyphens).`);
  }
  if (typeof userId !== 'string' || userId === '' || /\s/.test(userId)) {
    throw new CacheOptionError(`Invalid value for option 'userId': ${JSON.stringify(userId)}. Use the ElastiCache user id (for IAM users it equals the user name).`);
  }
  if (typeof region !== 'string' || !REGION.test(region)) {
    throw new CacheOptionError(`Invalid value for option 'region': ${JSON.stringify(region)}. Use an AWS Region code such as 'us-east-1'.`);
  }
  return { cacheName: cacheName.toLowerCase(), userId, region, serverless: options.serverless ?? false };
}
