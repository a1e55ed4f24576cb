import { fail } from '../common/validation';
import { compareVersions } from '../common/version';

// "Supported ElastiCache (Memcached) versions": 1.6.22, 1.6.17, 1.6.12 (in-transit encryption), 1.6.6.
const DOC_VERSIONS = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/mem-ug/supported-engine-versions-mc.html';
const VERSIONS = ['1.6.6', '1.6.12', '1.6.17', '1.6.22'];
// "ElastiCache (Memcached) adds support for Memcached version 1.6.12 and encryption in-transit."
const FIRST_TLS_VERSION = '1.6.12';

/**
 * A Memcached engine version ElastiCache offers for node-based clusters. Every 1.6.x version shares
 * the parameter group family `memcached1.6`.
 */
export class MemcachedEngineVersion {
  /** Memcached 1.6.6 (no in-transit encryption). */
  public static readonly V1_6_6 = new MemcachedEngineVersion('1.6.6');
  /** Memcached 1.6.12, the first with in-transit encryption (TLS). */
  public static readonly V1_6_12 = new MemcachedEngineVersion('1.6.12');
  /** Memcached 1.6.17. */
  public static readonly V1_6_17 = new MemcachedEngineVersion('1.6.17');
  /** Memcached 1.6.22. */
  public static readonly V1_6_22 = new MemcachedEngineVersion('1.6.22');
  /** The newest version ElastiCache offers (the default). */
  public static readonly LATEST = MemcachedEngineVersion.V1_6_22;

  /**
   * A version by its number; it must be one ElastiCache offers.
   * @param version major.minor.patch, e.g. '1.6.17'
   */
  public static of(version: string): MemcachedEngineVersion {
    return new MemcachedEngineVersion(version);
  }

  /** The version, major.minor.patch. */
  public readonly version: string;
  /** Parameter group family: `memcached1.6`. */
  public readonly parameterGroupFamily: string;
  /** Whether this version supports in-transit encryption (1.6.12 and later). */
  public readonly supportsTransitEncryption: boolean;

  private constructor(version: string) {
    if (!VERSIONS.includes(version)) {
      fail('engineVersion', version, `ElastiCache offers Memcached ${VERSIONS.join(', ')} (1.6.x)`, DOC_VERSIONS);
    }
    this.version = version;
    this.parameterGroupFamily = 'memcached1.6';
    this.supportsTransitEncryption = compareVersions(version, FIRST_TLS_VERSION) >= 0;
  }

  /** `memcached 1.6.22` */
  public toString(): string {
    return `memcached ${this.version}`;
  }
}
