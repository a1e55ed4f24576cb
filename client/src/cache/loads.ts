import { CacheError, CacheLoadTimeoutError, CacheValueTooLargeError } from '../errors';
import { CacheStore, LocalValueStore, StoreValue } from '../store';
import { CacheEvents } from './events';
import { Attempt, Flight, Found, Outcome, PreparedWrite } from './internals';
import { GIVE_UP, Leases, unlessLate, withDeadline } from './lease';
import { LoadBatch } from './load-batch';
import { EntryOptions, Loader, Policy } from './options';
import { PendingInvalidations } from './pending-invalidations';
import { Counters } from './stats';
import { TagVersions } from './tags';
import { VersionedWrites, Claim } from './versioned-writes';
import { LiveEntry } from '../serialization/entry';

/** A background refresh found another instance's lease: nothing to do. */
const SKIP = Symbol('skip');
/** A load of a stale key passed its soft timeout. */
const LATE = Symbol('late');

/** What a load does when another load holds its key. */
const enum Busy { Skip, Load, Wait }

/**
 * What loads need from their Cache: its settings and parts, and the steps the Cache owns (reads,
 * writes, error reporting), so that a load reads and writes exactly as `get` and `set` do.
 */
export interface LoadHost {
  readonly counters: Counters;
  readonly events: CacheEvents;
  readonly listeners: CacheEvents['table'];
  readonly clock: () => number;
  /** Serve stale values at once and refresh them in the background. */
  readonly swr: boolean;
  /** How long a key whose background refresh failed waits before the next one. */
  readonly graceBackoff: number;
  /** How long a lease or claim holds a key; also how long close() waits for refreshes. */
  readonly claimTtl: number;
  readonly leases: Leases | undefined;
  readonly versioned: VersionedWrites | undefined;
  readonly tags: TagVersions;
  readonly l1: (CacheStore & LocalValueStore) | undefined;
  readonly l1Ttl: number;
  readonly pending: PendingInvalidations | undefined;
  isClosed(): boolean;
  readItem(k: string, attempt: Attempt | undefined): Promise<unknown>;
  tagsValid(entry: LiveEntry, attempt: Attempt | undefined): Promise<boolean>;
  policy(options: EntryOptions | undefined, what: string): Policy;
  prepare(k: string, key: string, value: unknown, policy: Policy, versions: Record<string, string> | undefined): PreparedWrite;
  commit(write: PreparedWrite, attempt: Attempt | undefined): Promise<void>;
  /** Tells other instances' L1s that `k` changed (when the Cache publishes invalidations). */
  announceWrite(k: string, attempt: Attempt | undefined): Promise<void>;
  absorb(err: unknown, op: string, key: string | undefined, attempt: Attempt | undefined): void;
  report(err: unknown, op: string, key: string | undefined, attempt: Attempt | undefined): CacheError;
  token(): string;
  emitKey(event: 'hit' | 'miss' | 'stale', key: string): void;
}

/**
 * Single flight and stale-while-revalidate: one load per key in this process (callers join it),
 * leases or claims across processes, a background refresh per stale key with a back-off after a
 * failure, and the no-stale-set rule (a write or delete during a load wins over its result).
 */
export class Loads {
  private readonly flights = new Map<string, Flight>();
  private readonly refreshing = new Map<string, Flight>();
  private readonly retryAfter = new Map<string, number>();

  constructor(private readonly host: LoadHost) {}

  /** A write or delete landed while this key was loading: the load must not store its result. */
  markDirty(k: string): void {
    const flight = this.flights.get(k);
    if (flight !== undefined) flight.dirty = true;
    const refresh = this.refreshing.get(k);
    if (refresh !== undefined) refresh.dirty = true;
  }

  markAllDirty(): void {
    for (const flight of this.flights.values()) flight.dirty = true;
    for (const flight of this.refreshing.values()) flight.dirty = true;
  }

  /** Waits for background refreshes, at most `ms`: a later result is not cached, a hung loader must not hang close(). */
  async settle(ms: number): Promise<void> {
    const promises = [...this.refreshing.values()].map((flight) => flight.promise);
    if (promises.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => timer = setTimeout(resolve, ms));
    await Promise.race([Promise.allSettled(promises), late]);
    clearTimeout(timer);
  }

