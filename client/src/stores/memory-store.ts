import { CacheOptionError } from '../errors';
import { CacheStore, LocalValueStore, StoreValue } from '../store';

export interface MemoryStoreOptions {
  /**
   * Most entries kept; the least recently used go first.
   * @default 10000
   */
  readonly maxEntries?: number;
  /**
   * Most bytes kept (key length plus value size). Strings count one byte per UTF-16 unit, Buffers
   * their length, live values `sizeOf(value)` or, without it, the length of their JSON. Sizing a
   * live value costs a `JSON.stringify` on each write, so it only happens when this is set.
   * @default - no byte bound
   */
  readonly maxBytes?: number;
  /** Size of a live value, for `maxBytes`. */
  readonly sizeOf?: (value: unknown, key: string) => number;
  /**
   * Keep values by reference (no serialization for a `Cache` in front of this store). With
   * `false` the Cache serializes values, so callers get copies and the store holds strings.
   * @default true
   */
  readonly byReference?: boolean;
  /**
   * With `byReference`, refuse what Redis / Memcached would refuse (functions, symbols, cycles,
   * anything the Cache's codec cannot serialize) with the same `CacheSerializationError`, so tests
   * on memory predict production. Costs each write one walk over the value; reads pay nothing.
   * `false` keeps anything (as lru-cache does).
   * @default true
   */
  readonly checkValues?: boolean;
  /** Clock for expiry, in milliseconds (tests inject a fake one). @default Date.now */
  readonly clock?: () => number;
}

/** One entry. A class so every slot has the same shape (monomorphic property access). */
class Slot {
  constructor(
    public value: unknown,
    public expiresAt: number, // 0: never
    public size: number,
    public used: boolean,
  ) {}
}

/**
 * A bounded in-process store with TTL, implementing `CacheStore` fully (including `add`,
 * `deleteIfEquals`, `touch`, `clear(prefix)`, `keys(prefix)` and in-process publish/subscribe),
 * plus the by-reference `LocalValueStore` capability the Cache uses on its hot path.
 *
 * Eviction is second-chance ("CLOCK") over the Map's insertion order, an approximation of LRU
 * that costs a hit one boolean write instead of the delete + re-insert an exact Map-LRU needs:
 * a hit marks the slot used; eviction walks from the oldest slot, moves used slots to the back
 * (clearing the mark) and removes the first unused one. Expired slots are removed when read and
 * preferred by eviction; nothing runs in the background.
 */
export class MemoryStore implements CacheStore, LocalValueStore {
  public readonly name = 'memory';
  public readonly storesValues: boolean;
  public readonly checksValues: boolean;
  private readonly map = new Map<string, Slot>();
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private readonly sizeOf: ((value: unknown, key: string) => number) | undefined;
  private readonly clock: () => number;
  private readonly channels = new Map<string, Set<(message: string) => void>>();
  private totalBytes = 0;

  constructor(options: MemoryStoreOptions = {}) {
    this.maxEntries = positive(options.maxEntries ?? 10_000, 'maxEntries');
    this.maxBytes = options.maxBytes === undefined ? Infinity : positive(options.maxBytes, 'maxBytes');
    this.sizeOf = options.sizeOf;
    this.storesValues = options.byReference ?? true;
    this.checksValues = options.checkValues ?? true;
    this.clock = options.clock ?? Date.now;
  }

  /** Live entries (expired ones that were not read yet included). */
  public get size(): number {
    return this.map.size;
  }

  /** Bytes accounted for `maxBytes` (0 when no byte bound is set). */
  public get bytes(): number {
    return this.totalBytes;
  }

  // ---- LocalValueStore: synchronous, by reference -------------------------------------------

  public peek(key: string): unknown {
    const slot = this.map.get(key);
    if (slot === undefined) return undefined;
    if (slot.expiresAt !== 0 && slot.expiresAt <= this.clock()) {
      this.drop(key, slot);
      return undefined;
    }
    slot.used = true;
    return slot.value;
  }

  public put(key: string, value: unknown, ttlMs: number): void {
    const expiresAt = ttlMs > 0 ? this.clock() + ttlMs : 0;
    const size = this.maxBytes === Infinity ? 0 : this.measure(key, value);
    const slot = this.map.get(key);
    if (size > this.maxBytes) { // can never fit: keep the old value out too, it is outdated
      if (slot !== undefined) this.drop(key, slot);
      return;
    }
    if (slot !== undefined) { // in place: an overwrite counts as a use, not a new position
      this.totalBytes += size - slot.size;
      slot.value = value;
      slot.expiresAt = expiresAt;
      slot.size = size;
      slot.used = true;
    } else {
      // New slots start "used": insertion counts as a use, so a full store of used entries
      // does not evict the entry it has just accepted.
      this.map.set(key, new Slot(value, expiresAt, size, true));
      this.totalBytes += size;
    }
    if (this.map.size > this.maxEntries || this.totalBytes > this.maxBytes) this.evict();
  }

