import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import session from 'express-session';
import { CacheStore, StoreHealthListener, StoreValue } from '../../src/store';
import { MemoryStore } from '../../src/stores/memory-store';

/**
 * A MemoryStore behind the plain `CacheStore` interface (the Cache serializes through it, as for
 * a remote store) that counts calls per method and can be taken down: while `down`, every call
 * rejects. With `reportsHealth` it offers `onHealth`, driven by `setHealthy`.
 */
export class SpyStore implements CacheStore {
  public readonly name = 'spy';
  public readonly hasDeadlines = true; // no Cache guard: calls reach this store as they are made
  public readonly calls: Record<string, number> = {};
  public readonly ttls: Array<[op: string, key: string, ttlMs: number | undefined]> = [];
  public down = false;
  public readonly onHealth?: (listener: StoreHealthListener) => () => void;
  private readonly listeners = new Set<StoreHealthListener>();

  constructor(public readonly inner = new MemoryStore({ byReference: false }), options: { reportsHealth?: boolean } = {}) {
    if (options.reportsHealth) {
      this.onHealth = (listener) => {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
      };
    }
  }

  public setHealthy(healthy: boolean): void {
    for (const listener of this.listeners) listener(healthy, healthy ? undefined : new Error('spy store down'));
  }

  public get listenerCount(): number {
    return this.listeners.size;
  }

  public count(op: string): number {
    return this.calls[op] ?? 0;
  }

  public reset(): void {
    for (const op of Object.keys(this.calls)) delete this.calls[op];
    this.ttls.length = 0;
  }

  get(key: string): Promise<StoreValue | undefined> {
    return this.run('get', () => this.inner.get(key));
  }
  getMany(keys: readonly string[]): Promise<(StoreValue | undefined)[]> {
    return this.run('getMany', () => this.inner.getMany(keys));
  }
  set(key: string, value: StoreValue, ttlMs?: number): Promise<void> {
    this.ttls.push(['set', key, ttlMs]);
    return this.run('set', () => this.inner.set(key, value, ttlMs));
  }
  add(key: string, value: StoreValue, ttlMs: number): Promise<boolean> {
    return this.run('add', () => this.inner.add(key, value, ttlMs));
  }
  delete(key: string): Promise<boolean> {
    return this.run('delete', () => this.inner.delete(key));
  }
  deleteMany(keys: readonly string[]): Promise<number> {
    return this.run('deleteMany', () => this.inner.deleteMany(keys));
  }
  deleteIfEquals(key: string, value: string): Promise<boolean> {
    return this.run('deleteIfEquals', () => this.inner.deleteIfEquals(key, value));
  }
  touch(key: string, ttlMs: number): Promise<boolean> {
    this.ttls.push(['touch', key, ttlMs]);
    return this.run('touch', () => this.inner.touch(key, ttlMs));
  }
  clear(prefix: string): Promise<number> {
    return this.run('clear', () => this.inner.clear(prefix));
  }
  keys(prefix: string): AsyncIterable<string> {
    this.calls.keys = this.count('keys') + 1;
    if (this.down) return { [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error('spy keys: down')) }) };
    return this.inner.keys(prefix);
  }
  close(): Promise<void> {
    return this.inner.close();
  }

  private run<T>(op: string, call: () => Promise<T>): Promise<T> {
    this.calls[op] = this.count(op) + 1;
    return this.down ? Promise.reject(new Error(`spy ${op}: down`)) : call();
  }
}

/** A running express app using `store` for sessions. */
export interface TestApp {
  readonly url: string;
  readonly store: session.Store;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Cookie maxAge in ms. @default - a browser-session cookie (no expiry) */
  readonly maxAge?: number;
}

/**
 * An express 5 app as each server of a fleet would run it: POST /login stores the user in the
 * session, GET /me reads it (and says whether a session exists at all), POST /logout destroys it.
 * Errors are answered as 500 with the message, so tests can see them.
 */
export async function startApp(store: session.Store, options: TestAppOptions = {}): Promise<TestApp> {
  const app = express();
  app.use(express.json());
  app.use(session({
    store,
    secret: 'shared-secret-of-the-fleet',
    resave: false,
    saveUninitialized: false,
    cookie: { maxAge: options.maxAge },
  }));
  app.post('/login', (req, res) => {
    req.session.user = String(req.body?.user ?? 'alice');
    res.json({ ok: true });
  });
  app.get('/me', (req, res) => {
    res.json({ user: req.session?.user ?? null, hasSession: req.session !== undefined });
  });
  app.post('/logout', (req, res, next) => {
    req.session.destroy((err) => (err ? next(err) : res.json({ ok: true })));
  });
  app.use((err: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(500).json({ error: err.message });
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    store,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections(); // fetch keeps connections alive
    }),
  };
}

export interface Reply {
  readonly status: number;
  readonly body: { user?: string | null; hasSession?: boolean; ok?: boolean; error?: string };
  readonly ms: number;
}

/** A browser's cookie jar over global fetch: keeps `connect.sid` from Set-Cookie, sends it back. */
export class Browser {
  public cookie: string | undefined;

  public async request(app: TestApp, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Reply> {
    const headers: Record<string, string> = {};
    if (this.cookie !== undefined) headers.cookie = this.cookie;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const started = performance.now();
    const res = await fetch(app.url + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('connect.sid='));
    if (setCookie !== undefined) this.cookie = setCookie.split(';')[0];
    return { status: res.status, body: await res.json() as Reply['body'], ms: performance.now() - started };
  }

  public login(app: TestApp, user = 'alice'): Promise<Reply> {
    return this.request(app, 'POST', '/login', { user });
  }

  public me(app: TestApp): Promise<Reply> {
    return this.request(app, 'GET', '/me');
  }

  public logout(app: TestApp): Promise<Reply> {
    return this.request(app, 'POST', '/logout');
  }
}

/** Resolves with the arguments of the next `event` on `emitter`, or rejects after `timeoutMs`. */
export function nextEvent(emitter: NodeJS.EventEmitter, event: string, timeoutMs = 10_000): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, listener);
      reject(new Error(`no '${event}' event within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (...args: unknown[]) => {
      clearTimeout(timer);
      resolve(args);
    };
    emitter.once(event, listener);
  });
}

declare module 'express-session' {
  interface SessionData {
    user?: string;
  }
}
