/**
 * Ids of a replication group's member clusters (one per node), which ElastiCache names after the
 * group: `<id>-0001-001` (shard, node) in cluster mode, `<id>-001` otherwise. CloudWatch publishes
 * engine and host metrics per member cluster (dimension CacheClusterId).
 */
export function memberClusterIds(replicationGroupId: string, clusterMode: boolean, shards: number, replicasPerShard: number): string[] {
  const ids: string[] = [];
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  if (!clusterMode) {
    for (let node = 1; node <= 1 + replicasPerShard; node++) ids.push(`${replicationGroupId}-${pad(node, 3)}`);
    return ids;
  }
  for (let shard = 1; shard <= shards; shard++) {
    for (let node = 1; node <= 1 + replicasPerShard; node++) ids.push(`${replicationGroupId}-${pad(shard, 4)}-${pad(node, 3)}`);
  }
  return ids;
}
