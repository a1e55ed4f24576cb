import { CacheOptionError } from '../../src/errors';
import { CircuitBreaker } from '../../src/redis/breaker';
import { reconnectDelay } from '../../src/redis/connection';
import { DeadlineOwner, Deadlines } from '../../src/redis/deadline';
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

describe('Deadlines', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function owner(): DeadlineOwner & { events: string[] } {
    const events: string[] = [];
    return {
      events,
      succeeded: () => events.push('ok'),
      failed: (err, op) => {
        events.push(`fail:${op}`);
        return err;
      },
      timedOut: (op, key, ms) => {
        events.push(`timeout:${op}`);
        return new Error(`${op} ${key} ${ms}`);
      },
    };
  }

  test('a command that never answers rejects between timeout and timeout + tick, never early', async () => {
    const o = owner();
    const deadlines = new Deadlines(1_000, o);
    expect(deadlines.tickMs).toBe(100);
    let settled: unknown;
    deadlines.track(new Promise(() => undefined), 'get', 'k', (v) => v).catch((err: Error) => {
      settled = err.message;
    });
    await jest.advanceTimersByTimeAsync(999);
    expect(settled).toBeUndefined();
    await jest.advanceTimersByTimeAsync(101);
    expect(settled).toBe('get k 1000');
    expect(o.events).toEqual(['timeout:get']);
  });

  test('answers and failures settle once; late answers are ignored', async () => {
    const o = owner();
    const deadlines = new Deadlines(100, o);
    expect(await deadlines.track(Promise.resolve(2), 'get', 'k', (v, key) => `${key}=${v * 2}`)).toBe('k=4');
    await expect(deadlines.track(Promise.reject(new Error('boom')), 'set', 'k', (v) => v)).rejects.toThrow('boom');
    let answer!: (v: number) => void;
    const late = deadlines.track(new Promise<number>((resolve) => {
      answer = resolve;
    }), 'get', 'slow', (v) => v);
    const rejected = expect(late).rejects.toThrow('get slow 100');
    await jest.advanceTimersByTimeAsync(200);
    await rejected;
    answer(1);
    await jest.advanceTimersByTimeAsync(0);
    expect(o.events).toEqual(['ok', 'fail:set', 'timeout:get']);
    expect(deadlines.idle).toBe(true);
  });

  test('the sweep timer stops when idle and restarts on demand; rejectAll empties the list', async () => {
    const deadlines = new Deadlines(50, owner());
    await deadlines.track(Promise.resolve(1), 'get', 'k', (v) => v);
    expect(jest.getTimerCount()).toBe(1);
    await jest.advanceTimersByTimeAsync(200);
    expect(jest.getTimerCount()).toBe(0);
    const pending = deadlines.track(new Promise(() => undefined), 'get', 'k', (v) => v);
    expect(jest.getTimerCount()).toBe(1);
    deadlines.rejectAll((op) => new Error(`closed ${op}`));
    await expect(pending).rejects.toThrow('closed get');
    expect(jest.getTimerCount()).toBe(0);
  });
});

describe('CircuitBreaker', () => {
  test('opens after N consecutive failures, lets one probe through after the cool-down, closes on success', () => {
    jest.useFakeTimers({ now: 1_000_000 });
    try {
      const changes: boolean[] = [];
      const breaker = new CircuitBreaker(3, 500, (open) => changes.push(open));
      breaker.failure();
      breaker.failure();
      breaker.success(); // resets the count
      breaker.failure();
      breaker.failure();
      expect(breaker.isOpen).toBe(false);
      breaker.failure();
      expect(breaker.isOpen).toBe(true);
      expect(breaker.admit()).toBe(false);
      jest.advanceTimersByTime(500);
      expect(breaker.admit()).toBe(true); // the probe
      expect(breaker.admit()).toBe(false); // others still fail fast
      breaker.failure(); // the probe failed: open again
      jest.advanceTimersByTime(500);
      expect(breaker.admit()).toBe(true);
      breaker.success();
      expect(breaker.isOpen).toBe(false);
      expect(changes).toEqual([true, false]);
    } finally {
      jest.useRealTimers();
    }
  });

  test('threshold 0 turns it off', () => {
    const breaker = new CircuitBreaker(0, 500, () => undefined);
    for (let i = 0; i < 100; i++) breaker.failure();
    expect(breaker.isOpen).toBe(false);
  });
});

describe('reconnectDelay', () => {
  test('doubles from the minimum, capped, with equal jitter', () => {
    expect(reconnectDelay(0, 50, 2_000, () => 0)).toBe(25);
    expect(reconnectDelay(0, 50, 2_000, () => 1)).toBe(50);
    expect(reconnectDelay(3, 50, 2_000, () => 1)).toBe(400);
    expect(reconnectDelay(10, 50, 2_000, () => 0.5)).toBe(1_500);
    expect(reconnectDelay(1_000, 50, 2_000, () => 1)).toBe(2_000);
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
