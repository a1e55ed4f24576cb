import { iamCredentialsProvider, secretCredentialsProvider } from './aws';
import { CacheAuthMode, CacheConnectionEnv } from './contract';
import { Duration } from './duration';
import { CacheOptionError } from './errors';
import { MemcachedStore } from './memcached';
import { openRedisClient, RedisClient, RedisStore, RedisStoreOptions, RedisTlsOptions } from './redis';
import type { CacheTlsOptions } from './resilience/tls';
import { CacheStore } from './store';
import { GlobalSecondaryStore } from './stores/global-secondary-store';

/** Options of `storeFromEnvironment()` / `Cache.fromEnvironment()`. */
export interface EnvironmentOptions {
  /** The prefix the cache was connected with (`connect(fn, { prefix: 'orders' })` → `ORDERS_CACHE_…`). */
  readonly prefix?: string;
  /**
   * Send reads to replicas: the reader endpoint (cluster mode disabled, with replicas), the
   * shards' replicas (cluster mode), or a serverless cache's reader endpoint. Default false.
   */
  readonly readFromReplicas?: boolean;
  /**
   * For a Global Datastore secondary (`CACHE_PRIMARY_ENDPOINT` set): how long after this process
   * wrote a key its reads of that key go to the primary. Default 2 s.
   */
  readonly readYourWrites?: Duration;
  /** TLS settings when `CACHE_TLS` is true (a private CA, say). Default: Node's trusted CAs. */
  readonly tls?: CacheTlsOptions;
}

/** Options of `redisFromEnvironment()`. */
export interface RedisFromEnvironmentOptions {
  /**
   * The prefix the cache was connected with (`connect(fn, { prefix: 'orders' })` → `ORDERS_CACHE_…`).
   * @default - none: the `CACHE_…` variables
   */
  readonly prefix?: string;
  /** TLS settings when `CACHE_TLS` is true (a private CA, say). @default Node's trusted CAs */
  readonly tls?: RedisTlsOptions;
  /** Deadline per command: a command with no answer by then rejects. @default 1 s */
  readonly commandTimeout?: Duration;
  /** Deadline for the first connection. @default 2 s */
  readonly connectTimeout?: Duration;
  /** Reads from replicas (cluster mode: the shards' replicas). @default false */
  readonly readFromReplicas?: boolean;
  /**
   * For a Global Datastore secondary (`CACHE_PRIMARY_ENDPOINT` set): `true` connects to the
   * primary Region's endpoint, where writes succeed; `false` to the local, read-only one.
   * @default true
   */
  readonly writable?: boolean;
}

/** What the connection contract says, checked. */
export interface CacheConnection {
  readonly engine: 'valkey' | 'redis' | 'memcached';
  readonly host: string;
  readonly port: number;
  readonly readerEndpoint?: { host: string; port: number };
  readonly clusterMode: boolean;
  readonly tls: boolean;
  readonly auth: CacheAuthMode;
  readonly secretArn?: string;
  readonly user?: string;
  readonly id?: string;
  readonly region?: string;
  /** An ElastiCache Serverless cache (`CACHE_SERVERLESS=true`). */
  readonly serverless: boolean;
  /** A Global Datastore secondary's primary Region endpoint, which takes the writes. */
  readonly primaryEndpoint?: { host: string; port: number };
  /** The Region of `primaryEndpoint`. */
  readonly primaryRegion?: string;
}

type Env = Record<string, string | undefined>;

/**
 * Reads the connection contract (the variables `connect()` writes) and checks it: a missing or
 * contradictory variable is an error that names it, its value and the rule.
 */
