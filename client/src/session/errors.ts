import { CacheError } from '../errors';

/**
 * The session store cannot be built or used as configured: express-session is not installed, or
 * the `cache` option is not a `Cache`.
 */
export class SessionStoreError extends CacheError {}
