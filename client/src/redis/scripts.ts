import { createHash } from 'node:crypto';

/** A Lua script run with EVALSHA, falling back to EVAL when the server does not have it cached. */
export class LuaScript {
  public readonly sha: string;
  constructor(public readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }
}

/** Deletes KEYS[1] only while it holds ARGV[1] (releasing a lease). Returns 1 when deleted. */
export const DELETE_IF_EQUALS = new LuaScript(
  "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0",
);

/** Removes KEYS[1]'s TTL. Returns 1 when the key exists (PERSIST alone returns 0 for a key without TTL). */
export const PERSIST_IF_EXISTS = new LuaScript(
  "if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('PERSIST', KEYS[1]) return 1 end return 0",
);

/** True for the server's "script not cached" reply (after a restart, failover or SCRIPT FLUSH). */
export function isNoScript(err: unknown): boolean {
  return err instanceof Error && err.message.startsWith('NOSCRIPT');
}

/** KEYS[1]'s version: the SHA-1 of its bytes, or false when absent (the same hash the client computes). */
export const VERSION_OF = new LuaScript(
  "local v = redis.call('GET', KEYS[1]) if v then return redis.sha1hex(v) end return false",
);

/**
 * Sets KEYS[1] to ARGV[2] (with PX ARGV[3] unless '0') only while the SHA-1 of its bytes is
 * ARGV[1]: compare-and-set for stale-set protection. Returns 1 when stored.
 */
export const SET_IF_VERSION = new LuaScript([
  "local v = redis.call('GET', KEYS[1])",
  'if not v or redis.sha1hex(v) ~= ARGV[1] then return 0 end',
  "if ARGV[3] == '0' then redis.call('SET', KEYS[1], ARGV[2]) else redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end",
  'return 1',
].join(' '));
