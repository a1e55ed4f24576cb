import type { RedisArgument } from 'redis';
import { address, connectWithin, createClusterClient, NodeRedisClient, NodeRedisCluster } from './connection';
import { ResolvedRedisOptions } from './options';
import { isAuthError } from './redis-errors';
import { keySlot } from './slot';
import { closeClient, CLOSED, CONNECTING, ConnectionState, DOWN, READY, ScanTarget, SendOptions, Topology, waitForFirstConnection } from './topology';
import { backoffDelay } from '../resilience/backoff';

interface NodeInfo {
  readonly host?: string;
  readonly port?: number;
}

/**
 * Redis Cluster through node-redis `createCluster`: slot routing, MOVED/ASK redirections and
 * slot-map refreshes (after a MOVED, and while a node stays unreachable, e.g. during a failover)
 * are node-redis's. This class adds the connection state, health (every known node connected),
 * retries of the initial discovery, extra slot-map refreshes when commands fail, replacement of
 * a cluster client whose connections went silent, and per-primary access for SCAN.
 */
export class ClusterTopology implements Topology {
  public readonly cluster = true;
  public readonly where: string;
  public state: ConnectionState = CONNECTING;
  public lastError: unknown = undefined;
  public onHealth: (healthy: boolean, cause?: unknown) => void = ignoreHealth;
  private client: NodeRedisCluster;
  private subscriber: Promise<NodeRedisCluster> | undefined;
  private readonly downNodes = new Set<string>();
  private readonly waiters: Array<() => void> = [];
  private healthy: boolean | undefined = undefined;
  private refreshedAt = 0;
  private recycling: NodeRedisCluster | undefined;
  private recycledAt = 0;
  private attempts = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private started = false;

  constructor(private readonly options: ResolvedRedisOptions) {
    this.where = `cluster ${options.seeds.map(address).join(',')}`;
    this.client = this.newClient();
  }

  public start(): void {
    if (this.started) return;
    this.started = true;
    this.connect();
  }

  public settled(timeoutMs: number): Promise<void> {
    if (this.state !== CONNECTING) return Promise.resolve();
    return waitForFirstConnection(this.waiters, timeoutMs);
  }

  public send(key: string | undefined, readonly: boolean, args: RedisArgument[], options?: SendOptions): Promise<unknown> {
    return this.client.sendCommand(key, readonly, args, options);
  }

  /**
   * Whether a write for `key` can go now (true), must wait for its primary's first connection
   * (a promise: connections open on first use), or would only wait for a reconnect (false: fail
   * fast, as node-redis does once a connection was up). node-redis itself would queue a write
   * behind a first connection with no bound; the store sends it only if its deadline has not
   * passed meanwhile, so a write never reaches the server long after its caller gave up.
   */
  public writable(key: string): boolean | Promise<unknown> {
    const master = this.client.slots[keySlot(key)]?.master;
    if (master === undefined) return false;
    const client = master.client;
    if (client !== undefined && client.isReady) return true;
    if (client === undefined || master.connectPromise !== undefined) return this.client.nodeClient(master);
    return false;
  }

  /**
   * Re-reads the slot map soon (at most once per second): called when commands fail for lack
   * of a connection or time out, so a failed-over primary is replaced even when node-redis has
   * no reconnect events to go by (a node that never connected, a silent one).
   */
  public refresh(): void {
    const now = Date.now();
    if (this.state !== READY || now - this.refreshedAt < 1_000) return;
    this.refreshedAt = now;
    // `_slots.rediscover` is typed public in node-redis 6 but underscored; without it, nothing.
    const slots = (this.client as unknown as { _slots?: { rediscover?: () => Promise<void> } })._slots;
    if (typeof slots?.rediscover !== 'function') return;
    slots.rediscover().catch((err: unknown) => {
      this.lastError = err;
    });
  }

  /**
   * Replaces the whole cluster client when its connections stopped answering (see
   * `StandaloneTopology.recycle`): a new client discovers the cluster afresh in the background
   * and takes over once connected; the old one keeps serving meanwhile.
   */
  public recycle(): void {
    if (this.recycling !== undefined || this.state !== READY) return;
    if (Date.now() - this.recycledAt < this.options.commandTimeoutMs) return;
    this.recycledAt = Date.now();
    const fresh = this.newClient();
    this.recycling = fresh;
    connectWithin(fresh, this.options.connectTimeoutMs + this.options.commandTimeoutMs).then(() => {
      this.recycling = undefined;
      if (this.state === CLOSED) {
        fresh.destroy();
        return;
      }
      const old = this.client;
      this.client = fresh;
      this.downNodes.clear();
      old.destroy();
      this.updateHealth(undefined);
    }, (err: unknown) => {
      this.recycling = undefined;
      this.lastError = err;
      fresh.destroy();
    });
  }

