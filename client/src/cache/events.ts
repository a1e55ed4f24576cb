import type { CacheError } from '../errors';

/** A read's outcome. `key` is the caller's key (without the namespace). */
export interface CacheKeyEvent {
  readonly key: string;
}

/** A loader call ended: it returned (`ok`), threw or rejected (`error`), or passed its hard timeout (`timeout`). */
export interface CacheLoadEvent {
  readonly key: string;
  readonly durationMs: number;
  readonly outcome: 'ok' | 'error' | 'timeout';
  /** What the loader threw, or the `CacheLoadTimeoutError`; undefined when `ok`. */
  readonly error?: unknown;
}

/** A cache failure the Cache absorbed (or rethrew with `throwOnCacheError`). */
export interface CacheErrorEvent {
  /** The caller's key, or the internal key (`__tag:…`, `__lease:…`); undefined for calls without one. */
  readonly key: string | undefined;
  /** The store operation that failed (`get`, `set`, `addVersioned`, `publish`, …). */
  readonly op: string;
  readonly error: CacheError;
  /** True for work no caller waits for (replays of invalidations, background refreshes, subscriptions). */
  readonly background: boolean;
}

/** The Cache's circuit breaker around its store opened (calls fail fast) or closed (calls go through). */
export interface CacheBreakerEvent {
  readonly store: string;
  /** The store call whose failure opened the circuit, or whose success closed it. */
  readonly op: string;
  readonly key: string | undefined;
}

/** Every event a Cache emits, and what it carries. */
export interface CacheEventMap {
  /** A read answered with a fresh cached value (counted in `stats().hits`). */
  readonly 'hit': CacheKeyEvent;
  /** A read that found nothing usable (counted in `stats().misses`). */
  readonly 'miss': CacheKeyEvent;
  /** A read answered with a stale value inside its grace period (counted in `stats().staleHits`). */
  readonly 'stale': CacheKeyEvent;
  readonly 'load': CacheLoadEvent;
  readonly 'error': CacheErrorEvent;
  readonly 'breaker:open': CacheBreakerEvent;
  readonly 'breaker:close': CacheBreakerEvent;
}

export type CacheEventName = keyof CacheEventMap;
export type CacheListener<E extends CacheEventName> = (event: CacheEventMap[E]) => void;

export const CACHE_EVENT_NAMES: readonly CacheEventName[] = ['hit', 'miss', 'stale', 'load', 'error', 'breaker:open', 'breaker:close'];

type Table = { [E in CacheEventName]: ReadonlyArray<CacheListener<E>> | undefined };
type Once = CacheListener<CacheEventName> & { readonly listener?: unknown };

/**
 * The Cache's listeners: one copy-on-write array per event, undefined while nobody listens, so
 * an emitting site costs one field read and builds no payload until someone does.
 */
export class CacheEvents {
  public readonly table: Table = { 'hit': undefined, 'miss': undefined, 'stale': undefined, 'load': undefined, 'error': undefined, 'breaker:open': undefined, 'breaker:close': undefined };

  /** `onThrow` hears listeners that throw: a listener must never fail a cache call. */
  constructor(private readonly onThrow: (event: CacheEventName, err: unknown) => void) {}

  on(event: CacheEventName, listener: unknown): void {
    const list = this.table[event] as ReadonlyArray<unknown> | undefined;
    (this.table as Record<string, unknown>)[event] = list === undefined ? [listener] : [...list, listener];
  }

  once(event: CacheEventName, listener: (payload: never) => void): void {
    const wrapper = Object.assign((payload: never) => {
      this.off(event, wrapper);
      listener(payload);
    }, { listener });
    this.on(event, wrapper);
  }

  off(event: CacheEventName, listener: unknown): void {
    const list = this.table[event] as ReadonlyArray<Once> | undefined;
    if (list === undefined) return;
    const index = list.findIndex((l) => l === listener || l.listener === listener);
    if (index < 0) return;
    const rest = [...list.slice(0, index), ...list.slice(index + 1)];
    (this.table as Record<string, unknown>)[event] = rest.length === 0 ? undefined : rest;
  }

  /** Calls `listeners` (the table's current array for `event`) with `payload`. */
  emit<E extends CacheEventName>(event: E, listeners: ReadonlyArray<CacheListener<E>>, payload: CacheEventMap[E]): void {
    for (const listener of listeners) {
      try {
        listener(payload);
      } catch (err) {
        this.onThrow(event, err);
      }
    }
  }
}
