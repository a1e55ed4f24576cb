import { Duration, parseDuration } from '../duration';
import { CacheOptionError } from '../errors';
import type { CacheTlsOptions } from '../resilience/tls';

/** A Redis / Valkey node address. */
export interface RedisEndpoint {
  readonly host: string;
  /** @default 6379 */
  readonly port?: number;
}

/** TLS settings (the one TLS type, resilience/tls.ts). */
export type RedisTlsOptions = CacheTlsOptions;

/** Credentials for AUTH: a password alone (`requirepass` / an ElastiCache AUTH token) or an ACL user. */
export interface RedisCredentials {
  readonly username?: string;
  readonly password?: string;
}

/**
 * Called for every new connection (first connect and each reconnect), so short-lived secrets
 * such as ElastiCache IAM tokens (valid 15 minutes) are minted when needed, never cached stale.
 */
/**
 * Called on every connect and reconnect. A provider with `invalidate()` (the IAM and Secrets
 * Manager providers) is told when the server refuses the credentials, so the next connect fetches
 * fresh ones (a rotated AUTH token, a new IAM token).
 */
export type RedisCredentialsProvider = (() => Promise<RedisCredentials>) & { invalidate?(): void };

export interface RedisReconnectOptions {
  /** First delay after a lost connection. @default 50 ms */
  readonly minDelay?: Duration;
  /** Largest delay; the delay doubles per failed attempt up to this. @default 2 s */
  readonly maxDelay?: Duration;
}

export interface RedisCircuitBreakerOptions {
  /** Consecutive failures (timeouts, connection errors) that open the circuit. @default 5 */
  readonly failures?: number;
  /** How long an open circuit fails calls fast before one probe call is let through. @default 1 s */
  readonly coolDown?: Duration;
}

export interface RedisStoreOptions {
  /**
   * `redis[s]://[[username][:password]@]host[:port][/database]`. `rediss:` turns TLS on. In
   * cluster mode: any node, or the configuration endpoint. Either this or `host`.
   */
  readonly url?: string;
  readonly host?: string;
  /** @default 6379 */
  readonly port?: number;
  /** Database number (standalone only; cluster mode has database 0 only). @default 0 */
  readonly database?: number;

  /**
   * Cluster mode (Redis Cluster / ElastiCache cluster mode enabled). `true` discovers the cluster
   * from `url`/`host`; an array gives more seed nodes. Slots, MOVED/ASK redirections and slot-map
   * refreshes after a failover are handled by node-redis; TLS and credentials apply to every
   * discovered node.
   */
  readonly cluster?: boolean | ReadonlyArray<string | RedisEndpoint>;
  /**
   * Replicas of a standalone primary (cluster mode discovers its own): URLs or endpoints, e.g.
   * the ElastiCache reader endpoint. Used for reads only when `readFromReplicas` is true.
   */
  readonly replicas?: ReadonlyArray<string | RedisEndpoint>;
  /**
   * Serve `get`/`getMany` from replicas (round robin; the primary when no replica is connected).
   * Replication is asynchronous: a read right after a write may not see it.
   * @default false
   */
  readonly readFromReplicas?: boolean;

  /** TLS (in-transit encryption). @default false, or true for a `rediss:` url */
  readonly tls?: boolean | RedisTlsOptions;
  /** ACL user name. @default 'default' when a password is given */
  readonly username?: string;
  /** The password: `requirepass`, an ElastiCache AUTH token, or the ACL user's password. */
  readonly password?: string;
  /** Credentials fetched per connection (IAM tokens); takes precedence over username/password. */
  readonly credentials?: RedisCredentialsProvider;

