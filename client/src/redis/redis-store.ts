import { createHash } from 'node:crypto';
import { RESP_TYPES } from 'redis';
import type { RedisArgument } from 'redis';
import { CacheClosedError, CacheStoreError, CacheTimeoutError, CacheUnavailableError, CacheValueTooLargeError } from '../errors';
import { ClusterTopology } from './cluster';
import { MAX_COALESCED_KEYS, SendGroup, sendBySlot } from './coalesced-gets';
import { closeCredentials } from './connection';
import { RedisStoreOptions, ResolvedRedisOptions, resolveOptions } from './options';
import { openRedisClient, RedisClient } from './redis-client';
import { describe, isAuthError, isAvailabilityError } from './redis-errors';
import { DELETE_IF_EQUALS, isNoScript, LuaScript, PERSIST_IF_EXISTS, SET_IF_VERSION, VERSION_OF } from './scripts';
import { groupBySlot } from './slot';
import { StandaloneTopology } from './standalone';
import { CLOSED, CONNECTING, READY, ScanTarget, SendOptions, Topology } from './topology';
import { RedisWriteLog } from './write-log';
import { TickBatcher } from '../batching/tick-batch';
import { CircuitBreaker } from '../resilience/circuit-breaker';
import { DeadlineOwner, Deadlines } from '../resilience/deadlines';
import { CacheStore, KeyErrorListener, StoreHealthListener, StoreValue, WriteLog } from '../store';

const STORE = 'redis';
const SCAN_COUNT = '1000';
const AS_BUFFER: SendOptions = { typeMapping: { [RESP_TYPES.BLOB_STRING]: Buffer } };
/** Consecutive timeouts after which connections that still claim to be up are replaced. */
const RECYCLE_AFTER_TIMEOUTS = 3;

/**
 * A `CacheStore` on Redis OSS / Valkey (ElastiCache, MemoryDB, self-hosted) through node-redis:
 * standalone, primary + replicas, or cluster mode; TLS; AUTH tokens, ACL users and per-connection
 * credential providers (IAM).
 *
 * It never hangs: every command has a deadline (`commandTimeout`, enforced by one sweep timer,
 * not a timer per command), commands fail at once while disconnected (no offline queue), and a
 * circuit breaker fails calls fast after repeated failures until a probe succeeds. Connections
 * come back by themselves (exponential back-off with jitter); `onHealth` reports the changes.
 *
 * Values come back as strings, except values whose first byte is NUL, which come back as Buffers
 * (the Cache codec's binary format); `returnBuffers: true` returns Buffers for everything.
 * Values over `maxValueBytes` reject with `CacheValueTooLargeError` before anything is sent.
 */
export class RedisStore implements CacheStore {
  public readonly name = STORE;
  /** Every command has its own deadline and a circuit breaker fails calls fast: the Cache adds no guard. */
  public readonly hasDeadlines = true;
  public readonly prefersGetMany = true;
  private readonly options: ResolvedRedisOptions;
  private readonly topology: Topology;
  private readonly deadlines: Deadlines;
  private readonly breaker: CircuitBreaker;
  private readonly isCluster: boolean;
  private readonly valueOptions: SendOptions | undefined;
  private readonly healthListeners = new Set<StoreHealthListener>();
  private connectionHealthy: boolean | undefined = undefined;
  private healthy: boolean | undefined = undefined;
  private closing: Promise<void> | undefined;
  private timeoutsInARow = 0;
  private readonly given: RedisStoreOptions;
  private extraClient: Promise<RedisClient> | undefined;
  /** GETs of the current tick, not sent yet (see coalesced-gets.ts). */
  private readonly gets = new TickBatcher<StoreValue | undefined>((batch) => sendBySlot(batch, this.isCluster, this.sendGroup), MAX_COALESCED_KEYS);

