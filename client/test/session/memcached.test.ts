import { FleetMember, sidOf, sleep, startMember } from './fleet';
import { Browser, nextEvent } from './helpers';
import { CacheStoreError } from '../../src/errors';
import { MemcachedStore } from '../../src/memcached';
import { liveProcessCount, MemcachedServer, startMemcached } from '../memcached/servers';

jest.setTimeout(60_000);

let server: MemcachedServer;
const members: FleetMember[] = [];

async function member(address: string, maxAge?: number): Promise<FleetMember> {
  const m = await startMember(new MemcachedStore({ nodes: [address], reconnect: { minDelay: 20, maxDelay: 250 } }), { maxAge });
  members.push(m);
  return m;
}

beforeAll(async () => {
  server = await startMemcached();
});

afterAll(async () => {
  await Promise.all(members.map((m) => m.close()));
  await server?.kill();
  expect(liveProcessCount()).toBe(0);
});

describe('two app servers sharing one Memcached', () => {
  test('log in on A, logged in on B, log out on B, logged out on A', async () => {
    const [a, b] = [await member(server.address), await member(server.address)];
    const browser = new Browser();
    await browser.login(a.app, 'alice');
    expect(await server.command(`mg web:sess:${sidOf(browser)} t\r\n`)).toMatch(/^HD t8640\d\r\n$/); // 1-day default TTL
    expect((await browser.me(b.app)).body).toEqual({ user: 'alice', hasSession: true });
    expect((await browser.logout(b.app)).body).toEqual({ ok: true });
    expect((await browser.me(a.app)).body.user).toBeNull();
    expect(await server.command(`mg web:sess:${sidOf(browser)} t\r\n`)).toBe('EN\r\n');
  });

  test('expiry: after the cookie maxAge (whole seconds in memcached) both servers see no session', async () => {
    const [a, b] = [await member(server.address, 1_500), await member(server.address, 1_500)];
    const browser = new Browser();
    await browser.login(a.app, 'bob');
    expect((await browser.me(b.app)).body.user).toBe('bob');
    await sleep(3_200); // 1.5 s rounds up to 2 s; memcached's clock ticks once a second
    expect((await browser.me(a.app)).body.user).toBeNull();
    expect((await browser.me(b.app)).body.user).toBeNull();
  });

  test('all / ids / length / clear reject with the store\'s own explanation', async () => {
    const a = await member(server.address);
    for (const call of [() => a.sessions.all(), () => a.sessions.ids(), () => a.sessions.length(), () => a.sessions.clear()]) {
      const err = await call().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CacheStoreError);
      expect(String(err)).toMatch(/memcached (keys|clear)\('web:sess:'\): memcached cannot enumerate keys/);
    }
    expect(a.sessions.isConnected).toBe(true);
  });
});

test("Memcached down: 'disconnect', requests proceed without a session; 'connect' when it is back", async () => {
  const lonely = await startMemcached();
  try {
    const a = await member(lonely.address);
    const browser = new Browser();
    await browser.login(a.app, 'carol');
    const disconnected = nextEvent(a.sessions, 'disconnect');
    await lonely.kill();
    await disconnected;
    const reply = await browser.me(a.app);
    expect(reply.body).toEqual({ user: null, hasSession: false });
    expect(reply.ms).toBeLessThan(500);

    const connected = nextEvent(a.sessions, 'connect');
    await lonely.start();
    await connected;
    await browser.login(a.app, 'carol');
    expect((await browser.me(a.app)).body.user).toBe('carol');
  } finally {
    await lonely.kill();
  }
});
