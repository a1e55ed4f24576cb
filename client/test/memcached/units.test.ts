import { createHash, hash } from 'node:crypto';
import { CacheOptionError } from '../../src/errors';
import { parseClusterConfig } from '../../src/memcached/discovery';
import { HashRing } from '../../src/memcached/ketama';
import { exptime, hashKey, wireKey } from '../../src/memcached/keys';
import { md5Word } from '../../src/memcached/md5';
import { parseEndpoint, resolveOptions } from '../../src/memcached/options';
import { ReplyParser, ReplySink } from '../../src/memcached/protocol';

describe('wireKey', () => {
  test('plain keys (≤ 250 bytes, no spaces or control characters) are sent as they are', () => {
    expect(wireKey('user:42')).toBe('user:42');
    expect(wireKey('k'.repeat(250))).toBe('k'.repeat(250));
    expect(wireKey('naïve:ключ:键')).toBe('naïve:ключ:键'); // UTF-8, 26 bytes
  });

  test.each([
    ['too long', 'k'.repeat(251)],
    ['a space', 'a b'],
    ['a newline', 'a\r\nmg other v'],
    ['a control character', 'a\u0001b'],
    ['DEL', 'a\u007fb'],
    ['empty', ''],
    ['too many UTF-8 bytes', 'é'.repeat(126)], // 126 chars, 252 bytes
    ['a lone surrogate', 'a\uD800b'],
  ])('a key with %s is hashed to sha256:<base64url>', (_, key) => {
    const wire = wireKey(key);
    expect(wire).toMatch(/^sha256:[A-Za-z0-9_-]{43}$/);
    expect(wire).toBe(hashKey(key));
  });

  test('hashing is exact: different keys never share a hash, even when UTF-8 would merge them', () => {
    expect(wireKey('a\uD800b')).not.toBe(wireKey('a\uD801b')); // both become a\uFFFDb in UTF-8
    expect(hashKey('x')).toBe('sha256:' + createHash('sha256').update(Buffer.from('x', 'utf16le')).digest('base64url'));
  });
});

describe('exptime', () => {
  const now = 1_700_000_000_000;
  test('milliseconds round up to whole seconds; 0 / undefined mean no expiry', () => {
    expect(exptime(undefined, now)).toBe(0);
    expect(exptime(0, now)).toBe(0);
    expect(exptime(1, now)).toBe(1);
    expect(exptime(1000, now)).toBe(1);
    expect(exptime(1001, now)).toBe(2);
  });

  test('up to 30 days is relative; beyond, an absolute unix time (memcached rule)', () => {
    const thirtyDays = 30 * 24 * 3600 * 1000;
    expect(exptime(thirtyDays, now)).toBe(2_592_000);
    expect(exptime(thirtyDays + 1, now)).toBe(Math.ceil((now + thirtyDays + 1) / 1000));
    expect(exptime(365 * 24 * 3600 * 1000, now)).toBe(now / 1000 + 365 * 24 * 3600);
  });

  test('negative or non-finite TTLs are rejected', () => {
    expect(() => exptime(-1, now)).toThrow(CacheOptionError);
    expect(() => exptime(Number.NaN, now)).toThrow(CacheOptionError);
    expect(() => exptime(Infinity, now)).toThrow(CacheOptionError);
  });
});

