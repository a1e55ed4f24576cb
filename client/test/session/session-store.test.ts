import session from 'express-session';
import { nextEvent, SpyStore } from './helpers';
import { Cache } from '../../src/cache/cache';
import { CacheError, CacheOptionError, CacheSerializationError } from '../../src/errors';
import { SessionStore, SessionStoreError, SessionStoreOptions } from '../../src/session';
import { MemoryStore } from '../../src/stores/memory-store';

type Req = Parameters<SessionStore['createSession']>[0];

/** A new session as express-session's generate() makes it: a Session with a Cookie, plus app data. */
function makeSession(store: SessionStore, sid: string, data: Record<string, unknown>, maxAge: number | null): session.SessionData {
  const req = { sessionID: sid, sessionStore: store } as unknown as Req;
  // The typings hide these constructors; express-session's generate() calls them just so.
  const SessionClass = session.Session as unknown as new (req: Req, data: object) => session.SessionData;
  const CookieClass = session.Cookie as unknown as new (options: object) => session.Cookie;
  const s = new SessionClass(req, data);
  s.cookie = new CookieClass(maxAge === null ? {} : { maxAge });
  return s;
}

/** A stored session as express-session inflates it for a request (Session + Cookie), or null. */
async function loadSession(store: SessionStore, sid: string): Promise<session.Session & session.SessionData | null> {
  const data = await store.get(sid);
  return data === null ? null : store.createSession({ sessionID: sid, sessionStore: store } as unknown as Req, data);
}

/** Moves the (fake) wall clock: Date.now, new Date(), the stores' TTLs. Timers stay real. */
function advance(ms: number): void {
  jest.setSystemTime(Date.now() + ms);
}

const opened: Array<{ close(): Promise<void> }> = [];
function track<T extends { close(): Promise<void> }>(x: T): T {
  opened.push(x);
  return x;
}

beforeEach(() => {
  jest.useFakeTimers({
    doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
    now: 1_700_000_000_000,
  });
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((x) => x.close()));
  jest.useRealTimers();
});

/** A SessionStore over a Cache (namespace 'app') over a SpyStore. */
function setup(options: Partial<SessionStoreOptions> = {}, spyOptions: { reportsHealth?: boolean } = {}) {
  const spy = track(new SpyStore(new MemoryStore({ byReference: false }), spyOptions));
  const cache = track(new Cache({ store: spy, namespace: 'app' }));
  // Typed with express-session's (augmented) SessionData, as an app that reads sessions directly does.
  const store = track(new SessionStore<session.SessionData>({ cache, ...options }));
  return { spy, cache, store };
}

describe('an express-session Store', () => {
  test('inherits regenerate / load / createSession and is a session.Store and an EventEmitter', async () => {
    const { store } = setup();
    expect(store).toBeInstanceOf(session.Store);
    expect(typeof store.on).toBe('function');
    expect(store.regenerate).toBe(session.Store.prototype.regenerate);
    const typed: session.Store = store; // assignable where express-session wants a Store
    expect(typed).toBe(store);

    await store.set('sid-load', makeSession(store, 'sid-load', { user: 'ann' }, 60_000));
    const loaded = await new Promise<session.SessionData | undefined>((resolve, reject) => store.load('sid-load', (err, s) => (err ? reject(err) : resolve(s))));
    expect(loaded).toBeInstanceOf(session.Session);
    expect(loaded!.user).toBe('ann');
    expect(loaded!.cookie).toBeInstanceOf(session.Cookie);
  });

  test('validates its options, naming them', () => {
    const cache = track(new Cache());
    expect(() => new SessionStore({ cache, ttl: 'soon' })).toThrow(/option 'ttl'/);
    expect(() => new SessionStore({ cache, ttl: 0 })).toThrow(CacheOptionError);
    expect(() => new SessionStore({ cache, touchAfter: -1 })).toThrow(/option 'touchAfter'/);
    expect(() => new SessionStore({ cache, probeInterval: 1 })).toThrow(/option 'probeInterval'.*at least 10 ms/);
    expect(() => new SessionStore({ cache: {} as Cache })).toThrow(SessionStoreError);
    expect(() => new SessionStore({ cache: {} as Cache })).toThrow(/Option 'cache' must be a Cache.*an instance of Object/);
    expect(() => new SessionStore(undefined as never)).toThrow(/needs options/);
  });
});

