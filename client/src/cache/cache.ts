import { randomBytes } from 'node:crypto';
import { TickBatch, TickBatcher } from '../batching/tick-batch';
import { DurationMemo, parseDuration } from '../duration';
import {
  CacheClosedError, CacheError, CacheOptionError, CacheSerializationError, CacheStoreError, CacheTimeoutError,
  CacheUnavailableError, CacheUnsupportedError, CacheValueTooLargeError,
} from '../errors';
import type { EnvironmentOptions } from '../from-environment';
import { CacheStore, isLocalValueStore, LocalValueStore } from '../store';
import { CacheEventName, CacheEvents, CacheListener } from './events';
import { Attempt, CacheWriter, grantStoreAccess, PreparedWrite } from './internals';
import { InvalidationBus, InvalidationOp } from './invalidation';
import { Leases } from './lease';
import { LoadBatch, ManyLoader } from './load-batch';
import { Loads } from './loads';
import { ThrottledLog, WARNING_LOGGER } from './log';
import {
  badFunction, badKey, badKeys, CACHE_OPTION_KEYS, checkEntries, checkCacheOptions, checkEntryOptions, checkListener, checkStrategyOptions,
  ENVIRONMENT_OPTION_KEYS,
  READ_THROUGH_OPTION_KEYS, WRITE_BEHIND_OPTION_KEYS, WRITE_THROUGH_OPTION_KEYS,
} from './option-checks';
import { CacheOptions, EntryOptions, Loader, Policy, resolveCacheOptions } from './options';
import { PendingInvalidations } from './pending-invalidations';
import { CacheStats, Counters } from './stats';
import { ReadThrough, ReadThroughOptions, WriteThrough, WriteThroughOptions } from './strategies';
import { TagVersions } from './tags';
import { LocalTier, SerializedTier, Tier } from './tiers';
import { VersionedWrites } from './versioned-writes';
import { GuardedStore, guardStore } from '../resilience/guarded-store';
import { WriteBehind, WriteBehindOptions } from './write-behind/write-behind';
import { checkStorable, Codec } from '../serialization/codec';
import { LiveEntry } from '../serialization/entry';
import { MemoryStore } from '../stores/memory-store';
import { recordCacheMetrics } from '../telemetry/cache-metrics';
import { instrumentStore } from '../telemetry/instrumented-store';
import { activeTelemetry } from '../telemetry/otel';

const RESOLVED: Promise<void> = Promise.resolve();
const RESOLVED_UNDEFINED: Promise<undefined> = Promise.resolve(undefined);
/** An operation whose failure was already counted (a write that became a delete). */
const FAILED: Attempt = Object.assign(new Attempt(), { failed: true });
/** getOrSetMany's flights load through their LoadBatch; this loader is never called. */
const BATCH_LOADER: Loader<unknown> = () => Promise.reject(new Error('getOrSetMany: a batched flight called its own loader'));

/** Promise.all that settles only once every promise has (a rejection leaves no key of the call in flight). */
async function settledAll(promises: Promise<unknown>[]): Promise<unknown[]> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value);
}

/**
 * A cache over any `CacheStore`: cache-aside (`getOrSet`), read-through, write-through and
 * write-behind, TTLs with jitter, namespaces, tags, grace / stale-while-revalidate, stampede
 * protection in-process and across processes, an optional L1 kept coherent over pub/sub, and
 * statistics.
 *
 * Failure policy: a read never fails because the cache is down (it goes to the source and the
 * error is counted), and cache errors never reach the caller unless `throwOnCacheError` is set.
 *
 * Hot path: with a by-reference store in front (the default `MemoryStore`, or an `l1`), a fresh
 * hit is one Map lookup, an `instanceof`, a counter increment and `Promise.resolve`: no
 * serialization, no option objects, no closures, no timer reads for entries without grace.
 */
/** Remote `get`s per batched store call: past this a tick's reads go out as more than one. */
const MAX_BATCHED_READS = 1000;

function inArray<T>(item: T): T[] {
  return [item];
}

export class Cache {
  /**
   * A Cache on the store the connection contract describes: the `CACHE_*` variables that
   * `connect()` writes (Valkey / Redis OSS standalone or cluster mode, or Memcached; TLS; an AUTH
   * token or password from Secrets Manager, or IAM). The Cache closes that store when it closes.
   * A missing or contradictory variable throws an error that names it.
   */
  public static fromEnvironment(env: Record<string, string | undefined> = process.env,
    options: Omit<CacheOptions, 'store' | 'closeStore'> & EnvironmentOptions = {}): Cache {
    checkCacheOptions(options, 'Cache.fromEnvironment()', [...CACHE_OPTION_KEYS.filter((k) => k !== 'store' && k !== 'closeStore'),
      ...ENVIRONMENT_OPTION_KEYS]);
    const cacheOptions = Object.fromEntries(Object.entries(options).filter(([k]) => !(ENVIRONMENT_OPTION_KEYS as readonly string[]).includes(k)));
    // The drivers live beside the contract reader (from-environment.ts); the core loads them only here.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { storeFromEnvironment } = require('../from-environment') as typeof import('../from-environment');
    return new Cache({ ...cacheOptions, store: storeFromEnvironment(env, options), closeStore: true });
  }

