import { deferred, FakeClock, remoteLikeStore, settle } from './helpers';
import { Cache, MemoryStore } from '../src';

const kinds = [
  ['memory', (clock: FakeClock) => new MemoryStore({ clock: clock.now })],
  ['serialized', (clock: FakeClock) => remoteLikeStore(clock.now)],
] as const;

describe.each(kinds)('grace / stale-while-revalidate (%s)', (_name, makeStore) => {
  let clock: FakeClock;
  let cache: Cache;
  beforeEach(() => {
    clock = new FakeClock();
    cache = new Cache({ store: makeStore(clock), clock: clock.now, ttl: '10s', grace: '1m' });
  });
  afterEach(() => cache.close());

  test('fresh within ttl; stale is served at once while ONE background refresh runs', async () => {
    const loader = jest.fn(async () => 'v1');
    expect(await cache.getOrSet('k', loader)).toBe('v1');
    clock.advance(10_000); // stale now
    const refresh = deferred<string>();
    const refresher = jest.fn(() => refresh.promise);
    const answers = await Promise.all(Array.from({ length: 100 }, () => cache.getOrSet('k', refresher)));
    expect(new Set(answers)).toEqual(new Set(['v1'])); // nobody waited for the source
    expect(await cache.getOrSet('k', refresher)).toBe('v1'); // still refreshing: no second refresh
    expect(refresher).toHaveBeenCalledTimes(1);
    refresh.resolve('v2');
    await settle();
    expect(await cache.getOrSet('k', refresher)).toBe('v2');
    expect(refresher).toHaveBeenCalledTimes(1);
    expect(cache.stats().staleHits).toBe(101);
  });

  test('get() returns fresh graced values but not stale ones', async () => {
    await cache.set('k', 'v');
    expect(await cache.get('k')).toBe('v');
    clock.advance(9_999);
    expect(await cache.get('k')).toBe('v');
    clock.advance(1);
    expect(await cache.get('k')).toBeUndefined();
  });

  test('stale on source failure: the error is counted, and the source is not hammered', async () => {
    await cache.getOrSet('k', async () => 'v1');
    clock.advance(10_000);
    const failing = jest.fn(async () => {
      throw new Error('source down');
    });
    expect(await cache.getOrSet('k', failing)).toBe('v1');
    await settle();
    expect(failing).toHaveBeenCalledTimes(1);
    expect(cache.stats().loadErrors).toBe(1);
    expect(await cache.getOrSet('k', failing)).toBe('v1'); // within graceBackoff (1 s): no retry
    await settle();
    expect(failing).toHaveBeenCalledTimes(1);
    clock.advance(1_000);
    expect(await cache.getOrSet('k', failing)).toBe('v1');
    await settle();
    expect(failing).toHaveBeenCalledTimes(2);
  });

  test('after ttl + grace the entry is gone and the loader is awaited', async () => {
    await cache.getOrSet('k', async () => 'v1');
    clock.advance(70_000);
    const loader = jest.fn(async () => 'v2');
    expect(await cache.getOrSet('k', loader)).toBe('v2');
    expect(loader).toHaveBeenCalledTimes(1);
  });

  test('per-call grace; without grace no stale value is ever served', async () => {
    await cache.set('none', 'v', { grace: 0 });
    clock.advance(10_000);
    expect(await cache.getOrSet('none', async () => 'new')).toBe('new');
  });
});

describe('grace without stale-while-revalidate (stale-if-error)', () => {
  test('waits for the source; serves stale only when it fails', async () => {
    const clock = new FakeClock();
    const cache = new Cache({ clock: clock.now, ttl: '10s', grace: '1m', staleWhileRevalidate: false });
    await cache.getOrSet('k', async () => 'v1');
    clock.advance(10_000);
    expect(await cache.getOrSet('k', async () => 'v2')).toBe('v2');
    clock.advance(10_000);
    expect(await cache.getOrSet('k', async () => {
      throw new Error('down');
    })).toBe('v2');
    expect(cache.stats()).toMatchObject({ loadErrors: 1, staleHits: 2 });
  });
});
