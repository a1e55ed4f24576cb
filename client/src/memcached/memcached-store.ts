import { CacheClosedError, CacheStoreError, CacheUnsupportedError, CacheValueTooLargeError } from '../errors';
import { CacheStore, KeyErrorListener, StoreHealthListener, StoreValue } from '../store';
import { Command, STORE } from './command';
import { Connection, ConnectionSettings } from './connection';
import { exptime, wireKey } from './keys';
import { NodeContext, NodeState } from './node';
import { MemcachedStoreOptions, ResolvedMemcachedOptions, resolveOptions } from './options';
import { ADD, CasValue, DELETE, FLAG_BYTES, FLAG_STRING, GET, GET_CAS, Payload, SET, SET_CAS, TOUCH } from './protocol';
import { Topology } from './topology';
import { Expirable, Sweeper } from '../resilience/sweeper';

/** A node and what the store knows of it, for `nodeStates()`. */
export interface MemcachedNodeState {
  /** `host:port`, the node's name on the hash ring. */
  readonly node: string;
  readonly state: NodeState;
  /** Why it is down. */
  readonly error?: string;
}

/**
 * A `CacheStore` on Memcached (ElastiCache for Memcached, self-hosted memcached ≥ 1.6): the meta
 * protocol over node's `net`/`tls`, one pipelined connection per node, keys spread by ketama
 * consistent hashing, ElastiCache auto-discovery, per-command deadlines, and nodes that fail
 * fast while down (see node.ts for why their keys are not rehashed).
 *
 * Values are strings or Buffers and come back as they were given (a client flag records which).
 * Keys memcached cannot take as they are (over 250 bytes, spaces, control characters) are
 * hashed (keys.ts). Values over `maxValueBytes` reject before anything is sent. Memcached cannot
 * list keys: `clear(prefix)` and `keys(prefix)` reject, saying so. There is no pub/sub.
 */
export class MemcachedStore implements CacheStore {
  public readonly name = STORE;
  /** Every command has a deadline and down nodes fail fast: a Cache needs no guard of its own. */
  public readonly hasDeadlines = true;
  private readonly options: ResolvedMemcachedOptions;
  private readonly sweeper: Sweeper;
  private readonly connections = new Set<Connection>();
  private readonly topology: Topology;
  private readonly healthListeners = new Set<StoreHealthListener>();
  private healthy: boolean | undefined;
  private closed: Promise<void> | undefined;
  private onDrained: (() => void) | undefined;

  constructor(options: MemcachedStoreOptions) {
    this.options = resolveOptions(options);
    const settings: ConnectionSettings = {
      tls: this.options.tls,
      connectTimeoutMs: this.options.connectTimeoutMs,
      commandTimeoutMs: this.options.commandTimeoutMs,
    };
    this.sweeper = new Sweeper(this.options.commandTimeoutMs, () => this.expirables());
    const store = this; // eslint-disable-line @typescript-eslint/no-this-alias
    const context: NodeContext = {
      settings,
      reconnectMinMs: this.options.reconnectMinMs,
      reconnectMaxMs: this.options.reconnectMaxMs,
      get tick() {
        return store.sweeper.tick;
      },
      track: (connection) => this.connections.add(connection),
      untrack: (connection) => {
        this.connections.delete(connection);
        if (this.connections.size === 0) this.onDrained?.();
      },
      changed: (_node, cause) => this.reportHealth(cause),
    };
    this.topology = new Topology(this.options, context, (cause) => this.reportHealth(cause));
  }

  /**
   * Resolves once the node list is known and every node has answered; rejects, naming the nodes
   * that are down, when some did not within `connectTimeout` (the store still works for the
   * others). Optional: calls made earlier wait for the node list and their node's connection.
   */
  public async connect(): Promise<void> {
    const states = await this.topology.settled(this.options.connectTimeoutMs * 2 + this.options.commandTimeoutMs);
    const down = states.filter((s) => s.state !== 'up');
    if (down.length > 0 || states.length === 0) {
      const what = states.length === 0 ? `no node list from ${this.options.configurationEndpoint?.id} (${this.topology.discoveryError?.message})`
        : down.map((s) => `${s.node} ${s.state}${s.error ? ` (${s.error})` : ''}`).join(', ');
      throw new CacheStoreError(STORE, 'connect', undefined, new Error(what), `${STORE} connect: not every node is up: ${what}`);
    }
  }

  /** The nodes on the hash ring and their states. */
  public nodeStates(): MemcachedNodeState[] {
    return this.topology.states();
  }

  /** The ElastiCache configuration version in use (undefined with static `nodes`). */
  public get configVersion(): number | undefined {
    return this.topology.version;
  }

  /** True when every node is up. */
  public get isHealthy(): boolean {
    return this.healthy === true;
  }

  // ---- CacheStore ------------------------------------------------------------------------

