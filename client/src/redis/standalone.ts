import type { RedisArgument } from 'redis';
import { address, connectWithin, createNodeClient, NodeRedisClient } from './connection';
import { ResolvedEndpoint, ResolvedRedisOptions } from './options';
import { isAuthError } from './redis-errors';
import { closeClient, CLOSED, CONNECTING, ConnectionState, DOWN, READY, ScanTarget, SendOptions, Topology, waitForFirstConnection } from './topology';

/**
 * A standalone primary, optionally with replicas for reads (ElastiCache cluster mode disabled:
 * the primary endpoint plus the reader endpoint). The primary's connection decides the state.
 */
export class StandaloneTopology implements Topology {
  public readonly cluster = false;
  public readonly where: string;
  public state: ConnectionState = CONNECTING;
  public lastError: unknown = undefined;
  public onHealth: (healthy: boolean, cause?: unknown) => void = ignoreHealth;
  private primary: NodeRedisClient;
  private readonly replicas: NodeRedisClient[];
  private readonly readReplicas: boolean;
  private readonly waiters: Array<() => void> = [];
  private subscriber: Promise<NodeRedisClient> | undefined;
  private recycling: Promise<void> | undefined;
  private readonly fresh = new Set<NodeRedisClient>();
  private recycledAt = 0;
  private next = 0;
  private started = false;

  constructor(private readonly options: ResolvedRedisOptions) {
    this.where = address(options.seeds[0]);
    this.primary = this.newPrimary();
    this.replicas = options.replicas.map((replica) => this.newReplica(replica));
    this.readReplicas = options.readFromReplicas && this.replicas.length > 0;
  }

  public start(): void {
    if (this.started) return;
    this.started = true;
    this.connect(this.primary);
    for (const replica of this.replicas) this.connect(replica);
  }

  public settled(timeoutMs: number): Promise<void> {
    if (this.state !== CONNECTING) return Promise.resolve();
    return waitForFirstConnection(this.waiters, timeoutMs);
  }

  public send(_key: string | undefined, readonly: boolean, args: RedisArgument[], options?: SendOptions): Promise<unknown> {
    const client = readonly && this.readReplicas ? this.reader() : this.primary;
    return client.sendCommand(args, options);
  }

  public writable(): boolean {
    return true; // the primary fails fast by itself while disconnected (disableOfflineQueue)
  }

  public refresh(): void {
    // one primary: nothing to re-read
  }

  /**
   * Replaces the connections that claim to be up while commands time out on them: a peer that
   * vanished without a reset (a failed host, a dropped network path) leaves a TCP connection
   * "open" for many minutes. New connections are made in the background and swapped in once
   * ready (for an ElastiCache endpoint, DNS may point them to the new primary); meanwhile the
   * old ones keep serving whatever they still can.
   */
  public recycle(): void {
    if (this.recycling !== undefined || this.state !== READY) return;
    if (Date.now() - this.recycledAt < this.options.commandTimeoutMs) return;
    this.recycledAt = Date.now();
    const fresh = this.newPrimary();
    const swaps: Array<Promise<void>> = [this.swapWhenReady(fresh, () => {
      const old = this.primary;
      this.primary = fresh;
      old.destroy();
      this.onHealth(true);
    })];
    this.replicas.forEach((replica, i) => {
      if (!replica.isReady) return; // reconnecting by itself
      const next = this.newReplica(this.options.replicas[i]);
      swaps.push(this.swapWhenReady(next, () => {
        this.replicas[i] = next;
        replica.destroy();
      }));
    });
    this.recycling = Promise.all(swaps).then(() => {
      this.recycling = undefined;
    });
  }

  public scanTargets(): Promise<ScanTarget[]> {
    return Promise.resolve([{ address: this.where, client: this.primary }]);
  }

