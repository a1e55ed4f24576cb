import { isResolved, RuleFailure } from '../common/validation';

// "CreateCacheCluster and ModifyCacheCluster fails ... if slab_chunk_max > max_item_size / max_item_size modulo slab_chunk_max != 0".
const DOC_PARAMS = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/mem-ug/VersionManagement.html';

/** The item-size rules ElastiCache states, checked when both parameters are given as numbers. */
export function memcachedItemSizeFailures(parameters: { [name: string]: string } | undefined): RuleFailure[] {
  const chunk = parameters?.slab_chunk_max;
  const item = parameters?.max_item_size;
  if (!isResolved(chunk) || !isResolved(item) || !/^\d+$/.test(chunk!) || !/^\d+$/.test(item!)) return [];
  const chunkBytes = Number(chunk);
  const itemBytes = Number(item);
  const failures: RuleFailure[] = [];
  if (chunkBytes > itemBytes) {
    failures.push({ property: 'parameters.slab_chunk_max', value: chunk, rule: `slab_chunk_max must not exceed max_item_size (${item})`, source: DOC_PARAMS });
  }
  if (itemBytes % chunkBytes !== 0) {
    failures.push({ property: 'parameters.max_item_size', value: item, rule: `max_item_size must be a multiple of slab_chunk_max (${chunk})`, source: DOC_PARAMS });
  }
  return failures;
}
