import type { SessionData } from './session-types';
import { CacheDecodeError } from '../errors';
import { Codec } from '../serialization/codec';
import { StoreValue } from '../store';

/**
 * One stored session: `{ e, s }`, the session and the expiry its TTL was last set to (ms since
 * epoch; what the touch throttle compares against), written with the Cache's typed JSON so
 * Dates (the cookie's `expires`, and any in the app's data) come back as Dates.
 */
export interface SessionEntry {
  readonly expiresAt: number;
  readonly session: SessionData;
}

const codec = new Codec();

/** Throws `CacheSerializationError` (naming `label`) for sessions holding functions, symbols, cycles. */
export function encodeEntry(label: string, session: SessionData, expiresAt: number): StoreValue {
  return codec.encode(label, { e: expiresAt, s: session });
}

/** Throws `CacheDecodeError` for values this store did not write. */
export function decodeEntry(label: string, stored: StoreValue): SessionEntry {
  const value = codec.decode(label, stored) as { e?: unknown; s?: unknown } | null;
  const session = value?.s as SessionData | undefined;
  if (typeof value !== 'object' || value === null || typeof session !== 'object' || session === null || typeof session.cookie !== 'object') {
    throw new CacheDecodeError(label, 'not a session written by SessionStore');
  }
  return { expiresAt: typeof value.e === 'number' ? value.e : 0, session };
}

/**
 * How a session appears in error messages: its id is a bearer credential, so only a few
 * characters of it reach logs.
 */
export function sessionLabel(sid: string): string {
  return `session ${sid.slice(0, 6)}…`;
}
