import { FakeConfigEndpoint, liveProcessCount, MemcachedServer, sleep, startConfigEndpoint, startMemcached, waitFor } from './servers';
import { CacheUnavailableError } from '../../src/errors';
import { MemcachedStore } from '../../src/memcached';
import { freePort } from '../servers/ports';

jest.setTimeout(30_000);

let servers: MemcachedServer[];
beforeAll(async () => {
  servers = await Promise.all([startMemcached(), startMemcached(), startMemcached()]);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.kill()));
  expect(liveProcessCount()).toBe(0);
});

/** The server's `curr_connections` (our stats connection included). */
async function connections(server: MemcachedServer): Promise<number> {
  const stats = await server.command('stats\r\n', /END\r\n$/);
  return Number(/STAT curr_connections (\d+)/.exec(stats)![1]);
}

/** Issues gets in a loop until stopped; counts results and errors (traffic during a swap). */
function traffic(store: MemcachedStore, keys: string[]): { stop: () => Promise<{ ok: number; errors: unknown[] }> } {
  let running = true;
  let ok = 0;
  const errors: unknown[] = [];
  const loop = (async () => {
    for (let i = 0; running; i++) {
      try {
        await store.getMany(keys.slice(i % keys.length, (i % keys.length) + 20));
        ok++;
      } catch (err) {
        errors.push(err);
      }
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return { ok, errors };
    },
  };
}

describe('ElastiCache auto-discovery', () => {
  let config: FakeConfigEndpoint;
  let store: MemcachedStore;

  beforeAll(async () => {
    config = await startConfigEndpoint(servers.slice(0, 2));
    store = new MemcachedStore({ configurationEndpoint: `127.0.0.1:${config.port}`, discoveryInterval: 100 });
  });
  afterAll(async () => {
    await store.close();
    await config.close();
  });

  test('reads the node list from `config get cluster`', async () => {
    const early = store.set('before-connect', 'waited'); // waits for the node list, no error
    await store.connect();
    await early;
    expect(store.configVersion).toBe(1);
    expect(store.nodeStates().map((s) => s.node)).toEqual([`localhost:${servers[0].port}`, `localhost:${servers[1].port}`]);
    expect(await store.get('before-connect')).toBe('waited');
  });

  test('adding and removing nodes swaps the list without dropping traffic; only moved keys miss', async () => {
    const keys = Array.from({ length: 600 }, (_, i) => `swap:${i}`);
    await Promise.all(keys.map((k) => store.set(k, k)));
    const load = traffic(store, keys);

    config.setNodes(servers); // version 2: a third node
    await waitFor('version 2 with 3 nodes up', 5_000, () => store.configVersion === 2 && store.isHealthy);
    let values = await store.getMany(keys);
    const moved = values.filter((v) => v === undefined).length;
    expect(moved / keys.length).toBeGreaterThan(0.2); // ~1/3 now belong to the new, empty node
    expect(moved / keys.length).toBeLessThan(0.47);
    values.forEach((v, i) => v !== undefined && expect(v).toBe(keys[i]));

    await Promise.all(keys.map((k) => store.set(k, k)));
    const connectionsBefore = await connections(servers[1]);
    config.setNodes([servers[0], servers[2]]); // version 3: the second node removed
    await waitFor('version 3 with 2 nodes', 5_000, () => store.configVersion === 3 && store.nodeStates().length === 2);
    values = await store.getMany(keys);
    const lost = values.filter((v) => v === undefined).length;
    expect(lost / keys.length).toBeGreaterThan(0.2); // the removed node's keys (~1/3) are gone
    expect(lost / keys.length).toBeLessThan(0.47);
    // The removed node's connection ends once its in-flight commands have answered.
    await waitFor('the removed node\'s connection to close', 5_000, async () => await connections(servers[1]) === connectionsBefore - 1);

    await sleep(300); // more polls with no change: nothing happens
    expect(store.configVersion).toBe(3);
    const { ok, errors } = await load.stop();
    expect(errors).toEqual([]);
    expect(ok).toBeGreaterThan(10);
    expect(config.requests).toBeGreaterThan(3);
  });
});

describe('discovery edge cases', () => {
  test('a plain memcached as configuration endpoint (ERROR) is used as the only node', async () => {
    const store = new MemcachedStore({ configurationEndpoint: servers[0].address });
    await store.connect();
    expect(store.nodeStates()).toEqual([{ node: servers[0].address, state: 'up' }]);
    expect(store.configVersion).toBeUndefined();
    await store.set('local-dev', 'ok');
    expect(await store.get('local-dev')).toBe('ok');
    await store.close();
  });

  test('an unreachable configuration endpoint: calls fail fast until it answers', async () => {
    const port = await freePort();
    const store = new MemcachedStore({ configurationEndpoint: `127.0.0.1:${port}`, reconnect: { minDelay: 50, maxDelay: 100 } });
    await expect(store.connect()).rejects.toThrow(/no node list from 127\.0\.0\.1:\d+/);
    const started = Date.now();
    await expect(store.get('x')).rejects.toBeInstanceOf(CacheUnavailableError);
    expect(Date.now() - started).toBeLessThan(50);
    expect(store.isHealthy).toBe(false);

    const config = await startConfigEndpoint([servers[1]], port);
    try {
      await waitFor('the node list', 5_000, () => store.isHealthy);
      await store.set('x', 'y');
      expect(await store.get('x')).toBe('y');
    } finally {
      await store.close();
      await config.close();
    }
  });
});
