import type { CacheOptions, EntryOptions } from './options';
import type { ReadThroughOptions, WriteThroughOptions } from './strategies';
import { CacheArgumentError, CacheOptionError } from '../errors';
import { CACHE_EVENT_NAMES, CacheEventName } from './events';
import type { WriteBehindOptions } from './write-behind/write-behind';

// JavaScript callers get no compiler: an unknown key (a typo such as `tll`), a string where a list
// goes, or a store that is not one must fail loudly, not silently use a default. Cache options are
// checked when the Cache is made, strategy options when the strategy is, per-call options when a
// call uses them (never on a hit), and keys on every call (one `typeof`).

/** True when the list names exactly the keys of T (used below so that tsc fails when they drift apart). */
type SameKeys<T, K extends readonly string[]> = [Exclude<keyof T, K[number]> | Exclude<K[number], keyof T>] extends [never] ? true : never;

/** Every option `new Cache()` reads (CACHE_OPTION_KEYS_COMPLETE below fails to compile if CacheOptions differs). */
export const CACHE_OPTION_KEYS = [
  'store', 'closeStore', 'namespace', 'ttl', 'jitter', 'grace', 'staleWhileRevalidate', 'graceBackoff', 'l1', 'l1Ttl',
  'publishInvalidations', 'lease', 'timeout', 'circuitBreaker', 'throwOnCacheError', 'onError', 'compression', 'clock', 'random',
  'loadTimeout', 'loadSoftTimeout', 'logger', 'telemetry',
] as const;
export const CACHE_OPTION_KEYS_COMPLETE: SameKeys<CacheOptions, typeof CACHE_OPTION_KEYS> = true;

/** Per-call options (`set`, `getOrSet`) and the entry options every strategy takes. */
export const ENTRY_OPTION_KEYS = ['ttl', 'grace', 'timeout', 'softTimeout', 'tags'] as const;
export const ENTRY_OPTION_KEYS_COMPLETE: SameKeys<EntryOptions, typeof ENTRY_OPTION_KEYS> = true;
const ENTRY_KEYS: ReadonlySet<string> = new Set(ENTRY_OPTION_KEYS);

export const READ_THROUGH_OPTION_KEYS = [...ENTRY_OPTION_KEYS, 'load'] as const;
export const READ_THROUGH_OPTION_KEYS_COMPLETE: SameKeys<ReadThroughOptions<unknown>, typeof READ_THROUGH_OPTION_KEYS> = true;
export const WRITE_THROUGH_OPTION_KEYS = [...ENTRY_OPTION_KEYS, 'write', 'load'] as const;
export const WRITE_THROUGH_OPTION_KEYS_COMPLETE: SameKeys<WriteThroughOptions<unknown>, typeof WRITE_THROUGH_OPTION_KEYS> = true;
export const WRITE_BEHIND_OPTION_KEYS = [...ENTRY_OPTION_KEYS, 'write', 'load', 'name', 'durable', 'claimAfter', 'drainOnExit', 'flushInterval',
  'maxBatch', 'maxQueue', 'retries', 'backoff', 'onError'] as const;
export const WRITE_BEHIND_OPTION_KEYS_COMPLETE: SameKeys<WriteBehindOptions<unknown>, typeof WRITE_BEHIND_OPTION_KEYS> = true;

/** What `Cache.fromEnvironment()` reads besides the Cache's own options. */
export const ENVIRONMENT_OPTION_KEYS = ['prefix', 'readFromReplicas', 'readYourWrites', 'tls'] as const;

/** The methods a CacheStore must have (publish, subscribe and onHealth are optional). */
const STORE_METHODS = ['get', 'getMany', 'set', 'add', 'delete', 'deleteMany', 'deleteIfEquals', 'touch', 'clear', 'keys', 'close'];

const BOOLEANS = ['closeStore', 'staleWhileRevalidate', 'publishInvalidations', 'throwOnCacheError', 'telemetry'];
const FUNCTIONS = ['onError', 'clock', 'random'];

/** Throws a CacheOptionError naming the option, the value and the rule; `what` names the call. */
export function checkCacheOptions(options: unknown, what: string, known: readonly string[] = CACHE_OPTION_KEYS): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new CacheOptionError(`${what}: options must be an object, got ${describe(options)}.`);
  }
  const given = options as Record<string, unknown>;
  checkKnown(given, what, known);
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
  if (given.logger !== undefined && given.logger !== false) checkLogger(given.logger);
}

/**
 * Options of a strategy (`readThrough`, `writeThrough`, `writeBehind`): known keys, its
 * functions, and valid entry options. `what` names the call.
 */
export function checkStrategyOptions(options: unknown, what: string, known: readonly string[], functions: readonly string[]): void {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new CacheOptionError(`${what}: options must be an object, got ${describe(options)}.`);
  }
  const given = options as Record<string, unknown>;
  checkKnown(given, what, known);
  for (const key of functions) {
    const value = given[key];
    const required = key === 'write' || (key === 'load' && what.startsWith('readThrough'));
    if ((value !== undefined || required) && typeof value !== 'function') {
      throw new CacheOptionError(`${what}: invalid value for option '${key}': ${describe(value)}. Use a function.`);
    }
  }
  checkTags(given.tags, what);
}

