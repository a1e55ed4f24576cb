import { ErrorReply } from 'redis';
import { CacheError, CacheTimeoutError } from '../errors';
import { isAuthFailure } from '../resilience/auth-errors';

/**
 * Server replies that mean "this server cannot serve you right now" rather than "this command is
 * wrong": they count towards the circuit breaker like timeouts and lost connections do.
 */
const UNAVAILABLE_REPLY = /^(LOADING|MASTERDOWN|CLUSTERDOWN|TRYAGAIN|READONLY|BUSY|NOPERM)\b/;

/** True when `err` says the store is unavailable (timeouts, connections, auth, failover). */
export function isAvailabilityError(err: unknown): boolean {
  if (err instanceof CacheTimeoutError) return true;
  if (err instanceof CacheError) return false;
  if (err instanceof ErrorReply) return isAuthFailure(err) || UNAVAILABLE_REPLY.test(err.message);
  return true; // socket errors, ClientOfflineError, ClientClosedError, connect timeouts, …
}

/** True for authentication failures, which get their own wording (resilience/auth-errors.ts). */
export function isAuthError(err: unknown): boolean {
  return err instanceof Error && isAuthFailure(err);
}

/** A short description of any thrown value, for messages. */
export function describe(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) return describe(err.errors[0]);
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}