  /** Deadline for each command: a call that has no answer by then rejects. @default 1 s */
  readonly commandTimeout?: Duration;
  /** Deadline for opening a connection (TCP + TLS). @default 2 s */
  readonly connectTimeout?: Duration;
  /** Reconnect back-off (exponential, jittered, capped), or false to stay down once lost. */
  readonly reconnect?: RedisReconnectOptions | false;
  /** Circuit breaker, or false to turn it off. */
  readonly circuitBreaker?: RedisCircuitBreakerOptions | false;

  /**
   * Return every value as a Buffer. Off by default: values come back as strings (what the Cache's
   * JSON path wants, and what node-redis decodes fastest), except values whose first byte is NUL
   * (the Cache codec's binary/compressed format), which are read again as Buffers.
   * @default false
   */
  readonly returnBuffers?: boolean;
  /** `CLIENT SETNAME` for the store's connections, to spot them in `CLIENT LIST`. */
  readonly clientName?: string;
  /**
   * Largest value sent, in bytes: a bigger one rejects with `CacheValueTooLargeError` before
   * anything is sent. Set it to the server's `proto-max-bulk-len` when that is lower than the
   * default: a server that gets a longer value answers "invalid bulk length" and closes the
   * connection, failing every command in flight on it.
   * @default 536870912 (512 MiB, Redis's and Valkey's default proto-max-bulk-len)
   */
  readonly maxValueBytes?: number;
}

/** Options after defaults and validation. */
export interface ResolvedRedisOptions {
  readonly seeds: ResolvedEndpoint[];
  readonly replicas: ResolvedEndpoint[];
  readonly cluster: boolean;
  readonly readFromReplicas: boolean;
  readonly tls: RedisTlsOptions | undefined;
  readonly username: string | undefined;
  readonly password: string | undefined;
  readonly credentials: RedisCredentialsProvider | undefined;
  readonly database: number;
  readonly commandTimeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly reconnect: { readonly minMs: number; readonly maxMs: number } | false;
  readonly breakerFailures: number;
  readonly breakerCoolDownMs: number;
  readonly returnBuffers: boolean;
  readonly clientName: string | undefined;
  readonly maxValueBytes: number;
}

export interface ResolvedEndpoint {
  readonly host: string;
  readonly port: number;
}