export function readConnection(env: Env = process.env, prefix?: string): CacheConnection {
  const name = (variable: string) => CacheConnectionEnv.withPrefix(variable, prefix);
  const raw = (variable: string) => {
    const value = env[name(variable)];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const fail = (variable: string, rule: string): never => {
    const value = env[name(variable)];
    throw new CacheOptionError(`${name(variable)}${value === undefined ? ' is not set' : `='${value}' is invalid`}: ${rule}.`);
  };
  const required = (variable: string, why: string) => raw(variable) ?? fail(variable, why);
  const flag = (variable: string, fallback?: boolean): boolean => {
    const value = raw(variable);
    if (value === undefined) return fallback ?? fail(variable, 'set it to true or false');
    if (value !== 'true' && value !== 'false') fail(variable, 'it is true or false');
    return value === 'true';
  };

  const engine = required(CacheConnectionEnv.ENGINE, 'the engine is valkey, redis or memcached');
  if (engine !== 'valkey' && engine !== 'redis' && engine !== 'memcached') fail(CacheConnectionEnv.ENGINE, 'the engine is valkey, redis or memcached');
  const memcached = engine === 'memcached';
  const endpoint = parseEndpoint(required(CacheConnectionEnv.ENDPOINT, 'the cache endpoint is host:port'), () =>
    fail(CacheConnectionEnv.ENDPOINT, 'the cache endpoint is host:port'));
  const serverless = flag(CacheConnectionEnv.SERVERLESS, false);
  const clusterMode = flag(CacheConnectionEnv.CLUSTER_MODE, memcached ? false : serverless ? true : undefined);
  if (memcached && clusterMode) fail(CacheConnectionEnv.CLUSTER_MODE, 'Memcached has no cluster mode');
  // "ElastiCache serverless is only available in a cluster-mode enabled configuration" (ElastiCache best practices).
  if (serverless && !memcached && !clusterMode) fail(CacheConnectionEnv.CLUSTER_MODE, 'a serverless Valkey / Redis OSS cache speaks the cluster protocol: it is true');
  const tls = flag(CacheConnectionEnv.TLS, serverless ? true : undefined);
  // Serverless caches are always encrypted in transit (ElastiCache Serverless: "TLS always on").
  if (serverless && !tls) fail(CacheConnectionEnv.TLS, 'a serverless cache is only reachable over TLS: it is true');
  const auth = (raw(CacheConnectionEnv.AUTH) ?? (memcached ? CacheAuthMode.NONE : fail(CacheConnectionEnv.AUTH, 'set it to none, token, iam or password'))) as CacheAuthMode;
  if (!Object.values(CacheAuthMode).includes(auth)) fail(CacheConnectionEnv.AUTH, 'it is none, token, iam or password');
  if (memcached && auth !== CacheAuthMode.NONE) fail(CacheConnectionEnv.AUTH, 'ElastiCache Memcached has no authentication: it is none');
  // ElastiCache only accepts AUTH tokens, RBAC passwords and IAM over TLS.
  if (auth !== CacheAuthMode.NONE && !tls) fail(CacheConnectionEnv.TLS, `${auth} authentication needs TLS (${name(CacheConnectionEnv.TLS)}=true)`);
  const secretArn = raw(CacheConnectionEnv.AUTH_SECRET_ARN);
  if ((auth === CacheAuthMode.TOKEN || auth === CacheAuthMode.PASSWORD) && secretArn === undefined) {
    fail(CacheConnectionEnv.AUTH_SECRET_ARN, `${auth} authentication reads the secret it names`);
  }
  const user = raw(CacheConnectionEnv.USER);
  const id = raw(CacheConnectionEnv.ID);
  const region = raw(CacheConnectionEnv.REGION) ?? env.AWS_REGION;
  if (auth === CacheAuthMode.IAM) {
    if (user === undefined) fail(CacheConnectionEnv.USER, 'IAM authentication signs a token for this user id');
    if (id === undefined) fail(CacheConnectionEnv.ID, `IAM authentication signs a token for this ${serverless ? 'serverless cache name' : 'replication group id'}`);
    if (region === undefined) fail(CacheConnectionEnv.REGION, 'IAM authentication signs a token for this Region (or set AWS_REGION)');
  }
  const reader = raw(CacheConnectionEnv.READER_ENDPOINT);
  if (reader !== undefined && (memcached || (clusterMode && !serverless))) {
    fail(CacheConnectionEnv.READER_ENDPOINT, 'only a replication group with cluster mode disabled or a serverless Valkey / Redis OSS cache has a reader endpoint');
  }
  const readerEndpoint = reader === undefined ? undefined : parseEndpoint(reader, () =>
    fail(CacheConnectionEnv.READER_ENDPOINT, 'the reader endpoint is host:port'));
  const primary = raw(CacheConnectionEnv.PRIMARY_ENDPOINT);
  const primaryRegion = raw(CacheConnectionEnv.PRIMARY_REGION);
  if (primary !== undefined) {
    // "Global Datastore is currently available for node-based clusters only", Valkey / Redis OSS.
    if (memcached || serverless) fail(CacheConnectionEnv.PRIMARY_ENDPOINT, 'only Valkey / Redis OSS replication groups join a Global Datastore');
    if (auth === CacheAuthMode.IAM || auth === CacheAuthMode.PASSWORD) {
      fail(CacheConnectionEnv.AUTH, 'Global Datastore members connect with an AUTH token or no authentication (token or none)');
    }
    if (primaryRegion === undefined) fail(CacheConnectionEnv.PRIMARY_REGION, `it names the Region of ${name(CacheConnectionEnv.PRIMARY_ENDPOINT)}`);
  } else if (primaryRegion !== undefined) {
    fail(CacheConnectionEnv.PRIMARY_REGION, `it comes with ${name(CacheConnectionEnv.PRIMARY_ENDPOINT)} (a Global Datastore secondary), which is not set`);
  }
  const primaryEndpoint = primary === undefined ? undefined : parseEndpoint(primary, () =>
    fail(CacheConnectionEnv.PRIMARY_ENDPOINT, 'the primary Region\'s endpoint is host:port'));
  return {
    engine: engine as CacheConnection['engine'],
    ...endpoint,
    readerEndpoint,
    clusterMode,
    tls,
    auth,
    secretArn,
    user,
    id,
    region,
    serverless,
    primaryEndpoint,
    primaryRegion,
  };
}

/** Builds the store the connection contract describes: a RedisStore or a MemcachedStore. */
export function storeFromEnvironment(env: Env = process.env, options: EnvironmentOptions = {}): CacheStore {
  const c = readConnection(env, options.prefix);
  const tls = c.tls && (options.tls ?? true);
  if (c.engine === 'memcached') {
    // Serverless Memcached is one endpoint that scales behind itself: no Auto Discovery, no hash ring.
    if (c.serverless) return new MemcachedStore({ nodes: [{ host: c.host, port: c.port }], tls });
    return new MemcachedStore({ configurationEndpoint: { host: c.host, port: c.port }, tls });
  }
  const settings = redisSettings(c, tls, options.readFromReplicas);
  const local = new RedisStore(settings);
  if (!c.primaryEndpoint) return local;
  // A Global Datastore secondary: reads here, writes to the primary Region (same TLS and token).
  const primary = new RedisStore({ ...c.primaryEndpoint, cluster: c.clusterMode, tls, credentials: settings.credentials });
  return new GlobalSecondaryStore({
    local,
    primary,
    readYourWrites: options.readYourWrites,
    endpoints: { local: `${c.host}:${c.port}`, primary: `${c.primaryEndpoint.host}:${c.primaryEndpoint.port}` },
  });
}

/**
 * A connected node-redis client for a Valkey / Redis OSS cache the connection contract describes
 * (TLS, AUTH token or password from Secrets Manager, IAM tokens and their refresh, cluster mode,
 * a deadline per command): for sorted sets, counters, streams, pub/sub, whatever is not caching.
 * Close it with `client.close()`. See `openRedisClient` for what it does while disconnected.
 */
export function redisFromEnvironment(env: Env = process.env, options: RedisFromEnvironmentOptions = {}): Promise<RedisClient> {
  const c = readConnection(env, options.prefix);
  if (c.engine === 'memcached') {
    const engine = CacheConnectionEnv.withPrefix(CacheConnectionEnv.ENGINE, options.prefix);
    return Promise.reject(new CacheOptionError(`redisFromEnvironment(): ${engine}='memcached': a node-redis client needs a Valkey or Redis OSS cache `
      + '(use storeFromEnvironment() or Cache.fromEnvironment() for Memcached).'));
  }
  const tls = c.tls && (options.tls ?? true);
  const settings = redisSettings(c, tls, options.readFromReplicas);
  const primary = c.primaryEndpoint !== undefined && (options.writable ?? true) ? { ...c.primaryEndpoint, replicas: undefined } : {};
  return openRedisClient({ ...settings, ...primary, commandTimeout: options.commandTimeout, connectTimeout: options.connectTimeout });
}

/** The RedisStore options the contract gives (the local endpoint). */
function redisSettings(c: CacheConnection, tls: boolean | RedisTlsOptions, readFromReplicas: boolean | undefined): RedisStoreOptions {
  const credentials = c.auth === CacheAuthMode.IAM
    ? iamCredentialsProvider({ cacheName: c.id!, userId: c.user!, region: c.region!, serverless: c.serverless })
    : c.auth === CacheAuthMode.NONE ? undefined
      : secretCredentialsProvider({ secretArn: c.secretArn!, username: c.user });
  return {
    host: c.host,
    port: c.port,
    cluster: c.clusterMode,
    tls,
    credentials,
    // In cluster mode replicas are discovered from CLUSTER SLOTS. A serverless cache answers it with
    // its endpoint as the primary of every slot and its reader endpoint (port 6380) as the replica
    // (seen in phpredis/phpredis#2724), so readFromReplicas reaches the reader endpoint that way.
    replicas: c.readerEndpoint && !c.clusterMode ? [c.readerEndpoint] : undefined,
    readFromReplicas: readFromReplicas ?? false,
  };
}

function parseEndpoint(value: string, invalid: () => never): { host: string; port: number } {
  const match = /^(.+):(\d{1,5})$/.exec(value);
  if (!match) return invalid();
  const port = Number(match[2]);
  if (port < 1 || port > 65535) return invalid();
  return { host: match[1].replace(/^\[(.*)\]$/, '$1'), port };
}