describe('HashRing (ketama)', () => {
  const nodes = (ids: string[]) => ids.map((id) => ({ id, item: id }));
  const keys = Array.from({ length: 10_000 }, (_, i) => `user:${i}`);
  const four = ['10.0.0.1:11211', '10.0.0.2:11211', '10.0.0.3:11211', '10.0.0.4:11211'];

  test('spreads keys over nodes roughly evenly', () => {
    const ring = new HashRing(nodes(four));
    const counts = new Map<string, number>();
    for (const key of keys) counts.set(ring.get(key), (counts.get(ring.get(key)) ?? 0) + 1);
    expect(counts.size).toBe(4);
    for (const count of counts.values()) expect(count).toBeGreaterThan(1500); // 2500 ± 40 %
  });

  test('removing one of 4 nodes moves ~25 % of keys, only those it owned', () => {
    const before = new HashRing(nodes(four));
    const after = new HashRing(nodes(four.filter((id) => id !== four[2])));
    let moved = 0;
    for (const key of keys) {
      const was = before.get(key);
      const is = after.get(key);
      if (was !== is) {
        moved++;
        expect(was).toBe(four[2]); // keys on the other nodes never move
      }
    }
    expect(moved / keys.length).toBeGreaterThan(0.20);
    expect(moved / keys.length).toBeLessThan(0.30);
  });

  test('adding a 5th node moves ~20 %, all of it to the new node; order of the list does not matter', () => {
    const before = new HashRing(nodes(four));
    const after = new HashRing(nodes(['10.0.0.5:11211', ...[...four].reverse()]));
    let moved = 0;
    for (const key of keys) {
      if (before.get(key) !== after.get(key)) {
        moved++;
        expect(after.get(key)).toBe('10.0.0.5:11211');
      }
    }
    expect(moved / keys.length).toBeGreaterThan(0.15);
    expect(moved / keys.length).toBeLessThan(0.25);
  });

  test('a one-node ring answers without hashing', () => {
    expect(new HashRing(nodes(['a:1'])).get('anything')).toBe('a:1');
  });
});

describe('md5Word', () => {
  test('equals the first little-endian word of crypto MD5 for every length 0–250, ASCII and not', () => {
    const alphabet = 'abcXYZ019:-_/.~!';
    for (let n = 0; n <= 250; n++) {
      let key = '';
      for (let i = 0; i < n; i++) key += alphabet[(i * 7 + n) % alphabet.length];
      for (const k of [key, key + 'é', 'ключ' + key]) expect(md5Word(k)).toBe(hash('md5', k, 'buffer').readUInt32LE(0));
    }
  });
});

describe('ReplyParser', () => {
  type Event = ['value', string, number, string | undefined] | ['status', string] | ['error', string];
  function collect(): { sink: ReplySink; events: Event[] } {
    const events: Event[] = [];
    return {
      events,
      sink: {
        value: (buf, start, end, flags, cas) => events.push(['value', buf.toString('latin1', start, end), flags, cas]),
        status: (code) => events.push(['status', String.fromCharCode(Math.floor(code / 256), code % 256)]),
        error: (line) => events.push(['error', line]),
      },
    };
  }
  const stream = 'VA 5 f1 c42\r\nhe\r\no\r\nEN\r\nHD\r\nHD c7\r\nNS\r\nSERVER_ERROR object too large for cache\r\nVA 0 f0\r\n\r\nERROR\r\nMN\r\n';
  const expected: Event[] = [
    ['value', 'he\r\no', 1, '42'], ['status', 'EN'], ['status', 'HD'], ['status', 'HD'], ['status', 'NS'],
    ['error', 'SERVER_ERROR object too large for cache'], ['value', '', 0, undefined], ['error', 'ERROR'], ['status', 'MN'],
  ];

  test('parses a stream of replies (values may contain CRLF)', () => {
    const { sink, events } = collect();
    new ReplyParser(sink).feed(Buffer.from(stream, 'latin1'));
    expect(events).toEqual(expected);
  });

  test('gives the same result for every split into two or three chunks', () => {
    const bytes = Buffer.from(stream, 'latin1');
    for (let a = 1; a < bytes.length; a++) {
      for (const b of [a + 1, a + 7, bytes.length - 1]) {
        if (b <= a || b >= bytes.length) continue;
        const { sink, events } = collect();
        const parser = new ReplyParser(sink);
        parser.feed(bytes.subarray(0, a));
        parser.feed(bytes.subarray(a, b));
        parser.feed(bytes.subarray(b));
        expect(events).toEqual(expected);
      }
    }
  });

  test('a large value in many small chunks', () => {
    const { sink, events } = collect();
    const parser = new ReplyParser(sink);
    const data = 'x'.repeat(200_000);
    const bytes = Buffer.from(`VA ${data.length} f0\r\n${data}\r\nEN\r\n`);
    for (let i = 0; i < bytes.length; i += 1000) parser.feed(bytes.subarray(i, i + 1000));
    expect(events).toEqual([['value', data, 0, undefined], ['status', 'EN']]);
  });
});