/**
 * Per-call options, checked when a call uses them (a write, a miss). Durations are checked where
 * they are parsed; this catches what would otherwise be ignored or misread.
 */
export function checkEntryOptions(options: EntryOptions, what: string): void {
  if (typeof options !== 'object' || options === null) {
    throw new CacheOptionError(`${what}: options must be an object, got ${describe(options)}.`);
  }
  for (const key in options) {
    if (!ENTRY_KEYS.has(key)) checkKnown(options as Record<string, unknown>, what, ENTRY_OPTION_KEYS);
  }
  checkTags(options.tags, what);
}

function checkTags(tags: unknown, what: string): void {
  if (tags === undefined) return;
  if (!Array.isArray(tags)) {
    throw new CacheOptionError(`${what}: invalid value for option 'tags': ${describe(tags)}. Use an array of tag names, e.g. ['prices'].`);
  }
  for (const tag of tags) {
    if (typeof tag !== 'string' || tag === '') {
      throw new CacheOptionError(`${what}: invalid tag in option 'tags': ${describe(tag)}. Tags are non-empty strings.`);
    }
  }
}

/** The error for a key that is not a non-empty string (callers test `typeof` first, for speed). */
export function badKey(key: unknown, what: string, argument = 'key'): CacheArgumentError {
  return new CacheArgumentError(`${what}: argument '${argument}' must be a non-empty string, got ${describe(key)}.`);
}

/** The error for an argument that must be a function (a loader). */
export function badFunction(value: unknown, what: string, argument: string): CacheArgumentError {
  return new CacheArgumentError(`${what}: argument '${argument}' must be a function, got ${describe(value)}.`);
}

/** The error for a list of keys with a bad element or that is not an array; undefined when fine. */
export function badKeys(keys: unknown, what: string): CacheArgumentError | undefined {
  if (!Array.isArray(keys)) return new CacheArgumentError(`${what}: argument 'keys' must be an array of non-empty strings, got ${describe(keys)}.`);
  for (let i = 0; i < keys.length; i++) {
    if (typeof keys[i] !== 'string' || keys[i] === '') return badKey(keys[i], what, `keys[${i}]`);
  }
  return undefined;
}

/** `setMany(entries)`: [key, value] pairs (an array or a Map); a repeated key keeps its last value. */
export function checkEntries<T>(entries: unknown, what: string): Map<string, T> {
  if (entries === null || typeof entries !== 'object' || typeof (entries as Iterable<unknown>)[Symbol.iterator] !== 'function') {
    throw new CacheArgumentError(`${what}: argument 'entries' must be an iterable of [key, value] pairs (an array or a Map), got ${describe(entries)}.`);
  }
  const pairs = new Map<string, T>();
  let i = 0;
  for (const entry of entries as Iterable<unknown>) {
    if (!Array.isArray(entry) || entry.length !== 2) {
      throw new CacheArgumentError(`${what}: argument 'entries[${i}]' must be a [key, value] pair, got ${describe(entry)}${Array.isArray(entry) ? ` of length ${entry.length}` : ''}.`);
    }
    if (typeof entry[0] !== 'string' || entry[0] === '') throw badKey(entry[0], what, `entries[${i}][0]`);
    pairs.delete(entry[0]); // the last value wins, in its own position
    pairs.set(entry[0], entry[1] as T);
    i++;
  }
  return pairs;
}

/** `cache.on/once/off(event, listener)`: a known event and a function; returns the event. */
export function checkListener(event: unknown, listener: unknown, method: string): CacheEventName {
  if (!(CACHE_EVENT_NAMES as readonly unknown[]).includes(event)) {
    throw new CacheArgumentError(`Cache.${method}(): unknown event ${describe(event)}. The events are: ${CACHE_EVENT_NAMES.join(', ')}.`);
  }
  if (typeof listener !== 'function') throw new CacheArgumentError(`Cache.${method}('${String(event)}'): argument 'listener' must be a function, got ${describe(listener)}.`);
  return event as CacheEventName;
}

function checkKnown(given: Record<string, unknown>, what: string, known: readonly string[]): void {
  const unknown = Object.keys(given).filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    throw new CacheOptionError(`${what}: unknown option${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')}. `
      + `The options are: ${known.join(', ')}.`);
  }
}

function checkLogger(logger: unknown): void {
  const missing = logger !== null && typeof logger === 'object'
    ? ['warn', 'error'].filter((m) => typeof (logger as Record<string, unknown>)[m] !== 'function')
    : ['warn', 'error'];
  const debug = missing.length === 0 ? (logger as Record<string, unknown>).debug : undefined;
  if (missing.length > 0 || (debug !== undefined && typeof debug !== 'function')) {
    throw new CacheOptionError(`Invalid value for option 'logger': ${describe(logger)} ${missing.length > 0 ? `lacks ${missing.join(', ')}` : 'has a debug that is not a function'}. `
      + 'Use false, or a logger with warn(fields, message) and error(fields, message) methods (pino, bunyan, console).');
  }
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

/** A value as an error message shows it. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `an object (${(value as object).constructor?.name ?? 'no prototype'})`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  return typeof value === 'bigint' ? `${value}n` : String(value);
}
