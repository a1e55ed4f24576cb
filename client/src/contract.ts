// Generated from src/connection/contract.ts by scripts/copy-contract.js: edit that file, not this one.
/**
 * The connection contract: the environment variables a construct writes for the compute it
 * connects, and that the client package `cdk-elasticache-client` reads (`Cache.fromEnvironment()`).
 *
 * This module is the names' one source: the client gets a generated copy
 * (scripts/copy-contract.js), and a test fails when the copy is stale.
 * An app that uses several caches gives each one a prefix: `ORDERS_CACHE_ENDPOINT`, ….
 */
export class CacheConnectionEnv {
  /** `valkey` | `redis` | `memcached`. */
  public static readonly ENGINE = 'CACHE_ENGINE';
  /** `host:port`: configuration endpoint in cluster mode and for Memcached, primary endpoint otherwise. */
  public static readonly ENDPOINT = 'CACHE_ENDPOINT';
  /** `host:port` of the reader endpoint (cluster mode disabled with replicas). */
  public static readonly READER_ENDPOINT = 'CACHE_READER_ENDPOINT';
  /** `true` | `false`. */
  public static readonly CLUSTER_MODE = 'CACHE_CLUSTER_MODE';
  /** `true` | `false`: connect with TLS. */
  public static readonly TLS = 'CACHE_TLS';
  /** `none` | `token` | `iam` | `password`. */
  public static readonly AUTH = 'CACHE_AUTH';
  /** ARN of the Secrets Manager secret holding the AUTH token or the user's password. */
  public static readonly AUTH_SECRET_ARN = 'CACHE_AUTH_SECRET_ARN';
  /** User name for IAM or password (RBAC) authentication. */
  public static readonly USER = 'CACHE_USER';
  /** Replication group id or Memcached cluster id. */
  public static readonly ID = 'CACHE_ID';
  /** AWS Region of the cache (IAM token signing, endpoint discovery). */
  public static readonly REGION = 'CACHE_REGION';
  /**
   * `true` for an ElastiCache Serverless cache: IAM tokens are signed for `ResourceType=ServerlessCache`,
   * and a Memcached endpoint is used as one server (no Auto Discovery). Absent means `false`.
   */
  public static readonly SERVERLESS = 'CACHE_SERVERLESS';
  /**
   * `host:port` of the primary Region's write endpoint, set only for a Global Datastore secondary
   * (its own `CACHE_ENDPOINT` is read-only): reads go to the local endpoint, writes here.
   */
  public static readonly PRIMARY_ENDPOINT = 'CACHE_PRIMARY_ENDPOINT';
  /** AWS Region of `CACHE_PRIMARY_ENDPOINT` (IAM token signing for the writes). Set with it. */
  public static readonly PRIMARY_REGION = 'CACHE_PRIMARY_REGION';

  /** Every variable of the contract, unprefixed. */
  public static readonly ALL: string[] = [
    CacheConnectionEnv.ENGINE,
    CacheConnectionEnv.ENDPOINT,
    CacheConnectionEnv.READER_ENDPOINT,
    CacheConnectionEnv.CLUSTER_MODE,
    CacheConnectionEnv.TLS,
    CacheConnectionEnv.AUTH,
    CacheConnectionEnv.AUTH_SECRET_ARN,
    CacheConnectionEnv.USER,
    CacheConnectionEnv.ID,
    CacheConnectionEnv.REGION,
    CacheConnectionEnv.SERVERLESS,
    CacheConnectionEnv.PRIMARY_ENDPOINT,
    CacheConnectionEnv.PRIMARY_REGION,
  ];

  /**
   * The variable's name with an optional prefix: `withPrefix('CACHE_ENDPOINT', 'orders')` is
   * `ORDERS_CACHE_ENDPOINT`. The prefix is upper-cased; non-alphanumerics become `_`.
   */
  public static withPrefix(variable: string, prefix?: string): string {
    if (!prefix) return variable;
    const clean = prefix.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
    if (!/^[A-Z]/.test(clean)) {
      throw new Error(`prefix: '${prefix}' must start with a letter (it becomes part of an environment variable name)`);
    }
    return `${clean}_${variable}`;
  }

  private constructor() {}
}

/** Values of `CACHE_AUTH`. */
export enum CacheAuthMode {
  /** No authentication. */
  NONE = 'none',
  /** A Redis AUTH token (from `CACHE_AUTH_SECRET_ARN`). */
  TOKEN = 'token',
  /** IAM authentication: a SigV4 token minted per connection for `CACHE_USER`. */
  IAM = 'iam',
  /** RBAC user `CACHE_USER` with the password in `CACHE_AUTH_SECRET_ARN`. */
  PASSWORD = 'password',
}
