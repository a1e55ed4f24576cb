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
