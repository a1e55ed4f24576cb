import { CacheOptionError } from '../../src/errors';
import { resolveOptions } from '../../src/redis/options';
import { escapeGlob } from '../../src/redis/redis-store';
import { groupBySlot, keySlot } from '../../src/redis/slot';

describe('keySlot', () => {
  test('matches the values Redis documents', () => {
    expect(keySlot('somekey')).toBe(11058);
    expect(keySlot('foo')).toBe(12182);
    expect(keySlot('')).toBe(0);
  });

  test('hash tags: the first non-empty {…} decides', () => {
    expect(keySlot('{user1000}.following')).toBe(keySlot('user1000'));
    expect(keySlot('{user1000}.followers')).toBe(keySlot('user1000'));
    expect(keySlot('foo{}{bar}')).toBe(keySlot('foo{}{bar}')); // empty tag: the whole key
    expect(keySlot('foo{}{bar}')).not.toBe(keySlot('bar'));
    expect(keySlot('foo{{bar}}zap')).toBe(keySlot('{bar'));
    expect(keySlot('foo{bar}{zap}')).toBe(keySlot('bar'));
  });

  test('non-ASCII keys hash as UTF-8', () => {
    expect(keySlot('é')).toBe(keySlot('{é}x'));
    expect(keySlot('é')).not.toBe(keySlot('\u00e9'.normalize('NFD')));
  });

  test('groupBySlot keeps positions, first-seen order', () => {
    const keys = ['{a}1', '{b}1', '{a}2', '{b}2', '{c}1'];
    expect(groupBySlot(keys)).toEqual([[0, 2], [1, 3], [4]]);
  });
});


describe('escapeGlob', () => {
  test('escapes the SCAN MATCH syntax', () => {
    expect(escapeGlob('a*b?c[d]e\\f')).toBe('a\\*b\\?c\\[d\\]e\\\\f');
    expect(escapeGlob('plain:prefix:')).toBe('plain:prefix:');
  });
});

describe('options', () => {
  test('url parsing: TLS, credentials, database', () => {
    const o = resolveOptions({ url: 'rediss://app:p%40ss@cache.example.com:6380/3' });
    expect(o.seeds).toEqual([{ host: 'cache.example.com', port: 6380 }]);
    expect(o.tls).toEqual({});
    expect(o.username).toBe('app');
    expect(o.password).toBe('p@ss');
    expect(o.database).toBe(3);
    expect(o.commandTimeoutMs).toBe(1_000);
    expect(o.connectTimeoutMs).toBe(2_000);
    expect(o.breakerFailures).toBe(5);
  });

  test('durations as strings; explicit options win over the url', () => {
    const o = resolveOptions({
      url: 'redis://:urlpass@h:1',
      password: 'explicit',
      commandTimeout: '250ms',
      connectTimeout: '3s',
      reconnect: { minDelay: 10, maxDelay: '1s' },
      circuitBreaker: { failures: 2, coolDown: '5s' },
      cluster: ['h2:7000', { host: 'h3', port: 7001 }],
    });
    expect(o.password).toBe('explicit');
    expect(o.commandTimeoutMs).toBe(250);
    expect(o.connectTimeoutMs).toBe(3_000);
    expect(o.reconnect).toEqual({ minMs: 10, maxMs: 1_000 });
    expect(o.breakerCoolDownMs).toBe(5_000);
    expect(o.cluster).toBe(true);
    expect(o.seeds).toEqual([{ host: 'h', port: 1 }, { host: 'h2', port: 7000 }, { host: 'h3', port: 7001 }]);
  });

  test.each([
    [{}, /needs 'url' or 'host'/],
    [{ url: 'http://x' }, /protocol 'http:'/],
    [{ url: 'not a url' }, /not a URL/],
    [{ host: 'h', port: 70_000 }, /'port': 70000/],
    [{ host: 'h', cluster: true, replicas: ['r:1'] }, /replicas' is for a standalone primary/],
    [{ host: 'h', cluster: true, database: 1 }, /'database' must be 0 in cluster mode/],
    [{ host: 'h', commandTimeout: 0 }, /'commandTimeout': it must be above 0/],
    [{ host: 'h', commandTimeout: '5 minutes' }, /Invalid duration for option 'commandTimeout'/],
    [{ host: 'h', circuitBreaker: { failures: -1 } }, /circuitBreaker.failures/],
    [{ host: 'h', reconnect: { minDelay: 500, maxDelay: 100 } }, /maxDelay' must not be below/],
  ])('rejects %j', (options, message) => {
    expect(() => resolveOptions(options as never)).toThrow(CacheOptionError);
    expect(() => resolveOptions(options as never)).toThrow(message);
  });
});