describe('options', () => {
  test('endpoints: host, host:port, [v6]:port, memcached:// and objects', () => {
    expect(parseEndpoint('cache.local', 'nodes')).toMatchObject({ id: 'cache.local:11211', port: 11211 });
    expect(parseEndpoint('10.0.0.1:11212', 'nodes')).toMatchObject({ id: '10.0.0.1:11212', address: '10.0.0.1' });
    expect(parseEndpoint('[::1]:11213', 'nodes')).toMatchObject({ id: '[::1]:11213', host: '::1', port: 11213 });
    expect(parseEndpoint('memcached://a:1', 'nodes')).toMatchObject({ id: 'a:1' });
    expect(parseEndpoint({ host: 'b' }, 'nodes')).toMatchObject({ id: 'b:11211' });
    expect(() => parseEndpoint('a:b:c', 'nodes')).toThrow(/cannot parse 'a:b:c'/);
    expect(() => parseEndpoint('a:70000', 'nodes')).toThrow(CacheOptionError);
  });

  test('needs nodes or a configuration endpoint, not both; no duplicates; sane numbers', () => {
    expect(() => resolveOptions({})).toThrow(/either 'nodes'/);
    expect(() => resolveOptions({ nodes: ['a'], configurationEndpoint: 'b' })).toThrow(/either 'nodes'/);
    expect(() => resolveOptions({ nodes: ['a', 'a:11211'] })).toThrow(/twice/);
    expect(() => resolveOptions({ nodes: ['a'], maxValueBytes: 0 })).toThrow(/maxValueBytes/);
    expect(() => resolveOptions({ nodes: ['a'], commandTimeout: 0 })).toThrow(/commandTimeout/);
    expect(() => resolveOptions({ nodes: ['a'], commandTimeout: 'soon' })).toThrow(/Invalid duration/);
    expect(resolveOptions({ nodes: ['a'], tls: true, commandTimeout: '250ms' })).toMatchObject({ tls: {}, commandTimeoutMs: 250, maxValueBytes: 1_047_552 });
  });
});

describe('parseClusterConfig', () => {
  test('reads the version and host|ip|port entries (AWS example format)', () => {
    const body = '12\nmyCluster.pc4ldq.0001.use1.cache.amazonaws.com|10.82.235.120|11211 '
      + 'myCluster.pc4ldq.0002.use1.cache.amazonaws.com|10.80.249.27|11211\n';
    const config = parseClusterConfig(body);
    expect(config.version).toBe(12);
    expect(config.nodes).toEqual([
      { id: 'myCluster.pc4ldq.0001.use1.cache.amazonaws.com:11211', host: 'myCluster.pc4ldq.0001.use1.cache.amazonaws.com', address: '10.82.235.120', port: 11211 },
      { id: 'myCluster.pc4ldq.0002.use1.cache.amazonaws.com:11211', host: 'myCluster.pc4ldq.0002.use1.cache.amazonaws.com', address: '10.80.249.27', port: 11211 },
    ]);
  });

  test('an entry without an IP is dialed by name; bad entries throw', () => {
    expect(parseClusterConfig('3\nnode-a||11211\n').nodes[0]).toMatchObject({ address: 'node-a' });
    expect(() => parseClusterConfig('x\na|b|1\n')).toThrow(/version/);
    expect(() => parseClusterConfig('1\na|b\n')).toThrow(/host\|ip\|port/);
  });
});
