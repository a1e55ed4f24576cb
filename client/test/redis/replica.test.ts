import { eventually, healthRecorder } from './helpers';
import { RedisStore } from '../../src/redis';
import { RedisServer, ReplicatedRedis, startReplicated } from '../servers';

let servers: ReplicatedRedis;
let primary: RedisServer;
let replica: RedisServer;
const opened: RedisStore[] = [];

function open(store: RedisStore): RedisStore {
  opened.push(store);
  return store;
}

/** How many GET/MGET commands a server has run. */
async function reads(server: RedisServer): Promise<number> {
  const stats = await server.info('commandstats');
  const calls = (name: string) => Number(/calls=(\d+)/.exec(stats[`cmdstat_${name}`] ?? '')?.[1] ?? 0);
  return calls('get') + calls('mget');
}

beforeAll(async () => {
  servers = await startReplicated({ replicas: 1 });
  primary = servers.primary;
  replica = servers.replicas[0];
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

afterAll(async () => {
  await servers?.stop();
});

describe('primary + replica', () => {
  test('readFromReplicas: reads go to the replica once replicated; writes go to the primary', async () => {
    const store = open(new RedisStore({ url: primary.url, replicas: [`${replica.host}:${replica.port}`], readFromReplicas: true }));
    await store.connect();
    await store.set('rep:a', 'A');
    await store.set('rep:b', 'B');
    await eventually(async () => expect(await replica.command('GET', 'rep:b')).toBe('B'), 5_000);
    const [primaryBefore, replicaBefore] = [await reads(primary), await reads(replica)];
    expect(await store.get('rep:a')).toBe('A');
    expect(await store.getMany(['rep:a', 'rep:b', 'rep:none'])).toEqual(['A', 'B', undefined]);
    expect(await reads(replica)).toBe(replicaBefore + 2);
    expect(await reads(primary)).toBe(primaryBefore);
    // writes and lease operations still work (they go to the primary; the replica is read-only)
    expect(await store.add('rep:c', 'C', 10_000)).toBe(true);
    expect(await store.deleteIfEquals('rep:c', 'C')).toBe(true);
    expect(await store.delete('rep:a')).toBe(true);
  });

  test('without readFromReplicas every read goes to the primary', async () => {
    const store = open(new RedisStore({ url: primary.url, replicas: [replica.url] }));
    await store.set('rep:d', 'D');
    const before = await reads(replica);
    expect(await store.get('rep:d')).toBe('D');
    expect(await reads(replica)).toBe(before);
  });

  test('a replica that goes down moves reads to the primary; health is unaffected; it comes back', async () => {
    const store = open(new RedisStore({
      url: primary.url,
      replicas: [replica.url],
      readFromReplicas: true,
      reconnect: { minDelay: 20, maxDelay: 200 },
    }));
    const health = healthRecorder();
    store.onHealth(health.listener);
    await store.set('rep:e', 'E');
    await eventually(async () => expect(await replica.command('GET', 'rep:e')).toBe('E'), 5_000);
    await replica.kill();
    await eventually(async () => expect(await store.get('rep:e')).toBe('E'), 2_000);
    for (let i = 0; i < 20; i++) expect(await store.get('rep:e')).toBe('E');
    expect(health.events).toEqual([true]);
    expect(store.isHealthy).toBe(true);

    await replica.start();
    await eventually(async () => expect((await replica.info('replication')).master_link_status).toBe('up'), 10_000);
    await eventually(async () => {
      const before = await reads(replica);
      expect(await store.get('rep:e')).toBe('E');
      expect(await reads(replica)).toBe(before + 1);
    }, 10_000);
  });
});
