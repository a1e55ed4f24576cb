import { isIP } from 'node:net';
import { createClient, createCluster, RedisClientOptions, RedisClusterOptions } from 'redis';
import { RedisCredentialsProvider, ResolvedEndpoint, ResolvedRedisOptions } from './options';
import type { RefreshableCredentialsProvider } from '../aws/provider';
import { ReauthenticatingCredentials, streamingCredentials } from '../aws/reauth';
import { backoffDelay } from '../resilience/backoff';

/** node-redis clients as this store uses them (the module typings are too generic to carry around). */
export type NodeRedisClient = ReturnType<typeof createClient>;
export type NodeRedisCluster = ReturnType<typeof createCluster>;

/**
 * `connect()` of a replacement client, bounded: node-redis's connectTimeout covers the socket, not
 * the handshake (HELLO, AUTH) after it, so a client opened into a silent network waits forever
 * and, kept as "the replacement in progress", would block every later replacement.
 */
export function connectWithin(client: { connect(): Promise<unknown> }, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not connected within ${timeoutMs} ms`)), timeoutMs);
    timer.unref();
    client.connect().then(() => {
      clearTimeout(timer);
      resolve();
    }, (err: unknown) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

type SocketOptions = NonNullable<RedisClientOptions['socket']>;

/** Socket options shared by every connection (no host/port: cluster nodes bring their own). */
export function socketDefaults(options: ResolvedRedisOptions): SocketOptions {
  const reconnect = options.reconnect;
  const common = {
    connectTimeout: options.connectTimeoutMs,
    noDelay: true,
    keepAlive: true,
    reconnectStrategy: reconnect === false ? false as const : (retries: number) => backoffDelay(retries, reconnect.minMs, reconnect.maxMs),
  };
  const tls = options.tls;
  if (tls === undefined) return common;
  return {
    ...common,
    tls: true,
    ...(tls.ca !== undefined ? { ca: tls.ca } : {}),
    ...(tls.cert !== undefined ? { cert: tls.cert } : {}),
    ...(tls.key !== undefined ? { key: tls.key } : {}),
    ...(tls.servername !== undefined ? { servername: tls.servername } : {}),
    ...(tls.rejectUnauthorized !== undefined ? { rejectUnauthorized: tls.rejectUnauthorized } : {}),
  } as SocketOptions;
}

// One re-authenticating provider per store's options, shared by its connections, closed with it.
const streaming = new WeakMap<ResolvedRedisOptions, ReauthenticatingCredentials>();

/**
 * Providers that say how often to re-authenticate (IAM tokens: connections last at most 12 hours)
 * stream fresh credentials to live connections, which send AUTH; others are asked per connect.
 */
function credentialsProviderOf(options: ResolvedRedisOptions, credentials: RedisCredentialsProvider): RedisClientOptions['credentialsProvider'] {
  const every = (credentials as { reauthenticateEveryMs?: number }).reauthenticateEveryMs;
  if (typeof every !== 'number') {
    return { type: 'async-credentials-provider', credentials: async () => normalizeCredentials(await credentials()) };
  }
  let provider = streaming.get(options);
  if (provider === undefined) {
    provider = streamingCredentials(credentials as RefreshableCredentialsProvider, { every });
    streaming.set(options, provider);
  }
  return provider as unknown as RedisClientOptions['credentialsProvider'];
}

/** Stops re-authenticating the store's connections (on close). */
export function closeCredentials(options: ResolvedRedisOptions): void {
  streaming.get(options)?.close();
  streaming.delete(options);
}

/** Options every connection shares: credentials, the offline behaviour, no per-command timer. */
function clientDefaults(options: ResolvedRedisOptions): Partial<RedisClientOptions> {
  const credentials = options.credentials;
  const auth: Partial<RedisClientOptions> = credentials !== undefined
    ? { credentialsProvider: credentialsProviderOf(options, credentials) }
    : options.password !== undefined || options.username !== undefined
      ? { username: options.username, password: options.password }
      : {};
  return {
    ...auth,
    ...(options.clientName !== undefined ? { name: options.clientName } : {}),
    // While reconnecting, commands fail at once instead of waiting in an unbounded queue and
    // reaching the server late (a late SET could overwrite a newer value).
    disableOfflineQueue: true,
    // Redis Enterprise maintenance push notifications: not on ElastiCache / OSS Redis / Valkey.
    maintNotifications: 'disabled',
  };
}

function normalizeCredentials(value: { username?: string; password?: string }): { username?: string; password?: string } {
  return { username: value.username, password: value.password };
}

/**
 * A client for one standalone node (primary or replica). `commandTimeoutMs` 0: no per-command
 * timer (the store keeps its own deadlines, resilience/deadlines.ts); else node-redis's own.
 */
export function createNodeClient(options: ResolvedRedisOptions, endpoint: ResolvedEndpoint, commandTimeoutMs = 0): NodeRedisClient {
  return createClient({
    ...clientDefaults(options),
    socket: { ...socketDefaults(options), host: endpoint.host, port: endpoint.port, ...sni(options, endpoint) } as SocketOptions,
    database: options.database === 0 ? undefined : options.database,
    // node-redis 6 arms an AbortSignal.timeout per command by default (5 s); the store keeps its
    // own deadlines with one sweep timer instead (see resilience/deadlines.ts).
    commandOptions: { timeout: commandTimeoutMs },
  }) as NodeRedisClient;
}

/**
 * A cluster client. TLS and credentials go into `defaults`: node-redis builds the connections to
 * discovered nodes from `defaults` plus the discovered address, not from `rootNodes`.
 */
export function createClusterClient(options: ResolvedRedisOptions, commandTimeoutMs = 0): NodeRedisCluster {
  const clusterOptions: RedisClusterOptions = {
    rootNodes: options.seeds.map((seed) => ({ socket: { host: seed.host, port: seed.port } })),
    defaults: {
      ...clientDefaults(options),
      socket: socketDefaults(options) as never,
    },
    useReplicas: options.readFromReplicas,
    // Connect to nodes on first use. Eager connects make `connect()` wait for every node in the
    // slot map, forever if one is down (it stays listed until a failover completes).
    minimizeConnections: true,
    commandOptions: { timeout: commandTimeoutMs },
    // A node that stays unreachable makes node-redis re-read the slot map (failover) this soon
    // after its first reconnect attempt, and again while it stays down.
    topologyRefreshOnReconnectionAttemptStrategy: Math.max(250, Math.min(1_000, options.commandTimeoutMs)),
  };
  return createCluster(clusterOptions) as NodeRedisCluster;
}

/** Host names get SNI by default in Node; IP addresses need an explicit `servername` (or none). */
function sni(options: ResolvedRedisOptions, endpoint: ResolvedEndpoint): object {
  if (options.tls === undefined || options.tls.servername !== undefined || isIP(endpoint.host) !== 0) return {};
  return { servername: endpoint.host };
}

/** `host:port` for messages. */
export function address(endpoint: ResolvedEndpoint): string {
  return endpoint.host.includes(':') ? `[${endpoint.host}]:${endpoint.port}` : `${endpoint.host}:${endpoint.port}`;
}
