import { Cache, CacheClosedError, WriteBehindError } from '../../src';
import { deferred, settle } from '../helpers';

type Batch = ReadonlyArray<readonly [string, number]>;

function recorder(): { batches: Batch[]; write: jest.Mock<Promise<void>, [Batch]> } {
  const batches: Batch[] = [];
  return { batches, write: jest.fn(async (entries: Batch) => void batches.push([...entries])) };
}

describe('write-behind', () => {
  let cache: Cache;
  beforeEach(() => {
    cache = new Cache();
  });
  afterEach(async () => {
    await cache.close().catch(() => undefined);
  });

  test('the cache is written at once; the source only on flush, coalesced (last write per key wins)', async () => {
    const { batches, write } = recorder();
    const queue = cache.writeBehind({ write, flushInterval: '1h' });
    await queue.set('a', 1);
    await queue.set('b', 1);
    await queue.set('a', 2);
    await queue.set('a', 3);
    expect(await cache.get('a')).toBe(3);
    expect(write).not.toHaveBeenCalled();
    expect(queue.size).toBe(2);
    await queue.flush();
    expect(batches).toEqual([[['a', 3], ['b', 1]]]);
    expect(queue.size).toBe(0);
  });

  test('a full batch is written without waiting for the interval; batches hold at most maxBatch', async () => {
    const { batches, write } = recorder();
    const queue = cache.writeBehind({ write, flushInterval: '1h', maxBatch: 3 });
    for (let i = 0; i < 7; i++) await queue.set(`k${i}`, i);
    await settle();
    expect(batches.map((b) => b.length)).toEqual([3, 3]);
    await queue.flush();
    expect(batches.map((b) => b.length)).toEqual([3, 3, 1]);
    expect(batches.flat().map(([key]) => key)).toEqual(['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6']);
  });

  test('the interval flushes', async () => {
    const { batches, write } = recorder();
    const queue = cache.writeBehind({ write, flushInterval: 20 });
    await queue.set('a', 1);
    const started = performance.now();
    while (batches.length === 0 && performance.now() - started < 2000) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(batches).toEqual([[['a', 1]]]);
  });

  test('retries with back-off: a source that fails twice then succeeds loses nothing', async () => {
    let failures = 2;
    const attempts: number[] = [];
    const { batches, write } = recorder();
    const queue = cache.writeBehind({
      flushInterval: '1h',
      retries: 3,
      backoff: 10,
      write: async (entries: Batch) => {
        attempts.push(performance.now());
        if (failures-- > 0) throw new Error('source busy');
        await write(entries);
      },
    });
    await queue.set('a', 1);
    await queue.flush();
    expect(batches).toEqual([[['a', 1]]]);
    expect(attempts).toHaveLength(3);
    // 10 ms, then 20 ms, each with equal jitter (resilience/backoff.ts): at least half of it.
    expect(attempts[1] - attempts[0]).toBeGreaterThanOrEqual(4);
    expect(attempts[2] - attempts[1]).toBeGreaterThanOrEqual(9);
  });

  test('a failure that outlives the retries rejects flush with the keys not written; they stay queued', async () => {
    let down = true;
    const { batches, write } = recorder();
    const queue = cache.writeBehind({
      flushInterval: '1h',
      maxBatch: 2,
      retries: 1,
      backoff: 1,
      write: async (entries: Batch) => {
        if (down) throw new Error('source down');
        await write(entries);
      },
    });
    for (const key of ['a', 'b', 'c']) await queue.set(key, 1);
    const error = await queue.flush().catch((err: unknown) => err) as WriteBehindError;
    expect(error).toBeInstanceOf(WriteBehindError);
    expect(error.keys.sort()).toEqual(['a', 'b', 'c']);
    expect(error.message).toMatch(/3 key\(s\) not written to the source: .*Cause: source down/);
    expect(queue.size).toBe(3);
    down = false;
    await queue.flush(); // nothing was lost: the next flush writes them all
    expect(batches.flat().map(([key]) => key).sort()).toEqual(['a', 'b', 'c']);
  });

  test('a newer value set during a failing write wins over the failed one', async () => {
    const gate = deferred<void>();
    const written: Batch[] = [];
    let first = true;
    const queue = cache.writeBehind({
      flushInterval: '1h',
      retries: 0,
      write: async (entries: Batch) => {
        if (first) {
          first = false;
          await gate.promise;
          throw new Error('lost connection');
        }
        written.push(entries);
      },
    });
    await queue.set('a', 1);
    const flushing = queue.flush();
    await settle();
    await queue.set('a', 2); // while the batch with a=1 is failing
    gate.resolve();
    await expect(flushing).rejects.toThrow(WriteBehindError);
    await queue.flush();
    expect(written).toEqual([[['a', 2]]]);
  });

  test('background failures go to onError and are retried on the next interval', async () => {
    let down = true;
    const errors: WriteBehindError[] = [];
    const { batches, write } = recorder();
    const queue = cache.writeBehind({
      flushInterval: 10,
      retries: 0,
      onError: (err) => errors.push(err),
      write: async (entries: Batch) => {
        if (down) throw new Error('down');
        await write(entries);
      },
    });
    await queue.set('a', 1);
    const started = performance.now();
    while (errors.length === 0 && performance.now() - started < 2000) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(errors[0].keys).toEqual(['a']);
    down = false;
    while (batches.length === 0 && performance.now() - started < 2000) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(batches).toEqual([[['a', 1]]]);
  });

  test('back-pressure: set waits while maxQueue keys are queued, and proceeds when a batch is written', async () => {
    const gate = deferred<void>();
    const queue = cache.writeBehind<number>({ flushInterval: '1h', maxQueue: 2, maxBatch: 10, write: () => gate.promise });
    await queue.set('a', 1);
    await queue.set('b', 1);
    await queue.set('a', 2); // an already-queued key never waits (it coalesces)
    let third = false;
    const blocked = queue.set('c', 1).then(() => {
      third = true;
    });
    await settle();
    expect(third).toBe(false);
    expect(queue.size).toBe(2);
    gate.resolve();
    await blocked;
    expect(third).toBe(true);
    await queue.flush();
  });

  test('get reads what is still queued even if the cache lost it (read-your-writes)', async () => {
    const queue = cache.writeBehind({ flushInterval: '1h', write: async () => undefined });
    await queue.set('a', 1);
    await cache.delete('a');
    expect(await queue.get('a')).toBe(1);
    await queue.flush();
    expect(await queue.get('a')).toBeUndefined();
  });

  test('close drains; afterwards set rejects; close failure hands over the unwritten entries', async () => {
    const { batches, write } = recorder();
    const ok = cache.writeBehind({ write, flushInterval: '1h' });
    await ok.set('a', 1);
    await ok.close();
    expect(batches).toEqual([[['a', 1]]]);
    await expect(ok.set('b', 1)).rejects.toThrow(CacheClosedError);

    const broken = cache.writeBehind<number>({
      flushInterval: '1h',
      retries: 0,
      write: async () => {
        throw new Error('down');
      },
    });
    await broken.set('x', 42);
    const error = await broken.close().catch((err: unknown) => err) as WriteBehindError<number>;
    expect(error.entries).toEqual([['x', 42]]);
    expect(broken.size).toBe(0);
    await expect(broken.close()).rejects.toBe(error); // idempotent
  });

  test('Cache.close drains its write-behind queues and reports their failure', async () => {
    const { batches, write } = recorder();
    const queue = cache.writeBehind({ write, flushInterval: '1h' });
    await queue.set('a', 1);
    const failing = cache.writeBehind<number>({
      flushInterval: '1h',
      retries: 0,
      write: async () => {
        throw new Error('down');
      },
    });
    await failing.set('b', 2);
    await expect(cache.close()).rejects.toThrow(/'?b'?.*Cause: down/);
    expect(batches).toEqual([[['a', 1]]]);
  });

  test('bad options are refused', () => {
    const write = async (): Promise<void> => undefined;
    expect(() => cache.writeBehind({ write, maxBatch: 0 })).toThrow(/'maxBatch'/);
    expect(() => cache.writeBehind({ write, retries: -1 })).toThrow(/'retries'/);
    expect(() => cache.writeBehind({ write, flushInterval: 0 })).toThrow(/'flushInterval'/);
  });
});
