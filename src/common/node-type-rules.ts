import { CacheEngine } from './engine';
import { NODE_TYPES } from './node-type-catalog';
import { NodeTypeInfo } from './node-type-info';
import { RuleFailure } from './validation';
import { compareVersions } from './version';
import { MemcachedEngineVersion } from '../memcached/engine-version';

// Which engines get a node type, its minimum versions and previous generation: "Supported node types".
const DOC = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html';
// "Distributed key-value (KV) caching is available only on node-based clusters that use the
// cache.i8ge.48xlarge node type and run ElastiCache for Valkey 9.1 or later."
const DOC_KV = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/distributed-kv-caching-limits.html';

/** The engine a node type is checked against; a bare name when the version is not known (legacy callers). */
export type NodeTypeEngine = CacheEngine | MemcachedEngineVersion | 'redis' | 'memcached';

const LABEL: Record<string, string> = { valkey: 'Valkey', redis: 'Redis OSS', memcached: 'Memcached' };

/** The catalog entry, or undefined (also for names such as 'constructor' that objects inherit). */
export function findNodeType(nodeType: unknown): NodeTypeInfo | undefined {
  return typeof nodeType === 'string' && Object.prototype.hasOwnProperty.call(NODE_TYPES, nodeType)
    ? NODE_TYPES[nodeType] : undefined;
}

/**
 * Every documented rule a node type breaks for an engine: unknown type, not offered for the
 * engine, engine older than the type's minimum, previous generation. Empty when it is fine.
 * @param property the property to name in a failure, e.g. `nodeType`
 * @param engine the engine and version; `'redis'` means Valkey or Redis OSS, version unknown
 */
export function nodeTypeFailures(property: string, nodeType: string, engine: NodeTypeEngine): RuleFailure[] {
  const info = findNodeType(nodeType);
  if (!info) return [unknownType(property, nodeType)];
  const failures: RuleFailure[] = [];
  const at = (rule: string, source = DOC) => failures.push({ property, value: nodeType, rule, source });
  const family = nodeType.split('.')[1];

  // A type is offered for an engine when that engine's "Current Generation" table lists it (UG):
  // m8g, r8g and c8gn are listed for Valkey and Memcached, not for Redis OSS.
  const { name, version } = target(engine);
  const offered = name === 'valkey-or-redis' ? info.valkey || info.redis : info[name];
  if (!offered) {
    const engines = (['valkey', 'redis', 'memcached'] as const).filter((e) => info[e]).map((e) => LABEL[e]);
    at(`ElastiCache does not offer ${family} node types for ${labelOf(name)}; it offers them for ${engines.join(', ')}`,
      info.distributedKvCaching ? DOC_KV : DOC);
  } else if (version !== undefined && name !== 'valkey-or-redis') {
    // "Minimum supported <engine> version" column (UG); for i8ge, Valkey 9.1 (distributed KV page).
    const minimum = info.minimumVersions?.[name];
    if (minimum !== undefined && compareVersions(version, minimum) < 0) {
      at(`${family} node types need ${LABEL[name]} ${minimum} or later, not ${version}`, info.distributedKvCaching ? DOC_KV : DOC);
    }
  }
  // "You will no longer be able to create new ElastiCache clusters using T2 instances" (UG).
  if (info.previousGeneration) {
    at('ElastiCache no longer creates clusters of this previous-generation node type; use t4g or t3');
  }
  return failures;
}

function unknownType(property: string, nodeType: unknown): RuleFailure {
  if (typeof nodeType !== 'string') {
    return { property, value: nodeType, rule: "the node type is a string such as 'cache.t4g.micro'", source: DOC };
  }
  const family = nodeType.split('.').slice(0, 2).join('.');
  const similar = Object.keys(NODE_TYPES).filter((t) => t.startsWith(`${family}.`));
  const rule = `it is not an ElastiCache node type${similar.length ? ` (${family} has ${similar.join(', ')})` : ''}`;
  return { property, value: nodeType, rule, source: DOC };
}

type EngineName = 'valkey' | 'redis' | 'memcached' | 'valkey-or-redis';

function target(engine: NodeTypeEngine): { name: EngineName; version?: string } {
  if (engine === 'redis') return { name: 'valkey-or-redis' };
  if (engine === 'memcached') return { name: 'memcached' };
  if (engine instanceof MemcachedEngineVersion) return { name: 'memcached', version: engine.version };
  return { name: engine.name === 'valkey' ? 'valkey' : 'redis', version: engine.version };
}

function labelOf(name: EngineName): string {
  return name === 'valkey-or-redis' ? 'Valkey or Redis OSS' : LABEL[name];
}
