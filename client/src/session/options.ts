import type { Cache } from '../cache/cache';
import { Duration, optionalDuration, parseDuration } from '../duration';
import { CacheError, CacheOptionError } from '../errors';
import type { ExpressSessionModule } from './session-types';

export interface SessionStoreOptions {
  /**
   * The Cache whose store and namespace hold the sessions (key `<namespace>:<prefix><sid>`).
   * Sessions go to its store directly: not through its L1, serialized as typed JSON (a cookie's
   * `expires` comes back as a Date). The SessionStore never closes it.
   */
  readonly cache: Cache;
  /** Time to live of sessions whose cookie has no `expires` (browser-session cookies). @default '1d' */
  readonly ttl?: Duration;
  /** Key prefix inside the Cache's namespace; `all`/`ids`/`clear` cover exactly this prefix. @default 'sess:' */
  readonly prefix?: string;
  /**
   * `touch` (called by express-session for unmodified sessions) resets a session's TTL only when
   * that moves its expiry later by at least this much; otherwise it costs no store call at all.
   * Sessions may then expire up to this long before their cookie would: keep it well below the
   * TTL. 0 touches on every request (as connect-redis does).
   * @default - a tenth of the session's TTL, at most 10 minutes
   */
  readonly touchAfter?: Duration;
  /**
   * While the store reports itself unhealthy (or, for stores that report no health or have not
   * reported yet, after a failed call), emit 'disconnect', so express-session serves requests without a session instead
   * of failing them; 'connect' follows when it is healthy again. `false` never emits them:
   * requests keep reaching the store and fail with its errors while it is down.
   * @default true
   */
  readonly disconnectWhenUnhealthy?: boolean;
  /** While disconnected, how often one cheap read checks whether the store is back. @default '1s' */
  readonly probeInterval?: Duration;
  /** Called with errors the store absorbs (failed touches, unreadable entries). Must not throw. */
  readonly onError?: (error: CacheError) => void;
  /**
   * express-session's module, when `require('express-session')` from this package cannot find
   * it (pnpm without hoisting, an app bundled without node_modules).
   * @default - require('express-session') on first construction
   */
  readonly expressSession?: ExpressSessionModule;
}

/** The options, validated and in milliseconds. */
export interface ResolvedSessionOptions {
  readonly ttlMs: number;
  readonly prefix: string;
  /** undefined: the default, a tenth of each session's TTL capped at 10 minutes. */
  readonly touchAfterMs: number | undefined;
  readonly disconnectWhenUnhealthy: boolean;
  readonly probeIntervalMs: number;
}

const DAY_MS = 86_400_000;
const MAX_DEFAULT_TOUCH_AFTER_MS = 600_000;

export function resolveSessionOptions(options: SessionStoreOptions): ResolvedSessionOptions {
  if (options === null || typeof options !== 'object') throw new CacheOptionError('SessionStore needs options: new SessionStore({ cache }).');
  const ttlMs = options.ttl === undefined ? DAY_MS : parseDuration(options.ttl, 'ttl');
  if (ttlMs <= 0) throw new CacheOptionError(`Invalid value for option 'ttl': ${JSON.stringify(options.ttl)}. A session needs a TTL above 0.`);
  const prefix = options.prefix ?? 'sess:';
  if (typeof prefix !== 'string') throw new CacheOptionError(`Invalid value for option 'prefix': ${String(prefix)}. Use a string.`);
  const probeIntervalMs = parseDuration(options.probeInterval ?? '1s', 'probeInterval');
  if (probeIntervalMs < 10) throw new CacheOptionError(`Invalid value for option 'probeInterval': ${JSON.stringify(options.probeInterval)}. Use at least 10 ms.`);
  return {
    ttlMs,
    prefix,
    touchAfterMs: optionalDuration(options.touchAfter, 'touchAfter'),
    disconnectWhenUnhealthy: options.disconnectWhenUnhealthy ?? true,
    probeIntervalMs,
  };
}

/** The throttle for one touch: the option, or a tenth of the TTL capped at 10 minutes. */
export function touchAfterFor(options: ResolvedSessionOptions, ttlMs: number): number {
  return options.touchAfterMs ?? Math.min(Math.floor(ttlMs / 10), MAX_DEFAULT_TOUCH_AFTER_MS);
}
