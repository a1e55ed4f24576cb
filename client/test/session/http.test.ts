import { Browser, nextEvent, SpyStore, startApp, TestApp } from './helpers';
import { Cache } from '../../src/cache/cache';
import { SessionStore } from '../../src/session';
import { MemoryStore } from '../../src/stores/memory-store';

const closers: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function serve(cache: Cache, options: { probeInterval?: number } = {}): Promise<{ app: TestApp; sessions: SessionStore }> {
  const sessions = new SessionStore({ cache, ...options });
  closers.push(() => cache.close(), () => sessions.close());
  const app = await startApp(sessions);
  closers.push(() => app.close());
  return { app, sessions };
}

test('the default Cache (in-process memory): one server keeps its own sessions', async () => {
  const { app, sessions } = await serve(new Cache());
  const browser = new Browser();
  await browser.login(app, 'dora');
  expect((await browser.me(app)).body.user).toBe('dora');
  expect(await sessions.length()).toBe(1);
  await browser.logout(app);
  expect(await sessions.length()).toBe(0);
});

test('an unchanged session costs one read per request; its TTL is reset only when due', async () => {
  const spy = new SpyStore(new MemoryStore({ byReference: false }));
  const { app } = await serve(new Cache({ store: spy }));
  const browser = new Browser();
  await browser.login(app);
  spy.reset();
  for (let i = 0; i < 10; i++) await browser.me(app);
  expect(spy.count('get')).toBe(10);
  expect(spy.count('set') + spy.count('touch')).toBe(0); // a 1-day TTL: due after 10 minutes
});

test('a store that reports no health fails: that request errors, the next ones have no session, the cookie survives', async () => {
  const spy = new SpyStore(new MemoryStore({ byReference: false }));
  const { app, sessions } = await serve(new Cache({ store: spy }), { probeInterval: 50 });
  const browser = new Browser();
  await browser.login(app, 'erin');
  const cookie = browser.cookie;

  spy.down = true;
  const disconnected = nextEvent(sessions, 'disconnect');
  const first = await browser.me(app);
  expect(first.status).toBe(500); // express-session passes a get error to the error handler
  expect(first.body.error).toMatch(/spy get: down/);
  await disconnected;
  const next = await browser.me(app);
  expect(next.body).toEqual({ user: null, hasSession: false });
  expect(browser.cookie).toBe(cookie); // untouched: the session is back as soon as the store is

  const connected = nextEvent(sessions, 'connect');
  spy.down = false;
  await connected;
  expect((await browser.me(app)).body).toEqual({ user: 'erin', hasSession: true });
});