  public get(key: string): Promise<StoreValue | undefined> {
    const route = wireKey(key);
    return this.run(GET, 'get', key, route, `mg ${route} v f\r\n`) as Promise<StoreValue | undefined>;
  }

  /** One `mg` per key, pipelined: keys of one node go out in one write, nodes in parallel. */
  public getMany(keys: readonly string[], onKeyError?: KeyErrorListener): Promise<(StoreValue | undefined)[]> {
    const n = keys.length;
    if (n === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      const results = new Array<StoreValue | undefined>(n);
      let left = n;
      let failed = false;
      const fail = (err: unknown) => {
        if (!failed) {
          failed = true;
          reject(err);
        }
      };
      for (let i = 0; i < n; i++) {
        const key = keys[i];
        const route = wireKey(key);
        // With onKeyError a failed node fails only its own keys: they read as absent and are reported.
        const failKey = onKeyError === undefined ? fail : (err: unknown) => {
          onKeyError(err, i);
          if (--left === 0) resolve(results);
        };
        this.dispatch(new Command(GET, 'getMany', key, route, `mg ${route} v f\r\n`, this.sweeper.tick, (value) => {
          results[i] = value as StoreValue | undefined;
          if (--left === 0 && !failed) resolve(results);
        }, failKey));
      }
    });
  }

  public set(key: string, value: StoreValue, ttlMs?: number): Promise<void> {
    return this.store(SET, 'set', key, value, ttlMs, '') as Promise<void>;
  }

  public add(key: string, value: StoreValue, ttlMs: number): Promise<boolean> {
    return this.store(ADD, 'add', key, value, ttlMs, ' ME') as Promise<boolean>;
  }

  public delete(key: string): Promise<boolean> {
    const route = wireKey(key);
    return this.run(DELETE, 'delete', key, route, `md ${route}\r\n`) as Promise<boolean>;
  }

  /** One `md` per key, pipelined; counts the keys that existed. */
  public async deleteMany(keys: readonly string[]): Promise<number> {
    const results = await Promise.all(keys.map((key) => {
      const route = wireKey(key);
      return this.run(DELETE, 'deleteMany', key, route, `md ${route}\r\n`) as Promise<boolean>;
    }));
    return results.reduce((count, existed) => count + (existed ? 1 : 0), 0);
  }

  /**
   * `mg k v f c` (value and CAS), compare here, then `md k C<cas>`: the delete happens only if
   * the item is unchanged since it was read. Every write changes the CAS, so there is no race
   * window (not even A→B→A); a write in between makes it return false. Two round trips.
   */
  public async deleteIfEquals(key: string, value: string): Promise<boolean> {
    const route = wireKey(key);
    const found = await this.readCas('deleteIfEquals', key);
    if (found === undefined) return false;
    const equal = typeof found.value === 'string' ? found.value === value : found.value.equals(Buffer.from(value, 'utf8'));
    if (!equal) return false;
    return this.run(DELETE, 'deleteIfEquals', key, route, `md ${route} C${found.cas}\r\n`) as Promise<boolean>;
  }

  /**
   * `ms k ME` (add), then `mg k v f c` for the CAS it got. Another client's write or delete in
   * between shows as a different value or a miss: then there is no version to hold.
   */
  public async addVersioned(key: string, value: string, ttlMs: number): Promise<string | undefined> {
    if (!await this.add(key, value, ttlMs)) return undefined;
    const found = await this.readCas('addVersioned', key);
    return found !== undefined && found.value === value ? found.cas : undefined;
  }

  /** The item's CAS unique (`mg k v f c`): every write changes it. */
  public async version(key: string): Promise<string | undefined> {
    return (await this.readCas('version', key))?.cas;
  }

  /** `ms k C<cas>`: stored only while the item's CAS is still `version`. */
  public setIfVersion(key: string, value: StoreValue, ttlMs: number, version: string): Promise<boolean> {
    if (!/^\d+$/.test(version)) return Promise.reject(new CacheStoreError(STORE, 'setIfVersion', key, new Error(`not a CAS value: '${version}'`)));
    return this.store(SET_CAS, 'setIfVersion', key, value, ttlMs, ` C${version}`) as Promise<boolean>;
  }

  /** `mg k T<exptime>`: sets the TTL without reading or rewriting the value. */
  public touch(key: string, ttlMs: number): Promise<boolean> {
    const route = wireKey(key);
    let ttl: number;
    try {
      ttl = exptime(ttlMs);
    } catch (err) {
      return Promise.reject(err);
    }
    return this.run(TOUCH, 'touch', key, route, `mg ${route} T${ttl}\r\n`) as Promise<boolean>;
  }

  /** Memcached cannot enumerate keys: always rejects (the CacheStore contract allows it). */
  public clear(prefix: string): Promise<number> {
    return Promise.reject(cannotEnumerate('clear', prefix));
  }

  /** Memcached cannot enumerate keys: the iterator rejects on its first step. */
  public keys(prefix: string): AsyncIterable<string> {
    return {
      [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(cannotEnumerate('keys', prefix)) }),
    };
  }

  /** True while some node is up or still connecting: only the keys of down nodes fail. */
  public isAnyNodeHealthy(): boolean {
    return this.topology.anyNodeServing();
  }

  public onHealth(listener: StoreHealthListener): () => void {
    this.healthListeners.add(listener);
    return () => this.healthListeners.delete(listener);
  }

  /**
   * Stops discovery and reconnects; connections end once their pending commands have answered
   * (or hit their deadline). Later calls reject with `CacheClosedError`. Idempotent.
   */
  public close(): Promise<void> {
    this.closed ??= this.shutdown();
    return this.closed;
  }

  // ---- internals -------------------------------------------------------------------------

  private store(kind: number, op: string, key: string, value: StoreValue, ttlMs: number | undefined, mode: string): Promise<unknown> {
    const route = wireKey(key);
    let payload: Payload;
    try {
      const ttl = exptime(ttlMs);
      if (typeof value === 'string') {
        const bytes = Buffer.byteLength(value, 'utf8');
        this.checkSize(op, key, bytes);
        payload = `ms ${route} ${bytes} T${ttl} F${FLAG_STRING}${mode}\r\n${value}\r\n`;
      } else {
        const bytes = toBuffer(op, key, value);
        this.checkSize(op, key, bytes.length);
        payload = [`ms ${route} ${bytes.length} T${ttl} F${FLAG_BYTES}${mode}\r\n`, bytes, '\r\n'];
      }
    } catch (err) {
      return Promise.reject(err);
    }
    return this.run(kind, op, key, route, payload);
  }

  private readCas(op: string, key: string): Promise<CasValue | undefined> {
    const route = wireKey(key);
    return this.run(GET_CAS, op, key, route, `mg ${route} v f c\r\n`) as Promise<CasValue | undefined>;
  }

  private checkSize(op: string, key: string, bytes: number): void {
    const max = this.options.maxValueBytes;
    if (bytes > max) {
      throw new CacheValueTooLargeError(STORE, op, key, bytes, max,
        `${STORE} ${op} '${key}': value is ${bytes} bytes, over maxValueBytes ${max} (memcached's item size limit, -I / max_item_size); not sent`);
    }
  }

  private run(kind: number, op: string, key: string, route: string, payload: Payload): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.dispatch(new Command(kind, op, key, route, payload, this.sweeper.tick, resolve, reject));
    });
  }

  /** Routes a command to its node (or queues it until the first node list arrives). */
  private dispatch(command: Command): void {
    if (this.closed !== undefined) {
      command.reject(new CacheClosedError(`${STORE} ${command.op} '${command.key}': the store is closed`));
      return;
    }
    this.sweeper.arm();
    this.topology.route(command);
  }

  private *expirables(): Iterable<Expirable> {
    yield* this.connections;
    yield this.topology;
  }

  private reportHealth(cause: Error | undefined): void {
    if (this.topology === undefined) return; // the first node list is applied inside its constructor
    const states = this.topology.states();
    let healthy: boolean | undefined;
    if (states.length > 0 && states.every((s) => s.state === 'up')) healthy = true;
    else if (states.length === 0 ? this.topology.discoveryError !== undefined : states.some((s) => s.state === 'down')) healthy = false;
    if (healthy === undefined || healthy === this.healthy) return;
    this.healthy = healthy;
    for (const listener of [...this.healthListeners]) {
      try {
        listener(healthy, healthy ? undefined : cause ?? this.topology.discoveryError);
      } catch {
        // a listener's failure is its own
      }
    }
  }

  private async shutdown(): Promise<void> {
    this.topology.close(); // retires every node: each connection ends when its commands have answered
    if (this.connections.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.onDrained = resolve;
        // Pending commands end by their deadline at the latest; this bounds a stuck close.
        timer = setTimeout(resolve, this.options.commandTimeoutMs * 2 + 100);
      });
      clearTimeout(timer);
      for (const connection of [...this.connections]) connection.destroy(new Error('store closed'));
    }
    this.sweeper.stop();
  }
}

function toBuffer(op: string, key: string, value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (ArrayBuffer.isView(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  throw new CacheStoreError(STORE, op, key, new Error(`values are strings or Buffers, got ${typeof value}`));
}

function cannotEnumerate(op: string, prefix: string): CacheStoreError {
  return new CacheUnsupportedError(STORE, op, prefix, undefined,
    `${STORE} ${op}('${prefix}'): memcached cannot enumerate keys, so keys cannot be listed or cleared by prefix. `
    + 'Give entries a TTL, delete known keys, or invalidate by namespace/tag version instead.');
}
