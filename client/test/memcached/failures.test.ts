import { BlackHole, liveProcessCount, MemcachedServer, startBlackHole, startMemcached, startScriptedServer, waitFor } from './servers';
import { CacheStoreError, CacheTimeoutError, CacheUnavailableError } from '../../src/errors';
import { MemcachedNodeDownError, MemcachedStore } from '../../src/memcached';
import { freePort } from '../servers/ports';

jest.setTimeout(30_000);

/** Elapsed ms of `promise`'s settling, and its outcome. */
async function timed<T>(promise: Promise<T>): Promise<{ ms: number; value?: T; error?: unknown }> {
  const started = Date.now();
  try {
    const value = await promise;
    return { ms: Date.now() - started, value };
  } catch (error) {
    return { ms: Date.now() - started, error };
  }
}

describe('a dead node', () => {
  let servers: MemcachedServer[];
  let store: MemcachedStore;
  const health: boolean[] = [];

  beforeAll(async () => {
    servers = await Promise.all([startMemcached(), startMemcached(), startMemcached()]);
    store = new MemcachedStore({
      nodes: servers.map((s) => s.address),
      reconnect: { minDelay: 20, maxDelay: 200 },
      commandTimeout: 500,
    });
    store.onHealth((healthy) => health.push(healthy));
    await store.connect();
  });
  afterAll(async () => {
    await store.close();
    await Promise.all(servers.map((s) => s.kill()));
    expect(liveProcessCount()).toBe(0);
  });

  test('its keys fail fast, the others work, nothing is rehashed; it comes back after a restart', async () => {
    const keys = Array.from({ length: 300 }, (_, i) => `dead:${i}`);
    await Promise.all(keys.map((k) => store.set(k, k)));
    const victim = servers[1];
    const owner = new Map<string, string>();
    for (const k of keys) owner.set(k, (await victim.command(`mg ${k}\r\n`)).startsWith('HD') ? 'victim' : 'other');
    expect([...owner.values()].filter((o) => o === 'victim').length).toBeGreaterThan(30);

    await victim.kill();
    await waitFor('the node to be marked down', 5_000, () => store.nodeStates().some((s) => s.state === 'down'));
    expect(store.isHealthy).toBe(false);
    expect(health).toEqual([true, false]);
    const down = store.nodeStates().find((s) => s.state === 'down')!;
    expect(down.node).toBe(victim.address);

    const results = await Promise.all(keys.map((k) => timed(store.get(k))));
    keys.forEach((k, i) => {
      const result = results[i];
      if (owner.get(k) === 'victim') {
        expect(result.error).toBeInstanceOf(MemcachedNodeDownError);
        expect(result.error).toBeInstanceOf(CacheUnavailableError);
        expect(String((result.error as Error).message)).toMatch(new RegExp(`node ${victim.address} is down`));
        expect(result.ms).toBeLessThan(100); // no waiting for a deadline
      } else {
        expect(result.value).toBe(k);
      }
    });
    // Writes to the dead node's keys fail too: they are not sent to another node.
    const victimKey = keys.find((k) => owner.get(k) === 'victim')!;
    await expect(store.set(victimKey, 'elsewhere?')).rejects.toBeInstanceOf(CacheUnavailableError);
    // getMany with one key on the dead node rejects as a whole.
    await expect(store.getMany([keys.find((k) => owner.get(k) === 'other')!, victimKey])).rejects.toBeInstanceOf(CacheUnavailableError);

    await victim.start();
    await waitFor('the node to come back', 5_000, () => store.isHealthy);
    expect(health).toEqual([true, false, true]);
    expect(await store.get(victimKey)).toBeUndefined(); // restarted empty
    await store.set(victimKey, 'back');
    expect(await victim.command(`mg ${victimKey} v\r\n`, /^(EN|VA \d+\r\n.*)\r\n$/s)).toContain('back');
  });

  test('a hung node (SIGSTOP): commands hit their deadline, the connection is reset, later calls fail fast', async () => {
    const victim = servers[2];
    const key = Array.from({ length: 100 }, (_, i) => `hang:${i}`);
    await Promise.all(key.map((k) => store.set(k, 'v')));
    let victimKey = '';
    for (const k of key) if ((await victim.command(`mg ${k}\r\n`)).startsWith('HD')) victimKey = k;
    await victim.pause();
    try {
      const first = await timed(store.get(victimKey));
      expect(first.error).toBeInstanceOf(CacheTimeoutError);
      expect((first.error as CacheTimeoutError).timeoutMs).toBe(500);
      expect(first.ms).toBeGreaterThanOrEqual(490);
      expect(first.ms).toBeLessThan(900); // deadline + one sweep tick, with slack for a busy machine
      const next = await timed(store.get(victimKey));
      expect(next.error).toBeInstanceOf(CacheUnavailableError);
      expect(next.ms).toBeLessThan(100);
    } finally {
      victim.resume();
    }
    await waitFor('the node to come back', 5_000, () => store.isHealthy);
    expect(await store.get(victimKey)).toBe('v'); // a pause loses nothing
  });
});

