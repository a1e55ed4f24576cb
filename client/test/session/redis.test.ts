import { FleetMember, sidOf, sleep, startMember } from './fleet';
import { Browser, nextEvent } from './helpers';
import { RedisStore } from '../../src/redis';
import { RedisServer, startRedis } from '../servers';

jest.setTimeout(60_000);

let server: RedisServer;
const members: FleetMember[] = [];

/** A server of the fleet on `url`, closed after all tests. */
async function member(url: string, maxAge?: number): Promise<FleetMember> {
  const m = await startMember(new RedisStore({ url, reconnect: { minDelay: 20, maxDelay: 250 } }), { maxAge });
  members.push(m);
  return m;
}

beforeAll(async () => {
  server = await startRedis();
});

afterAll(async () => {
  await Promise.all(members.map((m) => m.close()));
  await server?.destroy();
});

describe('two app servers sharing one Redis', () => {
  test('log in on A, logged in on B, log out on B, logged out on A', async () => {
    const [a, b] = [await member(server.url), await member(server.url)];
    const browser = new Browser();
    expect((await browser.me(a.app)).body).toEqual({ user: null, hasSession: true });
    expect(browser.cookie).toBeUndefined(); // saveUninitialized: false, nothing stored

    expect((await browser.login(a.app, 'alice')).status).toBe(200);
    const sid = sidOf(browser);
    expect(await server.command('EXISTS', `web:sess:${sid}`)).toBe(1);
    const ttl = Number(await server.command('PTTL', `web:sess:${sid}`));
    expect(ttl).toBeGreaterThan(86_390_000); // a browser-session cookie: the 1-day default
    expect(ttl).toBeLessThanOrEqual(86_400_000);

    expect((await browser.me(b.app)).body).toEqual({ user: 'alice', hasSession: true });
    const stranger = new Browser();
    expect((await stranger.me(b.app)).body.user).toBeNull();

    expect((await browser.logout(b.app)).body).toEqual({ ok: true });
    expect(await server.command('EXISTS', `web:sess:${sid}`)).toBe(0);
    expect((await browser.me(a.app)).body.user).toBeNull();
  });

  test('expiry: the cookie maxAge is the TTL, a request touches it, an idle session is gone on both', async () => {
    const [a, b] = [await member(server.url, 1_500), await member(server.url, 1_500)];
    const browser = new Browser();
    await browser.login(a.app, 'bob');
    const key = `web:sess:${sidOf(browser)}`;
    const ttl = Number(await server.command('PTTL', key));
    expect(ttl).toBeGreaterThan(1_300);
    expect(ttl).toBeLessThanOrEqual(1_500);

    await sleep(1_000);
    expect((await browser.me(b.app)).body.user).toBe('bob'); // touched: 1.5 s from now
    expect(Number(await server.command('PTTL', key))).toBeGreaterThan(1_300);
    await sleep(1_000); // past the first expiry
    expect((await browser.me(a.app)).body.user).toBe('bob');

    await sleep(1_800); // idle longer than maxAge
    expect((await browser.me(a.app)).body.user).toBeNull();
    expect((await browser.me(b.app)).body.user).toBeNull();
    expect(await server.command('EXISTS', key)).toBe(0);
  });
});

describe('Redis down', () => {
  test("'disconnect': requests proceed without a session, fast; 'connect' when it is back", async () => {
    const lonely = await startRedis();
    try {
      const a = await member(lonely.url);
      const browser = new Browser();
      await browser.login(a.app, 'carol');

      const disconnected = nextEvent(a.sessions, 'disconnect');
      await lonely.kill();
      await disconnected;
      expect(a.sessions.isConnected).toBe(false);
      for (let i = 0; i < 3; i++) {
        const reply = await browser.me(a.app);
        expect(reply.status).toBe(200);
        expect(reply.body).toEqual({ user: null, hasSession: false });
        expect(reply.ms).toBeLessThan(500);
      }
      const before = browser.cookie;
      expect((await browser.login(a.app)).status).toBe(500); // no req.session: the app must cope
      expect(browser.cookie).toBe(before); // the user's cookie is left alone

      const connected = nextEvent(a.sessions, 'connect');
      await lonely.start(); // same port, empty (no persistence)
      await connected;
      expect((await browser.me(a.app)).body).toEqual({ user: null, hasSession: true });
      await browser.login(a.app, 'carol');
      expect((await browser.me(a.app)).body.user).toBe('carol');
    } finally {
      await lonely.destroy();
    }
  });
});