  private readonly store: CacheStore;
  /** The synchronous, by-reference tier read first: the L1, or the store itself when in-process. */
  private readonly front: LocalValueStore | undefined;
  private readonly l1: (CacheStore & LocalValueStore) | undefined;
  /** The authoritative store when it is not `front` (remote, or shared behind an L1). */
  private readonly back: Tier | undefined;
  /** Live values kept by reference are checked as the codec would (see LocalValueStore.checksValues). */
  private readonly checkLive: boolean;
  private readonly prefix: string;
  private readonly ttl: number;
  private readonly grace: number;
  private readonly jitter: number;
  private readonly swr: boolean;
  private readonly graceBackoff: number;
  private readonly l1Ttl: number;
  private readonly defaults: Policy;
  private readonly durations = new DurationMemo();
  private readonly counters = new Counters();
  /** key → namespaced key; see `fullKey`. */
  private readonly keyMemo = new Map<string, string>();
  private readonly loads: Loads;
  private readonly leases: Leases | undefined;
  /** Compare-and-set on the remote store: a load stores only if the key did not change meanwhile. */
  private readonly versioned: VersionedWrites | undefined;
  /** How long a miss holds its key (the loading mark) when `versioned`. */
  private readonly claimTtl: number;
  private readonly tags: TagVersions;
  /** Invalidations the remote store did not confirm, applied before their keys are read again. */
  private readonly pending: PendingInvalidations | undefined;
  /** Remote `get`s of the current tick, read with one `getMany` (see sendReads). */
  private readonly reads: TickBatcher<unknown> | undefined;
  private readonly bus: InvalidationBus | undefined;
  private readonly owned: CacheStore | undefined;
  private stopHealth: (() => void) | undefined;
  private readonly strategies = new Set<{ close(): Promise<void> }>();
  private readonly instanceId = randomBytes(6).toString('base64url');
  private readonly clock: () => number;
  private readonly random: () => number;
  private readonly throwOnCacheError: boolean;
  private readonly onError: ((error: CacheError) => void) | undefined;
  /** Throttled: each kind of failure at most once a minute. Undefined with `logger: false`. */
  private readonly log: ThrottledLog | undefined;
  private readonly events = new CacheEvents((event, err) => this.listenerThrew(event, err));
  /** The listener arrays, read directly on the hot path (one field read when nobody listens). */
  private readonly listeners = this.events.table;
  private readonly writer: CacheWriter = {
    prepare: (key, value, options) => this.prepareWrite(key, value, options),
    commit: (write) => this.commit(write, undefined),
  };
  private sequence = 0;
  private closed = false;

  constructor(options: CacheOptions = {}) {
    checkCacheOptions(options, 'new Cache()');
    const store = options.store ?? new MemoryStore({ clock: options.clock });
    this.owned = options.store === undefined || options.closeStore === true ? store : undefined;
    this.clock = options.clock ?? Date.now;
    this.random = options.random ?? Math.random;
    this.throwOnCacheError = options.throwOnCacheError ?? false;
    this.onError = options.onError;
    this.log = options.logger === false ? undefined : new ThrottledLog(options.logger ?? WARNING_LOGGER, this.clock);
    const resolved = resolveCacheOptions(options);
    this.prefix = resolved.prefix;
    this.ttl = resolved.ttlMs;
    this.grace = resolved.graceMs;
    this.jitter = resolved.jitter;
    this.swr = resolved.staleWhileRevalidate;
    this.graceBackoff = resolved.graceBackoffMs;
    this.l1Ttl = resolved.l1TtlMs;
    this.defaults = resolved.defaults;

    const local = isLocalValueStore(store);
    const telemetry = options.telemetry === false ? undefined : activeTelemetry();
    const observed = telemetry !== undefined && !local ? instrumentStore(store, telemetry, options.namespace) : store;
    this.store = local ? store : guardStore(observed, options);
    if (telemetry !== undefined) recordCacheMetrics(this, telemetry, options.namespace, store.name);
    grantStoreAccess(this, { store: this.store, prefix: this.prefix }); // the SessionStore's seam
    if (this.store instanceof GuardedStore) this.store.onBreaker = (open, op, key) => this.breakerChanged(open, op, key);
    const l1 = options.l1;
    if (l1 !== undefined && !isLocalValueStore(l1)) {
      throw new CacheOptionError("Option 'l1' must be an in-process store that keeps values by reference (a MemoryStore with byReference: true).");
    }
    this.l1 = l1;
    this.front = l1 ?? (local ? store : undefined);
    this.checkLive = local && store.checksValues === true;
    if (l1 !== undefined || !local) {
      this.back = local ? new LocalTier(store) : new SerializedTier(this.store, new Codec(options.compression));
    }
    if (this.back instanceof SerializedTier && this.store.prefersGetMany === true) {
      this.reads = new TickBatcher((batch) => this.sendReads(batch), MAX_BATCHED_READS);
    }

    this.claimTtl = resolved.claimTtlMs;
    if (resolved.lease !== undefined) this.leases = new Leases(this.store, this.prefix, this.claimTtl, resolved.lease.waitMs, resolved.lease.pollMs);
    this.versioned = this.back instanceof SerializedTier ? VersionedWrites.of(this.store) : undefined;
    this.tags = new TagVersions(this.store, this.prefix, () => this.token());
    if (this.back instanceof SerializedTier) {
      this.pending = new PendingInvalidations({
        deleteKeys: async (keys) => {
          await (keys.length === 1 ? this.store.delete(keys[0]) : this.store.deleteMany(keys));
          if (this.bus !== undefined) await this.bus.publish('d', keys).catch(() => undefined); // best effort, as always
        },
        invalidateTag: (tag) => this.tags.invalidate(tag),
        clearPrefix: async (prefix) => {
          await this.store.clear(prefix);
          if (this.bus !== undefined) await this.bus.publish('c', [prefix]).catch(() => undefined);
        },
      }, (err) => this.report(err, 'invalidate', undefined, new Attempt(true)));
    }
    // Coherence: every Cache on a shared store with pub/sub publishes what it changes (a writer
    // without an L1 must still tell readers that have one); only Caches with an L1 subscribe.
    const pubSub = this.store.publish !== undefined && this.store.subscribe !== undefined;
    const publish = options.publishInvalidations ?? (l1 !== undefined || !local);
    if (pubSub && (publish || l1 !== undefined)) {
      this.bus = new InvalidationBus(this.store, `cdk-elasticache:invalidate:${options.namespace ?? ''}`, this.instanceId, publish,
        l1 === undefined ? undefined : (op, keys) => this.onRemoteInvalidation(op, keys), (err) => this.report(err, 'subscribe', undefined, new Attempt(true)));
    }
    if (l1 !== undefined && !pubSub) checkUncoordinatedL1(options.l1Ttl, this.store.name);
    this.loads = new Loads({
      counters: this.counters,
      events: this.events,
      listeners: this.listeners,
      clock: this.clock,
      swr: this.swr,
      graceBackoff: this.graceBackoff,
      claimTtl: this.claimTtl,
      leases: this.leases,
      versioned: this.versioned,
      tags: this.tags,
      l1: this.l1,
      l1Ttl: this.l1Ttl,
      pending: this.pending,
      isClosed: () => this.closed,
      readItem: (k, attempt) => this.readItem(k, attempt),
      tagsValid: (entry, attempt) => this.tagsValid(entry, attempt),
      policy: (entryOptions, what) => this.policy(entryOptions, what),
      prepare: (k, key, value, policy, versions) => this.prepare(k, key, value, policy, versions),
      commit: (write, attempt) => this.commit(write, attempt),
      announceWrite: (k, attempt) => (this.bus === undefined ? RESOLVED : this.announce('d', [k], attempt)),
      absorb: (err, op, key, attempt) => this.absorb(err, op, key, attempt),
      report: (err, op, key, attempt) => this.report(err, op, key, attempt),
      token: () => this.token(),
      emitKey: (event, key) => this.emitKey(event, key),
    });
    // Invalidations sent while this instance was disconnected are lost to it: start its L1 afresh.
    if (l1 !== undefined && this.store.onHealth !== undefined) {
      let healthy = true;
      this.stopHealth = this.store.onHealth((now) => {
        if (now && !healthy) void l1.clear(this.prefix);
        healthy = now;
      });
    }
  }

