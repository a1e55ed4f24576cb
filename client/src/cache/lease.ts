import { CacheStore } from '../store';

/**
 * A short distributed lease for one key's load (cross-process stampede protection): `add` with
 * a TTL takes it (SET NX PX / memcached add), `deleteIfEquals` with the holder's token releases
 * it, so a holder that outlived its lease cannot release a newer holder's. If the holder dies the
 * lease expires on its own. This is single-flight, not mutual exclusion: a loader that runs longer
 * than the lease TTL may overlap with a second one, which only costs a duplicate load.
 */
export class Leases {
  constructor(
    private readonly store: CacheStore,
    private readonly prefix: string,
    public readonly ttlMs: number,
    public readonly waitMs: number,
    public readonly pollMs: number,
  ) {}

  key(fullKey: string): string {
    // Under the namespace (so clear() removes stale leases) but apart from user keys.
    return `${this.prefix}__lease:${fullKey.slice(this.prefix.length)}`;
  }

  /** True when taken. Rejects when the store fails. */
  acquire(fullKey: string, token: string): Promise<boolean> {
    return this.store.add(this.key(fullKey), token, this.ttlMs);
  }

  release(fullKey: string, token: string): Promise<boolean> {
    return this.store.deleteIfEquals(this.key(fullKey), token);
  }

  /**
   * The wait for another holder of a key: polls with doubling intervals (from `pollMs`, at most
   * 200 ms) for at most `waitMs`. Each round first `look`s for the holder's value (found: the wait
   * ends with it), then tries to `take` the key itself (the holder may have given up). Resolves
   * to what was found or taken, or undefined when the wait ran out or `take` answered GIVE_UP.
   */
  async waitForHolder<F, T>(look: () => Promise<F | undefined>, take: () => Promise<T | undefined | typeof GIVE_UP>): Promise<F | T | undefined> {
    const deadline = performance.now() + this.waitMs;
    let delay = this.pollMs;
    for (;;) {
      await sleep(Math.max(1, Math.min(delay, deadline - performance.now())));
      const found = await look();
      if (found !== undefined) return found;
      const taken = await take();
      if (taken === GIVE_UP) return undefined;
      if (taken !== undefined) return taken;
      if (performance.now() >= deadline) return undefined;
      delay = Math.min(delay * 2, 200);
    }
  }
}

/** `take`'s answer in `waitForHolder` when trying again makes no sense (the store failed). */
export const GIVE_UP = Symbol('give up');

/** A promise that resolves after `ms`. The timer is kept referenced: a caller is waiting on it. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** `promise`, or a rejection with `timedOut()` once `ms` pass first. The timer is cleared either way. */
export function withDeadline<T>(promise: T | PromiseLike<T>, ms: number, timedOut: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(timedOut()), ms);
    Promise.resolve(promise).then((value) => {
      clearTimeout(timer);
      resolve(value);
    }, (err: unknown) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** Resolves to `late` if `promise` has not settled within `ms` (it keeps running); else settles like it. */
export function unlessLate<T, L>(promise: Promise<T>, ms: number, late: L): Promise<T | L> {
  return withDeadline(promise, ms, () => new LateSignal()).catch((err: unknown) => {
    if (err instanceof LateSignal) return late;
    throw err;
  });
}

class LateSignal extends Error {}
