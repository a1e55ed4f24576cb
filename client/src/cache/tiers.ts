import { Codec, isLoadingMark } from '../serialization/codec';
import { CacheStore, LocalValueStore, StoreValue } from '../store';

/**
 * The Cache's view of its authoritative store when that store is not also its synchronous front
 * tier (a remote store, or a shared MemoryStore behind an L1). `encode` runs before any write,
 * so a value that cannot be stored is refused before the source or the store is touched.
 */
export interface Tier {
  encode(key: string, item: unknown): unknown;
  read(key: string): Promise<unknown>;
  /**
   * Items in key order; a value that cannot be decoded, or whose shard or node failed, reads as
   * absent and goes to `onError` with its position.
   */
  readMany(keys: string[], onError: (err: unknown, index: number) => void): Promise<unknown[]>;
  write(key: string, encoded: unknown, ttlMs: number): Promise<void>;
}

/** A remote store: values are serialized by the codec. */
export class SerializedTier implements Tier {
  constructor(private readonly store: CacheStore, private readonly codec: Codec) {}

  encode(key: string, item: unknown): unknown {
    return this.codec.encode(key, item);
  }

  async read(key: string): Promise<unknown> {
    const stored = await this.store.get(key);
    return stored === undefined || isLoadingMark(stored) ? undefined : this.codec.decode(key, stored);
  }

  async readMany(keys: string[], onError: (err: unknown, index: number) => void): Promise<unknown[]> {
    const stored = await this.store.getMany(keys, onError);
    const items = new Array<unknown>(stored.length);
    for (let i = 0; i < stored.length; i++) {
      const value = stored[i];
      if (value === undefined || isLoadingMark(value)) continue;
      try {
        items[i] = this.codec.decode(keys[i], value);
      } catch (err) {
        onError(err, i);
      }
    }
    return items;
  }

  write(key: string, encoded: unknown, ttlMs: number): Promise<void> {
    return this.store.set(key, encoded as StoreValue, ttlMs);
  }
}

/** An in-process store with live values, used as the shared tier behind an L1. */
export class LocalTier implements Tier {
  constructor(private readonly store: LocalValueStore) {}

  encode(_key: string, item: unknown): unknown {
    return item;
  }

  async read(key: string): Promise<unknown> {
    return this.store.peek(key);
  }

  async readMany(keys: string[]): Promise<unknown[]> {
    return keys.map((key) => this.store.peek(key));
  }

  async write(key: string, encoded: unknown, ttlMs: number): Promise<void> {
    this.store.put(key, encoded, ttlMs);
  }
}
