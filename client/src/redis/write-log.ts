import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { RedisArgument } from 'redis';
import { LogEntry, WriteLog } from '../store';
import { LuaScript } from './scripts';

/** Sends one command to the primary that owns the log's slot, under the store's deadlines and gate. */
export type LogSend = (op: string, args: RedisArgument[]) => Promise<unknown>;
/** Runs a script with the given keys on that primary. */
export type LogScript = (op: string, script: LuaScript, key: string, args: RedisArgument[]) => Promise<unknown>;

const GROUP = 'write-behind';
/** Most entries one XAUTOCLAIM moves; the takeover loops until the cursor wraps. */
const CLAIM_PAGE = '1000';

/** Sets the lease when free or already ours (then renews it). 1 while held by ARGV[1]. */
const ACQUIRE = new LuaScript([
  "local holder = redis.call('GET', KEYS[1])",
  "if holder == false then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 2 end",
  "if holder == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end",
  'return 0',
].join(' '));

/** XACK and XDEL in one step: an acknowledged entry never lingers in the stream (it would hold back `oldest`). */
const REMOVE = new LuaScript([
  "redis.call('XACK', KEYS[1], ARGV[1], unpack(ARGV, 2))",
  "return redis.call('XDEL', KEYS[1], unpack(ARGV, 2))",
].join(' '));

/** Drops the lease only while it is ours. */
const RELEASE = new LuaScript("if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0");

/**
 * A write-behind log on a Redis Stream with one consumer group. Its two keys share a hash tag, so
 * the stream and its lease live in one slot in cluster mode.
 *
 * Why a lease on top of the group: writes of one key must reach the source in order, so only
 * one consumer may read at a time. The lease (SET PX `claimAfter`, renewed by the holder) names
 * it. A new holder first XAUTOCLAIMs every entry the previous holders read but did not
 * acknowledge (min-idle 0: the lease already proves they are gone) and writes those before
 * anything new; ids only grow, so the source sees each key's writes in append order. Written
 * entries are acknowledged and deleted in one script, so the stream holds exactly what is not
 * written yet and its first id is the flush watermark.
 */
export class RedisWriteLog implements WriteLog {
  public readonly streamKey: string;
  private readonly leaseKey: string;
  private readonly consumer = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private readonly claimAfter: string;
  private held = false;
  private groupReady = false;
  /** Ids read and not removed yet; while any (or after a takeover) the next read starts at the group's pending entries. */
  private readonly outstanding = new Set<string>();
  private reread = true;

  constructor(namespace: string, name: string, claimAfterMs: number, private readonly send: LogSend, private readonly script: LogScript) {
    // In the namespace (ACL key patterns), outside what clear() deletes (it removes strings only).
    this.streamKey = `${namespace}{wb:${name}}:log`;
    this.leaseKey = `${namespace}{wb:${name}}:lease`;
    this.claimAfter = String(Math.max(1, Math.round(claimAfterMs)));
  }

  public get holding(): boolean {
    return this.held;
  }

  public async append(key: string, value: string): Promise<string> {
    return String(await this.send('writeBehind', ['XADD', this.streamKey, '*', 'k', key, 'v', value]));
  }

  public async acquire(): Promise<boolean> {
    const reply = Number(await this.script('writeBehind', ACQUIRE, this.leaseKey, [this.consumer, this.claimAfter]));
    const fresh = reply === 2 || (reply === 1 && !this.held);
    this.held = reply !== 0;
    if (this.held && fresh) await this.takeOver();
    return this.held;
  }

  public async read(count: number): Promise<LogEntry[]> {
    await this.ensureGroup();
    let entries = this.reread ? await this.readGroup(count, '0') : [];
    if (entries.length === 0) entries = await this.readGroup(count, '>');
    this.outstanding.clear();
    for (const entry of entries) this.outstanding.add(entry.id);
    this.reread = entries.length > 0; // until removed, they are ours to read again
    return entries;
  }

  public async remove(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.script('writeBehind', REMOVE, this.streamKey, [GROUP, ...ids]);
    for (const id of ids) this.outstanding.delete(id);
    if (this.outstanding.size === 0) this.reread = false;
  }

