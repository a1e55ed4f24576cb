import { CacheDecodeError, CacheSerializationError } from '../src';
import { Codec } from '../src/serialization/codec';
import { LiveEntry } from '../src/serialization/entry';
import { Tagged, tagValue } from '../src/serialization/typed-json';

const codec = new Codec();
const roundTrip = <T>(value: T, c = codec): T => c.decode('k', c.encode('k', value)) as T;

describe('codec round-trips', () => {
  test.each([
    ['string', 'hello'],
    ['number', 42.5],
    ['boolean', false],
    ['null', null],
    ['plain object', { a: 1, b: ['x', { c: null }], d: 'é漢' }],
    ['array', [1, 'two', [3]]],
  ])('%s takes the plain path', (_name, value) => {
    const stored = codec.encode('k', value) as string;
    expect(stored[0]).toBe('j');
    expect(roundTrip(value)).toEqual(value);
  });

  test('Date, BigInt, Map, Set, Buffer, NaN/Infinity and nested mixes', () => {
    const value = {
      at: new Date('2026-01-02T03:04:05.678Z'),
      invalid: new Date(NaN),
      big: 12345678901234567890n,
      map: new Map<unknown, unknown>([['a', new Set([1, 2])], [3, { d: new Date(0) }]]),
      set: new Set(['x', 'y']),
      buf: Buffer.from([0, 1, 2, 255]),
      nums: [NaN, Infinity, -Infinity, 1],
    };
    const stored = codec.encode('k', value) as string;
    expect(stored[0]).toBe('t');
    const back = roundTrip(value);
    expect(back.at).toBeInstanceOf(Date);
    expect(back.at.toISOString()).toBe('2026-01-02T03:04:05.678Z');
    expect(Number.isNaN(back.invalid.getTime())).toBe(true);
    expect(back.big).toBe(12345678901234567890n);
    expect(back.map).toBeInstanceOf(Map);
    expect(back.map.get('a')).toEqual(new Set([1, 2]));
    expect((back.map.get(3) as { d: Date }).d).toEqual(new Date(0));
    expect(back.set).toEqual(new Set(['x', 'y']));
    expect(Buffer.isBuffer(back.buf)).toBe(true);
    expect([...back.buf]).toEqual([0, 1, 2, 255]);
    expect(back.nums).toEqual([NaN, Infinity, -Infinity, 1]);
  });

  test('-0 keeps its sign (JSON writes it as 0); 0 stays plain', () => {
    expect(Object.is(roundTrip(-0), -0)).toBe(true);
    expect(Object.is(roundTrip({ n: [-0] }).n[0], -0)).toBe(true);
    expect(Object.is(roundTrip(0), 0)).toBe(true);
    expect((codec.encode('k', { n: 0 }) as string)[0]).toBe('j');
  });

  test('top-level special values', () => {
    expect(roundTrip(new Date(5))).toEqual(new Date(5));
    expect(roundTrip(7n)).toBe(7n);
    expect(roundTrip(new Map([[1, 2]]))).toEqual(new Map([[1, 2]]));
  });

  test('undefined: dropped from objects (like JSON), kept in arrays, Maps and Sets', () => {
    const back = roundTrip({ a: undefined, list: [1, undefined, 3], map: new Map([['k', undefined]]), set: new Set([undefined]) });
    expect('a' in back).toBe(false);
    expect(back.list).toEqual([1, undefined, 3]);
    expect(1 in back.list).toBe(true);
    expect(back.map.has('k')).toBe(true);
    expect(back.set.has(undefined)).toBe(true);
  });

  test("an object's own `$t` key is escaped, not mistaken for a tagged value", () => {
    const value = { $t: 'Date', v: 5, nested: { $t: 'Map' } };
    const back = roundTrip(value);
    expect(back).toEqual(value);
    expect(back.nested).toEqual({ $t: 'Map' });
  });

  test('an own `__proto__` key holding a special value stays a property (it must not become the prototype)', () => {
    // Found by memory-parity's property test: copying or reviving it by assignment set the object's
    // prototype to the tagged Set instead, and the key was lost.
    const value: Record<string, unknown> = { plain: 1 };
    Object.defineProperty(value, '__proto__', { value: new Set([1, 2]), enumerable: true, writable: true, configurable: true });
    const back = roundTrip(value) as Record<string, unknown>;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(back, '__proto__')?.value).toEqual(new Set([1, 2]));
    expect(back.plain).toBe(1);
  });

  test('class instances come back as plain objects; toJSON is honoured', () => {
    class Point {
      constructor(public x: number, public y: number) {}
    }
    expect(roundTrip(new Point(1, 2))).toEqual({ x: 1, y: 2 });
    expect(roundTrip({ when: { toJSON: () => 'custom' } })).toEqual({ when: 'custom' });
    const self = {
      a: 1,
      toJSON(): unknown {
        return this;
      },
    };
    // A toJSON returning itself does not loop: its properties are walked, and the method refused.
    expect(() => codec.encode('k', self)).toThrow("a function at property 'toJSON'");
    class WithGetter {
      public own = 1;
      get computed(): number {
        return 2;
      }
    }
    expect(roundTrip({ w: new WithGetter(), d: new Date(1) })).toEqual({ w: { own: 1 }, d: new Date(1) });
  });

  test('LiveEntry metadata (grace and tags) survives, and the common case has none', () => {
    const entry = new LiveEntry({ n: new Date(1) }, 1234, { 'users': 'v1', 'a\nb': 'v2' });
    const stored = codec.encode('k', entry) as string;
    expect(stored[0]).toBe('m');
    const back = codec.decode('k', stored) as LiveEntry<{ n: Date }>;
    expect(back).toBeInstanceOf(LiveEntry);
    expect(back.staleAt).toBe(1234);
    expect(back.tags).toEqual({ 'users': 'v1', 'a\nb': 'v2' }); // eslint-disable-line @stylistic/quote-props
    expect(back.value.n).toEqual(new Date(1));
    expect(codec.decode('k', codec.encode('k', new LiveEntry(1, 99, undefined)))).toEqual(new LiveEntry(1, 99, undefined));
  });

  test('a store that hands back Buffers for text is understood', () => {
    expect(codec.decode('k', Buffer.from('j{"a":1}'))).toEqual({ a: 1 });
  });
});