  constructor(options: RedisStoreOptions) {
    this.options = resolveOptions(options);
    this.given = options;
    this.isCluster = this.options.cluster;
    this.valueOptions = this.options.returnBuffers ? AS_BUFFER : undefined;
    const owner: DeadlineOwner = {
      succeeded: () => this.succeeded(),
      failed: (err, op, key) => this.failed(err, op, key),
      timedOut: (op, key, timeoutMs) => this.timedOut(op, key, timeoutMs),
    };
    this.deadlines = new Deadlines(this.options.commandTimeoutMs, owner);
    this.breaker = new CircuitBreaker(this.options.breakerFailures, this.options.breakerCoolDownMs, () => this.reportHealth(undefined));
    this.topology = this.isCluster ? new ClusterTopology(this.options) : new StandaloneTopology(this.options);
    this.topology.onHealth = (healthy, cause) => {
      this.connectionHealthy = healthy;
      if (healthy) this.breaker.success(); // a new connection: stop failing fast at once
      this.reportHealth(cause);
    };
    this.topology.start();
  }

  /** True while connected and the circuit is closed. */
  public get isHealthy(): boolean {
    return this.healthy === true;
  }

  /**
   * Resolves once connected; rejects with the connection error when the first attempt fails or
   * `connectTimeout` passes. Optional: calls made before the first connection wait for it.
   */
  public async connect(): Promise<void> {
    await this.topology.settled(this.options.connectTimeoutMs);
    if (this.topology.state !== READY) throw this.notConnected('connect', undefined);
  }

  // ---- CacheStore ------------------------------------------------------------------------

  /** GETs issued in the same tick go out together: one MGET per slot group (coalesced-gets.ts). */
  public get(key: string): Promise<StoreValue | undefined> {
    if (this.topology.state !== READY || this.breaker.openUntil !== 0) return this.gated('get', key, () => this.sendGet(key));
    return this.gets.add(key);
  }

  public getMany(keys: readonly string[], onKeyError?: KeyErrorListener): Promise<(StoreValue | undefined)[]> {
    if (keys.length === 0) return Promise.resolve([]);
    if (this.topology.state !== READY || this.breaker.openUntil !== 0) return this.gated('getMany', keys[0], () => this.sendGetMany(keys, onKeyError));
    return this.sendGetMany(keys, onKeyError);
  }

  public set(key: string, value: StoreValue, ttlMs?: number): Promise<void> {
    if (this.tooLarge(value)) return Promise.reject(this.tooLargeError('set', key, value));
    const args: RedisArgument[] = ttlMs !== undefined && ttlMs > 0 ? ['SET', key, value, 'PX', pxArg(ttlMs)] : ['SET', key, value];
    return this.write('set', key, args, toVoid);
  }

  public add(key: string, value: StoreValue, ttlMs: number): Promise<boolean> {
    if (this.tooLarge(value)) return Promise.reject(this.tooLargeError('add', key, value));
    const args: RedisArgument[] = ttlMs > 0 ? ['SET', key, value, 'NX', 'PX', pxArg(ttlMs)] : ['SET', key, value, 'NX'];
    return this.write('add', key, args, isOk);
  }

  public delete(key: string): Promise<boolean> {
    return this.write('delete', key, ['UNLINK', key], isPositive);
  }

  public deleteMany(keys: readonly string[]): Promise<number> {
    if (keys.length === 0) return Promise.resolve(0);
    return this.gated('deleteMany', keys[0], () => this.unlink(keys, 'deleteMany'));
  }

  public deleteIfEquals(key: string, value: string): Promise<boolean> {
    return this.gated('deleteIfEquals', key, () => this.script(DELETE_IF_EQUALS, 'deleteIfEquals', key, [value], isPositive));
  }

  /** `SET NX PX`; the version is the SHA-1 of the value, which is what the scripts compare. */
  public addVersioned(key: string, value: string, ttlMs: number): Promise<string | undefined> {
    return this.add(key, value, ttlMs).then((added) => added ? sha1(value) : undefined);
  }

  /** The SHA-1 of the key's bytes, computed on the primary (one short script). */
  public version(key: string): Promise<string | undefined> {
    return this.gated('version', key, () => this.script(VERSION_OF, 'version', key, [], toOptionalString));
  }

  /** Compare-and-set in one script: SET only while the key's bytes still hash to `version`. */
  public setIfVersion(key: string, value: StoreValue, ttlMs: number, version: string): Promise<boolean> {
    if (this.tooLarge(value)) return Promise.reject(this.tooLargeError('setIfVersion', key, value));
    const px = ttlMs > 0 ? pxArg(ttlMs) : '0';
    return this.gated('setIfVersion', key, () => this.script(SET_IF_VERSION, 'setIfVersion', key, [version, value, px], isPositive));
  }

