import { parseDuration, Duration } from '../duration';
import { CacheOptionError, CacheStoreError } from '../errors';
import { CacheStore, KeyErrorListener, StoreHealthListener, StoreValue, WriteLog } from '../store';

/** Options of a `GlobalSecondaryStore`. */
export interface GlobalSecondaryStoreOptions {
  /** The store on the local (secondary Region's) endpoint: read-only, close by. */
  readonly local: CacheStore;
  /** The store on the primary Region's endpoint, which takes the writes. */
  readonly primary: CacheStore;
  /**
   * How long after this process wrote or deleted a key its reads of that key go to the primary:
   * cross-Region replication is asynchronous, so the local copy may still hold what the write
   * replaced. Default 2 s.
   */
  readonly readYourWrites?: Duration;
  /** At most this many recent writes are tracked; beyond it, every read goes to the primary until the window passes. Default 10,000. */
  readonly maxTrackedWrites?: number;
  /** Where `READONLY` errors name the endpoints (`host:port`). */
  readonly endpoints?: { readonly local?: string; readonly primary?: string };
}

/**
 * A write the primary endpoint refused with READONLY, and the local endpoint did too: the Global
 * Datastore's primary is elsewhere (a promotion swapped the Regions' roles). Nothing was written.
 */
export class CacheReadOnlyError extends CacheStoreError {}

const READONLY = /\bREADONLY\b/;

/**
 * A store for a Global Datastore secondary Region: reads from the local endpoint, everything else
 * (writes, deletes, leases, stale-set versions, pub/sub, write logs) on the primary's, since the
 * guards must read the copy that takes writes. A key this process just wrote is read from the
 * primary for `readYourWrites`. When the primary answers READONLY, the write is tried on the local
 * endpoint (nothing was applied, so the retry is safe): if the local group has been promoted it
 * takes the write and becomes the writer; otherwise the write rejects with `CacheReadOnlyError`.
 */
export class GlobalSecondaryStore implements CacheStore {
  public readonly name: string;
  public readonly hasDeadlines?: boolean;
  public readonly prefersGetMany?: boolean;
  public readonly addVersioned?: (key: string, value: string, ttlMs: number) => Promise<string | undefined>;
  public readonly version?: (key: string) => Promise<string | undefined>;
  public readonly setIfVersion?: (key: string, value: StoreValue, ttlMs: number, version: string) => Promise<boolean>;
  public readonly publish?: (channel: string, message: string) => Promise<void>;
  public readonly subscribe?: (channel: string, listener: (message: string) => void) => Promise<() => Promise<void>>;
  public readonly openWriteLog?: (namespace: string, name: string, claimAfterMs: number) => WriteLog;
  public readonly isAnyNodeHealthy?: () => boolean;
  private readonly local: CacheStore;
  private writer: CacheStore;
  private readonly windowMs: number;
  private readonly maxTracked: number;
  /** Key → until when reads go to the primary. */
  private readonly recent = new Map<string, number>();
  /** Until when every read goes to the primary (the tracking map overflowed, or a clear). */
  private allToPrimaryUntil = 0;

  constructor(private readonly options: GlobalSecondaryStoreOptions) {
    const { local, primary } = options ?? ({} as GlobalSecondaryStoreOptions);
    if (local === undefined || primary === undefined) throw new CacheOptionError('GlobalSecondaryStore: local and primary are both CacheStores');
    this.local = local;
    this.writer = primary;
    this.windowMs = parseDuration(options.readYourWrites ?? 2000, 'readYourWrites');
    this.maxTracked = options.maxTrackedWrites ?? 10_000;
    if (!Number.isInteger(this.maxTracked) || this.maxTracked < 1) {
      throw new CacheOptionError(`maxTrackedWrites: ${String(options.maxTrackedWrites)} is invalid: it is a whole number of at least 1`);
    }
    this.name = `${primary.name} (global: reads local)`;
    this.hasDeadlines = local.hasDeadlines && primary.hasDeadlines;
    this.prefersGetMany = local.prefersGetMany && primary.prefersGetMany;
    if (primary.addVersioned && primary.version && primary.setIfVersion) {
      this.addVersioned = (key, value, ttlMs) => this.write('addVersioned', key, (s) => s.addVersioned!(key, value, ttlMs));
      this.version = (key) => this.writer.version!(key);
      this.setIfVersion = (key, value, ttlMs, v) => this.write('setIfVersion', key, (s) => s.setIfVersion!(key, value, ttlMs, v));
    }
    if (primary.publish && primary.subscribe) {
      this.publish = (channel, message) => this.writer.publish!(channel, message);
      this.subscribe = (channel, listener) => primary.subscribe!(channel, listener);
    }
    if (primary.openWriteLog) this.openWriteLog = (namespace, name, claimAfterMs) => this.writer.openWriteLog!(namespace, name, claimAfterMs);
    if (local.isAnyNodeHealthy || primary.isAnyNodeHealthy) {
      this.isAnyNodeHealthy = () => (local.isAnyNodeHealthy?.() ?? true) || (primary.isAnyNodeHealthy?.() ?? true);
    }
  }

  get(key: string): Promise<StoreValue | undefined> {
    return this.readerFor(key).get(key);
  }