export function resolveOptions(options: RedisStoreOptions): ResolvedRedisOptions {
  let fromUrl: ParsedUrl | undefined;
  if (options.url !== undefined) fromUrl = parseUrl(options.url, 'url');
  const host = options.host ?? fromUrl?.host;
  if (host === undefined || host === '') {
    throw new CacheOptionError("RedisStore needs 'url' or 'host' (the primary endpoint, or any node in cluster mode).");
  }
  const main: ResolvedEndpoint = { host, port: port(options.port ?? fromUrl?.port, 'port') };
  const cluster = options.cluster !== undefined && options.cluster !== false;
  const seeds = [main];
  if (Array.isArray(options.cluster)) {
    for (const [i, seed] of options.cluster.entries()) seeds.push(endpoint(seed, `cluster[${i}]`));
  }
  const replicas = (options.replicas ?? []).map((r, i) => endpoint(r, `replicas[${i}]`));
  if (cluster && replicas.length > 0) {
    throw new CacheOptionError("Option 'replicas' is for a standalone primary; in cluster mode replicas are discovered (use 'readFromReplicas').");
  }
  const database = options.database ?? fromUrl?.database ?? 0;
  if (!Number.isInteger(database) || database < 0) throw new CacheOptionError(`Invalid value for option 'database': ${database}.`);
  if (cluster && database !== 0) throw new CacheOptionError(`Option 'database' must be 0 in cluster mode (got ${database}).`);

  const tlsOption = options.tls ?? (fromUrl?.tls === true ? true : undefined);
  const tls = tlsOption === undefined || tlsOption === false ? undefined : tlsOption === true ? {} : tlsOption;

  const reconnect = options.reconnect === false ? false : {
    minMs: positiveDuration(options.reconnect?.minDelay ?? 50, 'reconnect.minDelay'),
    maxMs: positiveDuration(options.reconnect?.maxDelay ?? 2_000, 'reconnect.maxDelay'),
  };
  if (reconnect !== false && reconnect.maxMs < reconnect.minMs) {
    throw new CacheOptionError("Option 'reconnect.maxDelay' must not be below 'reconnect.minDelay'.");
  }
  const breaker = options.circuitBreaker === false ? undefined : options.circuitBreaker ?? {};
  const breakerFailures = breaker === undefined ? 0 : breaker.failures ?? 5;
  if (!Number.isInteger(breakerFailures) || breakerFailures < 0) {
    throw new CacheOptionError(`Invalid value for option 'circuitBreaker.failures': ${breakerFailures}. Use a whole number ≥ 1.`);
  }

  const maxValueBytes = options.maxValueBytes ?? 512 * 1024 * 1024;
  if (!Number.isInteger(maxValueBytes) || maxValueBytes <= 0) {
    throw new CacheOptionError(`Invalid value for option 'maxValueBytes': ${String(options.maxValueBytes)}. Use a whole number of bytes above 0.`);
  }

  return {
    seeds,
    replicas,
    cluster,
    readFromReplicas: options.readFromReplicas ?? false,
    tls,
    username: options.username ?? fromUrl?.username,
    password: options.password ?? fromUrl?.password,
    credentials: options.credentials,
    database,
    commandTimeoutMs: positiveDuration(options.commandTimeout ?? 1_000, 'commandTimeout'),
    connectTimeoutMs: positiveDuration(options.connectTimeout ?? 2_000, 'connectTimeout'),
    reconnect,
    breakerFailures,
    breakerCoolDownMs: positiveDuration(breaker?.coolDown ?? 1_000, 'circuitBreaker.coolDown'),
    returnBuffers: options.returnBuffers ?? false,
    clientName: options.clientName,
    maxValueBytes,
  };
}

interface ParsedUrl {
  host: string;
  port: number | undefined;
  tls: boolean;
  username: string | undefined;
  password: string | undefined;
  database: number | undefined;
}

function parseUrl(text: string, option: string): ParsedUrl {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CacheOptionError(`Invalid value for option '${option}': ${JSON.stringify(text)} is not a URL. Use redis://host:port or rediss://host:port.`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new CacheOptionError(`Invalid value for option '${option}': protocol '${url.protocol}' (use redis: or rediss:).`);
  }
  const path = url.pathname.replace(/^\//, '');
  const database = path === '' ? undefined : Number(path);
  if (database !== undefined && !(Number.isInteger(database) && database >= 0)) {
    throw new CacheOptionError(`Invalid value for option '${option}': database '${path}' is not a number.`);
  }
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? undefined : Number(url.port),
    tls: url.protocol === 'rediss:',
    username: url.username === '' ? undefined : decodeURIComponent(url.username),
    password: url.password === '' ? undefined : decodeURIComponent(url.password),
    database,
  };
}

function endpoint(value: string | RedisEndpoint, option: string): ResolvedEndpoint {
  if (typeof value === 'string') {
    const parsed = parseUrl(value.includes('://') ? value : `redis://${value}`, option);
    return { host: parsed.host, port: port(parsed.port, option) };
  }
  if (typeof value?.host !== 'string' || value.host === '') throw new CacheOptionError(`Invalid value for option '${option}': a host is required.`);
  return { host: value.host, port: port(value.port, `${option}.port`) };
}

function port(value: number | undefined, option: string): number {
  if (value === undefined) return 6379;
  if (!Number.isInteger(value) || value <= 0 || value > 65535) throw new CacheOptionError(`Invalid value for option '${option}': ${value}.`);
  return value;
}

function positiveDuration(value: Duration, option: string): number {
  const ms = parseDuration(value, option);
  if (ms <= 0) throw new CacheOptionError(`Invalid duration for option '${option}': it must be above 0.`);
  return ms;
}
