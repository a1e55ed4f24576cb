/**
 * The shapes of express-session's types that the SessionStore's public signatures use, written
 * here so the published types name no optional peer: a `skipLibCheck: false` build without
 * `@types/express-session` compiles (test/packaging). They match `@types/express-session`
 * structurally; the session tests pass a SessionStore where express-session's `Store` type is
 * expected, with an augmented `SessionData`, and `npm test` type-checks them.
 */

/** express-session's `Cookie` as stored with a session. */
export interface SessionCookie {
  originalMaxAge: number | null;
  maxAge?: number;
  expires?: Date | null;
  signed?: boolean;
  httpOnly?: boolean;
  path?: string;
  domain?: string;
  secure?: boolean | 'auto';
  sameSite?: boolean | 'lax' | 'strict' | 'none';
}

/** A session as express-session hands it to a store: its cookie and the app's data. */
export interface SessionData {
  cookie: SessionCookie;
}

/** What the SessionStore needs from the express-session module: its `Store` base class. */
export interface ExpressSessionModule {
  readonly Store: abstract new (...args: never[]) => object;
}