  public remove(key: string): boolean {
    const slot = this.map.get(key);
    if (slot === undefined) return false;
    this.drop(key, slot);
    return slot.expiresAt === 0 || slot.expiresAt > this.clock();
  }

  // ---- CacheStore ---------------------------------------------------------------------------

  public async get(key: string): Promise<StoreValue | undefined> {
    return this.peek(key) as StoreValue | undefined;
  }

  public async getMany(keys: readonly string[]): Promise<(StoreValue | undefined)[]> {
    return keys.map((key) => this.peek(key) as StoreValue | undefined);
  }

  public async set(key: string, value: StoreValue, ttlMs?: number): Promise<void> {
    this.put(key, value, ttlMs ?? 0);
  }

  public async add(key: string, value: StoreValue, ttlMs: number): Promise<boolean> {
    if (this.live(key) !== undefined) return false;
    this.put(key, value, ttlMs);
    return true;
  }

  public async delete(key: string): Promise<boolean> {
    return this.remove(key);
  }

  public async deleteMany(keys: readonly string[]): Promise<number> {
    let deleted = 0;
    for (const key of keys) if (this.remove(key)) deleted++;
    return deleted;
  }

  public async deleteIfEquals(key: string, value: string): Promise<boolean> {
    const slot = this.live(key);
    if (slot === undefined || slot.value !== value) return false;
    this.drop(key, slot);
    return true;
  }

  public async touch(key: string, ttlMs: number): Promise<boolean> {
    const slot = this.live(key);
    if (slot === undefined) return false;
    slot.expiresAt = ttlMs > 0 ? this.clock() + ttlMs : 0;
    return true;
  }

  public async clear(prefix: string): Promise<number> {
    if (prefix === '') {
      const count = this.map.size;
      this.map.clear();
      this.totalBytes = 0;
      return count;
    }
    let count = 0;
    for (const [key, slot] of this.map) {
      if (key.startsWith(prefix)) {
        this.drop(key, slot);
        count++;
      }
    }
    return count;
  }

  public async *keys(prefix: string): AsyncIterable<string> {
    const now = this.clock();
    // A snapshot: callers may delete while iterating.
    const keys = [...this.map].filter(([key, slot]) => key.startsWith(prefix) && (slot.expiresAt === 0 || slot.expiresAt > now));
    for (const [key] of keys) yield key;
  }

  /** Delivers to this process's subscribers synchronously; a throwing listener is isolated. */
  public async publish(channel: string, message: string): Promise<void> {
    const listeners = this.channels.get(channel);
    if (listeners === undefined) return;
    for (const listener of [...listeners]) {
      try {
        listener(message);
      } catch {
        // a subscriber's bug must not fail the publisher
      }
    }
  }

  public async subscribe(channel: string, listener: (message: string) => void): Promise<() => Promise<void>> {
    let listeners = this.channels.get(channel);
    if (listeners === undefined) this.channels.set(channel, listeners = new Set());
    listeners.add(listener);
    return async () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.channels.get(channel) === listeners) this.channels.delete(channel);
    };
  }

  /** Drops every entry and subscription. Idempotent. */
  public async close(): Promise<void> {
    this.map.clear();
    this.channels.clear();
    this.totalBytes = 0;
  }

  // ---- internals ----------------------------------------------------------------------------

  private live(key: string): Slot | undefined {
    const slot = this.map.get(key);
    if (slot === undefined) return undefined;
    if (slot.expiresAt !== 0 && slot.expiresAt <= this.clock()) {
      this.drop(key, slot);
      return undefined;
    }
    return slot;
  }

  private drop(key: string, slot: Slot): void {
    this.map.delete(key);
    this.totalBytes -= slot.size;
  }

  private evict(): void {
    const now = this.clock();
    // Iterating a Map while moving entries to its end is well defined: moved entries are
    // visited again, by then without their mark, so the walk ends after at most one lap.
    for (const [key, slot] of this.map) {
      if (this.map.size <= this.maxEntries && this.totalBytes <= this.maxBytes) return;
      if (slot.used && (slot.expiresAt === 0 || slot.expiresAt > now)) {
        slot.used = false;
        this.map.delete(key);
        this.map.set(key, slot);
      } else {
        this.drop(key, slot);
      }
    }
  }

  private measure(key: string, value: unknown): number {
    if (typeof value === 'string') return key.length + value.length;
    if (Buffer.isBuffer(value)) return key.length + value.length;
    if (this.sizeOf !== undefined) return key.length + this.sizeOf(value, key);
    try {
      return key.length + (JSON.stringify(value)?.length ?? 8);
    } catch {
      return key.length + 1024; // BigInt or a cycle: a flat guess beats refusing the value
    }
  }
}

function positive(value: number, option: string): number {
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new CacheOptionError(`Invalid value for option '${option}': ${value}. Use a positive number.`);
  }
  return value;
}
