import { EventEmitter } from 'node:events';
import { CacheError, CacheStoreError } from '../errors';
import { CacheStore } from '../store';
import { cacheParts } from './cache-access';
import { SessionCallback, settle } from './callback';
import { decodeEntry, encodeEntry, SessionEntry, sessionLabel } from './entry';
import { linkStorePrototype, loadExpressSession } from './express-session';
import { SessionHealth } from './health';
import { ResolvedSessionOptions, resolveSessionOptions, SessionStoreOptions, touchAfterFor } from './options';
import type { SessionData } from './session-types';
import { TouchThrottle } from './throttle';

/** A session as `all()` returns it: with its id. */
export type StoredSession<S extends SessionData = SessionData> = S & { id: string };

/** Keys per `getMany` in `all()`: one round trip per node and batch, bounded reply sizes. */
const BATCH = 500;

/**
 * An express-session store over any `CacheStore` a `Cache` uses: Redis / Valkey (standalone,
 * replicas, cluster), Memcached, or memory.
 *
 * ```ts
 * app.use(session({ store: new SessionStore({ cache }), secret, resave: false, saveUninitialized: false }));
 * ```
 *
 * - TTL: the cookie's `expires` minus now, else `ttl` (1 day); a session already expired is
 *   deleted instead of written.
 * - `touch` resets the TTL without rewriting the session (so it cannot undo a concurrent
 *   request's changes), and only when that moves the expiry by at least `touchAfter`: an
 *   unchanged session costs one read per request, not a read and a write.
 * - Cache down: see `SessionHealth`. `get` rejects (express-session answers that one request with
 *   its error handler, keeping the user's cookie), and 'disconnect' makes express-session serve
 *   the following requests without a session until 'connect'. `set` and `destroy` reject (a lost
 *   login or a logout that did not happen must not look like success); `touch` never fails
 *   (a missed TTL reset loses nothing, and express-session would turn its error into a broken
 *   response after the body was sent), its errors go to `onError`.
 * - `all`, `ids`, `length`, `clear` enumerate keys with the store's `keys` / `clear` (every
 *   primary in a Redis cluster). Memcached cannot enumerate keys: they reject with its error.
 *
 * Every method returns a promise and also takes express-session's optional callback.
 * express-session itself is loaded on first construction, never on import.
 */
export class SessionStore<S extends SessionData = SessionData> extends EventEmitter {
  // Inherited at run time from express-session's Store.prototype (see linkStorePrototype).
  // Inherited from express-session's Store (linked at construction, see express-session.ts).
  declare public regenerate: (req: unknown, callback: (err?: unknown) => unknown) => void;
  declare public load: (sid: string, callback: (err: unknown, session?: S) => unknown) => void;
  // Its result is express-session's Session & SessionData, a type this package does not name.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  declare public createSession: (req: unknown, session: S) => any;

  private readonly store: CacheStore;
  /** `<namespace>:<prefix>`: a session's key is this plus its id. */
  private readonly keyPrefix: string;
  private readonly options: ResolvedSessionOptions;
  private readonly throttle = new TouchThrottle();
  private readonly health: SessionHealth | undefined;
  private readonly onError: ((error: CacheError) => void) | undefined;

  constructor(options: SessionStoreOptions) {
    super();
    this.options = resolveSessionOptions(options);
    linkStorePrototype(SessionStore, options.expressSession ?? loadExpressSession());
    const { store, prefix } = cacheParts(options.cache);
    this.store = store;
    this.keyPrefix = prefix + this.options.prefix;
    this.onError = options.onError;
    if (this.options.disconnectWhenUnhealthy) {
      // The probe reads the bare prefix: a key no session ever has.
      this.health = new SessionHealth(store, this.options.probeIntervalMs, () => store.get(this.keyPrefix),
        (event, cause) => this.emit(event, cause));
    }
  }

  /** False between a 'disconnect' and the next 'connect'. */
  public get isConnected(): boolean {
    return this.health?.isConnected ?? true;
  }

  /** The session, or null when there is none (or its entry cannot be read). */
  public get(sid: string, callback?: SessionCallback<S | null>): Promise<S | null> {
    return settle(this.read(sid), callback, null);
  }

  /** Writes the session with its TTL; an expired one is deleted instead. */
  public set(sid: string, session: S, callback?: SessionCallback<void>): Promise<void> {
    return settle(this.write(sid, session), callback, undefined);
  }

  public destroy(sid: string, callback?: SessionCallback<void>): Promise<void> {
    return settle(this.remove(sid), callback, undefined);
  }

  /** Resets the session's TTL when due (see `touchAfter`). Never fails. */
  public touch(sid: string, session: S, callback?: SessionCallback<void>): Promise<void> {
    return settle(this.extend(sid, session), callback, undefined);
  }

  /** Every session, each with its `id` (sessions that expire meanwhile are left out). */
  public all(callback?: SessionCallback<StoredSession<S>[]>): Promise<StoredSession<S>[]> {
    return settle(this.readAll(), callback, []);
  }

