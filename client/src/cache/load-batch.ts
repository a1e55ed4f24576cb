import { CacheLoadResultError } from '../errors';
import type { Flight } from './internals';
import { describe } from './option-checks';

/**
 * `getOrSetMany`'s loader: the keys to load, in order (no duplicates). It answers one value per
 * key in the same order, or a Map from key to value; `undefined` (or a key missing from the Map)
 * is "not in the source": returned as undefined and not cached.
 */
export type ManyLoader<T> = (keys: string[]) =>
  ReadonlyArray<T | undefined> | ReadonlyMap<string, T | undefined> | Promise<ReadonlyArray<T | undefined> | ReadonlyMap<string, T | undefined>>;

interface Request {
  readonly key: string;
  /** The flight's place in the call, so the loader sees the keys in the caller's order. */
  readonly place: number;
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: unknown) => void;
}

/**
 * One `getOrSetMany` call's loads. Every key runs as its own flight (so it keeps the single-key
 * guarantees: leases, stale-set protection, joins), and a flight that gets to its loader asks
 * here instead. The loader runs once for every key that asks before the last open flight of the
 * call has asked or finished (a hit, a value found under another instance's lease); a flight
 * that waits on another instance's lease stops holding the call back, and if it then loads, it
 * loads alone.
 */
export class LoadBatch {
  private open = 0;
  private sealed = false;
  private scheduled = false;
  private requests: Request[] = [];
  private readonly places = new Map<Flight, number>();

  constructor(private readonly loadMany: ManyLoader<unknown>, private readonly what: string) {}

  /** A flight of this call: the loader waits for it to ask or to finish. */
  enter(flight: Flight): void {
    flight.batch = this;
    flight.holdsBatch = true;
    this.places.set(flight, this.places.size);
    this.open++;
  }

  /** The flight finished, or waits for another instance: the loader no longer waits for it. */
  leave(flight: Flight): void {
    if (!flight.holdsBatch) return;
    flight.holdsBatch = false;
    this.open--;
    this.flushWhenReady();
  }

  /** Every flight of the call is entered. */
  seal(): void {
    this.sealed = true;
    this.flushWhenReady();
  }

  /** The flight's value from the (shared) loader call. */
  load(flight: Flight, key: string): Promise<unknown> {
    const place = this.places.get(flight) ?? this.places.size;
    const value = new Promise<unknown>((resolve, reject) => this.requests.push({ key, place, resolve, reject }));
    if (flight.holdsBatch) this.leave(flight);
    else this.flushWhenReady();
    return value;
  }

  private flushWhenReady(): void {
    if (!this.sealed || this.open > 0 || this.requests.length === 0 || this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => this.flush()); // flights that leave in this tick still join
  }

  private flush(): void {
    this.scheduled = false;
    const requests = this.requests.sort((a, b) => a.place - b.place);
    this.requests = [];
    const keys = requests.map((r) => r.key);
    let result: unknown;
    try {
      result = this.loadMany(keys);
    } catch (err) {
      for (const r of requests) r.reject(err);
      return;
    }
    Promise.resolve(result).then((values) => this.answer(requests, keys, values), (err: unknown) => {
      for (const r of requests) r.reject(err);
    });
  }

  private answer(requests: Request[], keys: string[], values: unknown): void {
    if (values instanceof Map) {
      for (const r of requests) r.resolve(values.get(r.key));
      return;
    }
    if (!Array.isArray(values) || values.length !== keys.length) {
      const got = Array.isArray(values) ? `${values.length} values` : describe(values);
      const err = new CacheLoadResultError(`${this.what}: the loader was called with ${keys.length} keys and returned ${got}; `
        + 'return one value per key, in the order given (undefined where the source has none), or a Map from key to value.');
      for (const r of requests) r.reject(err);
      return;
    }
    for (let i = 0; i < requests.length; i++) requests[i].resolve(values[i]);
  }
}
