export { SessionStore } from './session-store';
export type { StoredSession } from './session-store';
export type { SessionStoreOptions } from './options';
export type { SessionCallback } from './callback';
export type { ExpressSessionModule } from './express-session';
export { SessionStoreError } from './errors';
