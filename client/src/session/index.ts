export { SessionStore } from './session-store';
export type { StoredSession } from './session-store';
export type { SessionStoreOptions } from './options';
export type { SessionCallback } from './callback';
export type { ExpressSessionModule, SessionData, SessionCookie } from './session-types';
export { SessionStoreError } from './errors';
