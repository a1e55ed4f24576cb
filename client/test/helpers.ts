import { CacheStore, MemoryStore, StoreValue } from '../src';

/** A settable wall clock, shared by a Cache and its MemoryStore for deterministic TTL tests. */
export class FakeClock {
  constructor(public time = 1_700_000_000_000) {}
  readonly now = (): number => this.time;
  advance(ms: number): void {
    this.time += ms;
  }
}

/** A MemoryStore without the by-reference capability: the Cache serializes, as for Redis. */
export function remoteLikeStore(clock?: () => number): MemoryStore {
  return new MemoryStore({ byReference: false, clock });
}

/** A promise with its resolve/reject exposed. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (err: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets pending promise callbacks (and zero-delay timers) run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

type Method = Exclude<keyof CacheStore, 'name'>;

/** A store whose every call rejects: the cache is down. */
export class RejectingStore implements CacheStore {
  readonly name = 'down';
  calls = 0;
  get(): Promise<StoreValue | undefined> { return this.fail(); }
  getMany(): Promise<(StoreValue | undefined)[]> { return this.fail(); }
  set(): Promise<void> { return this.fail(); }
  add(): Promise<boolean> { return this.fail(); }
  delete(): Promise<boolean> { return this.fail(); }
  deleteMany(): Promise<number> { return this.fail(); }
  deleteIfEquals(): Promise<boolean> { return this.fail(); }
  touch(): Promise<boolean> { return this.fail(); }
  clear(): Promise<number> { return this.fail(); }
  keys(): AsyncIterable<string> { throw new Error('ECONNREFUSED'); }
  async close(): Promise<void> {}
  private fail<T>(): Promise<T> {
    this.calls++;
    return Promise.reject(new Error('ECONNREFUSED'));
  }
}

/** A store whose calls never settle: a node that stopped answering. */
export class HangingStore implements CacheStore {
  readonly name = 'hanging';
  calls = 0;
  get(): Promise<StoreValue | undefined> { return this.hang(); }
  getMany(): Promise<(StoreValue | undefined)[]> { return this.hang(); }
  set(): Promise<void> { return this.hang(); }
  add(): Promise<boolean> { return this.hang(); }
  delete(): Promise<boolean> { return this.hang(); }
  deleteMany(): Promise<number> { return this.hang(); }
  deleteIfEquals(): Promise<boolean> { return this.hang(); }
  touch(): Promise<boolean> { return this.hang(); }
  clear(): Promise<number> { return this.hang(); }
  keys(): AsyncIterable<string> { throw new Error('hangs'); }
  async close(): Promise<void> {}
  private hang<T>(): Promise<T> {
    this.calls++;
    return new Promise<T>(() => undefined);
  }
}

/** Wraps a store and counts calls per method (to assert leases, tag reads, …). */
export function counting(store: MemoryStore): { store: MemoryStore; calls: Record<string, number> } {
  const calls: Record<string, number> = {};
  const methods: Method[] = ['get', 'getMany', 'set', 'add', 'delete', 'deleteMany', 'deleteIfEquals', 'touch', 'clear', 'publish'];
  for (const method of methods) {
    const original = (store as unknown as Record<string, (...args: unknown[]) => unknown>)[method].bind(store);
    (store as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      calls[method] = (calls[method] ?? 0) + 1;
      return original(...args);
    };
  }
  return { store, calls };
}
