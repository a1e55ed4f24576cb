import { FakeClock } from './helpers';
import { CacheOptionError, isLocalValueStore, MemoryStore } from '../src';

async function collect(iterable: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const key of iterable) out.push(key);
  return out.sort();
}

describe('MemoryStore', () => {
  test('stores live values by reference (capability flag), or not', () => {
    const store = new MemoryStore();
    const value = { a: 1 };
    store.put('k', value, 0);
    expect(store.peek('k')).toBe(value);
    expect(isLocalValueStore(store)).toBe(true);
    expect(isLocalValueStore(new MemoryStore({ byReference: false }))).toBe(false);
  });

  test('TTL: expires exactly at ttl, per key; 0 means no expiry', async () => {
    const clock = new FakeClock();
    const store = new MemoryStore({ clock: clock.now });
    await store.set('short', 'a', 100);
    await store.set('forever', 'b');
    clock.advance(99);
    expect(await store.get('short')).toBe('a');
    clock.advance(1);
    expect(await store.get('short')).toBeUndefined();
    expect(store.size).toBe(1); // removed when read
    clock.advance(1e9);
    expect(await store.get('forever')).toBe('b');
  });

  test('evicts least recently used first (second chance): a read protects an entry', async () => {
    const store = new MemoryStore({ maxEntries: 3 });
    await store.set('a', '1');
    await store.set('b', '2');
    await store.set('c', '3');
    // All three start marked; the first overflow clears the marks and evicts the oldest.
    await store.set('d', '4');
    expect(await collect(store.keys(''))).toEqual(['b', 'c', 'd']); // keys() does not count as a use
    expect(await store.get('b')).toBe('2'); // b used, c not
    await store.set('e', '5');
    expect(await store.get('c')).toBeUndefined();
    expect(await store.getMany(['b', 'd', 'e'])).toEqual(['2', '4', '5']);
    expect(store.size).toBe(3);
  });

  test('eviction prefers expired entries even when they were used', async () => {
    const clock = new FakeClock();
    const store = new MemoryStore({ maxEntries: 2, clock: clock.now });
    await store.set('old', '1', 10);
    await store.set('live', '2');
    store.peek('old');
    clock.advance(10);
    await store.set('new', '3');
    expect(await store.getMany(['old', 'live', 'new'])).toEqual([undefined, '2', '3']);
  });

  test('maxBytes bounds keys + values; an entry that can never fit is not stored', async () => {
    const store = new MemoryStore({ maxBytes: 20 });
    await store.set('a', '123456789'); // 10 bytes
    await store.set('b', '123456789'); // 20
    expect(store.bytes).toBe(20);
    await store.set('c', '1234'); // 25 > 20 → evict a
    expect(await store.get('a')).toBeUndefined();
    expect(store.bytes).toBe(15);
    await store.set('b', 'x'.repeat(100));
    expect(await store.get('b')).toBeUndefined(); // outdated value dropped too
    expect(store.bytes).toBe(5);
    await store.set('buf', Buffer.alloc(8));
    expect(store.bytes).toBe(16);
  });

  test('maxBytes sizes live values with sizeOf, or their JSON length', () => {
    const sized = new MemoryStore({ maxBytes: 1000, sizeOf: () => 100 });
    sized.put('k', { a: 1 }, 0);
    expect(sized.bytes).toBe(101);
    const json = new MemoryStore({ maxBytes: 5000 });
    json.put('k', { a: 1 }, 0);
    expect(json.bytes).toBe(1 + '{"a":1}'.length);
    json.put('big', { n: 1n }, 0); // JSON cannot size a BigInt: flat guess
    expect(json.bytes).toBe(8 + 3 + 1024);
  });

  test('add only when absent or expired; deleteIfEquals; touch', async () => {
    const clock = new FakeClock();
    const store = new MemoryStore({ clock: clock.now });
    expect(await store.add('lock', 't1', 50)).toBe(true);
    expect(await store.add('lock', 't2', 50)).toBe(false);
    expect(await store.deleteIfEquals('lock', 't2')).toBe(false);
    expect(await store.deleteIfEquals('lock', 't1')).toBe(true);
    expect(await store.add('lock', 't3', 50)).toBe(true);
    clock.advance(50);
    expect(await store.add('lock', 't4', 50)).toBe(true); // the expired lease is free again
    expect(await store.touch('lock', 1000)).toBe(true);
    clock.advance(999);
    expect(await store.get('lock')).toBe('t4');
    expect(await store.touch('missing', 10)).toBe(false);
    expect(await store.touch('lock', 0)).toBe(true);
    clock.advance(1e9);
    expect(await store.get('lock')).toBe('t4');
  });

  test('clear(prefix) and keys(prefix) act on one namespace', async () => {
    const clock = new FakeClock();
    const store = new MemoryStore({ clock: clock.now });
    await store.set('ns1:a', '1');
    await store.set('ns1:b', '1', 10);
    await store.set('ns2:a', '1');
    expect(await collect(store.keys('ns1:'))).toEqual(['ns1:a', 'ns1:b']);
    clock.advance(10);
    expect(await collect(store.keys('ns1:'))).toEqual(['ns1:a']);
    expect(await store.clear('ns1:')).toBe(2);
    expect(await collect(store.keys(''))).toEqual(['ns2:a']);
    expect(await store.clear('')).toBe(1);
    expect(store.size).toBe(0);
  });

  test('publish/subscribe in-process; unsubscribe; a throwing listener is isolated', async () => {
    const store = new MemoryStore();
    const got: string[] = [];
    const off = await store.subscribe('ch', (m) => got.push(m));
    await store.subscribe('ch', () => {
      throw new Error('bad listener');
    });
    await store.publish('ch', 'one');
    await store.publish('other', 'nope');
    await off();
    await store.publish('ch', 'two');
    expect(got).toEqual(['one']);
  });

  test('close drops entries and is idempotent', async () => {
    const store = new MemoryStore();
    await store.set('a', '1');
    await store.close();
    await store.close();
    expect(await store.get('a')).toBeUndefined();
  });

  test('bad options are refused', () => {
    expect(() => new MemoryStore({ maxEntries: 0 })).toThrow(CacheOptionError);
    expect(() => new MemoryStore({ maxBytes: -5 })).toThrow(/maxBytes/);
  });
});
