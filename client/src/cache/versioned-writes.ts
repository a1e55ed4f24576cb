import { loadingMark } from '../serialization/codec';
import { CacheStore, StoreValue } from '../store';

/** A key held for one load: the mark it holds and the version a write must still find. */
export class Claim {
  constructor(public readonly mark: string, public readonly version: string) {}
}

/**
 * Stale-set protection over a store's compare-and-set (leases, as in "Scaling Memcache at
 * Facebook" §3.2.1): a load's result is written only if nobody wrote or deleted the key after the
 * load started, in any process.
 *
 * - A miss claims the key: `addVersioned` puts a loading mark in it (readers see a miss; it is
 *   also the cross-process single-flight). Another client's `set` overwrites the mark and a
 *   `delete` or `clear` removes it, so the loader's `setIfVersion` then stores nothing.
 * - A refresh of a stale value reads the value's version before loading, and writes only if the
 *   version is unchanged.
 *
 * A load that outlives the mark (`lease.ttl`) finds the key absent and does not store: absent may
 * mean deleted. Only stores with all three methods (RedisStore, MemcachedStore) offer this.
 */
export class VersionedWrites {
  /** The store's compare-and-set, or undefined when it has none. */
  static of(store: CacheStore): VersionedWrites | undefined {
    return store.addVersioned !== undefined && store.version !== undefined && store.setIfVersion !== undefined
      ? new VersionedWrites(store)
      : undefined;
  }

  private constructor(private readonly store: CacheStore) {}

  /** Holds an absent key for one load; undefined when it is not absent (another load, or a value). */
  async claim(key: string, token: string, ttlMs: number): Promise<Claim | undefined> {
    const mark = loadingMark(token);
    const version = await this.store.addVersioned!(key, mark, ttlMs);
    return version === undefined ? undefined : new Claim(mark, version);
  }

  /** The version of what the key holds now; undefined when absent. */
  versionOf(key: string): Promise<string | undefined> {
    return this.store.version!(key);
  }

  /** Writes only while the key still has `version`. True when stored. */
  writeIf(key: string, value: StoreValue, ttlMs: number, version: string): Promise<boolean> {
    return this.store.setIfVersion!(key, value, ttlMs, version);
  }

  /** Gives a claim up (the load failed or stored nothing), unless the key changed since. */
  release(key: string, claim: Claim): Promise<boolean> {
    return this.store.deleteIfEquals(key, claim.mark);
  }
}