  public touch(key: string, ttlMs: number): Promise<boolean> {
    if (ttlMs > 0) return this.write('touch', key, ['PEXPIRE', key, pxArg(ttlMs)], isPositive);
    return this.gated('touch', key, () => this.script(PERSIST_IF_EXISTS, 'touch', key, [], isPositive));
  }

  /**
   * Deletes every key starting with `prefix`: `SCAN MATCH prefix* COUNT 1000` on every primary
   * (each shard in cluster mode) and `UNLINK` of each page, per slot. Keys written while it runs
   * may survive. Rejects when a primary is unreachable (the keys there are not cleared).
   */
  public async clear(prefix: string): Promise<number> {
    await this.usable('clear', prefix);
    const targets = await this.scanTargets('clear', prefix);
    const counts = await Promise.all(targets.map((target) => this.clearNode(target, prefix)));
    return sum(counts);
  }

  /** Every key starting with `prefix`, from every primary, each once. */
  public async *keys(prefix: string): AsyncIterable<string> {
    await this.usable('keys', prefix);
    const pattern = `${escapeGlob(prefix)}*`;
    for (const target of await this.scanTargets('keys', prefix)) {
      const seen = new Set<string>(); // SCAN may return a key twice
      let cursor = '0';
      do {
        const [next, keys] = await this.scanPage(target, cursor, pattern, 'keys', prefix);
        cursor = next;
        for (const key of keys) {
          if (seen.has(key)) continue;
          seen.add(key);
          yield key;
        }
      } while (cursor !== '0');
    }
  }

  /** PUBLISH: reaches subscribers on every node (cluster-wide in cluster mode). */
  public publish(channel: string, message: string): Promise<void> {
    this.gets.flush();
    return this.gated('publish', channel, () => this.deadlines.track(this.topology.send(undefined, false, ['PUBLISH', channel, message]), 'publish', channel, toVoid));
  }

  /**
   * Subscribes on a connection reserved for pub/sub (opened on first use, re-subscribed by
   * node-redis after a reconnect). Resolves to a function that unsubscribes this listener.
   */
  public async subscribe(channel: string, listener: (message: string) => void): Promise<() => Promise<void>> {
    await this.usable('subscribe', channel);
    const subscribing = this.topology.subscribe(channel, listener);
    try {
      const unsubscribe = await this.deadlines.track(subscribing, 'subscribe', channel, identity);
      return () => this.deadlines.track(unsubscribe(), 'unsubscribe', channel, toVoid);
    } catch (err) {
      subscribing.then((unsubscribe) => unsubscribe(), () => undefined).catch(() => undefined); // late success: undo
      throw err;
    }
  }

  /**
   * A connected node-redis client on the same server(s) with the same settings, for the commands
   * a cache store does not offer (sorted sets, counters, streams, pub/sub): TLS, credentials and
   * their refresh, and node-redis's own deadline of `commandTimeout` per command (redis-client.ts).
   * Made on the first call, shared by later ones, closed with the store.
   */
  public client(): Promise<RedisClient> {
    if (this.closing !== undefined) return Promise.reject(this.closedError('client', undefined));
    if (this.extraClient === undefined) {
      const opening = openRedisClient(this.given);
      opening.catch(() => {
        if (this.extraClient === opening) this.extraClient = undefined; // a failed connect: the next call tries again
      });
      this.extraClient = opening;
    }
    return this.extraClient;
  }

  /** A durable write-behind log on a Stream (see write-log.ts). */
  public openWriteLog(namespace: string, name: string, claimAfterMs: number): WriteLog {
    // CacheClosedError once closed: the queue then stops trying (its entries wait in the stream).
    const closed = () => new CacheClosedError(`redis store closed: write-behind log '${name}' is left for another instance`);
    const send = <R>(op: string, key: string, run: () => Promise<R>): Promise<R> =>
      this.closing !== undefined ? Promise.reject(closed()) : this.gated(op, key, run);
    const log: RedisWriteLog = new RedisWriteLog(namespace, name, claimAfterMs,
      (op, args) => send(op, log.streamKey, () => this.sendWrite(op, log.streamKey, args, identity)),
      (op, script, key, args) => send(op, key, () => this.script(script, op, key, args, identity)));
    return log;
  }