  public async subscribe(channel: string, listener: (message: string) => void): Promise<() => Promise<void>> {
    const subscriber = await this.subscriberClient();
    const handler = (message: string) => listener(message);
    await subscriber.subscribe(channel, handler);
    return async () => {
      if (subscriber.isOpen) await subscriber.unsubscribe(channel, handler);
    };
  }

  public async close(): Promise<void> {
    if (this.state === CLOSED) return;
    this.setState(CLOSED, undefined);
    const graceMs = this.options.commandTimeoutMs;
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    for (const client of this.fresh) client.destroy(); // replacements still connecting
    const closing = [this.primary, ...this.replicas].map((client) => closeClient(client, graceMs));
    if (subscriber !== undefined) closing.push(subscriber.then((client) => closeClient(client, graceMs), () => undefined));
    await Promise.all(closing);
  }

  /** A connected replica, round robin; the primary when none is connected. */
  private reader(): NodeRedisClient {
    const replicas = this.replicas;
    for (let i = 0; i < replicas.length; i++) {
      const replica = replicas[this.next++ % replicas.length];
      if (replica.isReady) return replica;
    }
    return this.primary;
  }

  /** A primary connection whose events drive the state while it is the current one. */
  private newPrimary(): NodeRedisClient {
    const client = createNodeClient(this.options, this.options.seeds[0]);
    const current = () => client === this.primary && this.state !== CLOSED;
    client
      .on('ready', () => {
        if (current()) this.setState(READY, undefined);
      })
      .on('error', (err: unknown) => {
        if (!current()) return;
        this.lastError = err;
        // Refused credentials (a rotated token, an expired IAM token): fetch fresh ones on reconnect.
        if (isAuthError(err)) this.options.credentials?.invalidate?.();
        if (!client.isReady) this.setState(DOWN, err);
      })
      .on('reconnecting', () => {
        if (current() && this.state === READY) this.setState(DOWN, this.lastError);
      })
      .on('end', () => {
        if (current()) this.setState(DOWN, this.lastError);
      });
    return client;
  }

  /** Replica trouble only moves reads back to the primary; it never makes the store unhealthy. */
  private newReplica(endpoint: ResolvedEndpoint): NodeRedisClient {
    return createNodeClient(this.options, endpoint).on('error', () => undefined);
  }

  private connect(client: NodeRedisClient): void {
    client.connect().catch((err: unknown) => { // only when reconnecting is off, or closed meanwhile
      if (client !== this.primary || this.state === CLOSED) return;
      this.lastError = err;
      this.setState(DOWN, err);
    });
  }

  private swapWhenReady(fresh: NodeRedisClient, swap: () => void): Promise<void> {
    this.fresh.add(fresh);
    return connectWithin(fresh, this.options.connectTimeoutMs + this.options.commandTimeoutMs).then(() => {
      this.fresh.delete(fresh);
      if (this.state === CLOSED) fresh.destroy();
      else swap();
    }, () => {
      this.fresh.delete(fresh);
      fresh.destroy();
    });
  }

  /** A second connection to the primary, opened on first use: subscribed connections serve nothing else. */
  private subscriberClient(): Promise<NodeRedisClient> {
    if (this.subscriber === undefined) {
      const client = this.primary.duplicate({ disableOfflineQueue: false }) as NodeRedisClient;
      client.on('error', () => undefined); // reconnects and re-subscribes by itself
      const connecting = client.connect().then(() => client);
      connecting.catch(() => {
        if (this.subscriber === connecting) this.subscriber = undefined;
        client.destroy();
      });
      this.subscriber = connecting;
    }
    return this.subscriber;
  }

  private setState(state: ConnectionState, cause: unknown): void {
    const before = this.state;
    if (before === state) return;
    this.state = state;
    if (before === CONNECTING) for (const waiter of this.waiters.splice(0)) waiter();
    if (state === READY) this.onHealth(true);
    else if (state === DOWN && (before === READY || before === CONNECTING)) this.onHealth(false, cause);
  }
}

function ignoreHealth(): void {
  // replaced by the store
}