  /** Resolves once the invalidation subscription (if any) is active. */
  public ready(): Promise<void> {
    if (this.closed) return Promise.reject(this.closedError('ready'));
    return this.bus === undefined ? RESOLVED : this.bus.ready;
  }

  /** The value, or undefined when absent, expired, stale, invalidated, or the cache is down. */
  public get<T = unknown>(key: string): Promise<T | undefined> {
    if (typeof key !== 'string' || key === '' || this.closed) return this.refuse(key, 'get');
    const k = this.prefix === '' ? key : this.fullKey(key);
    const front = this.front;
    if (front !== undefined) {
      const item = front.peek(k);
      if (item !== undefined) {
        if (!(item instanceof LiveEntry)) {
          this.counters.hits++;
          if (this.listeners.hit !== undefined) this.emitKey('hit', key);
          return Promise.resolve(item as T);
        }
        if (item.tags === undefined && (item.staleAt === 0 || item.staleAt > this.clock())) {
          this.counters.hits++;
          if (this.listeners.hit !== undefined) this.emitKey('hit', key);
          return Promise.resolve(item.value as T);
        }
      } else if (this.back === undefined) {
        this.counters.misses++;
        if (this.listeners.miss !== undefined) this.emitKey('miss', key);
        return RESOLVED_UNDEFINED;
      }
    }
    const reads = this.reads;
    if (reads !== undefined && this.pending!.isEmpty) return reads.add(k) as Promise<T | undefined>;
    return this.getSlow(k, key) as Promise<T | undefined>;
  }

  /**
   * Cache-aside: the cached value, or `loader(key)`'s result, stored and returned. Concurrent
   * calls for one key share one loader call in this process, and (with `lease`) across processes.
   * A loader result of `undefined` is returned but not cached. Loader errors reject.
   */
  public getOrSet<T>(key: string, loader: Loader<T>, options?: EntryOptions): Promise<T> {
    if (typeof key !== 'string' || key === '' || this.closed) return this.refuse(key, 'getOrSet');
    if (typeof loader !== 'function') return Promise.reject(badFunction(loader, 'getOrSet()', 'loader'));
    return this.getOrSetKey(key, loader, options, undefined) as Promise<T>;
  }

  /**
   * Values in key order (undefined where absent, expired, stale or invalidated): the front tier
   * first, then one store call for the rest (one MGET per slot group on Redis, pipelined gets per
   * node on Memcached). A store failure reads as misses, as `get` does.
   */
  public async getMany<T = unknown>(keys: readonly string[]): Promise<(T | undefined)[]> {
    if (this.closed) throw this.closedError('getMany');
    const bad = badKeys(keys, 'getMany()');
    if (bad !== undefined) throw bad;
    const values = new Array<T | undefined>(keys.length);
    const ks = keys.map((key) => this.fullKey(key));
    let rest: number[] | undefined; // positions the front tier did not answer; undefined: all
    const front = this.front;
    if (front !== undefined) {
      rest = [];
      for (let i = 0; i < ks.length; i++) {
        const item = front.peek(ks[i]);
        const fresh = item !== undefined && (!(item instanceof LiveEntry)
          || (item.tags === undefined && (item.staleAt === 0 || item.staleAt > this.clock())));
        if (!fresh) {
          rest.push(i);
          continue;
        }
        values[i] = (item instanceof LiveEntry ? item.value : item) as T;
        this.hit(keys[i]);
      }
      if (rest.length === 0) return values;
    }
    const attempt = new Attempt();
    const items = await this.readItems(rest === undefined ? ks : rest.map((i) => ks[i]), attempt);
    let tagged: number[] | undefined;
    const now = this.clock();
    for (let j = 0; j < items.length; j++) {
      const i = rest === undefined ? j : rest[j];
      const item = items[j];
      if (item !== undefined && !(item instanceof LiveEntry)) {
        values[i] = item as T;
        this.hit(keys[i]);
      } else if (item === undefined || (item.staleAt !== 0 && item.staleAt <= now)) {
        this.miss(keys[i]);
      } else if (item.tags === undefined) {
        values[i] = item.value as T;
        this.hit(keys[i]);
      } else {
        (tagged ??= []).push(j);
      }
    }
    if (tagged !== undefined) {
      const valid = await Promise.all(tagged.map((j) => this.tagsValid(items[j] as LiveEntry, attempt)));
      for (let t = 0; t < tagged.length; t++) {
        const i = rest === undefined ? tagged[t] : rest[tagged[t]];
        if (valid[t]) {
          values[i] = (items[tagged[t]] as LiveEntry).value as T;
          this.hit(keys[i]);
        } else {
          this.miss(keys[i]);
        }
      }
    }
    return values;
  }

