import type session from 'express-session';
import { Browser, startApp, TestApp } from './helpers';
import { Cache } from '../../src/cache/cache';
import { SessionStore, SessionStoreOptions } from '../../src/session';
import { CacheStore } from '../../src/store';

/** One server of a fleet: its own store connection, Cache, SessionStore and express app. */
export interface FleetMember {
  readonly app: TestApp;
  readonly sessions: SessionStore<session.SessionData>;
  readonly store: CacheStore;
  close(): Promise<void>;
}

export interface MemberOptions {
  /** Cookie maxAge in ms. @default - a browser-session cookie */
  readonly maxAge?: number;
  readonly sessions?: Partial<SessionStoreOptions>;
}

/**
 * Starts an app server over a new `store` (what each server process would create at start-up),
 * with a Cache in namespace 'web' and a SessionStore over it. `close` shuts down everything it made,
 * app first, store last (the Cache leaves a store it was given open).
 */
export async function startMember(store: CacheStore, options: MemberOptions = {}): Promise<FleetMember> {
  const cache = new Cache({ store, namespace: 'web' });
  const sessions = new SessionStore<session.SessionData>({ cache, probeInterval: 100, ...options.sessions });
  const app = await startApp(sessions, { maxAge: options.maxAge });
  return {
    app,
    sessions,
    store,
    close: async () => {
      await app.close();
      await sessions.close();
      await cache.close();
      await store.close();
    },
  };
}

/** The session id inside a `connect.sid=s%3A<sid>.<signature>` cookie. */
export function sidOf(browser: Browser): string {
  const value = decodeURIComponent(browser.cookie!.slice('connect.sid='.length));
  return value.slice(2, value.lastIndexOf('.'));
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