  public async scanTargets(): Promise<ScanTarget[]> {
    const cluster = this.client;
    return Promise.all(cluster.masters.map(async (master) => {
      let client = master.client;
      if (client === undefined || master.connectPromise !== undefined) client = await cluster.nodeClient(master);
      if (!client.isReady) throw new Error(`primary ${master.address} is not connected`);
      return { address: master.address, client: client as unknown as NodeRedisClient };
    }));
  }

  /** Subscribes through a second cluster client reserved for pub/sub (opened on first use). */
  public async subscribe(channel: string, listener: (message: string) => void): Promise<() => Promise<void>> {
    const subscriber = await this.subscriberClient();
    const handler = (message: string) => listener(message);
    await subscriber.subscribe(channel, handler);
    return async () => {
      if (subscriber.isOpen) await subscriber.unsubscribe(channel, handler as never);
    };
  }

  public async close(): Promise<void> {
    if (this.state === CLOSED) return;
    this.setState(CLOSED);
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.recycling?.destroy();
    const graceMs = this.options.commandTimeoutMs;
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    await Promise.all([
      closeClient(this.client, graceMs),
      subscriber?.then((client) => closeClient(client, graceMs), () => undefined),
    ]);
  }

  private newClient(): NodeRedisCluster {
    const client = createClusterClient(this.options);
    const current = () => client === this.client && this.state !== CLOSED;
    return client
      .on('error', (err: unknown) => {
        if (!current()) return;
        this.lastError = err;
        // Refused credentials (a rotated token, an expired IAM token): fetch fresh ones on reconnect.
        if (isAuthError(err)) this.options.credentials?.invalidate?.();
      })
      .on('node-error', (err: unknown, node: NodeInfo) => {
        if (!current()) return;
        this.lastError = err;
        this.nodeDown(node, err);
      })
      .on('node-reconnecting', (node: NodeInfo) => {
        if (current()) this.nodeDown(node, this.lastError);
      })
      .on('node-ready', (node: NodeInfo) => {
        if (current()) this.nodeUp(node);
      })
      .on('node-disconnect', (node: NodeInfo) => { // left the topology (or closed)
        if (current()) this.nodeUp(node);
      });
  }

  private subscriberClient(): Promise<NodeRedisCluster> {
    if (this.subscriber === undefined) {
      const client = createClusterClient(this.options).on('error', () => undefined);
      const connecting = client.connect().then(() => client);
      connecting.catch(() => {
        if (this.subscriber === connecting) this.subscriber = undefined;
        client.destroy();
      });
      this.subscriber = connecting;
    }
    return this.subscriber;
  }

  private connect(): void {
    this.client.connect().then(() => {
      this.attempts = 0;
      if (this.state === CLOSED) return;
      this.setState(READY);
    }, (err: unknown) => {
      this.lastError = err;
      if (this.state === CLOSED) return;
      this.setState(DOWN);
      const reconnect = this.options.reconnect;
      if (reconnect === false) return;
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        if (this.state !== CLOSED) this.connect();
      }, backoffDelay(this.attempts++, reconnect.minMs, reconnect.maxMs));
    });
  }

  private nodeDown(node: NodeInfo, cause: unknown): void {
    this.downNodes.add(`${node.host}:${node.port}`);
    this.updateHealth(cause);
  }

  private nodeUp(node: NodeInfo): void {
    this.downNodes.delete(`${node.host}:${node.port}`);
    this.updateHealth(undefined);
  }

  private setState(state: ConnectionState): void {
    const before = this.state;
    if (before === state) return;
    this.state = state;
    if (before === CONNECTING) for (const waiter of this.waiters.splice(0)) waiter();
    if (state !== CLOSED) this.updateHealth(this.lastError);
  }

  private updateHealth(cause: unknown): void {
    const healthy = this.state === READY && this.downNodes.size === 0;
    if (healthy === this.healthy || (!healthy && this.state === CONNECTING)) return;
    this.healthy = healthy;
    this.onHealth(healthy, healthy ? undefined : cause);
  }
}

function ignoreHealth(): void {
  // replaced by the store
}
