import { Token } from 'aws-cdk-lib';

/**
 * The node ids of a Memcached cluster of `count` nodes. ElastiCache numbers a cluster's nodes with
 * four digits, `0001`, `0002`, …; they are the metrics' CacheNodeId dimension. Ids stay with their
 * node, so a cluster scaled in and out outside this construct can have gaps.
 */
export function cacheNodeIds(count: number): string[] {
  if (Token.isUnresolved(count) || !Number.isInteger(count) || count < 1) return [];
  return Array.from({ length: count }, (_, i) => String(i + 1).padStart(4, '0'));
}