describe('deadlines', () => {
  let hole: BlackHole;
  beforeAll(async () => {
    hole = await startBlackHole();
  });
  afterAll(() => hole.close());

  test('a server that never answers: calls reject within the deadline, never hang', async () => {
    const store = new MemcachedStore({ nodes: [`127.0.0.1:${hole.port}`], commandTimeout: 200, connectTimeout: 600 });
    const calls: Array<Promise<unknown>> = [store.get('a'), store.set('b', 'v'), store.getMany(['c', 'd']), store.deleteIfEquals('e', 'x')];
    const results = await Promise.all(calls.map((call) => timed(call)));
    for (const result of results) {
      expect(result.error).toBeInstanceOf(CacheTimeoutError);
      expect(result.ms).toBeGreaterThanOrEqual(190);
      expect(result.ms).toBeLessThan(500);
    }
    // The connect (its `mn` probe) has no answer either: the node goes down and calls fail fast.
    await waitFor('the node to be marked down', 3_000, () => store.nodeStates()[0].state === 'down');
    expect(store.nodeStates()[0].error).toMatch(/connect timed out after 600 ms/);
    const fast = await timed(store.get('a'));
    expect(fast.error).toBeInstanceOf(CacheUnavailableError);
    expect(fast.ms).toBeLessThan(50);
    expect(hole.connections).toBeGreaterThanOrEqual(1);
    const closing = await timed(store.close());
    expect(closing.ms).toBeLessThan(1_000);
  });

  test('nothing listening: the first calls reject with the connection error, then fail fast', async () => {
    const port = await freePort();
    const store = new MemcachedStore({ nodes: [`127.0.0.1:${port}`], reconnect: { minDelay: 1000, maxDelay: 1000 } });
    const first = await timed(store.get('x'));
    expect(first.error).toBeInstanceOf(CacheStoreError);
    expect((first.error as Error).message).toMatch(/ECONNREFUSED/);
    await expect(store.connect()).rejects.toThrow(/not every node is up: 127\.0\.0\.1:\d+ down \(.*ECONNREFUSED/);
    await expect(store.set('x', 'y')).rejects.toBeInstanceOf(MemcachedNodeDownError);
    await store.close();
  });
});

describe('server errors', () => {
  test('a value the server finds too large (maxValueBytes above its limit) rejects clearly; the connection stays in step', async () => {
    const server = await startMemcached(); // -I 1m (default)
    const store = new MemcachedStore({ nodes: [server.address], maxValueBytes: 4 * 1024 * 1024 });
    try {
      await expect(store.set('huge', Buffer.alloc(1_500_000))).rejects.toThrow(/memcached set 'huge' failed: SERVER_ERROR object too large for cache/);
      await store.set('after', 'fine');
      expect(await store.get('after')).toBe('fine');
      expect(store.isHealthy).toBe(true);
    } finally {
      await store.close();
      await server.kill();
    }
  });

  test('an unexpected reply rejects that call; a reply with no command resets the connection', async () => {
    // Answers the probe, then two replies to each `mg`: the second one has no command.
    const fake = await startScriptedServer((line) => line === 'mn' ? 'MN\r\n' : line.startsWith('mg') ? 'NS\r\nHD\r\n' : undefined);
    const store = new MemcachedStore({ nodes: [`127.0.0.1:${fake.port}`], reconnect: { minDelay: 1000, maxDelay: 1000 } });
    try {
      await store.connect();
      await expect(store.get('k')).rejects.toThrow(/memcached get 'k' failed: unexpected reply NS/);
      await waitFor('the node to be marked down', 2_000, () => store.nodeStates()[0].state === 'down');
      expect(store.nodeStates()[0].error).toMatch(/protocol out of sync/);
    } finally {
      await store.close();
      await fake.close();
    }
  });
});