  /** Every session id. */
  public ids(callback?: SessionCallback<string[]>): Promise<string[]> {
    return settle(this.listIds(), callback, []);
  }

  public length(callback?: SessionCallback<number>): Promise<number> {
    return settle(this.listIds().then((ids) => ids.length), callback, 0);
  }

  /** Deletes every session (this prefix in the Cache's namespace only); resolves to how many. */
  public clear(callback?: SessionCallback<number>): Promise<number> {
    return settle(this.clearAll(), callback, 0);
  }

  /** Stops following the store's health. Leaves the Cache and its store open (they are the caller's). */
  public async close(): Promise<void> {
    this.health?.close();
    this.throttle.clear();
  }

  // ---- operations -----------------------------------------------------------------------------

  private async read(sid: string): Promise<S | null> {
    const stored = await this.call(() => this.store.get(this.key(sid)));
    if (stored === undefined) {
      this.throttle.forget(sid);
      return null;
    }
    let entry: SessionEntry;
    try {
      entry = decodeEntry(sessionLabel(sid), stored);
    } catch (err) {
      this.report(err, 'get', sid); // foreign or corrupt data: a new session replaces it
      this.throttle.forget(sid);
      return null;
    }
    this.throttle.seen(sid, entry.expiresAt);
    return entry.session as S; // what set() stored: an S, read back as typed JSON
  }

  private async write(sid: string, session: SessionData): Promise<void> {
    const now = Date.now(); // the clock express-session's cookies use
    const ttl = this.ttlOf(session, now);
    if (ttl <= 0) return this.remove(sid);
    const expiresAt = now + ttl;
    const value = encodeEntry(sessionLabel(sid), session, expiresAt); // throws before any store call
    await this.call(() => this.store.set(this.key(sid), value, ttl));
    this.throttle.record(sid, expiresAt);
  }

  private async remove(sid: string): Promise<void> {
    this.throttle.forget(sid);
    await this.call(() => this.store.delete(this.key(sid)));
  }

  private async extend(sid: string, session: SessionData): Promise<void> {
    const now = Date.now(); // the clock express-session's cookies use
    const ttl = this.ttlOf(session, now);
    try {
      if (ttl <= 0) {
        await this.remove(sid);
        return;
      }
      const expiresAt = now + ttl;
      if (!this.throttle.due(sid, expiresAt, touchAfterFor(this.options, ttl))) return;
      // A missing entry stays missing: recreating it could revive a session destroyed meanwhile.
      const found = await this.call(() => this.store.touch(this.key(sid), ttl));
      if (found) this.throttle.record(sid, expiresAt);
      else this.throttle.forget(sid);
    } catch (err) {
      this.report(err, 'touch', sid);
    }
  }

  private async listIds(): Promise<string[]> {
    const ids: string[] = [];
    const skip = this.keyPrefix.length;
    for await (const key of this.store.keys(this.keyPrefix)) {
      if (key.length > skip) ids.push(key.slice(skip));
    }
    return ids;
  }

  private async readAll(): Promise<StoredSession<S>[]> {
    const ids = await this.listIds();
    const sessions: StoredSession<S>[] = [];
    for (let i = 0; i < ids.length; i += BATCH) {
      const batch = ids.slice(i, i + BATCH);
      const values = await this.store.getMany(batch.map((sid) => this.key(sid)));
      values.forEach((stored, j) => {
        if (stored === undefined) return;
        try {
          sessions.push(Object.assign(decodeEntry(sessionLabel(batch[j]), stored).session as S, { id: batch[j] }));
        } catch (err) {
          this.report(err, 'all', batch[j]);
        }
      });
    }
    return sessions;
  }

  private async clearAll(): Promise<number> {
    this.throttle.clear();
    return this.store.clear(this.keyPrefix);
  }

  // ---- helpers --------------------------------------------------------------------------------

  private key(sid: string): string {
    return this.keyPrefix + sid;
  }

  /** Milliseconds left until the cookie expires, or the `ttl` option for cookies without expiry. */
  private ttlOf(session: SessionData, now: number): number {
    const expires: unknown = (session as { cookie?: { expires?: unknown } } | undefined)?.cookie?.expires;
    if (expires instanceof Date || typeof expires === 'string' || typeof expires === 'number') {
      const at = new Date(expires).getTime();
      if (Number.isFinite(at)) return at - now;
    }
    return this.options.ttlMs;
  }

  /** One store call, reported to the health tracker. */
  private async call<T>(run: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await run();
    } catch (err) {
      this.health?.failed(err);
      throw err;
    }
    this.health?.succeeded();
    return result;
  }

  private report(err: unknown, op: string, sid: string): void {
    if (this.onError === undefined) return;
    const error = err instanceof CacheError ? err : new CacheStoreError(this.store.name, op, sessionLabel(sid), err);
    try {
      this.onError(error);
    } catch {
      // a failing error hook must not turn an absorbed error into a failed request
    }
  }
}
