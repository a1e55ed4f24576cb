import { FleetMember, sidOf, startMember } from './fleet';
import { Browser } from './helpers';
import { RedisStore } from '../../src/redis';
import { RedisClusterServers, startCluster } from '../servers';

jest.setTimeout(90_000);

let cluster: RedisClusterServers;
const members: FleetMember[] = [];

beforeAll(async () => {
  cluster = await startCluster({ shards: 3, replicasPerShard: 0 });
  for (const node of cluster.nodes.slice(0, 2)) {
    members.push(await startMember(new RedisStore({ url: node.url, cluster: true, reconnect: { minDelay: 20, maxDelay: 250 } })));
  }
});

afterAll(async () => {
  await Promise.all(members.map((m) => m.close()));
  await cluster?.stop();
});

test('two app servers on one 3-shard cluster: shared sessions, and all / ids / length / clear across every shard', async () => {
  const [a, b] = members;
  const browsers = Array.from({ length: 12 }, () => new Browser());
  for (const [i, browser] of browsers.entries()) expect((await browser.login(a.app, `user${i}`)).status).toBe(200);
  const sids = browsers.map(sidOf);

  // The sessions really are spread over the shards.
  const perNode = await Promise.all(cluster.nodes.map(async (node) => Number(await node.command('DBSIZE'))));
  expect(perNode.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);
  expect(perNode.reduce((x, y) => x + y, 0)).toBe(12);

  expect((await b.sessions.ids()).sort()).toEqual([...sids].sort());
  expect(await b.sessions.length()).toBe(12);
  const all = await b.sessions.all();
  expect(all.map((s) => [s.id, s.user]).sort()).toEqual(sids.map((sid, i) => [sid, `user${i}`]).sort());

  expect((await browsers[0].me(b.app)).body.user).toBe('user0');
  await browsers[0].logout(b.app);
  expect((await browsers[0].me(a.app)).body.user).toBeNull();
  expect(await a.sessions.length()).toBe(11);

  expect(await a.sessions.clear()).toBe(11);
  expect(await b.sessions.length()).toBe(0);
  expect((await browsers[5].me(b.app)).body.user).toBeNull();
});
