import type { CacheOptions } from './options';
import { CacheOptionError } from '../errors';

// Options from JavaScript callers are checked once, when the Cache is made: an unknown key (a typo
// such as `tll`) or a store that is not one must fail loudly, not silently use a default.

/** Every option `new Cache()` reads (CACHE_OPTION_KEYS_COMPLETE below fails to compile if CacheOptions differs). */
export const CACHE_OPTION_KEYS = [
  'store', 'closeStore', 'namespace', 'ttl', 'jitter', 'grace', 'staleWhileRevalidate', 'graceBackoff', 'l1', 'l1Ttl',
  'publishInvalidations', 'lease', 'timeout', 'circuitBreaker', 'throwOnCacheError', 'onError', 'compression', 'clock', 'random',
  'loadTimeout', 'loadSoftTimeout',
] as const;

// Compile-time proof that the list and CacheOptions name the same keys (tsc fails otherwise).
type Unlisted = Exclude<keyof CacheOptions, (typeof CACHE_OPTION_KEYS)[number]>;
type Unknown = Exclude<(typeof CACHE_OPTION_KEYS)[number], keyof CacheOptions>;
export const CACHE_OPTION_KEYS_COMPLETE: [Unlisted | Unknown] extends [never] ? true : never = true;

/** What `Cache.fromEnvironment()` reads besides the Cache's own options. */
export const ENVIRONMENT_OPTION_KEYS = ['prefix', 'readFromReplicas', 'tls'] as const;

/** The methods a CacheStore must have (publish, subscribe and onHealth are optional). */
const STORE_METHODS = ['get', 'getMany', 'set', 'add', 'delete', 'deleteMany', 'deleteIfEquals', 'touch', 'clear', 'keys', 'close'];

const BOOLEANS = ['closeStore', 'staleWhileRevalidate', 'publishInvalidations', 'throwOnCacheError'];
const FUNCTIONS = ['onError', 'clock', 'random'];

/** Throws a CacheOptionError naming the option, the value and the rule; `what` names the call. */
export function checkCacheOptions(options: unknown, what: string, known: readonly string[] = CACHE_OPTION_KEYS): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new CacheOptionError(`${what}: options must be an object, got ${describe(options)}.`);
  }
  const given = options as Record<string, unknown>;
  const unknown = Object.keys(given).filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    throw new CacheOptionError(`${what}: unknown option${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')}. `
      + `The options are: ${known.join(', ')}.`);
  }
  for (const key of BOOLEANS) {
    if (given[key] !== undefined && typeof given[key] !== 'boolean') {
      throw new CacheOptionError(`Invalid value for option '${key}': ${describe(given[key])}. Use true or false.`);
    }
  }
  for (const key of FUNCTIONS) {
    if (given[key] !== undefined && typeof given[key] !== 'function') {
      throw new CacheOptionError(`Invalid value for option '${key}': ${describe(given[key])}. Use a function.`);
    }
  }
  if (given.namespace !== undefined && typeof given.namespace !== 'string') {
    throw new CacheOptionError(`Invalid value for option 'namespace': ${describe(given.namespace)}. Use a string.`);
  }
  if (given.store !== undefined) checkStore(given.store);
}

function checkStore(store: unknown): void {
  const missing = store !== null && typeof store === 'object'
    ? STORE_METHODS.filter((m) => typeof (store as Record<string, unknown>)[m] !== 'function')
    : STORE_METHODS;
  if (missing.length > 0) {
    throw new CacheOptionError(`Invalid value for option 'store': ${describe(store)} is not a CacheStore (it lacks ${missing.join(', ')}). `
      + 'Use a MemoryStore, RedisStore or MemcachedStore, or an object with every CacheStore method.');
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `an object (${(value as object).constructor?.name ?? 'no prototype'})`;
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}
