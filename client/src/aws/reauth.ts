import { Duration, parseDuration } from '../duration';
import { CacheOptionError } from '../errors';
import { IAM_CONNECTION_MAX_MS } from './iam-auth';
import type { RedisCredentials } from '../redis/options';

/** A node-redis `StreamingCredentialsProvider` (redis ≥ 5), typed here so no redis types leak into this API. */
export interface StreamingCredentialsProvider {
  readonly type: 'streaming-credentials-provider';
  subscribe(listener: StreamingCredentialsListener): Promise<[RedisCredentials, { dispose(): void }]>;
  onReAuthenticationError(error: Error): void;
}

export interface StreamingCredentialsListener {
  onNext(credentials: RedisCredentials): void;
  onError(error: Error): void;
}

export interface StreamingCredentialsOptions {
  /**
   * How often every live connection is sent fresh credentials (node-redis sends `AUTH`).
   * @default - the provider's `reauthenticateEveryMs` (an IAM provider: 11 hours), else 11 hours
   */
  readonly every?: Duration;
  /** After a failed refresh or a rejected re-AUTH, try again this soon. @default '1m' */
  readonly retryDelay?: Duration;
  /** Told about failed refreshes and rejected re-AUTHs (they are retried; nothing is thrown). */
  readonly onError?: (error: Error) => void;
}

/** `streamingCredentials(...)`'s result: also `close()`, which stops its timer. */
export interface ReauthenticatingCredentials extends StreamingCredentialsProvider {
  close(): void;
}

/**
 * Wraps a credentials provider as a node-redis streaming provider, so live connections re-AUTH
 * on a timer: ElastiCache closes an IAM-authenticated connection 12 hours after its last AUTH
 * (an AUTH with a new token extends it by another 12 hours). Use it as node-redis's
 * `credentialsProvider` (RedisStore wires it when its `credentials` carry `reauthenticateEveryMs`).
 *
 * One timer serves every connection; each tick asks the provider once and hands the result to
 * every subscribed connection. The timer is unref'd: it never keeps the process alive.
 * node-redis subscribes on each (re)connect and disposes on close; a reconnect does not dispose
 * the previous subscription, which then costs one extra AUTH per tick on that connection.
 */
export function streamingCredentials(
  provider: (() => Promise<RedisCredentials>) & { readonly reauthenticateEveryMs?: number; invalidate?(): void },
  options: StreamingCredentialsOptions = {},
): ReauthenticatingCredentials {
  const everyMs = parseDuration(options.every ?? provider.reauthenticateEveryMs ?? '11h', 'every');
  if (everyMs <= 0 || everyMs >= IAM_CONNECTION_MAX_MS) {
    throw new CacheOptionError(`Invalid value for option 'every': ${JSON.stringify(options.every ?? everyMs)}. It must be above 0 and below 12 hours (ElastiCache's limit for IAM connections).`);
  }
  const retryMs = parseDuration(options.retryDelay ?? '1m', 'retryDelay');
  if (retryMs <= 0) throw new CacheOptionError(`Invalid value for option 'retryDelay': ${JSON.stringify(options.retryDelay)}. It must be above 0.`);
  const listeners = new Set<StreamingCredentialsListener>();
  let timer: NodeJS.Timeout | undefined;
  let dueAt = Infinity;

  const report = (error: unknown) => options.onError?.(error instanceof Error ? error : new Error(String(error)));
  const schedule = (delayMs: number) => {
    clearTimeout(timer);
    dueAt = Date.now() + delayMs;
    timer = setTimeout(() => void tick(), delayMs);
    timer.unref();
  };
  const stop = () => {
    clearTimeout(timer);
    timer = undefined;
    dueAt = Infinity;
  };
  const tick = async () => {
    if (listeners.size === 0) return stop();
    try {
      const credentials = await provider();
      for (const listener of [...listeners]) listener.onNext(credentials);
      if (listeners.size > 0) schedule(everyMs);
    } catch (err) {
      report(err);
      if (listeners.size > 0) schedule(retryMs);
    }
  };

  return {
    type: 'streaming-credentials-provider',
    async subscribe(listener) {
      const initial = await provider();
      listeners.add(listener);
      if (timer === undefined) schedule(everyMs);
      return [initial, {
        dispose: () => {
          listeners.delete(listener);
          if (listeners.size === 0) stop();
        },
      }];
    },
    onReAuthenticationError(error) {
      // Rejected credentials (a token from revoked credentials): mint anew and retry soon, well
      // before the 12-hour cut-off. Many connections may fail at once; one retry serves them all.
      provider.invalidate?.();
      report(error);
      if (listeners.size > 0 && dueAt > Date.now() + retryMs) schedule(retryMs);
    },
    close: () => {
      listeners.clear();
      stop();
    },
  };
}
