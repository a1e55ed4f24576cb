import { CacheUnavailableError } from '../errors';
import { Command, STORE } from './command';
import { Connection, ConnectionSettings } from './connection';
import { ResolvedEndpoint } from './options';
import { backoffDelay } from '../resilience/backoff';

export type NodeState = 'connecting' | 'up' | 'down' | 'closed';

/** A command for a node that is down: it fails at once, naming the node and why it is down. */
export class MemcachedNodeDownError extends CacheUnavailableError {
  constructor(op: string, key: string, public readonly node: string, cause: unknown) {
    super(STORE, op, key);
    this.message = `${STORE} ${op} '${key}' skipped: node ${node} is down (${cause instanceof Error ? cause.message : String(cause)}); `
      + 'reconnecting in the background';
  }
}

/** What a node needs from its store. */
export interface NodeContext {
  readonly settings: ConnectionSettings;
  readonly reconnectMinMs: number;
  readonly reconnectMaxMs: number;
  /** The sweeper's current tick (the probe's start). */
  readonly tick: number;
  /** A connection was opened / is gone: the sweeper checks open ones for deadlines. */
  track(connection: Connection): void;
  untrack(connection: Connection): void;
  /** The node's state changed. */
  changed(node: MemcachedNode, cause?: Error): void;
}

/**
 * One node: its connection and its state.
 *
 * - `connecting`: the first connection is being opened; commands wait for it (with deadlines).
 * - `up`: commands go to the connection.
 * - `down`: after a connection failure or a command timeout. Commands fail at once with
 *   `MemcachedNodeDownError` (a `CacheUnavailableError`), so the Cache goes to the source
 *   without waiting. A reconnect is tried after a jittered, capped exponential back-off; the
 *   node is `up` again when a new connection answers the `mn` probe.
 *
 * Keys of a down node are NOT moved to other nodes. Rehashing them would send them to a node
 * that holds no copy (all misses) and, when the node comes back, leave two copies that diverge:
 * writes made meanwhile go to the substitute, and the old copy on the returning node is served
 * again, stale. Failing fast costs the same misses without the stale reads. (The `memcached` npm
 * client's `remove`/`failOverServers` options do rehash; this store deliberately does not.)
 */
export class MemcachedNode {
  public state: NodeState = 'connecting';
  public lastError: Error | undefined;
  private connection: Connection | undefined;
  private attempts = 0;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(public readonly endpoint: ResolvedEndpoint, private readonly context: NodeContext) {
    this.open();
  }

  public get id(): string {
    return this.endpoint.id;
  }

  public send(command: Command): void {
    const connection = this.connection;
    if (this.state === 'up' || this.state === 'connecting') {
      connection!.send(command);
    } else {
      command.reject(this.state === 'down'
        ? new MemcachedNodeDownError(command.op, command.key, this.id, this.lastError)
        : new MemcachedNodeDownError(command.op, command.key, this.id, new Error('node removed from the cluster')));
    }
  }

  /** Stops using the node: no reconnects; the connection ends once its pending commands answer. */
  public retire(): void {
    this.state = 'closed';
    this.clearRetry();
    this.connection?.closeWhenIdle();
  }

  private open(): void {
    const connection = new Connection(this.endpoint, this.context.settings, {
      ready: () => this.onReady(connection),
      failed: (_, cause) => this.onFailed(connection, cause),
      closed: () => this.context.untrack(connection),
    }, this.context.tick);
    this.connection = connection;
    this.context.track(connection);
  }

  private onReady(connection: Connection): void {
    if (connection !== this.connection || this.state === 'closed') return;
    this.attempts = 0;
    this.lastError = undefined;
    this.state = 'up';
    this.context.changed(this);
  }

  private onFailed(connection: Connection, cause: Error): void {
    if (connection !== this.connection) return;
    this.connection = undefined;
    if (this.state === 'closed') return;
    this.lastError = cause;
    const wasDown = this.state === 'down';
    this.state = 'down';
    if (!wasDown) this.context.changed(this, cause);
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    const delay = backoffDelay(this.attempts++, this.context.reconnectMinMs, this.context.reconnectMaxMs);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.state === 'down') this.open();
    }, delay);
    this.retryTimer.unref(); // a down node never keeps the process alive
  }

  private clearRetry(): void {
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }
}