describe('codec errors name the key', () => {
  test.each([
    ['a function', { f: () => 1 }, /key 'user:1'.*a function at property 'f'/],
    ['a symbol', { s: Symbol('x') }, /a symbol at property 's'/],
    ['a top-level function', () => 1, /a function at the top level/],
    ['undefined', undefined, /undefined cannot be cached/],
  ])('%s', (_name, value, message) => {
    expect(() => codec.encode('user:1', value)).toThrow(CacheSerializationError);
    expect(() => codec.encode('user:1', value)).toThrow(message);
  });

  test('a circular reference', () => {
    const value: Record<string, unknown> = { a: 1 };
    value.self = value;
    expect(() => codec.encode('user:1', value)).toThrow("Cannot cache key 'user:1': the value has a circular reference");
  });

  test('deep nesting is fine (the walk gives up, the replacer path handles it)', () => {
    let value: unknown = 'leaf';
    for (let i = 0; i < 200; i++) value = { next: value };
    expect(roundTrip(value)).toEqual(value);
  });

  test.each([
    ['foreign text', 'hello'],
    ['bad JSON', 'j{'],
    ['metadata without body', 'm{"s":1}'],
    ['bad metadata', 'm{\nj1'],
    ['corrupt compressed data', Buffer.from([0, 0x64, 1, 2, 3])],
  ])('decoding %s throws CacheDecodeError', (_name, stored) => {
    expect(() => codec.decode('k', stored)).toThrow(CacheDecodeError);
  });
});

describe('compression', () => {
  const big = { text: 'lorem ipsum '.repeat(500), list: Array.from({ length: 100 }, (_, i) => ({ i })) };

  test.each(['deflate', 'gzip', 'brotli'] as const)('%s above the threshold, marked so any reader decodes it', (algorithm) => {
    const writer = new Codec({ threshold: 100, algorithm });
    const stored = writer.encode('k', big);
    expect(Buffer.isBuffer(stored)).toBe(true);
    expect((stored as Buffer)[0]).toBe(0);
    expect(stored.length).toBeLessThan(JSON.stringify(big).length / 5);
    expect(new Codec().decode('k', stored)).toEqual(big); // the reader needs no configuration
  });

  test('below the threshold, or when it would not shrink, the string is kept', () => {
    const writer = new Codec({ threshold: 100 });
    expect(typeof writer.encode('k', { a: 1 })).toBe('string');
    // 13 distinct characters: deflate's framing makes them longer, so they stay text.
    expect(new Codec({ threshold: 10 }).encode('k', 'abcdefghijk')).toBe('j"abcdefghijk"');
  });

  test('compression: true uses the defaults (1 KB, deflate)', () => {
    const writer = new Codec(true);
    expect(typeof writer.encode('k', 'x'.repeat(1000))).toBe('string');
    expect(Buffer.isBuffer(writer.encode('k', 'x'.repeat(1100)))).toBe(true);
  });

  test('bad options are refused', () => {
    expect(() => new Codec({ algorithm: 'zstd' as never })).toThrow(/compression.algorithm/);
    expect(() => new Codec({ threshold: -1 })).toThrow(/compression.threshold/);
  });
});

describe('tagValue (one walk: plain values are left alone)', () => {
  test.each([
    [{ a: [1, 'b', null, true], c: { d: 1.5 } }, false],
    [Object.create(null), false],
    [{ a: undefined }, false],
    [[1, undefined], true],
    [{ d: new Date() }, true],
    [{ n: NaN }, true],
    [{ n: -0 }, true],
    [{ n: 0 }, false],
    [{ b: 1n }, true],
    [{ $t: 1 }, true],
    [new Map(), true],
  ])('%p → typed %p', (value, typed) => {
    const out = tagValue(value, new Tagged());
    expect(out.typed).toBe(typed);
    if (!typed) expect(out.value).toBe(value); // not copied
  });

  test('copies only the path to a special value', () => {
    const shared = { big: Array.from({ length: 10 }, (_, i) => ({ i })) };
    const value = { shared, list: [1, 2, new Date(0)], after: { x: 1 } };
    const out = tagValue(value, new Tagged()).value as typeof value;
    expect(out).not.toBe(value);
    expect(out.shared).toBe(shared);
    expect(out.after).toBe(value.after);
    expect(out.list).not.toBe(value.list);
    expect(value.list[2]).toBeInstanceOf(Date); // the caller's value is untouched
  });
});