  /** The load in flight for `k`, joined (its caller counts as one more hit or miss), if any. */
  join(k: string): Promise<unknown> | undefined {
    const flight = this.flights.get(k);
    if (flight === undefined) return undefined;
    flight.joined++;
    return flight.promise;
  }

  /** Starts the single flight of `k`: read, then load on a miss (or refresh a stale value). */
  start(k: string, key: string, loader: Loader<unknown>, options: EntryOptions | undefined, batch?: LoadBatch): Promise<unknown> {
    const flight = new Flight();
    batch?.enter(flight);
    const promise = this.resolve(k, key, loader, options, flight);
    flight.promise = promise;
    this.flights.set(k, flight);
    const end = (): void => {
      if (this.flights.get(k) === flight) this.flights.delete(k);
      batch?.leave(flight);
      const counters = this.host.counters;
      const joined = flight.joined;
      if (flight.outcome === Outcome.Hit) counters.hits += joined;
      else if (flight.outcome === Outcome.Stale) counters.staleHits += joined;
      else counters.misses += joined;
      if (joined > 0) {
        const event = flight.outcome === Outcome.Hit ? 'hit' : flight.outcome === Outcome.Stale ? 'stale' : 'miss';
        for (let i = 0; i < joined && this.host.listeners[event] !== undefined; i++) this.host.emitKey(event, key);
      }
    };
    promise.then(end, end);
    return promise;
  }

  private async resolve(k: string, key: string, loader: Loader<unknown>, options: EntryOptions | undefined, flight: Flight): Promise<unknown> {
    const item = await this.host.readItem(k, flight);
    let stale: LiveEntry | undefined;
    if (item !== undefined) {
      if (!(item instanceof LiveEntry)) {
        this.host.counters.hits++;
        flight.outcome = Outcome.Hit;
        if (this.host.listeners.hit !== undefined) this.host.emitKey('hit', key);
        return item;
      }
      if (await this.host.tagsValid(item, flight)) {
        if (item.staleAt === 0 || item.staleAt > this.host.clock()) {
          this.host.counters.hits++;
          flight.outcome = Outcome.Hit;
          if (this.host.listeners.hit !== undefined) this.host.emitKey('hit', key);
          return item.value;
        }
        stale = item;
      }
    }
    const policy = this.host.policy(options, 'getOrSet()');
    if (stale === undefined) {
      this.host.counters.misses++;
      if (this.host.listeners.miss !== undefined) this.host.emitKey('miss', key);
      return this.load(k, key, loader, policy, flight, false, false);
    }
    this.host.counters.staleHits++;
    flight.outcome = Outcome.Stale;
    if (this.host.listeners.stale !== undefined) this.host.emitKey('stale', key);
    if (this.host.swr) {
      this.refresh(k, key, loader, policy, flight.batch);
      return stale.value;
    }
    const loading = this.load(k, key, loader, policy, flight, false, true);
    try {
      if (policy.softTimeout === 0) return await loading;
      const value = await unlessLate(loading, policy.softTimeout, LATE);
      if (value !== LATE) return value;
      this.keepLoading(k, loading);
    } catch {
      // stale-if-error: the failure is counted in loadErrors / errors
    }
    return stale.value;
  }

  /** A load past its soft timeout goes on in the background (close() waits for it). */
  private keepLoading(k: string, loading: Promise<unknown>): void {
    const flight = new Flight();
    flight.promise = loading.then(() => undefined, () => undefined).finally(() => {
      if (this.refreshing.get(k) === flight) this.refreshing.delete(k);
    });
    if (!this.refreshing.has(k)) this.refreshing.set(k, flight);
  }

