import { ChildProcess, execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './ports';
import { harnessRoot, killProcess, spawnTracked } from './processes';
import { AdminTarget, adminCommand, parseInfo, Reply, RespError } from './resp';
import { TlsFiles } from './tls';

const run = promisify(execFile);
let serial = 0;

/** An ACL user created when the server starts (`ACL SETUSER name on >password <rules>`). */
export interface AclUser {
  readonly name: string;
  readonly password: string;
  /** @default ['~*', '&*', '+@all'] */
  readonly rules?: string[];
}

export interface RedisServerOptions {
  /** `requirepass` (the `default` user's password; an ElastiCache AUTH token). */
  readonly password?: string;
  readonly users?: AclUser[];
  /** TLS only (`--port 0 --tls-port P`); clients are not asked for certificates. */
  readonly tls?: TlsFiles;
  readonly cluster?: boolean;
  /** `cluster-node-timeout`: how long before a silent primary is failed over. @default 1500 */
  readonly clusterNodeTimeoutMs?: number;
  /** Start as a replica of this server. */
  readonly replicaOf?: RedisServer;
  /** More `redis-server` arguments. */
  readonly args?: string[];
}

/**
 * One real `redis-server` process on a free loopback port, in its own temp directory, without
 * persistence. `kill()` simulates a crash, `restart()` brings it back on the same port (cluster
 * nodes rejoin with their nodes.conf).
 */
export class RedisServer {
  public readonly host = '127.0.0.1';
  public readonly dir: string;
  private child: ChildProcess | undefined;

  constructor(public readonly port: number, public readonly options: RedisServerOptions = {}) {
    this.dir = join(harnessRoot(), `redis-${port}-${++serial}`);
    mkdirSync(this.dir, { recursive: true });
  }

  /** `redis://127.0.0.1:port` or `rediss://…` (no credentials). */
  public get url(): string {
    return `${this.options.tls ? 'rediss' : 'redis'}://${this.host}:${this.port}`;
  }

  public get address(): string {
    return `${this.host}:${this.port}`;
  }

  public get pid(): number | undefined {
    return this.child?.pid;
  }

  public get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** How the harness itself talks to this server (as the default user). */
  public get admin(): AdminTarget {
    return { host: this.host, port: this.port, tlsCa: this.options.tls?.ca, password: this.options.password };
  }

  /** Starts the process and waits until it answers PING (and its ACL users exist). */
  public async start(timeoutMs = 15_000): Promise<this> {
    if (this.running) return this;
    const child = spawnTracked('redis-server', this.args(), { cwd: this.dir });
    this.child = child;
    const started = Date.now();
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`redis-server on port ${this.port} exited during startup:\n${this.logTail()}`);
      }
      try {
        if (await this.command('PING') === 'PONG') break;
      } catch (err) {
        if (err instanceof RespError && !/LOADING/.test(err.message)) throw err;
      }
      if (Date.now() - started > timeoutMs) throw new Error(`redis-server on port ${this.port} not ready after ${timeoutMs} ms:\n${this.logTail()}`);
      await sleep(20);
    }
    for (const user of this.options.users ?? []) {
      await this.command('ACL', 'SETUSER', user.name, 'reset', 'on', `>${user.password}`, ...(user.rules ?? ['~*', '&*', '+@all']));
    }
    return this;
  }

  /** Stops the process (SIGKILL: nothing to persist) and waits until it is gone. */
  public async stop(): Promise<void> {
    const child = this.child;
    if (child !== undefined) await killProcess(child, 'SIGKILL');
  }

  /** A crash: SIGKILL, so clients see their connections reset. */
  public kill(): Promise<void> {
    return this.stop();
  }

  /** Starts again on the same port and directory. */
  public async restart(): Promise<this> {
    await this.stop();
    return this.start();
  }

  /** Stops the process and removes its directory. */
  public async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** One admin command (as the default user). */
  public command(...args: Array<string | number>): Promise<Reply> {
    return adminCommand(this.admin, args);
  }

  /** `INFO section` as fields. */
  public async info(section: string): Promise<Record<string, string>> {
    return parseInfo(String(await this.command('INFO', section)));
  }

  /** The end of the server's log, for failure messages. */
  public logTail(lines = 30): string {
    const file = join(this.dir, 'redis.log');
    if (!existsSync(file)) return '(no log)';
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  }

  private args(): string[] {
    const o = this.options;
    const args = [
      '--bind', '127.0.0.1',
      '--dir', this.dir,
      '--logfile', join(this.dir, 'redis.log'),
      '--save', '',
      '--appendonly', 'no',
      '--daemonize', 'no',
      '--enable-debug-command', 'yes',
      '--io-threads', '1',
    ];
    if (o.tls !== undefined) {
      args.push('--port', '0', '--tls-port', String(this.port),
        '--tls-cert-file', o.tls.certFile, '--tls-key-file', o.tls.keyFile, '--tls-ca-cert-file', o.tls.caFile,
        '--tls-auth-clients', 'no', '--tls-replication', 'yes');
      if (o.cluster) args.push('--tls-cluster', 'yes');
    } else {
      args.push('--port', String(this.port));
    }
    if (o.password !== undefined) args.push('--requirepass', o.password, '--masterauth', o.password);
    if (o.cluster) {
      args.push('--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf',
        '--cluster-node-timeout', String(o.clusterNodeTimeoutMs ?? 1_500));
    }
    if (o.replicaOf !== undefined) args.push('--replicaof', o.replicaOf.host, String(o.replicaOf.port));
    args.push(...(o.args ?? []));
    return args;
  }
}

