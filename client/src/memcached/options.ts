import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { Duration, parseDuration } from '../duration';
import { CacheOptionError } from '../errors';
import type { CacheTlsOptions } from '../resilience/tls';

/** A Memcached node (or an ElastiCache configuration endpoint) address. */
export interface MemcachedEndpoint {
  readonly host: string;
  /** @default 11211 */
  readonly port?: number;
}

/** TLS settings (the one TLS type, resilience/tls.ts). */
export type MemcachedTlsOptions = CacheTlsOptions;

export interface MemcachedReconnectOptions {
  /** First delay before reconnecting to a node that went down. @default 50 ms */
  readonly minDelay?: Duration;
  /** Largest delay; it doubles per failed attempt up to this (each one jittered). @default 2 s */
  readonly maxDelay?: Duration;
}

export interface MemcachedStoreOptions {
  /**
   * The nodes, as `host:port` (`[v6]:port`) strings or endpoints. Keys are spread over them by
   * consistent hashing (ketama). Either this or `configurationEndpoint`.
   */
  readonly nodes?: ReadonlyArray<string | MemcachedEndpoint>;
  /**
   * An ElastiCache Memcached configuration endpoint (`CACHE_ENDPOINT`). The node list is read with
   * `config get cluster` and polled every `discoveryInterval`; when its version changes, nodes
   * are added and removed without dropping traffic. A server that does not know the command
   * (plain memcached, e.g. in local development) is used as the only node.
   */
  readonly configurationEndpoint?: string | MemcachedEndpoint;
  /** How often the configuration endpoint is polled. @default 60 s */
  readonly discoveryInterval?: Duration;

  /** TLS (in-transit encryption, ElastiCache Memcached ≥ 1.6.12). @default false */
  readonly tls?: boolean | MemcachedTlsOptions;
  /** Deadline for each command: a call with no answer by then rejects. @default 1 s */
  readonly commandTimeout?: Duration;
  /** Deadline for opening a connection (TCP + TLS + a no-op round trip). @default 2 s */
  readonly connectTimeout?: Duration;
  /** Back-off for reconnecting to a node that went down (exponential, jittered, capped). */
  readonly reconnect?: MemcachedReconnectOptions;
  /**
   * The largest value (bytes) the store sends; larger ones reject before anything is sent.
   * Memcached's limit (`-I`, ElastiCache `max_item_size`, default 1 MiB) counts the key and a
   * ~50-byte item header too, so keep this about 1 KiB under it.
   * @default 1047552 (1 MiB − 1 KiB)
   */
  readonly maxValueBytes?: number;
}

/** A node address after parsing. `id` names the node on the hash ring; `address` is dialed. */
export interface ResolvedEndpoint {
  readonly id: string;
  readonly host: string;
  readonly address: string;
  readonly port: number;
}

export interface ResolvedMemcachedOptions {
  readonly nodes: ResolvedEndpoint[];
  readonly configurationEndpoint: ResolvedEndpoint | undefined;
  readonly discoveryIntervalMs: number;
  readonly tls: MemcachedTlsOptions | undefined;
  readonly commandTimeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly reconnectMinMs: number;
  readonly reconnectMaxMs: number;
  readonly maxValueBytes: number;
}

export const DEFAULT_PORT = 11211;
export const DEFAULT_MAX_VALUE_BYTES = 1024 * 1024 - 1024;

