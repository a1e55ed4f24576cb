import { NodeTypeInfo } from './node-type-info';
import { findNodeType, NodeTypeEngine, nodeTypeFailures } from './node-type-rules';
import { fail } from './validation';

/**
 * Catalog look-up that throws on the first broken rule (see {@link nodeTypeFailures}): unknown
 * type, not offered for the engine, engine too old for the type, previous generation.
 * @param engine pass the engine itself to check minimum versions and Redis OSS vs Valkey offers
 */
export function nodeTypeInfo(property: string, nodeType: string, engine: NodeTypeEngine): NodeTypeInfo {
  const [first] = nodeTypeFailures(property, nodeType, engine);
  if (first) fail(first.property, first.value, first.rule, first.source);
  return findNodeType(nodeType)!;
}