  public onHealth(listener: StoreHealthListener): () => void {
    this.healthListeners.add(listener);
    return () => {
      this.healthListeners.delete(listener);
    };
  }

  /**
   * Closes every connection. New calls reject at once; calls in flight get their answers (up to
   * `commandTimeout`), then whatever is left rejects. Idempotent.
   */
  public close(): Promise<void> {
    if (this.closing === undefined) {
      this.gets.flush(); // issued before close(): in flight, so answered
      closeCredentials(this.options);
      const extra = this.extraClient?.then((client) => client.close(), () => undefined);
      this.closing = Promise.all([this.topology.close(), extra]).then(() => undefined).finally(() => {
        this.deadlines.rejectAll((op, key) => this.closedError(op, key));
        this.healthListeners.clear();
      });
    }
    return this.closing;
  }

  // ---- outcomes of tracked commands (the Deadlines' owner) ---------------------------------

  private succeeded(): void {
    this.timeoutsInARow = 0;
    this.breaker.success();
  }

  private failed(err: unknown, op: string, key: string | undefined): unknown {
    if (isAvailabilityError(err)) {
      this.breaker.failure();
      this.topology.refresh();
    }
    if (err instanceof CacheStoreError) return err;
    return this.storeError(op, key, err);
  }

  private timedOut(op: string, key: string | undefined, timeoutMs: number): unknown {
    this.breaker.failure();
    this.topology.refresh();
    if (++this.timeoutsInARow >= RECYCLE_AFTER_TIMEOUTS) {
      this.timeoutsInARow = 0;
      this.topology.recycle(); // a silent peer: TCP may not notice for many minutes
    }
    return new CacheTimeoutError(STORE, op, key, timeoutMs);
  }

  // ---- commands ---------------------------------------------------------------------------

  /** Sends the tick's GETs; called before any other command too, so commands keep program order. */

  private readonly sendGroup: SendGroup = (keys) => {
    if (this.topology.state !== READY || this.closing !== undefined) return this.gated('get', keys[0], () => this.sendKeys(keys));
    return this.sendKeys(keys);
  };

  private sendKeys(keys: string[]): Promise<(StoreValue | undefined)[]> {
    if (keys.length === 1) return this.deadlines.track(this.topology.send(keys[0], true, ['GET', keys[0]], this.valueOptions), 'get', keys[0], this.toOneValue);
    const reply = this.topology.send(keys[0], true, ['MGET', ...keys], this.valueOptions);
    return this.deadlines.track(reply, 'get', keys[0], (values) => this.toValues(keys, values as unknown[])).catch((err: unknown) => {
      // The breaker counted one failed command; it failed as many calls as it carried.
      const outage = err instanceof CacheTimeoutError || (err instanceof CacheStoreError && isAvailabilityError(err.cause));
      if (outage) this.breaker.failure(keys.length - 1);
      throw err;
    });
  }

  private sendGet(key: string): Promise<StoreValue | undefined> {
    return this.deadlines.track(this.topology.send(key, true, ['GET', key], this.valueOptions), 'get', key, this.toValue);
  }

  private sendGetMany(keys: readonly string[], onKeyError: KeyErrorListener | undefined): Promise<(StoreValue | undefined)[]> {
    const groups = this.isCluster ? groupBySlot(keys) : undefined;
    if (groups === undefined || groups.length === 1) {
      const reply = this.topology.send(keys[0], true, ['MGET', ...keys], this.valueOptions);
      return this.deadlines.track(reply, 'getMany', keys[0], (values) => this.toValues(keys, values as unknown[]));
    }
    if (onKeyError !== undefined) return this.sendGroupsApart(keys, groups, onKeyError);
    const replies = Promise.all(groups.map((group) => {
      const args: RedisArgument[] = ['MGET'];
      for (const i of group) args.push(keys[i]);
      return this.topology.send(keys[group[0]], true, args, this.valueOptions) as Promise<unknown[]>;
    }));
    return this.deadlines.track(replies, 'getMany', keys[0], (perGroup) => {
      const values = new Array<unknown>(keys.length);
      for (let g = 0; g < groups.length; g++) {
        const group = groups[g];
        const reply = perGroup[g];
        for (let j = 0; j < group.length; j++) values[group[j]] = reply[j];
      }
      return this.toValues(keys, values);
    });
  }

