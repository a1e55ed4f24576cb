import { counting, deferred, FakeClock, remoteLikeStore, settle } from './helpers';
import { Cache, MemoryStore } from '../src';

describe.each([
  ['memory', () => new MemoryStore()],
  ['serialized', () => remoteLikeStore()],
])('tags (%s)', (_name, makeStore) => {
  test('deleteByTag invalidates exactly the entries carrying the tag', async () => {
    const cache = new Cache({ store: makeStore(), namespace: 'app' });
    await cache.set('u1', 'alice', { tags: ['users'] });
    await cache.set('u2', 'bob', { tags: ['users', 'admins'] });
    await cache.set('p1', 'post', { tags: ['posts'] });
    await cache.set('plain', 'untagged');
    await cache.deleteByTag('users');
    expect(await cache.get('u1')).toBeUndefined();
    expect(await cache.get('u2')).toBeUndefined();
    expect(await cache.get('p1')).toBe('post');
    expect(await cache.get('plain')).toBe('untagged');
    // new writes with the tag are valid again
    await cache.set('u1', 'alice2', { tags: ['users'] });
    expect(await cache.get('u1')).toBe('alice2');
    // getOrSet with tags
    expect(await cache.getOrSet('u3', async () => 'carol', { tags: ['admins'] })).toBe('carol');
    await cache.deleteByTag('admins');
    expect(await cache.getOrSet('u3', async () => 'carol2', { tags: ['admins'] })).toBe('carol2');
  });

  test('tags are per namespace', async () => {
    const store = makeStore();
    const a = new Cache({ store, namespace: 'a' });
    const b = new Cache({ store, namespace: 'b' });
    await a.set('k', 1, { tags: ['t'] });
    await b.set('k', 2, { tags: ['t'] });
    await a.deleteByTag('t');
    expect(await a.get('k')).toBeUndefined();
    expect(await b.get('k')).toBe(2);
  });
});

describe('tags: costs and races', () => {
  test('untagged reads never touch tag keys; tagged reads cost one getMany', async () => {
    const { store, calls } = counting(remoteLikeStore());
    const cache = new Cache({ store });
    await cache.set('plain', 1);
    await cache.get('plain');
    expect(calls.getMany).toBeUndefined();
    await cache.set('tagged', 1, { tags: ['a', 'b'] });
    const before = calls.getMany;
    await cache.get('tagged');
    expect(calls.getMany - before).toBe(1);
  });

  test('a deleteByTag while the loader runs invalidates what it returns', async () => {
    const cache = new Cache({ store: new MemoryStore() });
    const gate = deferred<string>();
    const loading = cache.getOrSet('k', () => gate.promise, { tags: ['t'] });
    await settle();
    await cache.deleteByTag('t'); // the source changed while we were reading it
    gate.resolve('pre-invalidation data');
    expect(await loading).toBe('pre-invalidation data');
    expect(await cache.get('k')).toBeUndefined();
  });

  test('an evicted tag version key invalidates (never resurrects) its entries', async () => {
    const store = new MemoryStore();
    const cache = new Cache({ store });
    await cache.set('k', 1, { tags: ['t'] });
    await cache.deleteByTag('t');
    await store.delete('__tag:t'); // as if evicted
    expect(await cache.get('k')).toBeUndefined();
  });

  test('tagged entries with grace: stale service and invalidation compose', async () => {
    const clock = new FakeClock();
    const cache = new Cache({ clock: clock.now, store: new MemoryStore({ clock: clock.now }), ttl: '10s', grace: '1m' });
    await cache.set('k', 'v1', { tags: ['t'] });
    clock.advance(10_000);
    expect(await cache.getOrSet('k', async () => 'v2', { tags: ['t'] })).toBe('v1'); // stale, refreshing
    await settle();
    expect(await cache.get('k')).toBe('v2');
    await cache.deleteByTag('t');
    expect(await cache.getOrSet('k', async () => 'v3', { tags: ['t'] })).toBe('v3'); // invalidated: no stale
  });
});
