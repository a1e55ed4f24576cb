import { fail } from './validation';
import { compareVersions } from './version';

// The versions: https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/supported-engine-versions.html
// (the engine-versions page has sections "ElastiCache version 9.1 for Valkey" and "… 9.0 for Valkey").
const DOC_VERSIONS = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/supported-engine-versions.html';
// The families, "Engine specific parameters": "Valkey 9.1 and Valkey 9.0 parameter changes /
// Parameter group family: valkey9", with `default.valkey9` and `default.valkey9.cluster.on`.
// (CloudFormation's CacheParameterGroupFamily text still stops at valkey8; that list is stale.)
const ENGINE_VERSIONS: Record<string, Record<string, string>> = {
  valkey: {
    '7.2': 'valkey7', '8.0': 'valkey8', '8.1': 'valkey8', '8.2': 'valkey8', '9.0': 'valkey9', '9.1': 'valkey9',
  },
  redis: { '6.2': 'redis6.x', '7.0': 'redis7', '7.1': 'redis7' },
};
// "Valkey is designed as a drop-in replacement for Redis OSS 7 … all features available with Redis
// OSS 7.2 are available in Valkey 7.2 and above" (engine-versions page). Nothing promises the features
// of later Redis releases (7.4, 8.x), which ElastiCache does not offer, so Valkey counts as 7.2.
const VALKEY_AS_REDIS = '7.2';

/**
 * A Valkey or Redis OSS engine and version for a replication group.
 *
 * The parameter group family follows the version, so changing the engine (e.g. Redis OSS 7.1 to
 * Valkey 8.1) changes the family with it, as ElastiCache requires.
 */
export class CacheEngine {
  /** Valkey 7.2. */
  public static readonly VALKEY_7_2 = new CacheEngine('valkey', '7.2');
  /** Valkey 8.0. */
  public static readonly VALKEY_8_0 = new CacheEngine('valkey', '8.0');
  /** Valkey 8.1. */
  public static readonly VALKEY_8_1 = new CacheEngine('valkey', '8.1');
  /** Valkey 8.2. */
  public static readonly VALKEY_8_2 = new CacheEngine('valkey', '8.2');
  /** Valkey 9.0: durability, full-text search, hash-field expiration, databases in cluster mode. */
  public static readonly VALKEY_9_0 = new CacheEngine('valkey', '9.0');
  /** Valkey 9.1: also distributed KV caching on `cache.i8ge.48xlarge`. */
  public static readonly VALKEY_9_1 = new CacheEngine('valkey', '9.1');
  /** Redis OSS 6.2. */
  public static readonly REDIS_6_2 = new CacheEngine('redis', '6.2');
  /** Redis OSS 7.0. */
  public static readonly REDIS_7_0 = new CacheEngine('redis', '7.0');
  /** Redis OSS 7.1. */
  public static readonly REDIS_7_1 = new CacheEngine('redis', '7.1');
  /**
   * The newest Valkey version (the default engine). 9.1: its family and both default parameter
   * groups (`default.valkey9`, `default.valkey9.cluster.on`) are documented. Pin VALKEY_8_2 where a
   * partition lags: the AWS China copy of the parameter page still stops at Valkey 8.2.
   */
  public static readonly LATEST = CacheEngine.VALKEY_9_1;

  /**
   * Valkey at a version ElastiCache offers.
   * @param version major.minor, e.g. '8.1'
   */
  public static valkey(version: string): CacheEngine {
    return new CacheEngine('valkey', version);
  }

  /**
   * Redis OSS at a version ElastiCache offers.
   * @param version major.minor, e.g. '7.1'
   */
  public static redis(version: string): CacheEngine {
    return new CacheEngine('redis', version);
  }

  /** Engine name as CloudFormation spells it: `valkey` or `redis`. */
  public readonly name: string;
  /** Engine version, major.minor. */
  public readonly version: string;
  /** Parameter group family, e.g. `valkey9`, `valkey8` or `redis7`. */
  public readonly parameterGroupFamily: string;

  private constructor(name: string, version: string) {
    const versions = ENGINE_VERSIONS[name];
    const family = typeof version === 'string' && Object.prototype.hasOwnProperty.call(versions, version)
      ? versions[version] : undefined;
    if (!family) {
      fail('engine', `${name} ${version}`, `ElastiCache offers ${name} ${Object.keys(versions).join(', ')}`, DOC_VERSIONS);
    }
    this.name = name;
    this.version = version;
    this.parameterGroupFamily = family;
  }

  /**
   * True when this engine has every feature of Redis OSS `major.minor`. Valkey counts as Redis OSS
   * 7.2 at every version: it forked from 7.2.4, so it has 7.2's features and no later Redis's.
   */
  public isAtLeastRedis(version: string): boolean {
    const own = this.name === 'valkey' ? VALKEY_AS_REDIS : this.version;
    return compareVersions(own, version) >= 0;
  }

  /** True when this engine is Valkey at `major.minor` or later (durability needs 9.0, i8ge 9.1). */
  public isValkeyAtLeast(version: string): boolean {
    return this.name === 'valkey' && compareVersions(this.version, version) >= 0;
  }

  /** `valkey 8.1` */
  public toString(): string {
    return `${this.name} ${this.version}`;
  }
}