  /** One MGET per slot group, each settling alone: a failed shard's keys go to `onKeyError`. */
  private async sendGroupsApart(keys: readonly string[], groups: number[][], onKeyError: KeyErrorListener): Promise<(StoreValue | undefined)[]> {
    const values = new Array<StoreValue | undefined>(keys.length);
    await Promise.all(groups.map((group) => {
      const groupKeys = group.map((i) => keys[i]);
      const reply = this.topology.send(groupKeys[0], true, ['MGET', ...groupKeys], this.valueOptions);
      return this.deadlines.track(reply, 'getMany', groupKeys[0], (replies) => this.toValues(groupKeys, replies as unknown[])).then((groupValues) => {
        for (let j = 0; j < group.length; j++) values[group[j]] = groupValues[j];
      }, (err: unknown) => {
        for (const i of group) onKeyError(err, i);
      });
    }));
    return values;
  }

  /** One single-key write under the gate, failing fast when its node is not connected. */
  private write<R>(op: string, key: string, args: RedisArgument[], map: (reply: unknown) => R): Promise<R> {
    if (this.topology.state !== READY || this.breaker.openUntil !== 0) return this.gated(op, key, () => this.sendWrite(op, key, args, map));
    return this.sendWrite(op, key, args, map);
  }

  private sendWrite<R>(op: string, key: string, args: RedisArgument[], map: (reply: unknown) => R): Promise<R> {
    this.gets.flush();
    const command = this.isCluster ? this.routedWrite(op, key, () => this.topology.send(key, false, args)) : this.topology.send(key, false, args);
    return this.deadlines.track(command, op, key, map);
  }

  /**
   * A cluster write: sent now when its primary is connected; after the primary's first
   * connection if that comes before the deadline; rejected at once while it reconnects.
   */
  private routedWrite(op: string, key: string, send: () => Promise<unknown>): Promise<unknown> {
    const writable = this.topology.writable(key);
    if (writable === true) return send();
    if (writable === false) {
      this.breaker.failure();
      this.topology.refresh();
      return Promise.reject(this.notConnected(op, key, `the primary for key '${key}' is not connected`));
    }
    const started = Date.now();
    const timeoutMs = this.options.commandTimeoutMs;
    return writable.then(() => {
      if (Date.now() - started >= timeoutMs) throw new CacheTimeoutError(STORE, op, key, timeoutMs); // too late: never send
      return send();
    });
  }

  /** UNLINK, one command per slot in cluster mode. Returns how many keys existed. */
  private unlink(keys: readonly string[], op: string): Promise<number> {
    this.gets.flush();
    if (!this.isCluster) return this.deadlines.track(this.topology.send(keys[0], false, ['UNLINK', ...keys]), op, keys[0], toNumber);
    return Promise.all(groupBySlot(keys).map((group) => {
      const first = keys[group[0]];
      const args: RedisArgument[] = ['UNLINK'];
      for (const i of group) args.push(keys[i]);
      return this.deadlines.track(this.routedWrite(op, first, () => this.topology.send(first, false, args)), op, first, toNumber);
    })).then(sum);
  }

  /** EVALSHA, then EVAL when the script is not cached on that node. */
  private script<R>(script: LuaScript, op: string, key: string, args: RedisArgument[], map: (reply: unknown) => R): Promise<R> {
    this.gets.flush();
    const run = () => this.topology.send(key, false, ['EVALSHA', script.sha, '1', key, ...args]).catch((err: unknown) => {
      if (!isNoScript(err)) throw err;
      return this.topology.send(key, false, ['EVAL', script.source, '1', key, ...args]);
    });
    return this.deadlines.track(this.isCluster ? this.routedWrite(op, key, run) : run(), op, key, map);
  }

  private async clearNode(target: ScanTarget, prefix: string): Promise<number> {
    const pattern = `${escapeGlob(prefix)}*`;
    const unlinking: Promise<number>[] = [];
    try {
      let cursor = '0';
      do {
        const [next, keys] = await this.scanPage(target, cursor, pattern, 'clear', prefix);
        cursor = next;
        if (keys.length > 0) unlinking.push(this.unlink(keys, 'clear'));
      } while (cursor !== '0');
      return sum(await Promise.all(unlinking));
    } catch (err) {
      await Promise.allSettled(unlinking);
      throw err;
    }
  }

