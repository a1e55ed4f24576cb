import type { RedisCredentials } from '../redis/options';
import { isAuthFailure } from '../resilience/auth-errors';

/**
 * A credentials provider for RedisStore's `credentials` option (called on every connect and
 * reconnect) that caches what it fetches or mints, and can be told the cache went bad.
 */
export interface RefreshableCredentialsProvider {
  (): Promise<RedisCredentials>;
  /**
   * Forgets the cached credentials, so the next call fetches (a rotated secret) or mints (a new IAM
   * token) afresh. Call it when the server rejects them (`WRONGPASS`, `NOAUTH`).
   */
  invalidate(): void;
}


/**
 * Runs `attempt`; if it fails because the server rejected the credentials, invalidates them and
 * runs `attempt` once more (so a rotated secret or an IAM token signed with revoked credentials
 * costs one failure, not an outage). `attempt` must open a new connection or re-AUTH, since only
 * a connect or an AUTH asks the provider again. Any other failure, or a second auth failure, is thrown.
 */
export async function retryOnAuthFailure<T>(provider: Pick<RefreshableCredentialsProvider, 'invalidate'>, attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (err) {
    if (!isAuthFailure(err)) throw err;
    provider.invalidate();
    return attempt();
  }
}