  public async oldest(): Promise<string | undefined> {
    return firstId(await this.send('writeBehind', ['XRANGE', this.streamKey, '-', '+', 'COUNT', '1']));
  }

  public async newest(): Promise<string | undefined> {
    return firstId(await this.send('writeBehind', ['XREVRANGE', this.streamKey, '+', '-', 'COUNT', '1']));
  }

  public async release(): Promise<void> {
    if (!this.held) return;
    this.held = false;
    await this.script('writeBehind', RELEASE, this.leaseKey, [this.consumer]);
  }

  /** Moves every entry other consumers read but did not acknowledge to this one, then drops them. */
  private async takeOver(): Promise<void> {
    await this.ensureGroup();
    let cursor = '0-0';
    do {
      const reply = await this.send('writeBehind', ['XAUTOCLAIM', this.streamKey, GROUP, this.consumer, '0', cursor, 'COUNT', CLAIM_PAGE, 'JUSTID']);
      cursor = String((reply as unknown[])[0]);
    } while (cursor !== '0-0');
    this.reread = true;
    const consumers = await this.send('writeBehind', ['XINFO', 'CONSUMERS', this.streamKey, GROUP]) as unknown[];
    for (const info of consumers) {
      const name = fieldOf(info, 'name');
      if (name !== undefined && name !== this.consumer) await this.send('writeBehind', ['XGROUP', 'DELCONSUMER', this.streamKey, GROUP, name]);
    }
  }

  private async readGroup(count: number, from: string): Promise<LogEntry[]> {
    let reply: unknown;
    try {
      reply = await this.send('writeBehind', ['XREADGROUP', 'GROUP', GROUP, this.consumer, 'COUNT', String(count), 'STREAMS', this.streamKey, from]);
    } catch (err) {
      if (!isNoGroup(err)) throw err;
      this.groupReady = false; // the stream was deleted (FLUSHALL, a restore): start again
      await this.ensureGroup();
      return [];
    }
    return entriesOf(reply);
  }

  /** The group reads from the stream's start, so entries appended before it existed are not skipped. */
  private async ensureGroup(): Promise<void> {
    if (this.groupReady) return;
    try {
      await this.send('writeBehind', ['XGROUP', 'CREATE', this.streamKey, GROUP, '0', 'MKSTREAM']);
    } catch (err) {
      if (!(err instanceof Error && err.message.includes('BUSYGROUP'))) throw err;
    }
    this.groupReady = true;
  }
}

function isNoGroup(err: unknown): boolean {
  return err instanceof Error && err.message.includes('NOGROUP');
}

/** XRANGE / XREVRANGE reply → the first entry's id. */
function firstId(reply: unknown): string | undefined {
  const entries = reply as unknown[];
  return entries.length === 0 ? undefined : String((entries[0] as unknown[])[0]);
}

/** XREADGROUP reply (RESP2 `[[stream, entries]]` or RESP3 `{stream: entries}`) → entries. */
function entriesOf(reply: unknown): LogEntry[] {
  if (reply === null || reply === undefined) return [];
  const streams = Array.isArray(reply) ? reply as unknown[][] : Object.entries(reply as Record<string, unknown>);
  const entries = streams.length === 0 ? [] : streams[0][1] as unknown[];
  return entries.map((entry) => {
    const [id, fields] = entry as [unknown, unknown];
    return { id: String(id), key: fieldOf(fields, 'k'), value: fieldOf(fields, 'v') };
  });
}

/** A field of a stream entry or XINFO record (a flat array in RESP2, a map in RESP3; null when the entry was deleted). */
function fieldOf(fields: unknown, name: string): string | undefined {
  if (!Array.isArray(fields)) return fields !== null && typeof fields === 'object' ? str((fields as Record<string, unknown>)[name]) : undefined;
  for (let i = 0; i + 1 < fields.length; i += 2) if (String(fields[i]) === name) return str(fields[i + 1]);
  return undefined;
}

function str(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}
