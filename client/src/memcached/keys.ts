import { hash } from 'node:crypto';
import { CacheOptionError } from '../errors';

/** Memcached's key limit (KEY_MAX_LENGTH), in bytes. */
export const MAX_KEY_BYTES = 250;
/** Prefix of hashed keys; `sha256:` + 43 base64url characters = 50 bytes. */
export const HASHED_PREFIX = 'sha256:';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The key as sent to memcached. Keys that memcached accepts (1–250 bytes of UTF-8, no spaces or
 * control characters) go as they are. Any other key is hashed: `sha256:<base64url digest>`.
 *
 * Why hash rather than reject: the Cache prefixes a namespace, and callers pass arbitrary ids
 * (URLs, user input, JSON), so a 251-byte or spaced key is an ordinary event, not a bug. A hashed
 * key cannot collide in practice with another key (SHA-256) or with a key sent as-is (one would
 * have to be literally `sha256:` + another key's digest). The cost: hashed keys are unreadable in
 * `stats cachedump`-style tooling, and other clients must hash the same way to share them.
 *
 * The loop is the hot path: plain ASCII keys cost one pass over their characters, no allocation.
 */
export function wireKey(key: string): string {
  const n = key.length;
  if (n > 0 && n <= MAX_KEY_BYTES) {
    let i = 0;
    for (; i < n; i++) {
      const c = key.charCodeAt(i);
      if (c <= 0x20 || c >= 0x7f) break;
    }
    if (i === n) return key;
  }
  return slowWireKey(key);
}

function slowWireKey(key: string): string {
  if (typeof key !== 'string') throw new CacheOptionError(`memcached keys are strings, got ${typeof key}`);
  let ascii = true;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f) return hashKey(key); // space, control characters (incl. \r \n)
    if (c > 0x7f) ascii = false;
  }
  if (key.length === 0) return hashKey(key);
  if (ascii) return key.length <= MAX_KEY_BYTES ? key : hashKey(key);
  // A lone surrogate becomes U+FFFD in UTF-8, so two different keys would meet: hash those.
  if (LONE_SURROGATE.test(key)) return hashKey(key);
  return Buffer.byteLength(key, 'utf8') <= MAX_KEY_BYTES ? key : hashKey(key);
}

/** `sha256:` + base64url of SHA-256 over the key's UTF-16 code units (exact for any string). */
export function hashKey(key: string): string {
  return HASHED_PREFIX + hash('sha256', Buffer.from(key, 'utf16le'), 'base64url');
}

/** Memcached reads expiry times above 30 days as absolute Unix times. */
export const RELATIVE_EXPIRY_LIMIT_S = 30 * 24 * 3600;

/**
 * A TTL in ms as memcached's exptime: 0 (no expiry) for 0/undefined; else whole seconds rounded
 * up (an entry never lives shorter than asked for because of rounding); above 30 days, the
 * absolute Unix time (memcached's rule), rounded up too.
 *
 * Memcached's clock ticks once a second, so an entry may still expire up to ~1 s before its TTL
 * (the TTL starts on the server's current whole second). Absolute times depend on the client's
 * clock agreeing with the server's.
 */
export function exptime(ttlMs: number | undefined, nowMs: number = Date.now()): number {
  if (ttlMs === undefined || ttlMs === 0) return 0;
  if (!(ttlMs > 0) || !Number.isFinite(ttlMs)) {
    throw new CacheOptionError(`memcached TTL must be a non-negative number of milliseconds, got ${String(ttlMs)}`);
  }
  const seconds = Math.ceil(ttlMs / 1000);
  return seconds <= RELATIVE_EXPIRY_LIMIT_S ? seconds : Math.ceil((nowMs + ttlMs) / 1000);
}
