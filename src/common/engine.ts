import { fail } from './validation';

/** Valkey / Redis OSS engine versions ElastiCache offers, with their parameter group family. */
const ENGINE_VERSIONS: Record<string, Record<string, string>> = {
  // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/supported-engine-versions.html
  // Valkey 9.0 is offered too, but its parameter group family is not documented yet.
  valkey: { '7.2': 'valkey7', '8.0': 'valkey8', '8.1': 'valkey8', '8.2': 'valkey8' },
  redis: { '6.2': 'redis6.x', '7.0': 'redis7', '7.1': 'redis7' },
};

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
  /** Redis OSS 6.2. */
  public static readonly REDIS_6_2 = new CacheEngine('redis', '6.2');
  /** Redis OSS 7.0. */
  public static readonly REDIS_7_0 = new CacheEngine('redis', '7.0');
  /** Redis OSS 7.1. */
  public static readonly REDIS_7_1 = new CacheEngine('redis', '7.1');
  /** The newest Valkey version (the default engine). */
  public static readonly LATEST = CacheEngine.VALKEY_8_2;

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
  /** Parameter group family, e.g. `valkey8` or `redis7`. */
  public readonly parameterGroupFamily: string;

  private constructor(name: string, version: string) {
    const versions = ENGINE_VERSIONS[name];
    const family = versions[version];
    if (!family) {
      fail('engine', `${name} ${version}`, `ElastiCache offers ${name} ${Object.keys(versions).join(', ')}`,
        'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/supported-engine-versions.html');
    }
    this.name = name;
    this.version = version;
    this.parameterGroupFamily = family;
  }

  /** True when this engine is at least `major.minor` of Redis OSS (Valkey 7.2 counts as Redis OSS 7.2). */
  public isAtLeastRedis(version: string): boolean {
    // Valkey 7.2 forked from Redis OSS 7.2.4, so every Valkey version has every Redis 7.2 feature.
    const own = this.name === 'valkey' ? Math.max(parseFloat(this.version), 7.2) : parseFloat(this.version);
    return own >= parseFloat(version);
  }

  /** `valkey 8.1` */
  public toString(): string {
    return `${this.name} ${this.version}`;
  }
}