  /**
   * Cache-aside for many keys: the cached values, and for every miss one `loadMany(misses)` call,
   * its values stored and returned, in key order. Each key keeps `getOrSet`'s guarantees (a
   * concurrent `getOrSet` of a key shares its load, leases across processes, no stale sets); a key
   * whose lease another instance holds waits for that instance's value. Loader errors reject.
   */
  public getOrSetMany<T>(keys: readonly string[], loadMany: ManyLoader<T>, options?: EntryOptions): Promise<(T | undefined)[]> {
    if (this.closed) return Promise.reject(this.closedError('getOrSetMany'));
    const bad = badKeys(keys, 'getOrSetMany()');
    if (bad !== undefined) return Promise.reject(bad);
    if (typeof loadMany !== 'function') return Promise.reject(badFunction(loadMany, 'getOrSetMany()', 'loadMany'));
    try {
      this.policy(options, 'getOrSetMany()');
    } catch (err) {
      return Promise.reject(err);
    }
    const batch = new LoadBatch(loadMany as ManyLoader<unknown>, 'getOrSetMany()');
    const byKey = new Map<string, Promise<unknown>>();
    for (const key of keys) if (!byKey.has(key)) byKey.set(key, this.getOrSetKey(key, BATCH_LOADER, options, batch));
    batch.seal();
    return settledAll(keys.map((key) => byKey.get(key)!)) as Promise<(T | undefined)[]>;
  }

  /**
   * Stores many values with one set of options; with `tags`, their versions are read once. Every
   * value is serialized before anything is written (an unstorable one rejects and none is
   * written); the writes then go out together (pipelined). A repeated key keeps its last value.
   */
  public async setMany<T>(entries: Iterable<readonly [string, T]>, options?: EntryOptions): Promise<void> {
    if (this.closed) throw this.closedError('setMany');
    const pairs = checkEntries(entries, 'setMany()');
    const policy = this.policy(options, 'setMany()');
    const prepareAll = (versions: Record<string, string> | undefined) =>
      [...pairs].map(([key, value]) => this.prepare(this.fullKey(key), key, value, policy, versions));
    let writes = prepareAll(undefined);
    if (policy.tags !== undefined) {
      try {
        writes = prepareAll(await this.tags.current(policy.tags));
      } catch (err) {
        this.absorb(err, 'getMany', undefined, undefined);
        writes = writes.map((w) => new PreparedWrite(w.key, w.item, w.encoded, w.storeTtl, w.ttl, true)); // unverifiable: delete instead
      }
    }
    const attempt = new Attempt();
    await Promise.all(writes.map((write) => this.commit(write, attempt)));
  }

  private getOrSetKey(key: string, loader: Loader<unknown>, options: EntryOptions | undefined, batch: LoadBatch | undefined): Promise<unknown> {
    const k = this.prefix === '' ? key : this.fullKey(key);
    const front = this.front;
    if (front !== undefined) {
      const item = front.peek(k);
      if (item !== undefined) {
        if (!(item instanceof LiveEntry)) {
          this.counters.hits++;
          if (this.listeners.hit !== undefined) this.emitKey('hit', key);
          return Promise.resolve(item);
        }
        if (item.tags === undefined && (item.staleAt === 0 || item.staleAt > this.clock())) {
          this.counters.hits++;
          if (this.listeners.hit !== undefined) this.emitKey('hit', key);
          return Promise.resolve(item.value);
        }
      }
    }
    return this.loads.join(k) ?? this.loads.start(k, key, loader, options, batch);
  }