  private scanPage(target: ScanTarget, cursor: string, pattern: string, op: string, prefix: string): Promise<[string, string[]]> {
    // Strings only: what a Cache writes. A clear() must not take a stream (a write-behind queue) or a user's own structures.
    const reply = target.client.sendCommand(['SCAN', cursor, 'MATCH', pattern, 'COUNT', SCAN_COUNT, 'TYPE', 'string']);
    return this.deadlines.track(reply, op, prefix, toScanPage);
  }

  private async scanTargets(op: string, prefix: string): Promise<ScanTarget[]> {
    try {
      // Not a command: finding the primaries must not count as a success (it would reset the
      // timeout count that replaces silent connections, and close the circuit).
      return await this.deadlines.track(this.topology.scanTargets(), op, prefix, identity, false);
    } catch (err) {
      if (err instanceof CacheStoreError) throw err;
      this.breaker.failure();
      throw this.notConnected(op, prefix, describe(err));
    }
  }

  // ---- values -----------------------------------------------------------------------------

  /** GET reply → value. A NUL-led string was written as binary: read it again as a Buffer. */
  private readonly toValue = (reply: unknown, key: string | undefined): StoreValue | undefined | Promise<StoreValue | undefined> => {
    if (reply === null || reply === undefined) return undefined;
    if (typeof reply === 'string' && reply.charCodeAt(0) === 0) return this.getBuffer(key!);
    return reply as StoreValue;
  };

  private readonly toOneValue = (reply: unknown, key: string | undefined): (StoreValue | undefined)[] | Promise<(StoreValue | undefined)[]> => {
    const value = this.toValue(reply, key);
    return value instanceof Promise ? value.then((v) => [v]) : [value];
  };

  private toValues(keys: readonly string[], replies: unknown[]): (StoreValue | undefined)[] | Promise<(StoreValue | undefined)[]> {
    const values = new Array<StoreValue | undefined>(replies.length);
    let binary: Promise<void>[] | undefined;
    for (let i = 0; i < replies.length; i++) {
      const reply = replies[i];
      if (reply === null || reply === undefined) {
        values[i] = undefined;
      } else if (typeof reply === 'string' && reply.charCodeAt(0) === 0) {
        (binary ??= []).push(this.getBuffer(keys[i]).then((buffer) => {
          values[i] = buffer;
        }));
      } else {
        values[i] = reply as StoreValue;
      }
    }
    return binary === undefined ? values : Promise.all(binary).then(() => values);
  }

  private getBuffer(key: string): Promise<StoreValue | undefined> {
    const reply = this.topology.send(key, true, ['GET', key], AS_BUFFER);
    return this.deadlines.track(reply, 'get', key, toOptionalValue);
  }

  // ---- gate: connection state and circuit breaker -----------------------------------------

  /**
   * The slow path of every call: the first connection still being made (wait for it, bounded),
   * the connection down (fail fast), the circuit open (fail fast but for one probe), closed.
   */
  private gated<R>(op: string, key: string | undefined, run: () => Promise<R>): Promise<R> {
    const state = this.topology.state;
    if (state === CLOSED || this.closing !== undefined) return Promise.reject(this.closedError(op, key));
    if (state === CONNECTING) {
      const settled = this.topology.settled(this.options.connectTimeoutMs);
      return this.deadlines.track(settled, op, key, () => {
        if (this.topology.state === CONNECTING) throw this.notConnected(op, key, 'still connecting');
        return this.gated(op, key, run); // only while the deadline has not passed: never sent late
      }, false);
    }
    if (this.breaker.openUntil !== 0 && !this.breaker.admit()) return Promise.reject(new CacheUnavailableError(STORE, op, key));
    if (state !== READY) {
      this.breaker.failure();
      return Promise.reject(this.notConnected(op, key));
    }
    return run();
  }

  /** For the async calls (clear, keys, subscribe): throws what `gated` would reject with. */
  private usable(op: string, key: string): Promise<void> {
    return this.gated(op, key, () => Promise.resolve());
  }

  // ---- errors and health ------------------------------------------------------------------

