import { NODE_TYPES } from './node-type-catalog';
import { NodeTypeInfo } from './node-type-info';
import { fail } from './validation';

const DOC = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html';

/** Catalog look-up: the node type's specs, or an error naming the property and the known types. */
export function nodeTypeInfo(property: string, nodeType: string, engine: 'redis' | 'memcached'): NodeTypeInfo {
  const info = NODE_TYPES[nodeType];
  if (!info) {
    const family = nodeType.split('.').slice(0, 2).join('.');
    const similar = Object.keys(NODE_TYPES).filter((t) => t.startsWith(`${family}.`));
    fail(property, nodeType,
      `it is not an ElastiCache node type${similar.length ? ` (${family} has ${similar.join(', ')})` : ''}`, DOC);
  }
  if (!info[engine]) {
    fail(property, nodeType, `ElastiCache does not offer this node type for ${engine === 'redis' ? 'Valkey / Redis OSS' : 'Memcached'}`, DOC);
  }
  // "New T2 clusters and reservations can no longer be created" (Supported node types).
  if (info.previousGeneration) {
    fail(property, nodeType, 'ElastiCache no longer creates clusters of this previous-generation node type; use t4g or t3', DOC);
  }
  return info;
}
