import { counting, FakeClock, remoteLikeStore } from './helpers';
import { Cache, MemoryStore } from '../src';

/** Two app instances, each with its own L1, sharing one "remote" store with in-process pub/sub. */
async function pair(remote = remoteLikeStore(), extra: { l1Ttl?: number; clock?: FakeClock } = {}) {
  const clock = extra.clock;
  const l1a = new MemoryStore({ maxEntries: 100, clock: clock?.now });
  const l1b = new MemoryStore({ maxEntries: 100, clock: clock?.now });
  const a = new Cache({ store: remote, l1: l1a, l1Ttl: extra.l1Ttl, clock: clock?.now, namespace: 'app' });
  const b = new Cache({ store: remote, l1: l1b, l1Ttl: extra.l1Ttl, clock: clock?.now, namespace: 'app' });
  await a.ready();
  await b.ready();
  return { remote, a, b, l1a, l1b };
}

describe('L1 in front of a remote store', () => {
  test('reads fill the L1; a second read does not reach the remote store', async () => {
    const { store, calls } = counting(remoteLikeStore());
    const { a, l1a } = await pair(store);
    await store.set('app:k', 'j"remote"');
    expect(await a.get('k')).toBe('remote');
    const remoteGets = calls.get;
    expect(await a.get('k')).toBe('remote');
    expect(calls.get).toBe(remoteGets);
    expect(l1a.peek('app:k')).toBe('remote');
  });

  test('a set on one instance evicts the key from the other instance’s L1', async () => {
    const { a, b, l1b } = await pair();
    await a.set('k', 'v1');
    expect(await b.get('k')).toBe('v1'); // b's L1 now holds v1
    expect(l1b.peek('app:k')).toBe('v1');
    await a.set('k', 'v2');
    expect(l1b.peek('app:k')).toBeUndefined();
    expect(await b.get('k')).toBe('v2');
  });

  test('delete, deleteMany and clear propagate too', async () => {
    const { a, b, l1b } = await pair();
    for (const key of ['x', 'y', 'z']) await a.set(key, key);
    for (const key of ['x', 'y', 'z']) expect(await b.get(key)).toBe(key);
    await a.delete('x');
    expect(l1b.peek('app:x')).toBeUndefined();
    expect(await b.get('x')).toBeUndefined();
    await a.deleteMany(['y']);
    expect(await b.get('y')).toBeUndefined();
    await a.clear();
    expect(l1b.size).toBe(0);
    expect(await b.get('z')).toBeUndefined();
  });

  test('an instance ignores its own messages (its L1 keeps the value it just wrote)', async () => {
    const { a, l1a } = await pair();
    await a.set('k', { v: 1 });
    expect(l1a.peek('app:k')).toEqual({ v: 1 });
  });

  test('L1 copies expire after l1Ttl, never later than the entry TTL, and never serve stale', async () => {
    const clock = new FakeClock();
    const { a, l1a } = await pair(remoteLikeStore(clock.now), { l1Ttl: 1000, clock });
    await a.set('long', 1, { ttl: '1h' });
    await a.set('short', 2, { ttl: 300 });
    clock.advance(300);
    expect(l1a.peek('app:short')).toBeUndefined();
    clock.advance(700);
    expect(l1a.peek('app:long')).toBeUndefined();
    expect(await a.get('long')).toBe(1); // back from the remote store, into the L1 again
    expect(l1a.peek('app:long')).toBe(1);
  });

  test('graced entries: the L1 copy ends at the logical expiry; the stale value comes from the store', async () => {
    const clock = new FakeClock();
    const remote = remoteLikeStore(clock.now);
    const l1 = new MemoryStore({ clock: clock.now });
    const cache = new Cache({ store: remote, l1, clock: clock.now, ttl: 1000, grace: '1m' });
    await cache.set('k', 'v1');
    clock.advance(500);
    l1.remove('k');
    expect(await cache.get('k')).toBe('v1'); // refilled for the remaining 500 ms only
    clock.advance(500);
    expect(l1.peek('k')).toBeUndefined();
    expect(await cache.getOrSet('k', async () => 'v2')).toBe('v1'); // stale, from the store
    expect(l1.peek('k')).toBeUndefined(); // never cached stale in the L1
    await new Promise((resolve) => setImmediate(resolve));
    expect(await cache.get('k')).toBe('v2');
  });

  test('with a shared by-reference store behind the L1 (no serialization at all)', async () => {
    const { a, b } = await pair(new MemoryStore());
    await a.set('k', 'v1');
    expect(await b.get('k')).toBe('v1');
    await b.set('k', 'v2');
    expect(await a.get('k')).toBe('v2');
  });

  test('without an L1, publishInvalidations lets a plain instance evict peers’ L1 copies', async () => {
    const remote = remoteLikeStore();
    const { b, l1b } = await pair(remote);
    const plain = new Cache({ store: remote, namespace: 'app', publishInvalidations: true });
    await plain.ready();
    await plain.set('k', 'v1');
    expect(await b.get('k')).toBe('v1');
    await plain.set('k', 'v2');
    expect(l1b.peek('app:k')).toBeUndefined();
    expect(await b.get('k')).toBe('v2');
  });

  test('close unsubscribes', async () => {
    const { a, b, l1b } = await pair();
    await a.set('k', 'v1');
    await b.get('k');
    await b.close();
    await a.set('k', 'v2');
    expect(l1b.peek('app:k')).toBe('v1'); // b no longer listens
  });
});
