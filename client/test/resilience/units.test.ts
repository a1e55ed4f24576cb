import { isAuthFailure } from '../../src/resilience/auth-errors';
import { backoffDelay } from '../../src/resilience/backoff';
import { CircuitBreaker } from '../../src/resilience/circuit-breaker';
import { DeadlineOwner, Deadlines } from '../../src/resilience/deadlines';

// resilience/: the one breaker, deadline mechanism, back-off formula and auth-failure test that
// RedisStore, MemcachedStore, the Cache's GuardedStore and the credential providers share.
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

describe('backoffDelay (reconnects, discovery and write-behind retries)', () => {
  test('doubles from the minimum, capped, with equal jitter', () => {
    expect(backoffDelay(0, 50, 2_000, () => 0)).toBe(25);
    expect(backoffDelay(0, 50, 2_000, () => 1)).toBe(50);
    expect(backoffDelay(3, 50, 2_000, () => 1)).toBe(400);
    expect(backoffDelay(10, 50, 2_000, () => 0.5)).toBe(1_500);
    expect(backoffDelay(1_000, 50, 2_000, () => 1)).toBe(2_000);
  });
});

describe('isAuthFailure', () => {
  test.each([
    ['WRONGPASS invalid username-password pair or user is disabled.', true],
    ['NOAUTH Authentication required.', true],
    ['ERR invalid password', true],
    ['ERR invalid username-password pair', true],
    ['LOADING Redis is loading the dataset in memory', false],
    ['ECONNREFUSED 127.0.0.1:6379', false],
    ['the key is WRONGPASS-shaped but not a reply: x', false],
  ])('%s → %s', (message, expected) => {
    expect(isAuthFailure(new Error(message))).toBe(expected);
    expect(isAuthFailure(message)).toBe(expected);
  });
});