describe('get / set / destroy', () => {
  test('a missing session is null, with a promise or a callback', async () => {
    const { store } = setup();
    expect(await store.get('nope')).toBeNull();
    const viaCallback = await new Promise((resolve) => store.get('nope', (err, s) => resolve([err, s])));
    expect(viaCallback).toEqual([null, null]);
  });

  test('sessions round-trip as typed JSON: the cookie expiry and app Dates come back as Dates', async () => {
    const { store, spy } = setup();
    const loginAt = new Date('2024-05-06T07:08:09Z');
    await store.set('s1', makeSession(store, 's1', { user: 'bob', loginAt, roles: new Set(['admin']) }, 60_000));
    const stored = await spy.inner.get('app:sess:s1');
    expect(typeof stored).toBe('string'); // serialized: loaded sessions never share objects with the store
    const got = await store.get('s1') as session.SessionData & { loginAt: Date; roles: Set<string> };
    expect(got.user).toBe('bob');
    expect(got.loginAt).toEqual(loginAt);
    expect(got.roles).toEqual(new Set(['admin']));
    expect(got.cookie.expires).toEqual(new Date(Date.now() + 60_000));
    expect(got.cookie.originalMaxAge).toBe(60_000);
    got.user = 'mallory'; // mutating a loaded session changes nothing stored
    expect((await store.get('s1'))!.user).toBe('bob');
  });

  test('TTL: from the cookie expiry, else the ttl option (default 1 day)', async () => {
    const { store, spy } = setup();
    await store.set('a', makeSession(store, 'a', {}, 90_000));
    await store.set('b', makeSession(store, 'b', {}, null));
    expect(spy.ttls).toEqual([['set', 'app:sess:a', 90_000], ['set', 'app:sess:b', 86_400_000]]);

    const custom = track(new SessionStore({ cache: track(new Cache({ store: spy })), ttl: '2h', prefix: 'S/' }));
    await custom.set('c', makeSession(custom, 'c', {}, null));
    expect(spy.ttls[2]).toEqual(['set', 'S/c', 7_200_000]);

    advance(89_999); // the store's own clock too: one ms left for 'a'
    expect(await store.get('a')).not.toBeNull();
    advance(1);
    expect(await store.get('a')).toBeNull();
    expect(await store.get('b')).not.toBeNull();
  });

  test('an already expired cookie deletes the session instead of writing it', async () => {
    const { store, spy } = setup();
    const s = makeSession(store, 'old', { user: 'x' }, 1_000);
    await store.set('old', s);
    advance(5_000);
    spy.reset();
    await store.set('old', s); // expires 4 s ago
    expect(spy.count('set')).toBe(0);
    expect(spy.count('delete')).toBe(1);
    expect(await spy.inner.get('app:sess:old')).toBeUndefined();
  });

  test('destroy deletes; callbacks get errors and the promise then resolves', async () => {
    const { store, spy } = setup();
    await store.set('d', makeSession(store, 'd', {}, 60_000));
    await new Promise<void>((resolve, reject) => store.destroy('d', (err) => (err ? reject(err) : resolve())));
    expect(await store.get('d')).toBeNull();

    spy.down = true;
    const errors: unknown[] = [];
    await expect(store.destroy('d', (err) => errors.push(err))).resolves.toBeUndefined();
    expect(String(errors[0])).toMatch(/spy delete: down/);
    await expect(store.destroy('d')).rejects.toThrow(/spy delete: down/);
    await expect(store.set('d', makeSession(store, 'd', {}, 60_000))).rejects.toThrow(/spy set: down/);
    await expect(store.get('d')).rejects.toThrow(/spy get: down/);
  });

  test('a session that cannot be serialized rejects, naming only a prefix of its id', async () => {
    const { store, spy } = setup();
    const bad = makeSession(store, 'abcdefghijkl', { fn: () => 1 }, 60_000);
    const err = await store.set('abcdefghijkl', bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CacheSerializationError);
    expect(String(err)).toMatch(/session abcdef…/);
    expect(String(err)).not.toMatch(/abcdefghijkl/);
    expect(spy.count('set')).toBe(0);
  });

  test('an entry this store did not write reads as no session, reported to onError', async () => {
    const errors: CacheError[] = [];
    const { store, spy } = setup({ onError: (e) => errors.push(e) });
    await spy.inner.set('app:sess:foreign', '{"not":"ours"}');
    await spy.inner.set('app:sess:shape', 'j{"e":1,"s":"text"}');
    expect(await store.get('foreign')).toBeNull();
    expect(await store.get('shape')).toBeNull();
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/Cannot decode cached key 'session foreig…'/),
      expect.stringMatching(/not a session written by SessionStore/),
    ]);
  });
});

