import { EventEmitter } from 'node:events';
import { SessionStoreError } from './errors';
import type { ExpressSessionModule } from './session-types';


/**
 * express-session is not a dependency of this package (most users of the client never need it),
 * so it is loaded on first use, never when `cdk-elasticache-client` is imported.
 *
 * The specifier is a string literal inside try/catch on purpose: bundlers (esbuild, webpack)
 * include express-session when the app has it and leave the call alone when it does not.
 */
export function loadExpressSession(): ExpressSessionModule {
  try {
    // An optional package, deliberately not a dependency (see above).
    // eslint-disable-next-line @typescript-eslint/no-require-imports, import/no-extraneous-dependencies
    return require('express-session') as ExpressSessionModule;
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code;
    if (code === 'MODULE_NOT_FOUND' && String((err as Error).message).includes("'express-session'")) {
      throw new SessionStoreError('SessionStore needs the package \'express-session\', which cannot be loaded: install express-session '
        + "(npm install express-session), or pass the module as the 'expressSession' option.", { cause: err });
    }
    throw err; // installed but failing while loading: its own error says more than ours would
  }
}

let linked: ExpressSessionModule['Store'] | undefined;

/**
 * Makes `target` (a class extending EventEmitter) a real `session.Store` subclass: its prototype
 * chain gets `Store.prototype` (which itself extends EventEmitter.prototype), so `regenerate`,
 * `load` and `createSession` are inherited and `instanceof session.Store` holds. Done once; a
 * second, different copy of express-session keeps the first link (the methods are the same).
 */
export function linkStorePrototype(target: { prototype: object }, module: ExpressSessionModule): void {
  if (linked !== undefined) return;
  const Store: unknown = module?.Store;
  const base: unknown = typeof Store === 'function' ? Store.prototype : undefined;
  if (typeof base !== 'object' || base === null || !(base instanceof EventEmitter)) {
    throw new SessionStoreError("Option 'expressSession' must be the express-session module: its Store class (an EventEmitter) was not found.");
  }
  Object.setPrototypeOf(target.prototype, base);
  linked = module.Store;
}
