import { counting, deferred, remoteLikeStore } from './helpers';
import { Cache, MemoryStore } from '../src';

describe('stampede protection', () => {
  test.each([
    ['memory', () => new MemoryStore()],
    ['serialized', () => remoteLikeStore()],
  ])('in-process (%s): 1000 concurrent getOrSet → 1 loader call', async (_name, makeStore) => {
    const cache = new Cache({ store: makeStore() });
    const gate = deferred<string>();
    const loader = jest.fn(() => gate.promise);
    const calls = Array.from({ length: 1000 }, () => cache.getOrSet('hot', loader));
    gate.resolve('value');
    expect(new Set(await Promise.all(calls))).toEqual(new Set(['value']));
    expect(loader).toHaveBeenCalledTimes(1);
    expect(cache.stats()).toMatchObject({ misses: 1000, loads: 1 }); // joiners are counted too
    // and the flight is over: a later miss loads again
    await cache.delete('hot');
    expect(await cache.getOrSet('hot', async () => 'again')).toBe('again');
    await cache.close();
  });

  test('a failing load rejects every waiting caller, and the next call retries', async () => {
    const cache = new Cache();
    const gate = deferred<string>();
    const calls = Array.from({ length: 10 }, () => cache.getOrSet('k', () => gate.promise));
    gate.reject(new Error('source down'));
    const results = await Promise.allSettled(calls);
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(await cache.getOrSet('k', async () => 'ok')).toBe('ok');
  });

  test.each([
    ['memory', () => new MemoryStore()],
    ['serialized', () => remoteLikeStore()],
  ])('across instances (%s): two Caches on one store → 1 loader call, via the lease', async (_name, makeStore) => {
    const { store, calls } = counting(makeStore());
    const a = new Cache({ store, lease: { poll: 2 } });
    const b = new Cache({ store, lease: { poll: 2 } });
    const gate = deferred<string>();
    const loader = jest.fn(() => gate.promise);
    const fromA = Array.from({ length: 50 }, () => a.getOrSet('hot', loader));
    const fromB = Array.from({ length: 50 }, () => b.getOrSet('hot', loader));
    await new Promise((resolve) => setTimeout(resolve, 10)); // b is polling by now
    gate.resolve('value');
    expect(new Set(await Promise.all([...fromA, ...fromB]))).toEqual(new Set(['value']));
    expect(loader).toHaveBeenCalledTimes(1);
    expect(calls.deleteIfEquals).toBe(1); // released by its holder
    expect(await store.get('__lease:hot')).toBeUndefined();
    await a.close();
    await b.close();
  });

  test('the waiter takes over when the holder fails (and releases its lease)', async () => {
    const store = new MemoryStore();
    const a = new Cache({ store, lease: { poll: 2 } });
    const b = new Cache({ store, lease: { poll: 2 } });
    const gate = deferred<string>();
    const first = a.getOrSet('k', () => gate.promise);
    await new Promise((resolve) => setImmediate(resolve));
    const second = b.getOrSet('k', async () => 'from b');
    await new Promise((resolve) => setTimeout(resolve, 5));
    gate.reject(new Error('a failed'));
    await expect(first).rejects.toThrow('a failed');
    expect(await second).toBe('from b');
    expect(b.stats().loads).toBe(1);
  });

  test('the wait is bounded: a holder that never finishes does not block others past lease.wait', async () => {
    const store = new MemoryStore();
    const a = new Cache({ store });
    const b = new Cache({ store, lease: { wait: 40, poll: 5 } });
    void a.getOrSet('k', () => new Promise<string>(() => undefined)); // holds the lease forever
    await new Promise((resolve) => setImmediate(resolve));
    const started = performance.now();
    expect(await b.getOrSet('k', async () => 'b loaded itself')).toBe('b loaded itself');
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(35);
    expect(waited).toBeLessThan(1000);
  });

  test('a lease that its holder leaked expires on its own (lease.ttl)', async () => {
    const store = new MemoryStore();
    await store.add('__lease:k', 'someone-dead', 30);
    const cache = new Cache({ store, lease: { ttl: 30, wait: 5000, poll: 5 } });
    const started = performance.now();
    expect(await cache.getOrSet('k', async () => 'mine')).toBe('mine');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  test('lease: false keeps only the in-process protection (no store lease calls)', async () => {
    const { store, calls } = counting(new MemoryStore());
    const cache = new Cache({ store, lease: false });
    await cache.getOrSet('k', async () => 1);
    expect(calls.add).toBeUndefined();
  });
});