  async getMany(keys: readonly string[], onKeyError?: KeyErrorListener): Promise<(StoreValue | undefined)[]> {
    const fromWriter = keys.map((k) => this.readsFromWriter(k));
    if (!fromWriter.includes(true)) return this.local.getMany(keys, onKeyError);
    if (!fromWriter.includes(false)) return this.writer.getMany(keys, onKeyError);
    // Split: the keys just written from the primary, the rest locally, in the caller's order.
    const writerAt = indexesWhere(fromWriter, true);
    const localAt = indexesWhere(fromWriter, false);
    const [fresh, rest] = await Promise.all([
      this.writer.getMany(writerAt.map((i) => keys[i]), onKeyError && ((err, j) => onKeyError(err, writerAt[j]))),
      this.local.getMany(localAt.map((i) => keys[i]), onKeyError && ((err, j) => onKeyError(err, localAt[j]))),
    ]);
    let [f, r] = [0, 0];
    return fromWriter.map((w) => (w ? fresh[f++] : rest[r++]));
  }

  set(key: string, value: StoreValue, ttlMs?: number): Promise<void> {
    return this.write('set', key, (s) => s.set(key, value, ttlMs));
  }
  add(key: string, value: StoreValue, ttlMs: number): Promise<boolean> {
    return this.write('add', key, (s) => s.add(key, value, ttlMs));
  }
  delete(key: string): Promise<boolean> {
    return this.write('delete', key, (s) => s.delete(key));
  }
  deleteMany(keys: readonly string[]): Promise<number> {
    return this.write('deleteMany', keys, (s) => s.deleteMany(keys));
  }
  deleteIfEquals(key: string, value: string): Promise<boolean> {
    return this.write('deleteIfEquals', key, (s) => s.deleteIfEquals(key, value));
  }
  touch(key: string, ttlMs: number): Promise<boolean> {
    return this.write('touch', key, (s) => s.touch(key, ttlMs));
  }
  clear(prefix: string): Promise<number> {
    return this.write('clear', [], (s) => s.clear(prefix));
  }
  keys(prefix: string): AsyncIterable<string> {
    return this.writer.keys(prefix);
  }

  onHealth(listener: StoreHealthListener): () => void {
    const stops = [this.local, this.writer].map((s) => s.onHealth?.(listener));
    return () => stops.forEach((stop) => stop?.());
  }

  async close(): Promise<void> {
    await Promise.all([this.local.close(), this.options.primary.close()]);
  }

  /** Whether writes go to the local endpoint since it took a write the primary refused (a promotion). */
  public get writesGoLocal(): boolean {
    return this.writer === this.local;
  }

  private readerFor(key: string): CacheStore {
    return this.readsFromWriter(key) ? this.writer : this.local;
  }

  private readsFromWriter(key: string): boolean {
    // The common case costs one size check: nothing written lately (or writes go local: one copy).
    if (this.recent.size === 0 && this.allToPrimaryUntil === 0) return false;
    const now = Date.now();
    if (now < this.allToPrimaryUntil) return true;
    this.allToPrimaryUntil = 0;
    const until = this.recent.get(key);
    if (until === undefined) return false;
    if (now < until) return true;
    this.recent.delete(key);
    return false;
  }

  /** Runs a write on the writer; on READONLY, once on the local endpoint, which then writes. */
  private async write<T>(op: string, keys: string | readonly string[], run: (store: CacheStore) => Promise<T>): Promise<T> {
    this.remember(keys); // before: a read racing the write must not see the local copy either
    try {
      const result = await run(this.writer);
      this.remember(keys); // the window starts again once the write is acknowledged
      return result;
    } catch (err) {
      if (!isReadOnly(err) || this.writesGoLocal) throw this.readOnlyError(op, keys, err);
      try {
        const result = await run(this.local);
        this.writer = this.local; // promoted: one copy from now on, so nothing to read from elsewhere
        this.recent.clear();
        this.allToPrimaryUntil = 0;
        return result;
      } catch (localErr) {
        throw this.readOnlyError(op, keys, localErr);
      }
    }
  }

  private remember(keys: string | readonly string[]): void {
    if (this.writesGoLocal || this.windowMs === 0) return;
    const until = Date.now() + this.windowMs;
    const list = typeof keys === 'string' ? [keys] : keys;
    if (list.length === 0) {
      this.allToPrimaryUntil = until; // a clear: every key may have changed
      return;
    }
    if (this.recent.size + list.length > this.maxTracked) this.prune();
    if (this.recent.size + list.length > this.maxTracked) {
      this.allToPrimaryUntil = until;
      return;
    }
    for (const k of list) {
      this.recent.delete(k); // re-insert: the map stays ordered by expiry
      this.recent.set(k, until);
    }
  }

  /** Drops expired entries, oldest first (insertion order is expiry order). */
  private prune(): void {
    const now = Date.now();
    for (const [k, until] of this.recent) {
      if (until > now) break;
      this.recent.delete(k);
    }
  }

  private readOnlyError(op: string, keys: string | readonly string[], err: unknown): unknown {
    if (!isReadOnly(err)) return err;
    const key = typeof keys === 'string' ? keys : keys[0];
    const { primary = 'the primary endpoint', local = 'the local endpoint' } = this.options.endpoints ?? {};
    return new CacheReadOnlyError(this.name, op, key, err,
      `${op}${key === undefined ? '' : ` '${key}'`} was not written: ${this.writesGoLocal ? local : primary} answered READONLY (it is a read-only `
      + `replica) and ${this.writesGoLocal ? 'no other endpoint takes writes' : `${local} does not take writes either`}. The Global Datastore's `
      + 'primary has probably moved to another Region (a promotion): point CACHE_PRIMARY_ENDPOINT at its endpoint, or fail back.');
  }
}

function isReadOnly(err: unknown): boolean {
  for (let e = err as { message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.message === 'string' && READONLY.test(e.message)) return true;
  }
  return false;
}

function indexesWhere(flags: boolean[], wanted: boolean): number[] {
  const at: number[] = [];
  for (let i = 0; i < flags.length; i++) if (flags[i] === wanted) at.push(i);
  return at;
}
