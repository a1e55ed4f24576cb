import { fail } from '../common/validation';

// "Supported ElastiCache version — Serverless caching: Valkey 7.2 and higher, Redis OSS version
// 7.1, Memcached 1.6.22 and higher" (deployment options table); Valkey 9 on serverless: "Public
// endpoints are available on ElastiCache Serverless for Valkey 9.0 or later" (public endpoints).
const DOC_DEPLOY = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/WhatIs.deployment.html';
// MajorEngineVersion: "Specify an integer (for example, 7, 8, or 9), not a decimal value (for example, 8.0)."
const CFN = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticache-serverlesscache.html';
const MAJORS: Record<string, string[]> = { valkey: ['7', '8', '9'], redis: ['7'], memcached: ['1.6'] };

/**
 * The engine of a serverless cache and its major version. ElastiCache Serverless applies minor and
 * patch versions itself ("Automatically upgrades cache software to the latest minor and patch
 * version, without application impact"), so only the major version is chosen.
 */
export class ServerlessCacheEngine {
  /** Valkey 7 (7.2). */
  public static readonly VALKEY_7 = new ServerlessCacheEngine('valkey', '7');
  /** Valkey 8. */
  public static readonly VALKEY_8 = new ServerlessCacheEngine('valkey', '8');
  /** Valkey 9: also public endpoints (`ServerlessConnectionType.PUBLIC`). */
  public static readonly VALKEY_9 = new ServerlessCacheEngine('valkey', '9');
  /** Redis OSS 7 (7.1). */
  public static readonly REDIS_7 = new ServerlessCacheEngine('redis', '7');
  /** Memcached 1.6 (1.6.22 and later). */
  public static readonly MEMCACHED_1_6 = new ServerlessCacheEngine('memcached', '1.6');
  /** The newest Valkey serverless offers (the default): Valkey 9. */
  public static readonly LATEST = ServerlessCacheEngine.VALKEY_9;

  /**
   * Valkey at a major version serverless offers (7, 8 or 9).
   * @param majorVersion the major version, a whole number
   */
  public static valkey(majorVersion: number): ServerlessCacheEngine {
    return new ServerlessCacheEngine('valkey', String(majorVersion));
  }

  /**
   * Redis OSS at a major version serverless offers (7).
   * @param majorVersion the major version, a whole number
   */
  public static redis(majorVersion: number): ServerlessCacheEngine {
    return new ServerlessCacheEngine('redis', String(majorVersion));
  }

  /**
   * Memcached (1.6, the only version serverless offers).
   * @param version the version, '1.6'
   */
  public static memcached(version: string = '1.6'): ServerlessCacheEngine {
    return new ServerlessCacheEngine('memcached', String(version));
  }

  /** Engine name as CloudFormation spells it: `valkey`, `redis` or `memcached`. */
  public readonly name: string;
  /** The major version: `9`, `7` or, for Memcached, `1.6`. */
  public readonly majorVersion: string;

  private constructor(name: string, majorVersion: string) {
    if (!MAJORS[name].includes(majorVersion)) {
      fail('engine', `${name} ${majorVersion}`, `ElastiCache Serverless offers ${name} ${MAJORS[name].join(', ')}`
        + (name === 'memcached' ? '' : ' (a whole major version, not e.g. 8.0)'), name === 'memcached' ? DOC_DEPLOY : `${DOC_DEPLOY} and ${CFN}`);
    }
    this.name = name;
    this.majorVersion = majorVersion;
  }

  /** True for Valkey and Redis OSS: users and user groups, IAM authentication, the cluster protocol. */
  public get isRedisLike(): boolean {
    return this.name !== 'memcached';
  }

  /**
   * The MajorEngineVersion CloudFormation takes: the integer for Valkey and Redis OSS. Left out for
   * Memcached, whose only version is 1.6: CloudFormation asks for an integer, which 1.6 is not, and
   * which value the service accepts for it is not documented.
   */
  public get cfnMajorEngineVersion(): string | undefined {
    return this.isRedisLike ? this.majorVersion : undefined;
  }

  /** `valkey 9` */
  public toString(): string {
    return `${this.name} ${this.majorVersion}`;
  }
}
