import { CacheClosedError, CacheTimeoutError } from '../errors';
import { Command, STORE } from './command';
import { requestClusterConfig, UNSUPPORTED } from './discovery';
import { HashRing } from './ketama';
import { MemcachedNode, MemcachedNodeDownError, NodeContext, NodeState } from './node';
import { ResolvedEndpoint, ResolvedMemcachedOptions } from './options';
import { backoffDelay } from '../resilience/backoff';
import { Expirable } from '../resilience/sweeper';

export interface NodeStateInfo {
  readonly node: string;
  readonly state: NodeState;
  readonly error?: string;
}

/**
 * The node list, its hash ring, and ElastiCache auto-discovery.
 *
 * With a configuration endpoint, `config get cluster` is asked at start and every
 * `discoveryInterval`. When the version changes the new list is applied at once: nodes that stay
 * keep their connections (and their keys: ketama moves only the keys of added/removed nodes), new
 * nodes get connections (commands wait for them, with deadlines), and removed nodes stop getting
 * commands but their connections end only after the commands already on them have answered.
 *
 * Until the first list arrives, commands wait (with deadlines). If that first attempt fails,
 * commands fail fast until a later attempt (jittered back-off) succeeds. A failed poll later on
 * keeps the current list and is retried sooner than the interval.
 */
export class Topology implements Expirable {
  public version: number | undefined;
  public discoveryError: Error | undefined;
  private nodes = new Map<string, MemcachedNode>();
  private ring: HashRing<MemcachedNode> | undefined;
  private waiting: Command[] = [];
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private closed = false;

  constructor(
    private readonly options: ResolvedMemcachedOptions,
    private readonly context: NodeContext,
    private readonly onChange: (cause: Error | undefined) => void,
  ) {
    if (options.configurationEndpoint === undefined) this.apply(options.nodes, undefined);
    else void this.discover();
  }

  /** Sends a command to the node that owns its key. */
  public route(command: Command): void {
    const ring = this.ring;
    if (ring !== undefined) {
      ring.get(command.route).send(command);
    } else if (this.discoveryError !== undefined) {
      const endpoint = `${this.options.configurationEndpoint!.id} (configuration endpoint)`;
      command.reject(new MemcachedNodeDownError(command.op, command.key, endpoint, this.discoveryError));
    } else {
      this.waiting.push(command);
    }
  }

  /** Deadlines for commands waiting for the first node list. */
  public expire(cutoff: number): boolean {
    const waiting = this.waiting;
    let i = 0;
    while (i < waiting.length && waiting[i].tick <= cutoff) {
      const command = waiting[i++];
      command.reject(new CacheTimeoutError(STORE, command.op, command.key, this.options.commandTimeoutMs));
    }
    if (i > 0) waiting.splice(0, i);
    return waiting.length > 0;
  }

  public states(): NodeStateInfo[] {
    return [...this.nodes.values()].map((node) => ({
      node: node.id,
      state: node.state,
      ...(node.lastError !== undefined && node.state === 'down' ? { error: node.lastError.message } : {}),
    }));
  }

  /** True while the list is known (or awaited) and some node is up or on its first connect. */
  public anyNodeServing(): boolean {
    if (this.ring === undefined) return this.discoveryError === undefined;
    for (const node of this.nodes.values()) if (node.state === 'up' || node.state === 'connecting') return true;
    return false;
  }

  /** Resolves when the node list is known and no node is still on its first connect (or after `timeoutMs`). */
  public async settled(timeoutMs: number): Promise<NodeStateInfo[]> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const states = this.states();
      const known = this.ring !== undefined || this.discoveryError !== undefined;
      if ((known && !states.some((s) => s.state === 'connecting')) || Date.now() >= until || this.closed) return states;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  public close(): void {
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    for (const node of this.nodes.values()) node.retire();
    const waiting = this.waiting;
    this.waiting = [];
    for (const command of waiting) command.reject(new CacheClosedError(`${STORE} ${command.op} '${command.key}': the store is closed`));
  }

  private async discover(): Promise<void> {
    const endpoint = this.options.configurationEndpoint!;
    try {
      const config = await requestClusterConfig(endpoint, this.options.tls, this.options.connectTimeoutMs + this.options.commandTimeoutMs);
      if (this.closed) return;
      this.failures = 0;
      this.discoveryError = undefined;
      if (config === UNSUPPORTED) {
        if (this.ring === undefined) this.apply([endpoint], undefined); // plain memcached: the only node
      } else if (config.version !== this.version && config.nodes.length > 0) {
        this.apply(config.nodes, config.version);
      }
      this.schedule(this.options.discoveryIntervalMs);
    } catch (err) {
      if (this.closed) return;
      this.discoveryError = err as Error;
      const delay = backoffDelay(this.failures++, this.options.reconnectMinMs, this.options.reconnectMaxMs);
      if (this.ring === undefined) {
        const waiting = this.waiting;
        this.waiting = [];
        for (const command of waiting) this.route(command); // fail fast now
        this.onChange(this.discoveryError);
      }
      this.schedule(Math.min(this.options.discoveryIntervalMs, delay));
    }
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.discover();
    }, delayMs);
    this.timer.unref(); // polling never keeps the process alive
  }

  /** Swaps in a node list: keeps nodes that stay, opens new ones, retires removed ones. */
  private apply(endpoints: readonly ResolvedEndpoint[], version: number | undefined): void {
    const next = new Map<string, MemcachedNode>();
    for (const endpoint of endpoints) {
      const current = this.nodes.get(endpoint.id);
      const same = current !== undefined && current.endpoint.address === endpoint.address && current.endpoint.port === endpoint.port;
      next.set(endpoint.id, same ? current : new MemcachedNode(endpoint, this.context));
    }
    for (const [id, node] of this.nodes) if (next.get(id) !== node) node.retire();
    this.nodes = next;
    this.ring = new HashRing([...next.values()].map((node) => ({ id: node.id, item: node })));
    this.version = version;
    const waiting = this.waiting;
    this.waiting = [];
    for (const command of waiting) this.route(command);
    this.onChange(undefined);
  }
}