  /** Stores a value. Rejects only for values that cannot be stored (or with `throwOnCacheError`). */
  public set<T>(key: string, value: T, options?: EntryOptions): Promise<void> {
    if (typeof key !== 'string' || key === '' || this.closed) return this.refuse(key, 'set');
    try {
      if (options === undefined) {
        const k = this.prefix === '' ? key : this.fullKey(key);
        return this.commit(this.prepare(k, key, value, this.defaults, undefined), undefined);
      }
      const policy = this.policy(options, 'set()');
      if (policy.tags === undefined) return this.commit(this.prepare(this.fullKey(key), key, value, policy, undefined), undefined);
      return this.prepareTagged(this.fullKey(key), key, value, policy).then((write) => this.commit(write, undefined));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** Deletes a key everywhere (store, L1, peers' L1). True when the store had it. */
  public async delete(key: string): Promise<boolean> {
    if (typeof key !== 'string' || key === '' || this.closed) return this.refuse(key, 'delete');
    return await this.remove([this.fullKey(key)], undefined) > 0;
  }

  /** Deletes keys; returns how many the store had (stores that cannot tell return keys.length). */
  public deleteMany(keys: readonly string[]): Promise<number> {
    if (this.closed) return Promise.reject(this.closedError('deleteMany'));
    const bad = badKeys(keys, 'deleteMany()');
    if (bad !== undefined) return Promise.reject(bad);
    return keys.length === 0 ? Promise.resolve(0) : this.remove(keys.map((key) => this.fullKey(key)), undefined);
  }

  /**
   * Deletes every key of this Cache's namespace (with no namespace: every key in the store).
   * Stores that cannot enumerate keys (Memcached) reject with a `CacheUnsupportedError` saying
   * what to do instead, also without `throwOnCacheError`: resolving would claim a clear that
   * did not happen.
   */
  public async clear(): Promise<number> {
    if (this.closed) throw this.closedError('clear');
    this.markAllDirty();
    if (this.l1 !== undefined) await this.l1.clear(this.prefix);
    let count = 0;
    const attempt = new Attempt();
    try {
      count = await this.store.clear(this.prefix);
    } catch (err) {
      if (err instanceof CacheUnsupportedError) throw this.cannotClear(err);
      this.pending?.recordClear(this.prefix);
      this.absorb(err, 'clear', this.prefix, attempt);
    }
    if (this.bus !== undefined) await this.announce('c', [this.prefix], attempt);
    return count;
  }

  /** Invalidates every entry written with `tags` containing `tag` (see tags.ts for the cost). */
  public async deleteByTag(tag: string): Promise<void> {
    if (typeof tag !== 'string' || tag === '' || this.closed) return this.refuse(tag, 'deleteByTag', 'tag');
    this.reads?.flush();
    try {
      await this.tags.invalidate(tag);
    } catch (err) {
      this.pending?.recordTag(tag);
      this.absorb(err, 'set', this.tags.key(tag), undefined);
    }
  }

  /** Read-through: a reader bound to one loader and one set of entry options. */
  public readThrough<T>(options: ReadThroughOptions<T>): ReadThrough<T> {
    if (this.closed) throw this.closedError('readThrough');
    checkStrategyOptions(options, 'readThrough()', READ_THROUGH_OPTION_KEYS, ['load']);
    return new ReadThrough(this, options);
  }

  /** Write-through: the source is written first, then the cache; a failed source write rejects. */
  public writeThrough<T>(options: WriteThroughOptions<T>): WriteThrough<T> {
    if (this.closed) throw this.closedError('writeThrough');
    checkStrategyOptions(options, 'writeThrough()', WRITE_THROUGH_OPTION_KEYS, ['write', 'load']);
    return new WriteThrough(this, this.writer, options);
  }

  /**
   * Write-behind: the cache is written at once and the source later, in coalesced batches.
   * Close it (or the Cache) to drain it; a failure that outlives the retries rejects
   * `flush()`/`close()` with the keys that were not written.
   */
  public writeBehind<T>(options: WriteBehindOptions<T>): WriteBehind<T> {
    if (this.closed) throw this.closedError('writeBehind');
    checkStrategyOptions(options, 'writeBehind()', WRITE_BEHIND_OPTION_KEYS, ['write', 'load', 'onError']);
    const strategy = new WriteBehind<T>(this, this.writer, this.store, this.prefix, options, (done) => this.strategies.delete(done));
    this.strategies.add(strategy);
    return strategy;
  }

  /**
   * Listens to `event` (see `CacheEventMap` for what each carries): reads (`hit`, `miss`,
   * `stale`), loader calls (`load`), absorbed failures (`error`) and the circuit breaker around
   * a remote store (`breaker:open`, `breaker:close`). Nothing is built while nobody listens.
   * A listener that throws is logged, never fails the call.
   */
  public on<E extends CacheEventName>(event: E, listener: CacheListener<E>): this {
    this.events.on(checkListener(event, listener, 'on'), listener);
    return this;
  }

  /** Like `on`, for one event only. */
  public once<E extends CacheEventName>(event: E, listener: CacheListener<E>): this {
    this.events.once(checkListener(event, listener, 'once'), listener as (payload: never) => void);
    return this;
  }

  /** Removes a listener added with `on` or `once`. */
  public off<E extends CacheEventName>(event: E, listener: CacheListener<E>): this {
    this.events.off(checkListener(event, listener, 'off'), listener);
    return this;
  }

  public stats(): CacheStats {
    return this.counters.snapshot();
  }

  public resetStats(): void {
    this.counters.reset();
  }

  /**
   * Drains write-behind queues, waits for background refreshes (at most lease.ttl), unsubscribes, and closes the
   * store if the Cache created it (stores passed in belong to the caller). Rejects with the first
   * write-behind failure after everything else is closed. Idempotent.
   */
  public async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    let failure: unknown;
    for (const strategy of [...this.strategies]) {
      try {
        await strategy.close();
      } catch (err) {
        failure ??= err;
      }
    }
    // Background loads get at most lease.ttl: a result later than that is not cached anyway, and a
    // hung loader must not hang close().
    await this.loads.settle(this.claimTtl);
    if (this.pending !== undefined) {
      if (!this.pending.isEmpty) await this.pending.replay(); // a last try; a failure is reported
      this.pending.close();
    }
    if (this.bus !== undefined) await this.bus.close().catch((err) => this.report(err, 'unsubscribe', undefined, new Attempt(true)));
    this.stopHealth?.();
    if (this.store instanceof GuardedStore) this.store.detach();
    if (this.owned !== undefined) await this.owned.close();
    if (failure !== undefined) throw failure;
  }

  // ---- reads --------------------------------------------------------------------------------

  // A get meets at most one failure (a failed read or tag check ends it), so it needs no Attempt.
  private async getSlow(k: string, key: string): Promise<unknown> {
    const item = await this.readItem(k, undefined);
    if (item !== undefined) {
      if (!(item instanceof LiveEntry)) {
        this.counters.hits++;
        if (this.listeners.hit !== undefined) this.emitKey('hit', key);
        return item;
      }
      if ((item.staleAt === 0 || item.staleAt > this.clock()) && await this.tagsValid(item, undefined)) {
        this.counters.hits++;
        if (this.listeners.hit !== undefined) this.emitKey('hit', key);
        return item.value;
      }
    }
    this.counters.misses++;
    if (this.listeners.miss !== undefined) this.emitKey('miss', key);
    return undefined;
  }

  /**
   * A tick's remote `get`s on a store that `prefersGetMany`: one store call (one MGET per slot
   * group on Redis), each key settled as `getSlow` settles it. A failed shard or node fails
   * only its own keys; one promise per call, none per step, which is most of the hit path's cost.
   */
  private sendReads(batch: TickBatch<unknown>): void {
    const ks = batch.keys;
    if (!this.pending!.isEmpty) { // an invalidation queued since: getSlow replays it first
      for (let i = 0; i < ks.length; i++) {
        this.getSlow(ks[i], this.callerKey(ks[i])!).then((value) => batch.resolve(i, value), (err: unknown) => batch.reject(i, err));
      }
      return;
    }
    let failed: Map<number, unknown> | undefined;
    const start = performance.now();
    // A lone get is a plain GET; a decode failure then rejects it, which settles it as failed too.
    const reading = ks.length === 1 ? this.back!.read(ks[0]).then(inArray) : this.back!.readMany(ks, (err, i) => (failed ??= new Map()).set(i, err));
    reading.then((items) => {
      this.counters.read.record(performance.now() - start, ks.length);
      const now = this.clock();
      for (let i = 0; i < ks.length; i++) {
        if (failed !== undefined && failed.has(i)) this.failRead(batch, i, failed.get(i));
        else this.settleRead(batch, i, items[i], now);
      }
    }, (err: unknown) => {
      this.counters.read.record(performance.now() - start, ks.length);
      for (let i = 0; i < ks.length; i++) this.failRead(batch, i, err);
    });
  }

  private settleRead(batch: TickBatch<unknown>, i: number, item: unknown, now: number): void {
    const k = batch.keys[i];
    if (item !== undefined && this.l1 !== undefined) this.fillL1(k, item);
    if (item === undefined || (item instanceof LiveEntry && item.staleAt !== 0 && item.staleAt <= now)) {
      this.counted(false, k);
      batch.resolve(i, undefined);
    } else if (!(item instanceof LiveEntry) || item.tags === undefined) {
      this.counted(true, k);
      batch.resolve(i, item instanceof LiveEntry ? item.value : item);
    } else {
      this.tagsValid(item, undefined).then((valid) => {
        if (valid) this.counted(true, k);
        else this.counted(false, k);
        batch.resolve(i, valid ? item.value : undefined);
      }, (err: unknown) => batch.reject(i, err));
    }
  }

  /** `hit` or `miss` by full key: the caller's key is cut out only for a listener. */
  private counted(hit: boolean, k: string): void {
    if (hit) this.counters.hits++;
    else this.counters.misses++;
    if (this.listeners[hit ? 'hit' : 'miss'] !== undefined) this.emitKey(hit ? 'hit' : 'miss', this.callerKey(k)!);
  }

  /** A read that failed: absorbed (a miss), or the call's rejection with `throwOnCacheError`. */
  private failRead(batch: TickBatch<unknown>, i: number, err: unknown): void {
    try {
      this.absorb(err, 'get', batch.keys[i], undefined);
    } catch (thrown) {
      batch.reject(i, thrown);
      return;
    }
    this.counted(false, batch.keys[i]);
    batch.resolve(i, undefined);
  }

  /** Front tier, then the authoritative store (filling the L1). Store failures read as misses. */
  private async readItem(k: string, attempt: Attempt | undefined): Promise<unknown> {
    if (this.front !== undefined) {
      const item = this.front.peek(k);
      if (item !== undefined || this.back === undefined) return item;
    }
    const pending = this.pending;
    if (pending !== undefined && !pending.isEmpty && pending.blocks(k) && !await pending.replay()) {
      this.count(attempt); // the replay reported its failure (in backgroundErrors); this read failed with it
      return undefined;
    }
    const start = performance.now();
    let item: unknown;
    try {
      item = await this.back!.read(k);
    } catch (err) {
      this.counters.read.record(performance.now() - start); // failed and timed-out reads took time too
      this.absorb(err, 'get', k, attempt);
      return undefined;
    }
    this.counters.read.record(performance.now() - start);
    if (item !== undefined && this.l1 !== undefined) this.fillL1(k, item);
    return item;
  }

  /** `readItem` for many keys: one store call for all of them. Undefined where absent or failed. */
  private async readItems(ks: string[], attempt: Attempt): Promise<unknown[]> {
    const front = this.front;
    const back = this.back;
    if (back === undefined) return ks.map((k) => front!.peek(k));
    const fromFront = front === undefined ? undefined : ks.map((k) => front.peek(k));
    let read = fromFront === undefined ? ks : ks.filter((_, i) => fromFront[i] === undefined);
    const pending = this.pending;
    if (pending !== undefined && !pending.isEmpty && read.some((k) => pending.blocks(k)) && !await pending.replay()) {
      this.count(attempt);
      read = read.filter((k) => !pending.blocks(k)); // an invalidation not yet delivered: those keys read as misses
    }
    let values: unknown[] = [];
    if (read.length > 0) {
      const start = performance.now();
      const failed: [unknown, number][] = []; // absorbed after the call: absorb may throw, and a store's callback must not
      try {
        values = await back.readMany(read, (err, i) => failed.push([err, i]));
      } catch (err) {
        this.counters.read.record(performance.now() - start);
        this.absorb(err, 'getMany', read[0], attempt);
        values = [];
      }
      if (values.length > 0) this.counters.read.record(performance.now() - start);
      for (const [err, i] of failed) this.absorb(err, 'get', read[i], attempt);
      if (this.l1 !== undefined) for (let j = 0; j < values.length; j++) if (values[j] !== undefined) this.fillL1(read[j], values[j]);
    }
    if (read === ks) return values.length === 0 ? new Array<unknown>(ks.length) : values;
    // Merge: `read` is `ks` in order with some keys left out (each occurrence of them).
    const items = new Array<unknown>(ks.length);
    for (let i = 0, j = 0; i < ks.length; i++) {
      if (fromFront !== undefined && fromFront[i] !== undefined) items[i] = fromFront[i];
      else if (j < read.length && read[j] === ks[i]) items[i] = values[j++];
    }
    return items;
  }

  private hit(key: string): void {
    this.counters.hits++;
    if (this.listeners.hit !== undefined) this.emitKey('hit', key);
  }

  private miss(key: string): void {
    this.counters.misses++;
    if (this.listeners.miss !== undefined) this.emitKey('miss', key);
  }

  private fillL1(k: string, item: unknown): void {
    let ttl = this.l1Ttl;
    if (item instanceof LiveEntry && item.staleAt !== 0) {
      const left = item.staleAt - this.clock();
      if (left <= 0) return; // stale copies stay in the store only: L1 never serves stale
      ttl = Math.min(ttl, left);
    }
    this.l1!.put(k, item, ttl);
  }

  private async tagsValid(entry: LiveEntry, attempt: Attempt | undefined): Promise<boolean> {
    if (entry.tags === undefined) return true;
    const pending = this.pending;
    if (pending !== undefined && pending.blocksTags(entry.tags) && !await pending.replay()) {
      this.count(attempt);
      return false;
    }
    try {
      return await this.tags.valid(entry.tags);
    } catch (err) {
      this.absorb(err, 'getMany', undefined, attempt);
      return false; // unverifiable: treat as invalidated, never serve it
    }
  }

  // ---- writes -------------------------------------------------------------------------------

  private policy(options: EntryOptions | undefined, what: string): Policy {
    if (options === undefined) return this.defaults;
    checkEntryOptions(options, what);
    const ttl = options.ttl === undefined ? this.ttl : this.durations.resolve(options.ttl, 'ttl');
    const grace = options.grace === undefined ? this.grace : this.durations.resolve(options.grace, 'grace');
    const tags = options.tags === undefined || options.tags.length === 0 ? undefined : options.tags;
    const d = this.defaults;
    const timeout = options.timeout === undefined ? d.timeout : this.durations.resolve(options.timeout, 'timeout');
    const soft = options.softTimeout === undefined ? d.softTimeout : this.durations.resolve(options.softTimeout, 'softTimeout');
    if (ttl === this.ttl && grace === this.grace && tags === undefined && timeout === d.timeout && soft === d.softTimeout) return d;
    return new Policy(ttl, grace, tags, timeout, soft);
  }

  /** Validates and serializes (throws `CacheSerializationError`), computing TTLs once. */
  private prepare(k: string, key: string, value: unknown, policy: Policy, versions: Record<string, string> | undefined): PreparedWrite {
    if (value === undefined) throw new CacheSerializationError(key, 'undefined cannot be cached (use null, or delete the key)');
    if (this.checkLive) checkStorable(key, value);
    let ttl = policy.ttl;
    if (ttl > 0 && this.jitter > 0) ttl -= Math.floor(ttl * this.jitter * this.random());
    const graced = policy.grace > 0 && ttl > 0;
    const item = graced || versions !== undefined ? new LiveEntry(value, graced ? this.clock() + ttl : 0, versions) : value;
    const encoded = this.back === undefined ? item : this.back.encode(key, item);
    return new PreparedWrite(k, item, encoded, ttl > 0 ? ttl + (graced ? policy.grace : 0) : 0, ttl, false);
  }

  /** `prepare` for the strategies (write-through, write-behind): checks the key and the Cache first. */
  private async prepareWrite(key: string, value: unknown, options: EntryOptions | undefined): Promise<PreparedWrite> {
    if (typeof key !== 'string' || key === '' || this.closed) return this.refuse(key, 'set');
    return this.prepareTagged(this.fullKey(key), key, value, this.policy(options, 'set()'));
  }

  /** `prepare`, reading the tags' versions first when there are tags. */
  private async prepareTagged(k: string, key: string, value: unknown, policy: Policy): Promise<PreparedWrite> {
    if (policy.tags === undefined) return this.prepare(k, key, value, policy, undefined);
    const check = this.prepare(k, key, value, policy, undefined); // refuse unstorable values first
    try {
      return this.prepare(k, key, value, policy, await this.tags.current(policy.tags));
    } catch (err) {
      if (err instanceof CacheSerializationError) throw err;
      this.absorb(err, 'getMany', undefined, undefined);
      return new PreparedWrite(k, check.item, check.encoded, check.storeTtl, check.ttl, true);
    }
  }

  /** `attempt`: the operation the write belongs to (a load's flight), else the write is one. */
  private commit(write: PreparedWrite, attempt: Attempt | undefined): Promise<void> {
    this.markDirty(write.key);
    if (write.deleteInstead) return this.remove([write.key], FAILED).then(() => undefined); // its failure was counted
    this.counters.sets++;
    if (this.back === undefined) {
      this.front!.put(write.key, write.item, write.storeTtl);
      return this.bus === undefined ? RESOLVED : this.announce('d', [write.key], attempt);
    }
    return this.commitBack(write, attempt);
  }

  // A failed write ends without announcing, so a write alone meets at most one failure.
  private async commitBack(write: PreparedWrite, attempt: Attempt | undefined): Promise<void> {
    try {
      await this.back!.write(write.key, write.encoded, write.storeTtl);
    } catch (err) {
      // Never keep a value the store refused, locally or (best effort: the store may be down)
      // as the store's older value, which would now be stale.
      this.l1?.remove(write.key);
      this.pending?.recordKeys([write.key], this.prefix);
      if (!(err instanceof CacheTimeoutError || err instanceof CacheUnavailableError)) await this.store.delete(write.key).catch(() => false);
      if (err instanceof CacheValueTooLargeError) throw this.report(err, 'set', write.key, attempt); // the caller's value, not an outage: never absorbed
      this.absorb(err, 'set', write.key, attempt);
      return;
    }
    this.pending?.written(write.key);
    // L1 copies never outlive the entry's logical TTL, so the L1 never serves stale values.
    this.l1?.put(write.key, write.item, write.ttl > 0 ? Math.min(this.l1Ttl, write.ttl) : this.l1Ttl);
    if (this.bus !== undefined) await this.announce('d', [write.key], attempt);
  }

  private async remove(keys: string[], attempt = new Attempt()): Promise<number> {
    this.counters.deletes += keys.length;
    const l1 = this.l1;
    for (const k of keys) {
      this.markDirty(k);
      l1?.remove(k);
    }
    let count = 0;
    try {
      count = keys.length === 1 ? Number(await this.store.delete(keys[0])) : await this.store.deleteMany(keys);
      if (this.pending !== undefined && !this.pending.isEmpty) for (const k of keys) this.pending.written(k);
    } catch (err) {
      this.pending?.recordKeys(keys, this.prefix); // applied before these keys are read from the store again
      this.absorb(err, keys.length === 1 ? 'delete' : 'deleteMany', keys[0], attempt);
    }
    // A concurrent read may have refilled the L1 from the store while the delete was in flight.
    if (l1 !== undefined) for (const k of keys) l1.remove(k);
    if (this.bus !== undefined) await this.announce('d', keys, attempt);
    return count;
  }

  // ---- coherence ----------------------------------------------------------------------------

  private async announce(op: InvalidationOp, keys: readonly string[], attempt: Attempt | undefined): Promise<void> {
    if (!this.bus!.publishes) return;
    try {
      await this.bus!.publish(op, keys);
    } catch (err) {
      this.absorb(err, 'publish', keys[0], attempt);
    }
  }

  private onRemoteInvalidation(op: InvalidationOp, keys: string[]): void {
    if (op === 'd') {
      for (const k of keys) {
        this.l1?.remove(k);
        this.markDirty(k);
      }
    } else {
      this.markAllDirty();
      if (this.l1 !== undefined) void this.l1.clear(typeof keys[0] === 'string' ? keys[0] : this.prefix);
    }
  }

  /** A write or delete landed while this key was loading: the load must not store its result. */
  // Both run before every write, delete and clear: the tick's batched reads go out first, so
  // commands keep program order (a get issued before a set reads what was there before).
  private markDirty(k: string): void {
    this.reads?.flush();
    this.loads.markDirty(k);
  }

  private markAllDirty(): void {
    this.reads?.flush();
    this.loads.markAllDirty();
  }

  // ---- errors -------------------------------------------------------------------------------

  /** Counts and reports a cache error; rethrows it with `throwOnCacheError`. */
  private absorb(err: unknown, op: string, key: string | undefined, attempt: Attempt | undefined): void {
    const error = this.report(err, op, key, attempt);
    if (this.throwOnCacheError) throw error;
  }

  /**
   * Counts a cache error once per operation (`attempt`; undefined: an operation that can meet
   * only one failure) and reports every one: `onError`, the `error` event, the throttled log.
   */
  private report(err: unknown, op: string, key: string | undefined, attempt: Attempt | undefined): CacheError {
    this.count(attempt);
    const error = err instanceof CacheError ? err : new CacheStoreError(this.store.name, op, key, err);
    if (this.onError !== undefined) {
      try {
        this.onError(error);
      } catch {
        // a failing error hook must not turn an absorbed error into a failed read
      }
    }
    const background = attempt?.background === true;
    if (this.listeners.error !== undefined) this.events.emit('error', this.listeners.error, { key: this.callerKey(key), op, error, background });
    if (this.log !== undefined) {
      // One kind per store operation: one outage (refused, then timed out, then circuit open) is one warning a minute.
      const kind = `${error instanceof CacheStoreError ? error.store : error.name} ${op}`;
      this.log.warn(kind, { err: error, op, key, store: this.store.name, namespace: this.prefix.slice(0, -1), background },
        `${this.describe()}: ${error.message}. ${background ? 'Background work (it is retried).' : 'Reads go to the source and writes are skipped while this lasts.'}`);
    }
    return error;
  }

  private count(attempt: Attempt | undefined): void {
    if (attempt === undefined) {
      this.counters.errors++;
    } else if (!attempt.failed) {
      attempt.failed = true;
      if (attempt.background) this.counters.backgroundErrors++;
      else this.counters.errors++;
    }
  }

  private breakerChanged(open: boolean, op: string, key: string | undefined): void {
    const store = this.store.name;
    const listeners = open ? this.listeners['breaker:open'] : this.listeners['breaker:close'];
    if (listeners !== undefined) this.events.emit((open ? 'breaker:open' : 'breaker:close') as 'breaker:open', listeners as ReadonlyArray<CacheListener<'breaker:open'>>, { store, op, key: this.callerKey(key) });
    if (this.log === undefined) return;
    const fields = { op, key, store, namespace: this.prefix.slice(0, -1) };
    if (open) this.log.warn('breaker:open', fields, `${this.describe()}: circuit opened after repeated ${store} failures (last: ${op}); calls skip the store until a probe succeeds`);
    else this.log.debug(fields, `${this.describe()}: circuit closed, ${store} answers again`);
  }

  private listenerThrew(event: CacheEventName, err: unknown): void {
    this.log?.error(`listener ${event}`, { err, event },
      `${this.describe()}: a '${event}' listener threw (${err instanceof Error ? err.message : String(err)}); the cache call went on. Listeners must not throw`);
  }

  /** Kept out of the read paths (their size decides what V8 inlines); called only when someone listens. */
  private emitKey(event: 'hit' | 'miss' | 'stale', key: string): void {
    const listeners = this.listeners[event];
    if (listeners !== undefined) this.events.emit(event as 'hit', listeners as ReadonlyArray<CacheListener<'hit'>>, { key });
  }

  /** The caller's key for an event: without the namespace. */
  private callerKey(key: string | undefined): string | undefined {
    return key !== undefined && this.prefix !== '' && key.startsWith(this.prefix) ? key.slice(this.prefix.length) : key;
  }

  private describe(): string {
    return this.prefix === '' ? 'Cache' : `Cache '${this.prefix.slice(0, -1)}'`;
  }

  /** A call that cannot start: the Cache is closed, or the key is not a non-empty string. */
  private refuse(key: unknown, method: string, argument = 'key'): Promise<never> {
    return Promise.reject(this.closed ? this.closedError(method) : badKey(key, `${method}()`, argument));
  }

  private closedError(method: string): CacheClosedError {
    return new CacheClosedError(`Cache.${method}(): the Cache is closed`);
  }

  /** Memcached (any store that cannot enumerate keys) cannot clear a namespace: say what to do instead. */
  private cannotClear(err: CacheUnsupportedError): CacheUnsupportedError {
    const ns = this.prefix === '' ? 'the whole store' : `namespace '${this.prefix.slice(0, -1)}'`;
    return new CacheUnsupportedError(err.store, 'clear', this.prefix, err,
      `Cache.clear() of ${ns}: nothing was deleted, because ${err.store} cannot list keys by prefix. `
      + "To drop a namespace's entries, write under a new namespace (e.g. 'users:v2'; the old entries expire on their TTL), "
      + 'delete known keys, or tag entries and use deleteByTag(). The Cache does not send flush_all: it would empty the whole cluster, '
      + 'other namespaces and applications included; run it yourself if that is what you want.');
  }

  /**
   * The namespaced key, memoized: `prefix + key` builds a new (cons) string that V8 must flatten
   * and hash on every Map lookup, which measured ~230 ns, more than the rest of a hit. A memoized
   * string keeps its hash. Bounded; cleared when full (cheap, and only costs re-concatenation).
   */
  private fullKey(key: string): string {
    if (this.prefix === '') return key;
    let k = this.keyMemo.get(key);
    if (k === undefined) {
      k = this.prefix + key;
      if (this.keyMemo.size >= 10_000) this.keyMemo.clear();
      this.keyMemo.set(key, k);
    }
    return k;
  }

  private token(): string {
    return `${this.instanceId}.${(++this.sequence).toString(36)}`;
  }
}

/** Longest `l1Ttl` allowed over a store without pub/sub: that is how stale a peer's L1 may be. */
const MAX_UNCOORDINATED_L1_TTL_MS = 5_000;

/**
 * An L1 over a store without publish/subscribe (Memcached) cannot hear other instances' writes:
 * allowed only with an explicit, short `l1Ttl`, the staleness the caller accepts.
 */
function checkUncoordinatedL1(l1Ttl: CacheOptions['l1Ttl'], store: string): void {
  const ttl = l1Ttl === undefined ? undefined : parseDuration(l1Ttl, 'l1Ttl');
  if (ttl === undefined || ttl === 0 || ttl > MAX_UNCOORDINATED_L1_TTL_MS) {
    throw new CacheOptionError(`Option 'l1' over the ${store} store needs an explicit, short 'l1Ttl' (at most 5s; got ${l1Ttl === undefined ? 'none' : String(l1Ttl)}): `
      + `${store} has no publish/subscribe, so other instances' writes cannot evict this L1, and a value may be served up to l1Ttl after it changed.`);
  }
}