  /** Stale-while-revalidate: one background refresh per key, backing off after a failure. */
  private refresh(k: string, key: string, loader: Loader<unknown>, policy: Policy, batch: LoadBatch | undefined): void {
    if (this.refreshing.has(k) || this.host.isClosed()) return;
    const retryAt = this.retryAfter.get(k);
    if (retryAt !== undefined) {
      if (retryAt > this.host.clock()) return;
      this.retryAfter.delete(k);
    }
    const flight = new Flight(true);
    batch?.enter(flight); // a stale key of a getOrSetMany call: refreshed by the call's one loader call
    this.refreshing.set(k, flight);
    flight.promise = this.load(k, key, loader, policy, flight, true, true).then(() => undefined, () => {
      if (this.retryAfter.size >= 10_000) this.retryAfter.clear(); // bounded: a backoff is advisory
      this.retryAfter.set(k, this.host.clock() + this.host.graceBackoff);
    }).finally(() => {
      if (this.refreshing.get(k) === flight) this.refreshing.delete(k);
      batch?.leave(flight);
    });
  }

  /**
   * A miss (or a refresh of a `stale` value): tag versions first, then the key (a claim or a
   * lease), then the loader, then the write, which on a versioned store happens only if the key
   * did not change after the load started (see versioned-writes.ts).
   */
  private async load(k: string, key: string, loader: Loader<unknown>, policy: Policy, flight: Flight,
    background: boolean, stale: boolean): Promise<unknown> {
    // Versions are read before loading, so a deleteByTag that lands while the loader runs
    // invalidates what it returns (reading them after would bless pre-invalidation data).
    let versions: Record<string, string> | undefined;
    let cacheable = true;
    if (policy.tags !== undefined) {
      try {
        versions = await this.host.tags.current(policy.tags);
      } catch (err) {
        this.host.absorb(err, 'getMany', undefined, flight);
        cacheable = false;
      }
    }
    const versioned = cacheable ? this.host.versioned : undefined;
    let token: string | undefined;
    let claim: Claim | undefined;
    let version: string | undefined;
    if (versioned !== undefined && !stale) {
      const outcome = await this.hold(k, () => versioned.claim(k, this.host.token(), this.host.claimTtl), 'addVersioned',
        this.host.leases === undefined ? Busy.Load : Busy.Wait, flight);
      if (outcome instanceof Found) return outcome.value;
      claim = outcome === SKIP ? undefined : outcome;
      version = claim?.version;
    } else if (this.host.leases !== undefined && cacheable) {
      const leases = this.host.leases;
      const lease = this.host.token();
      const outcome = await this.hold(k, async () => await leases.acquire(k, lease) ? lease : undefined, 'add',
        background ? Busy.Skip : Busy.Wait, flight);
      if (outcome === SKIP) return undefined;
      if (outcome instanceof Found) return outcome.value;
      token = outcome;
    }
    try {
      if (versioned !== undefined && stale) version = await this.versionOf(k, versioned, flight);
      const value = await this.runLoader(loader, key, policy.timeout, flight);
      if (value !== undefined && cacheable && !flight.dirty) {
        const write = this.host.prepare(k, key, value, policy, versions);
        if (versioned === undefined) await this.host.commit(write, flight).catch(keepLoadedValue); // a too-large value was reported
        else if (version !== undefined && await this.commitIf(write, version, versioned, flight)) claim = undefined; // the value replaced the mark
      }
      return value;
    } finally {
      if (token !== undefined) await this.releaseLease(k, token, flight);
      if (claim !== undefined) await this.releaseClaim(k, claim, versioned!, flight);
    }
  }

