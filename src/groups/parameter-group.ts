import { IResource, Resource } from 'aws-cdk-lib';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import { Construct } from 'constructs';
import { CacheEngine } from '../common/engine';
import { parameterFailures } from '../common/parameters';
import { checkPropShapes, PropKind } from '../common/prop-types';
import { RuleReport } from '../common/validation';
import { MemcachedEngineVersion } from '../memcached/engine-version';
import { memcachedItemSizeFailures } from '../memcached/item-size';

/** A cache parameter group, made here or imported by name. */
export interface ICacheParameterGroup extends IResource {
  /** The name of the parameter group. @attribute */
  readonly parameterGroupName: string;
  /** The group's family (`valkey8`, `redis7`, `memcached1.6`), when known. */
  readonly family?: string;
  /** Whether the group has `cluster-enabled yes`, when known; undefined for Memcached. */
  readonly clusterMode?: boolean;
}

/**
 * The engine a parameter group is for: its family (the group's CacheParameterGroupFamily) and the
 * version its parameters are checked against.
 */
export class CacheParameterGroupEngine {
  /** A Valkey or Redis OSS engine, e.g. `CacheEngine.VALKEY_8_2` (family `valkey8`). */
  public static fromCacheEngine(engine: CacheEngine): CacheParameterGroupEngine {
    return new CacheParameterGroupEngine(engine.parameterGroupFamily, engine.version, false, `${engine}`);
  }

  /** A Memcached version, e.g. `MemcachedEngineVersion.V1_6_22` (family `memcached1.6`). */
  public static fromMemcached(version: MemcachedEngineVersion): CacheParameterGroupEngine {
    return new CacheParameterGroupEngine(version.parameterGroupFamily, version.version, true, `${version}`);
  }

  /** The parameter group family. */
  public readonly family: string;
  /** The engine version the parameters are checked against. */
  public readonly version: string;
  /** Whether this is Memcached. */
  public readonly memcached: boolean;
  private readonly label: string;

  private constructor(family: string, version: string, memcached: boolean, label: string) {
    this.family = family;
    this.version = version;
    this.memcached = memcached;
    this.label = label;
  }

  /** `valkey 8.2`, `memcached 1.6.22` */
  public toString(): string {
    return this.label;
  }
}

/** Properties of a cache parameter group. */
export interface CacheParameterGroupProps {
  /** The engine, which sets the family: `CacheParameterGroupEngine.fromCacheEngine(CacheEngine.VALKEY_8_2)`. */
  readonly engine: CacheParameterGroupEngine;
  /**
   * Engine parameters, e.g. `{ 'maxmemory-policy': 'allkeys-lru' }`, checked against the family's
   * documented parameters.
   * @default - none: the family's default values
   */
  readonly parameters?: { [name: string]: string };
  /**
   * For Valkey and Redis OSS, whether the group is for cluster mode (`cluster-enabled yes`); a
   * replication group's clusterMode must match it. Not for Memcached.
   * @default true (as a ReplicationGroup's clusterMode)
   */
  readonly clusterMode?: boolean;
  /**
   * A description of the group.
   * @default - the engine, and the cluster mode for Valkey and Redis OSS
   */
  readonly description?: string;
}

/** What is known of a parameter group imported by name. */
export interface CacheParameterGroupImportOptions {
  /**
   * The group's family, so a cache of another family is rejected at synth time.
   * @default - unknown: not checked
   */
  readonly family?: string;
  /**
   * Whether the group has `cluster-enabled yes` (Valkey and Redis OSS).
   * @default - unknown: not checked
   */
  readonly clusterMode?: boolean;
}

const SHAPES: Record<string, PropKind> = {
  engine: 'object', parameters: 'string-map', clusterMode: 'boolean', description: 'string',
};

/**
 * An ElastiCache parameter group of one family. Its parameters are checked against the family's
 * documented parameters (names, types, ranges, permitted values) when it is built; a Valkey or
 * Redis OSS group carries `cluster-enabled` from `clusterMode`.
 *
 * @resource AWS::ElastiCache::ParameterGroup
 */
export class CacheParameterGroup extends Resource implements ICacheParameterGroup {
  /** Import a parameter group made elsewhere, e.g. `default.valkey8.cluster.on`, by its name. */
  public static fromParameterGroupName(scope: Construct, id: string, parameterGroupName: string,
    options: CacheParameterGroupImportOptions = {}): ICacheParameterGroup {
    class Import extends Resource implements ICacheParameterGroup {
      public readonly parameterGroupName = parameterGroupName;
      public readonly family = options.family;
      public readonly clusterMode = options.clusterMode;
    }
    return new Import(scope, id);
  }

  public readonly parameterGroupName: string;
  public readonly family?: string;
  public readonly clusterMode?: boolean;
  /** The engine the group is for. */
  public readonly engine: CacheParameterGroupEngine;

  constructor(scope: Construct, id: string, props: CacheParameterGroupProps) {
    super(scope, id);
    const report = new RuleReport();
    const what = 'CacheParameterGroup';
    if (!checkPropShapes(report, props, SHAPES, ['engine'])) report.throwIfAny(this, what);
    if (!(props.engine instanceof CacheParameterGroupEngine)) {
      report.fail('engine', props.engine, 'it is a CacheParameterGroupEngine, e.g. CacheParameterGroupEngine.fromCacheEngine(CacheEngine.VALKEY_8_2)');
      report.throwIfAny(this, what);
    }
    const engine = props.engine;
    const parameters = props.parameters ?? {};
    // The rules live in the parameter catalog (and Memcached's item-size rule), shared with the caches' own checks.
    report.addAll(parameterFailures(engine.family, parameters, 'parameters', engine.version));
    if (engine.memcached) {
      report.addAll(memcachedItemSizeFailures(parameters));
      if (props.clusterMode !== undefined) report.fail('clusterMode', props.clusterMode, 'cluster mode is a Valkey and Redis OSS setting: leave it out for Memcached');
    }
    report.throwIfAny(this, what);

    this.engine = engine;
    this.family = engine.family;
    this.clusterMode = engine.memcached ? undefined : props.clusterMode ?? true;
    const mode = this.clusterMode === undefined ? '' : ` (cluster mode ${this.clusterMode ? 'on' : 'off'})`;
    // 'Default' (a default child, like 'Resource') leaves the logical id as if the L1 stood at this path,
    // so the caches' own groups, now made through this class, keep their logical ids.
    const resource = new elasticache.CfnParameterGroup(this, 'Default', {
      cacheParameterGroupFamily: engine.family,
      description: props.description ?? `${engine} parameters${mode}`,
      properties: this.clusterMode === undefined ? { ...parameters } : { ...parameters, 'cluster-enabled': this.clusterMode ? 'yes' : 'no' },
    });
    this.parameterGroupName = resource.ref;
  }
}