describe('touch', () => {
  test('throttled: an unchanged session costs no store write until its expiry would move by touchAfter', async () => {
    const { store, spy } = setup(); // default touchAfter: ttl/10 = 6 s for a 60 s cookie
    const s = makeSession(store, 't', { user: 'u' }, 60_000);
    await store.set('t', s);
    spy.reset();

    // Requests 1 s apart, as express-session runs them: load, re-arm the cookie, touch.
    for (let i = 0; i < 20; i++) {
      advance(1_000);
      const loaded = await loadSession(store, 't');
      await store.touch('t', loaded!.touch());
    }
    expect(spy.count('get')).toBe(20);
    expect(spy.count('touch')).toBe(3); // at +6 s, +12 s, +18 s
    expect(spy.count('set')).toBe(0);
    expect(spy.ttls.filter(([op]) => op === 'touch').map(([, , ttl]) => ttl)).toEqual([60_000, 60_000, 60_000]);

    // The TTL really moved: 59 s after the last touch (at +18 s) the session is still there.
    advance(57_000);
    expect(await store.get('t')).not.toBeNull();
  });

  test('another server learns the last write from the entry; touchAfter 0 touches every time', async () => {
    const { store, spy, cache } = setup({ touchAfter: '10s' });
    const other = track(new SessionStore({ cache, touchAfter: '10s' })); // a second server's store
    await store.set('x', makeSession(store, 'x', {}, 3_600_000));
    spy.reset();
    advance(5_000);
    const loaded = await loadSession(other, 'x');
    await other.touch('x', loaded!.touch());
    expect(spy.count('touch')).toBe(0); // written 5 s ago by the first server
    advance(5_000);
    await other.touch('x', loaded!);
    expect(spy.count('touch')).toBe(0); // the cookie was not re-armed: the expiry stays 5 s ahead
    await other.touch('x', loaded!.touch()); // re-armed: 10 s ahead
    expect(spy.count('touch')).toBe(1);

    const eager = track(new SessionStore({ cache, touchAfter: 0 }));
    await eager.get('x');
    await eager.touch('x', loaded!);
    await eager.touch('x', loaded!);
    expect(spy.count('touch')).toBe(3);
  });

  test('never recreates a missing session; an expired cookie deletes it; failures go to onError', async () => {
    const errors: CacheError[] = [];
    const { store, spy } = setup({ touchAfter: 0, onError: (e) => errors.push(e) });
    const s = makeSession(store, 'm', {}, 60_000);
    await store.touch('m', s);
    expect(spy.count('touch')).toBe(1);
    expect(await store.get('m')).toBeNull();

    await store.set('m', s);
    advance(61_000);
    await store.touch('m', s);
    expect(spy.count('delete')).toBe(1);

    spy.down = true;
    advance(-61_000);
    await expect(store.touch('m', s)).resolves.toBeUndefined();
    let called = false;
    await store.touch('m', s, (err) => {
      called = err === null;
    });
    expect(called).toBe(true);
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^spy touch 'session m…' failed: spy touch: down/),
      expect.stringMatching(/^spy touch 'session m…' failed/),
    ]);
  });
});

describe('all / ids / length / clear', () => {
  test('cover exactly the sessions of this prefix in this namespace', async () => {
    const { store, cache, spy } = setup();
    await cache.set('other', { keep: true });
    await cache.set('sessionish', 1); // 'app:sessionish': the same namespace, not the 'sess:' prefix
    const elsewhere = track(new SessionStore({ cache: track(new Cache({ store: spy, namespace: 'other-app' })) }));
    await elsewhere.set('theirs', makeSession(elsewhere, 'theirs', {}, 60_000));
    for (const [sid, user] of [['s1', 'ann'], ['s2', 'bob'], ['s3', 'cy']]) await store.set(sid, makeSession(store, sid, { user }, 60_000));

    expect((await store.ids()).sort()).toEqual(['s1', 's2', 's3']);
    expect(await store.length()).toBe(3);
    const all = await store.all();
    expect(all.map((s) => [s.id, s.user]).sort()).toEqual([['s1', 'ann'], ['s2', 'bob'], ['s3', 'cy']]);
    expect(all[0].cookie.expires).toBeInstanceOf(Date);
    const viaCallback = await new Promise((resolve) => store.length((err, n) => resolve([err, n])));
    expect(viaCallback).toEqual([null, 3]);

    expect(await store.clear()).toBe(3);
    expect(await store.length()).toBe(0);
    expect(await store.all()).toEqual([]);
    expect(await cache.get('other')).toEqual({ keep: true });
    expect(await cache.get('sessionish')).toBe(1);
    expect(await elsewhere.ids()).toEqual(['theirs']);
  });

  test('errors of the store reach the caller (Memcached cannot enumerate keys)', async () => {
    const { store, spy } = setup();
    spy.down = true;
    await expect(store.ids()).rejects.toThrow(/spy keys: down/);
    await expect(store.all()).rejects.toThrow(/spy keys: down/);
    await expect(store.clear()).rejects.toThrow(/spy clear: down/);
    const result = await new Promise((resolve) => store.length((err) => resolve(String(err))));
    expect(result).toMatch(/spy keys: down/);
    expect(store.isConnected).toBe(true); // listing is an admin call: it does not drive readiness
  });
});

