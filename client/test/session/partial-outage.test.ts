import { FleetMember, sidOf, startMember } from './fleet';
import { Browser } from './helpers';
import { MemcachedStore } from '../../src/memcached';
import { liveProcessCount, MemcachedServer, startMemcached, waitFor } from '../memcached/servers';

jest.setTimeout(90_000);

const USERS = 30;
let servers: MemcachedServer[];
let member: FleetMember;
let store: MemcachedStore;
const events: string[] = [];

beforeAll(async () => {
  servers = await Promise.all([startMemcached(), startMemcached(), startMemcached()]);
  store = new MemcachedStore({
    nodes: servers.map((s) => s.address),
    commandTimeout: 400,
    connectTimeout: 500,
    reconnect: { minDelay: 20, maxDelay: 250 },
  });
  await store.connect();
  member = await startMember(store);
  for (const event of ['disconnect', 'connect']) member.sessions.on(event, () => events.push(event));
});

beforeEach(async () => {
  await Promise.all(servers.map((s) => s.start()));
  await waitFor('every node up', 10_000, () => store.nodeStates().every((s) => s.state === 'up') && member.sessions.isConnected);
});

afterAll(async () => {
  await member?.close();
  await Promise.all((servers ?? []).map((s) => s.kill()));
  expect(liveProcessCount()).toBe(0);
});

/** 30 users logged in, and which memcached node holds each one's session. */
async function loginEveryone(tag: string): Promise<Array<{ browser: Browser; user: string; node: number }>> {
  const users = [];
  for (let i = 0; i < USERS; i++) {
    const browser = new Browser();
    const user = `${tag}${i}`;
    expect((await browser.login(member.app, user)).status).toBe(200);
    const key = `web:sess:${sidOf(browser)}`;
    const held = await Promise.all(servers.map(async (s) => (await s.command(`mg ${key}\r\n`)).startsWith('HD')));
    expect(held.filter(Boolean)).toHaveLength(1);
    users.push({ browser, user, node: held.indexOf(true) });
  }
  return users;
}

function victimOf(users: Array<{ node: number }>): number {
  const counts = [0, 1, 2].map((n) => users.filter((u) => u.node === n).length);
  expect(counts.filter((c) => c > 0).length).toBeGreaterThanOrEqual(2); // ketama spreads 30 sessions
  return counts.indexOf(Math.max(...counts.filter((c) => c < USERS)));
}

test('one node of three hung: only its sessions fail (cookie kept); everyone else reads and writes; all come back with it', async () => {
  const users = await loginEveryone('hung');
  const victim = victimOf(users);
  const cookies = users.map((u) => u.browser.cookie);
  events.length = 0;

  await servers[victim].pause();
  try {
    // The first request for a session on the hung node waits for the deadline; then the node is down.
    const onVictim = users.find((u) => u.node === victim)!;
    expect((await onVictim.browser.me(member.app)).status).toBe(500);
    await waitFor('the hung node to be marked down', 5_000, () => store.nodeStates()[victim].state === 'down');

    for (const u of users) {
      const reply = await u.browser.me(member.app);
      if (u.node === victim) {
        expect(reply.status).toBe(500); // this request fails; express-session keeps the cookie
      } else {
        expect(reply.body).toEqual({ user: u.user, hasSession: true });
        expect((await u.browser.login(member.app, `${u.user}-renamed`)).status).toBe(200); // writes work too
        expect((await u.browser.me(member.app)).body.user).toBe(`${u.user}-renamed`);
      }
    }
    expect(users.map((u) => u.browser.cookie)).toEqual(cookies); // nobody was given a new session
    expect(member.sessions.isConnected).toBe(true);
    expect(events).toEqual([]);
  } finally {
    servers[victim].resume();
  }

  await waitFor('the node to come back', 10_000, () => store.nodeStates().every((s) => s.state === 'up'));
  for (const u of users) {
    const reply = await u.browser.me(member.app);
    expect(reply.body).toEqual({ user: u.node === victim ? u.user : `${u.user}-renamed`, hasSession: true });
  }
  expect(users.map((u) => u.browser.cookie)).toEqual(cookies);
});

test('one node of three killed: the others keep their sessions; its sessions are cleanly absent after the restart', async () => {
  const users = await loginEveryone('killed');
  const victim = victimOf(users);
  events.length = 0;

  await servers[victim].kill();
  await waitFor('the dead node to be marked down', 5_000, () => store.nodeStates()[victim].state === 'down');
  for (const u of users) {
    const reply = await u.browser.me(member.app);
    if (u.node === victim) expect(reply.status).toBe(500);
    else expect(reply.body).toEqual({ user: u.user, hasSession: true });
  }
  expect(member.sessions.isConnected).toBe(true);

  await servers[victim].start();
  await waitFor('the node to come back', 10_000, () => store.nodeStates().every((s) => s.state === 'up'));
  for (const u of users) {
    const reply = await u.browser.me(member.app);
    expect(reply.body).toEqual({ user: u.node === victim ? null : u.user, hasSession: true }); // restarted empty: logged out, nothing else lost
  }
  expect(events).toEqual([]);
});

test('every node down: disconnect (requests go sessionless); connect once one node is back', async () => {
  const users = await loginEveryone('all');
  events.length = 0;
  await Promise.all(servers.map((s) => s.kill()));
  // A request notices (its node fails); from then on requests are served without a session.
  await waitFor('disconnect', 10_000, async () => {
    await users[0].browser.me(member.app);
    return events.includes('disconnect');
  });
  expect(member.sessions.isConnected).toBe(false);
  expect((await users[1].browser.me(member.app)).body).toEqual({ user: null, hasSession: false });

  const back = users.find((u) => u.node !== 0) === undefined ? 1 : 0;
  await servers[back].start();
  await waitFor('connect', 10_000, () => events.includes('connect'));
  expect(member.sessions.isConnected).toBe(true);
  await Promise.all(servers.map((s) => s.start()));
});
