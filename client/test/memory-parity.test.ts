import fc from 'fast-check';
import { Cache, CacheSerializationError, MemoryStore, RedisStore } from '../src';
import { RedisServer, startRedis } from './servers';

// The default MemoryStore keeps values by reference, yet refuses exactly what a remote store
// refuses, with the same error: code tested on memory behaves the same on Redis / Memcached.
let redis: RedisServer;
let onRedis: Cache;
beforeAll(async () => {
  redis = await startRedis();
  onRedis = new Cache({ store: new RedisStore({ url: redis.url }), closeStore: true, namespace: 'parity' });
}, 60_000);
afterAll(async () => {
  await onRedis?.close();
  await redis?.destroy();
});

/** Values the codec refuses (alone, or anywhere inside a value). */
const refused: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(() => 1),
  fc.constant(Symbol('s')),
  fc.constant(class Thing {}),
  fc.anything().map((inner) => {
    const cycle: Record<string, unknown> = { inner };
    cycle.self = cycle;
    return cycle;
  }),
  fc.anything().map((inner) => {
    const a: unknown[] = [inner];
    a.push({ back: a });
    return a;
  }),
);

/** Puts `bad` somewhere inside `value`'s structure. */
function embed(value: unknown, bad: unknown, where: number): unknown {
  switch (where % 4) {
    case 0: return { value, nested: { bad } };
    case 1: return [value, [bad]];
    case 2: return new Map<unknown, unknown>([['ok', value], ['bad', bad]]);
    default: return new Set([value, bad]);
  }
}

// Own keys named like Object.prototype's methods (valueOf, toString, …) are left out: jest's
// toEqual treats them specially: it fails { valueOf: undefined } against {}, which it passes for other keys.
const plainKey = fc.string().filter((k) => k === '__proto__' || !(k in Object.prototype));
const anything = fc.anything({
  key: plainKey, withBigInt: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withTypedArray: false,
});

const values: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: anything },
  { weight: 1, arbitrary: refused },
  { weight: 2, arbitrary: fc.tuple(anything, refused, fc.nat()).map(([value, bad, where]) => embed(value, bad, where)) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>({ toJSON: () => undefined }, [1, undefined, 3], { a: undefined, b: [undefined] }) },
);

type Result = { ok: true; value: unknown } | { ok: false; error: unknown };
const outcome = (p: Promise<unknown>): Promise<Result> =>
  p.then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));

function sameRefusal(memory: Result, remote: Result): void {
  expect(memory.ok).toBe(remote.ok);
  if (!memory.ok && !remote.ok) {
    expect(memory.error).toBeInstanceOf(CacheSerializationError);
    expect(remote.error).toBeInstanceOf(CacheSerializationError);
    expect((memory.error as Error).message).toBe((remote.error as Error).message);
  }
}

// Two Invalid Dates are the same value (jest compares Dates by getTime(), and NaN !== NaN).
(expect as unknown as { addEqualityTesters(testers: unknown[]): void }).addEqualityTesters([(a: unknown, b: unknown) =>
  a instanceof Date && b instanceof Date && Number.isNaN(a.getTime()) && Number.isNaN(b.getTime()) ? true : undefined]);

test('set / getOrSet on the default MemoryStore accept exactly what they accept on Redis, with the same error; accepted values round-trip equal', async () => {
  const onMemory = new Cache();
  let run = 0;
  await fc.assert(fc.asyncProperty(values, fc.boolean(), async (value, graced) => {
    const key = `k${run++}`;
    const options = graced ? { ttl: '1m', grace: '1m' } : undefined;
    const memory = await outcome(onMemory.set(key, value, options));
    const remote = await outcome(onRedis.set(key, value, options));
    sameRefusal(memory, remote);
    if (memory.ok) {
      expect(await onMemory.get(key)).toBe(value); // by reference: the very object
      expect(await onRedis.get(key)).toEqual(value);
    } else {
      expect(await onMemory.get(key)).toBeUndefined();
    }
    // A loaded value is checked the same way; the loader still ran once on each.
    const loaded = [await outcome(onMemory.getOrSet(`l${key}`, async () => value)), await outcome(onRedis.getOrSet(`l${key}`, async () => value))];
    sameRefusal(loaded[0], loaded[1]);
  }), { numRuns: 300 });
  await onMemory.close();
});

test('the refusal names the key and what is wrong, and nothing is stored', async () => {
  const cache = new Cache({ namespace: 'ns' });
  const cycle: Record<string, unknown> = { a: 1 };
  cycle.me = cycle;
  await expect(cache.set('fn', { user: { save: () => 1 } })).rejects.toThrow("Cannot cache key 'fn': a function at property 'save' cannot be serialized");
  await expect(cache.set('sym', [Symbol('x')])).rejects.toThrow("Cannot cache key 'sym': a symbol at property '0' cannot be serialized");
  await expect(cache.set('cycle', cycle)).rejects.toThrow("Cannot cache key 'cycle': the value has a circular reference or is nested deeper than 512 levels");
  await expect(cache.set('big', { n: 10n })).resolves.toBeUndefined(); // BigInt: typed JSON stores it on Redis too
  for (const key of ['fn', 'sym', 'cycle']) expect(await cache.get(key)).toBeUndefined();
  await cache.close();
});

test('checkValues: false keeps anything by reference; an L1 keeps the checked value by reference', async () => {
  const loose = new Cache({ store: new MemoryStore({ checkValues: false }) });
  const withFunction = { run: () => 42 };
  await loose.set('f', withFunction);
  expect(await loose.get('f')).toBe(withFunction);
  await loose.close();

  const tiered = new Cache({ store: new RedisStore({ url: redis.url }), closeStore: true, l1: new MemoryStore(), namespace: 'l1parity' });
  const value = { when: new Date(0), tags: new Set(['a']) };
  await tiered.set('v', value);
  expect(await tiered.get('v')).toBe(value); // the L1 hit is the object itself
  await expect(tiered.set('bad', { f: () => 1 })).rejects.toBeInstanceOf(CacheSerializationError);
  await tiered.close();
});