/** Starts one standalone server on a free port. */
export async function startRedis(options: RedisServerOptions = {}): Promise<RedisServer> {
  const server = new RedisServer(await freePort({ busPort: options.cluster }), options);
  try {
    return await server.start();
  } catch (err) {
    await server.destroy();
    throw err;
  }
}

/** A primary with replicas (`--replicaof`). */
export interface ReplicatedRedis {
  readonly primary: RedisServer;
  readonly replicas: RedisServer[];
  stop(): Promise<void>;
}

/** Starts a primary and `replicas` replicas and waits until every replication link is up. */
export async function startReplicated(options: RedisServerOptions & { replicas?: number } = {}): Promise<ReplicatedRedis> {
  const { replicas: count = 1, ...serverOptions } = options;
  const primary = await startRedis(serverOptions);
  const replicas: RedisServer[] = [];
  const stop = async () => {
    await Promise.all([primary, ...replicas].map((s) => s.destroy()));
  };
  try {
    for (let i = 0; i < count; i++) replicas.push(await startRedis({ ...serverOptions, replicaOf: primary }));
    await waitFor(`replication to ${replicas.length} replica(s)`, 15_000, async () => {
      for (const replica of replicas) {
        if ((await replica.info('replication')).master_link_status !== 'up') return false;
      }
      return Number((await primary.info('replication')).connected_slaves) === replicas.length;
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return { primary, replicas, stop };
}

/** A node as `CLUSTER NODES` describes it. */
export interface ClusterNodeInfo {
  readonly id: string;
  readonly address: string;
  readonly port: number;
  readonly flags: string[];
  readonly primaryId: string | undefined;
  readonly slots: string[];
}

/** A Redis Cluster of real processes. */
export class RedisClusterServers {
  constructor(public readonly nodes: RedisServer[], public readonly options: RedisServerOptions) {}

  /** Seeds for clients: every node's host and port. */
  public get seeds(): Array<{ host: string; port: number }> {
    return this.nodes.map((n) => ({ host: n.host, port: n.port }));
  }

  /** Nodes as a running node sees them. */
  public async describe(): Promise<ClusterNodeInfo[]> {
    const node = this.nodes.find((n) => n.running);
    if (node === undefined) throw new Error('no cluster node is running');
    return parseClusterNodes(String(await node.command('CLUSTER', 'NODES')));
  }

  /** The running primaries (serving slots, not failed). */
  public async primaries(): Promise<RedisServer[]> {
    const infos = await this.describe();
    return infos
      .filter((i) => i.flags.includes('master') && !i.flags.some((f) => f.startsWith('fail')) && i.slots.length > 0)
      .map((i) => this.byPort(i.port));
  }

  /** The running replica of `primary`. */
  public async replicaOf(primary: RedisServer): Promise<RedisServer> {
    const infos = await this.describe();
    const id = infos.find((i) => i.port === primary.port)?.id;
    const replica = infos.find((i) => i.primaryId === id && !i.flags.some((f) => f.startsWith('fail')));
    if (replica === undefined) throw new Error(`no replica of ${primary.address}`);
    return this.byPort(replica.port);
  }

  /** The primary that serves `key` now. */
  public async primaryFor(key: string): Promise<RedisServer> {
    const node = this.nodes.find((n) => n.running)!;
    const slot = Number(await node.command('CLUSTER', 'KEYSLOT', key));
    for (const info of await this.describe()) {
      if (!info.flags.includes('master') || info.flags.some((f) => f.startsWith('fail'))) continue;
      for (const range of info.slots) {
        if (range.startsWith('[')) continue; // migrating/importing markers
        const [from, to = from] = range.split('-').map(Number);
        if (slot >= from && slot <= to) return this.byPort(info.port);
      }
    }
    throw new Error(`no primary serves slot ${slot}`);
  }

  /** Waits until every running node reports `cluster_state:ok` and agrees on the primaries. */
  public async waitUntilHealthy(timeoutMs = 30_000): Promise<void> {
    await waitFor('cluster_state:ok on every node', timeoutMs, async () => {
      for (const node of this.nodes.filter((n) => n.running)) {
        const info = parseInfo(String(await node.command('CLUSTER', 'INFO')));
        if (info.cluster_state !== 'ok') return false;
        const nodes = parseClusterNodes(String(await node.command('CLUSTER', 'NODES')));
        const failing = nodes.some((n) => n.flags.some((f) => f === 'handshake' || f === 'noaddr'));
        if (failing || nodes.length < this.nodes.length) return false;
      }
      return true;
    });
  }

  public async stop(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.destroy()));
  }

  private byPort(port: number): RedisServer {
    const server = this.nodes.find((n) => n.port === port);
    if (server === undefined) throw new Error(`unknown cluster node port ${port}`);
    return server;
  }
}

/**
 * Starts `shards × (1 + replicasPerShard)` nodes, joins them with
 * `redis-cli --cluster create … --cluster-replicas N --cluster-yes`, and waits until every node
 * reports `cluster_state:ok` and every replica's link is up.
 */
export async function startCluster(options: RedisServerOptions & { shards?: number; replicasPerShard?: number } = {}): Promise<RedisClusterServers> {
  const { shards = 3, replicasPerShard = 1, ...serverOptions } = options;
  const nodeOptions = { ...serverOptions, cluster: true };
  const count = shards * (1 + replicasPerShard);
  const nodes: RedisServer[] = [];
  for (let i = 0; i < count; i++) nodes.push(new RedisServer(await freePort({ busPort: true }), nodeOptions));
  const cluster = new RedisClusterServers(nodes, nodeOptions);
  try {
    await Promise.all(nodes.map((n) => n.start()));
    const cli = ['--cluster', 'create', ...nodes.map((n) => n.address), '--cluster-replicas', String(replicasPerShard), '--cluster-yes'];
    if (serverOptions.password !== undefined) cli.unshift('-a', serverOptions.password, '--no-auth-warning');
    if (serverOptions.tls !== undefined) cli.unshift('--tls', '--cacert', serverOptions.tls.caFile);
    await run('redis-cli', cli, { timeout: 60_000 });
    await cluster.waitUntilHealthy();
    if (replicasPerShard > 0) {
      await waitFor('replica links up', 20_000, async () => {
        for (const info of await cluster.describe()) {
          if (!info.flags.includes('slave')) continue;
          const replica = nodes.find((n) => n.port === info.port)!;
          if ((await replica.info('replication')).master_link_status !== 'up') return false;
        }
        return true;
      });
    }
  } catch (err) {
    const logs = nodes.map((n) => `--- ${n.address}\n${n.logTail(10)}`).join('\n');
    await cluster.stop();
    throw new Error(`cluster did not start: ${(err as Error).message}\n${logs}`);
  }
  return cluster;
}

export function parseClusterNodes(text: string): ClusterNodeInfo[] {
  return text.trim().split('\n').filter((l) => l.trim() !== '').map((line) => {
    const [id, addr, flags, primary, , , , , ...slots] = line.trim().split(' ');
    const hostPort = addr.split('@')[0];
    return {
      id,
      address: hostPort,
      port: Number(hostPort.slice(hostPort.lastIndexOf(':') + 1)),
      flags: flags.split(','),
      primaryId: primary === '-' ? undefined : primary,
      slots,
    };
  });
}

/** Polls `check` every 50 ms until it returns true; throws naming `what` after `timeoutMs`. */
export async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean> | boolean): Promise<void> {
  const started = Date.now();
  let last: unknown;
  for (;;) {
    try {
      if (await check()) return;
    } catch (err) {
      last = err;
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
    }
    await sleep(50);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