  /**
   * Takes the key for this load with `acquire`, or, when another load holds it, acts by `busy`:
   * skip (SKIP), load without holding it (undefined), or wait (polling with doubling intervals, at
   * most `lease.wait`) for the holder's value (a `Found`), taking the key if the holder gives up.
   * A store failure loads without holding the key (undefined).
   */
  private async hold<T>(k: string, acquire: () => Promise<T | undefined>, op: string, busy: Busy,
    flight: Flight): Promise<T | undefined | Found | typeof SKIP> {
    try {
      const held = await acquire();
      if (held !== undefined) return held;
    } catch (err) {
      this.host.absorb(err, op, k, flight);
      return undefined;
    }
    if (busy === Busy.Skip) return SKIP;
    if (busy === Busy.Load || this.host.leases === undefined) return undefined;
    flight.batch?.leave(flight); // waiting on another instance: the rest of its getOrSetMany loads now
    return this.host.leases.waitForHolder(async () => {
      const item = await this.host.readItem(k, flight);
      if (item === undefined) return undefined;
      if (!(item instanceof LiveEntry)) return new Found(item);
      return (item.staleAt === 0 || item.staleAt > this.host.clock()) && await this.host.tagsValid(item, flight) ? new Found(item.value) : undefined;
    }, async () => {
      try {
        return await acquire();
      } catch (err) {
        this.host.absorb(err, op, k, flight);
        return GIVE_UP;
      }
    });
  }

  /** The version a refresh must still find when it writes; undefined (store nothing) if unknown. */
  private async versionOf(k: string, versioned: VersionedWrites, flight: Flight): Promise<string | undefined> {
    try {
      return await versioned.versionOf(k);
    } catch (err) {
      this.host.absorb(err, 'version', k, flight);
      return undefined;
    }
  }

  /** A load's write on a versioned store. False when the key changed since the load started. */
  private async commitIf(write: PreparedWrite, version: string, versioned: VersionedWrites, flight: Flight): Promise<boolean> {
    let stored: boolean;
    try {
      stored = await versioned.writeIf(write.key, write.encoded as StoreValue, write.storeTtl, version);
    } catch (err) {
      this.host.l1?.remove(write.key);
      if (err instanceof CacheValueTooLargeError) this.host.report(err, 'setIfVersion', write.key, flight); // the load succeeded: its caller gets the value
      else this.host.absorb(err, 'setIfVersion', write.key, flight);
      return false;
    }
    if (!stored) return false; // a newer write or a delete won: the loaded value is returned, not kept
    this.host.pending?.written(write.key);
    this.host.counters.sets++;
    this.host.l1?.put(write.key, write.item, write.ttl > 0 ? Math.min(this.host.l1Ttl, write.ttl) : this.host.l1Ttl);
    await this.host.announceWrite(write.key, flight);
    return true;
  }

  private async releaseClaim(k: string, claim: Claim, versioned: VersionedWrites, flight: Flight): Promise<void> {
    try {
      await versioned.release(k, claim);
    } catch (err) {
      this.host.report(err, 'deleteIfEquals', k, flight); // the mark expires on its own
    }
  }

  private async releaseLease(k: string, token: string, flight: Flight): Promise<void> {
    try {
      await this.host.leases!.release(k, token);
    } catch (err) {
      this.host.report(err, 'deleteIfEquals', this.host.leases!.key(k), flight); // it expires on its own
    }
  }

  private async runLoader(loader: Loader<unknown>, key: string, timeoutMs: number, flight: Flight): Promise<unknown> {
    this.host.counters.loads++;
    const start = performance.now();
    let failure: unknown;
    let failed = false;
    try {
      const result = flight.batch === undefined ? loader(key) : flight.batch.load(flight, key);
      // Past the hard timeout the caller is rejected and the flight ends (the next caller loads
      // afresh); the hung loader is left to finish on its own, and its result is dropped.
      return timeoutMs === 0 ? await result : await withDeadline(result, timeoutMs, () => new CacheLoadTimeoutError(key, timeoutMs));
    } catch (err) {
      this.host.counters.loadErrors++;
      failure = err;
      failed = true;
      throw err;
    } finally {
      const durationMs = performance.now() - start;
      this.host.counters.load.record(durationMs);
      const listeners = this.host.listeners.load;
      if (listeners !== undefined) {
        this.host.events.emit('load', listeners, failed
          ? { key, durationMs, outcome: failure instanceof CacheLoadTimeoutError ? 'timeout' : 'error', error: failure }
          : { key, durationMs, outcome: 'ok' });
      }
    }
  }
}

/** A load's write that the store refused as too large was reported; the loaded value is still returned. */
function keepLoadedValue(err: unknown): void {
  if (!(err instanceof CacheValueTooLargeError)) throw err;
}