  /** Over `maxValueBytes`; a string's UTF-8 length is only measured when it could be. */
  private tooLarge(value: StoreValue): boolean {
    const max = this.options.maxValueBytes;
    return typeof value === 'string' ? value.length * 3 > max && Buffer.byteLength(value, 'utf8') > max : value.length > max;
  }

  private tooLargeError(op: string, key: string, value: StoreValue): CacheValueTooLargeError {
    const bytes = typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : value.length;
    const max = this.options.maxValueBytes;
    return new CacheValueTooLargeError(STORE, op, key, bytes, max, `${prefixOf(op, key)}: value is ${bytes} bytes, over maxValueBytes ${max} `
      + "(set it to the server's proto-max-bulk-len); not sent");
  }

  private storeError(op: string, key: string | undefined, cause: unknown): CacheStoreError {
    if (key !== undefined && cause instanceof Error && /invalid bulk length/i.test(cause.message)) {
      return new CacheValueTooLargeError(STORE, op, key, undefined, undefined, `${prefixOf(op, key)} failed: ${describe(cause)}: the value is over `
        + "the server's proto-max-bulk-len, which is below maxValueBytes; not stored (the server closed the connection: set maxValueBytes to that limit)", cause);
    }
    if (isAuthError(cause)) {
      this.options.credentials?.invalidate?.();
      return new CacheStoreError(STORE, op, key, cause, `${prefixOf(op, key)} failed: authentication to ${this.topology.where} failed: ${describe(cause)}`);
    }
    if (cause instanceof Error && /offline|closed unexpectedly|ECONNREFUSED|ECONNRESET|EPIPE|Connection timeout/i.test(cause.message)) {
      return this.notConnected(op, key, describe(cause));
    }
    return new CacheStoreError(STORE, op, key, cause);
  }

  private notConnected(op: string, key: string | undefined, detail?: string): CacheStoreError {
    const last = this.topology.lastError;
    const reason = detail ?? (last === undefined ? 'no connection' : describe(last));
    const auth = isAuthError(last) ? ' (authentication failed)' : '';
    return new CacheStoreError(STORE, op, key, last, `${prefixOf(op, key)} failed: not connected to ${this.topology.where}${auth}: ${reason}`);
  }

  private closedError(op: string, key: string | undefined): CacheStoreError {
    return new CacheStoreError(STORE, op, key, undefined, `${prefixOf(op, key)} failed: the store is closed`);
  }

  private reportHealth(cause: unknown): void {
    if (this.connectionHealthy === undefined && this.breaker.openUntil === 0) return; // nothing known yet
    const healthy = this.connectionHealthy === true && this.breaker.openUntil === 0;
    if (healthy === this.healthy) return;
    this.healthy = healthy;
    for (const listener of [...this.healthListeners]) {
      try {
        listener(healthy, healthy ? undefined : cause ?? this.topology.lastError);
      } catch {
        // a listener's failure is its own business
      }
    }
  }
}

function prefixOf(op: string, key: string | undefined): string {
  return `${STORE} ${op}${key === undefined ? '' : ` '${key}'`}`;
}

function sha1(value: string): string {
  return createHash('sha1').update(value, 'utf8').digest('hex');
}

function toOptionalString(reply: unknown): string | undefined {
  return reply === null || reply === undefined ? undefined : String(reply);
}

function pxArg(ttlMs: number): string {
  return String(Math.max(1, Math.ceil(ttlMs)));
}

/** SCAN MATCH treats `* ? [ ] \` as glob syntax; a prefix must match itself only. */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

function toVoid(): void {
  return undefined;
}

function identity<T>(value: T): T {
  return value;
}

function isOk(reply: unknown): boolean {
  return reply !== null && reply !== undefined;
}

function isPositive(reply: unknown): boolean {
  return Number(reply) > 0;
}

function toNumber(reply: unknown): number {
  return Number(reply);
}

function toOptionalValue(reply: unknown): StoreValue | undefined {
  return reply === null || reply === undefined ? undefined : reply as StoreValue;
}

function toScanPage(reply: unknown): [string, string[]] {
  const [cursor, keys] = reply as [string | Buffer, Array<string | Buffer>];
  return [String(cursor), keys.map(String)];
}

function sum(counts: number[]): number {
  let total = 0;
  for (const count of counts) total += count;
  return total;
}