describe("'connect' / 'disconnect'", () => {
  test("follow the store's health reports; once it has reported, its failed calls alone change nothing", async () => {
    const { store, spy } = setup({}, { reportsHealth: true });
    const events: string[] = [];
    store.on('connect', () => events.push('connect'));
    store.on('disconnect', (cause) => events.push(`disconnect: ${(cause as Error).message}`));

    spy.setHealthy(true);
    spy.down = true;
    await expect(store.get('a')).rejects.toThrow();
    expect(events).toEqual([]);
    spy.setHealthy(false);
    spy.setHealthy(false);
    expect(store.isConnected).toBe(false);
    spy.setHealthy(true);
    expect(events).toEqual(['disconnect: spy store down', 'connect']);

    await store.close();
    expect(spy.listenerCount).toBe(0);
  });

  test('a store that has not reported yet (down before we subscribed): failures count until it reports', async () => {
    const { store, spy } = setup({ probeInterval: 10_000 }, { reportsHealth: true });
    const events: string[] = [];
    store.on('connect', () => events.push('connect'));
    store.on('disconnect', () => events.push('disconnect'));
    spy.down = true;
    await expect(store.get('a')).rejects.toThrow();
    expect(events).toEqual(['disconnect']);
    spy.down = false;
    spy.setHealthy(true); // back: its report reconnects
    expect(events).toEqual(['disconnect', 'connect']);
    spy.down = true;
    await expect(store.get('a')).rejects.toThrow();
    expect(events).toEqual(['disconnect', 'connect']); // it has spoken: its reports decide now
  });

  test('a store without health reports: a failed call disconnects, a probe reconnects', async () => {
    const { store, spy } = setup({ probeInterval: 20 });
    spy.down = true;
    const disconnected = nextEvent(store, 'disconnect');
    await expect(store.get('a')).rejects.toThrow(/spy get: down/);
    const [cause] = await disconnected;
    expect(String(cause)).toMatch(/spy get: down/);
    expect(store.isConnected).toBe(false);

    const probes = spy.count('get');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(spy.count('get')).toBeGreaterThan(probes); // probing while down, a get of the bare prefix
    const connected = nextEvent(store, 'connect');
    spy.down = false;
    await connected;
    expect(store.isConnected).toBe(true);
    const after = spy.count('get');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(spy.count('get')).toBe(after); // no probes once connected
  });

  test('disconnectWhenUnhealthy: false never emits them', async () => {
    const { store, spy } = setup({ disconnectWhenUnhealthy: false }, { reportsHealth: true });
    const events: string[] = [];
    store.on('disconnect', () => events.push('disconnect'));
    spy.setHealthy(false);
    spy.down = true;
    await expect(store.get('a')).rejects.toThrow();
    expect(events).toEqual([]);
    expect(store.isConnected).toBe(true);
    expect(spy.listenerCount).toBe(0);
  });
});

describe('express-session is loaded lazily', () => {
  afterEach(() => {
    jest.dontMock('express-session');
  });

  test('importing the client does not load it; constructing without it says to install it', () => {
    jest.isolateModules(() => {
      jest.doMock('express-session', () => {
        const err = new Error("Cannot find module 'express-session' from 'client/src/session/express-session.ts'");
        (err as { code?: string }).code = 'MODULE_NOT_FOUND';
        throw err;
      });
      /* eslint-disable @typescript-eslint/no-require-imports */
      const client = require('../../src') as typeof import('../../src');
      const sessions = require('../../src/session') as typeof import('../../src/session');
      /* eslint-enable @typescript-eslint/no-require-imports */
      const cache = new client.Cache();
      expect(() => new sessions.SessionStore({ cache })).toThrow(/needs the package 'express-session'.*install express-session/);
      // The escape hatch for apps where require cannot find it (pnpm, bundles):
      const store = new sessions.SessionStore({ cache, expressSession: session });
      expect(store).toBeInstanceOf(session.Store);
      expect(() => new sessions.SessionStore({ cache, expressSession: {} as never })).not.toThrow(); // linked once already
    });
  });

  test('a module without a Store class is refused', () => {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const sessions = require('../../src/session') as typeof import('../../src/session');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { Cache: IsolatedCache } = require('../../src/cache/cache') as typeof import('../../src/cache/cache');
      expect(() => new sessions.SessionStore({ cache: new IsolatedCache(), expressSession: {} as never })).toThrow(/Store class .* was not found/);
    });
  });
});