export function resolveOptions(options: MemcachedStoreOptions): ResolvedMemcachedOptions {
  const nodes = (options.nodes ?? []).map((node) => parseEndpoint(node, 'nodes'));
  const configurationEndpoint = options.configurationEndpoint === undefined
    ? undefined : parseEndpoint(options.configurationEndpoint, 'configurationEndpoint');
  if ((nodes.length === 0) === (configurationEndpoint === undefined)) {
    throw new CacheOptionError("MemcachedStore needs either 'nodes' (a non-empty list) or 'configurationEndpoint', not both.");
  }
  if (new Set(nodes.map((n) => n.id)).size !== nodes.length) {
    throw new CacheOptionError(`MemcachedStore option 'nodes' lists a node twice: ${nodes.map((n) => n.id).join(', ')}`);
  }
  const maxValueBytes = options.maxValueBytes ?? DEFAULT_MAX_VALUE_BYTES;
  if (!Number.isInteger(maxValueBytes) || maxValueBytes <= 0) {
    throw new CacheOptionError(`MemcachedStore option 'maxValueBytes' must be a positive integer, got ${String(options.maxValueBytes)}`);
  }
  const reconnectMinMs = parseDuration(options.reconnect?.minDelay ?? 50, 'reconnect.minDelay');
  const reconnectMaxMs = parseDuration(options.reconnect?.maxDelay ?? 2_000, 'reconnect.maxDelay');
  return {
    nodes,
    configurationEndpoint,
    discoveryIntervalMs: positive(parseDuration(options.discoveryInterval ?? 60_000, 'discoveryInterval'), 'discoveryInterval'),
    tls: options.tls === true ? {} : options.tls === false || options.tls === undefined ? undefined : options.tls,
    commandTimeoutMs: positive(parseDuration(options.commandTimeout ?? 1_000, 'commandTimeout'), 'commandTimeout'),
    connectTimeoutMs: positive(parseDuration(options.connectTimeout ?? 2_000, 'connectTimeout'), 'connectTimeout'),
    reconnectMinMs: Math.max(1, reconnectMinMs),
    reconnectMaxMs: Math.max(1, reconnectMinMs, reconnectMaxMs),
    maxValueBytes,
  };
}

/**
 * `host`, `host:port`, `[v6]:port`, `memcached://host:port`, or `{ host, port }`. ElastiCache's
 * auto-discovery entries (`host|ip|port`) are parsed in discovery.ts and come here as objects.
 */
export function parseEndpoint(value: string | MemcachedEndpoint, option: string): ResolvedEndpoint {
  if (typeof value !== 'string') return endpoint(value.host, value.host, value.port ?? DEFAULT_PORT, option, value);
  const text = value.trim().replace(/^memcached:\/\//, '');
  const match = /^\[([^\]]+)\](?::(\d+))?$/.exec(text) ?? /^([^:[\]/\s]+)(?::(\d+))?$/.exec(text);
  if (match === null) throw new CacheOptionError(`MemcachedStore option '${option}': cannot parse '${value}' as host:port`);
  return endpoint(match[1], match[1], match[2] === undefined ? DEFAULT_PORT : Number(match[2]), option, value);
}

/** A node from `config get cluster`: dial the IP when there is one (no DNS), name it by host. */
export function endpoint(host: string, address: string, port: number, option: string, given: unknown): ResolvedEndpoint {
  if (host === '' || !Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new CacheOptionError(`MemcachedStore option '${option}': invalid endpoint ${JSON.stringify(given)}`);
  }
  const id = isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
  return { id, host, address: address === '' ? host : address, port };
}

/** Options for `tls.connect` to one node. SNI never carries an IP address (RFC 6066). */
export function tlsConnectOptions(tls: MemcachedTlsOptions, node: ResolvedEndpoint): ConnectionOptions {
  const servername = tls.servername ?? (isIP(node.host) === 0 ? node.host : undefined);
  return {
    host: node.address,
    port: node.port,
    servername,
    ca: tls.ca,
    cert: tls.cert,
    key: tls.key,
    // Node checks the certificate against `servername` when set, else against `host`: a node
    // dialed by IP (auto-discovery) is still checked against its DNS name.
    rejectUnauthorized: tls.rejectUnauthorized ?? true,
  };
}

function positive(ms: number, option: string): number {
  if (ms <= 0) throw new CacheOptionError(`MemcachedStore option '${option}' must be more than 0 ms`);
  return ms;
}
