import { extend, FamilyCatalog, fixed, int, oneOf, str, yesNo } from './parameter-types';

// The base tables every later Valkey / Redis OSS family inherits: "Redis OSS 2.6.13 parameters"
// and the "added" / "changed" tables of 2.8.6 to 4.0.10 (the docs list each version's changes only).
// https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html
const SOURCE = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Redis';

const AOF = 'appendonly and appendfsync are not supported beginning with Redis OSS 2.8.22';

/** Redis OSS 2.6.13, the first version ElastiCache supported. */
const REDIS_2_6: FamilyCatalog = {
  source: SOURCE,
  removed: {},
  renamed: {},
  parameters: {
    'activerehashing': yesNo({ applies: 'creation' }),
    'appendonly': fixed('string', AOF),
    'appendfsync': fixed('string', AOF),
    'client-output-buffer-limit-normal-hard-limit': int(),
    'client-output-buffer-limit-normal-soft-limit': int(),
    'client-output-buffer-limit-normal-soft-seconds': int(),
    'client-output-buffer-limit-pubsub-hard-limit': int(),
    'client-output-buffer-limit-pubsub-soft-limit': int(),
    'client-output-buffer-limit-pubsub-soft-seconds': int(),
    'client-output-buffer-limit-slave-hard-limit': fixed('integer', 'its value follows the node type'),
    'client-output-buffer-limit-slave-soft-limit': fixed('integer', 'its value follows the node type'),
    'client-output-buffer-limit-slave-soft-seconds': fixed('integer'),
    'databases': fixed('integer', undefined, { applies: 'creation' }),
    'hash-max-ziplist-entries': int(),
    'hash-max-ziplist-value': int(),
    'list-max-ziplist-entries': int(),
    'list-max-ziplist-value': int(),
    'lua-time-limit': fixed('integer'),
    'maxclients': fixed('integer', 'its value follows the node type'),
    // "The maxmemory parameter cannot be modified." (node-type specific parameters)
    'maxmemory': fixed('integer', 'it is the node type\'s memory; use reserved-memory-percent to keep memory free'),
    'maxmemory-policy': oneOf(['volatile-lru', 'allkeys-lru', 'volatile-random', 'allkeys-random', 'volatile-ttl', 'noeviction']),
    'maxmemory-samples': int(),
    'reserved-memory': int(),
    'set-max-intset-entries': int(),
    'slave-allow-chaining': fixed('string'),
    'slowlog-log-slower-than': int(),
    'slowlog-max-len': int(),
    'tcp-keepalive': int(),
    // "0 – never disconnect an idle client. 1-19 – invalid values. >=20 – the number of seconds".
    'timeout': int({ min: 0, invalid: [1, 19] }),
    'zset-max-ziplist-entries': int(),
    'zset-max-ziplist-value': int(),
  },
};

const REDIS_2_8 = extend(extend(REDIS_2_6, {
  // 2.8.6
  add: {
    'min-slaves-max-lag': int(),
    'min-slaves-to-write': int(),
    // "Do not use any characters other than those listed above; attempts to do so will result in error messages."
    'notify-keyspace-events': str({ chars: 'KEg$lshzxeA' }),
    // "The minimum value for this parameter is 16384."
    'repl-backlog-size': int({ min: 16384 }),
    'repl-backlog-ttl': int(),
    'repl-timeout': int(),
  },
}), {
  // 2.8.22: "the repl-timeout parameter is not supported"; 2.8.23 adds close-on-slave-write.
  add: {
    'repl-timeout': fixed('integer', 'ElastiCache overwrites it with the default (60s)'),
    'close-on-slave-write': yesNo(),
  },
});

const REDIS_3_2 = extend(REDIS_2_8, {
  add: {
    // The 3.2.4 row says "Modifiable: No"; the Redis OSS 7 "removed" row says "Modifiable: Yes".
    // With the docs at odds, it is not rejected.
    'list-max-ziplist-size': int(),
    'list-compress-depth': int(),
    'cluster-enabled': fixed('string', 'the construct sets it from clusterMode'),
    'cluster-require-full-coverage': yesNo(),
    'hll-sparse-max-bytes': int(),
    'reserved-memory-percent': int(),
    // "Modifiable: Yes if the parameter group is not associated with any clusters. Otherwise, no."
    'activerehashing': yesNo({ modifiable: 'conditional', applies: 'creation' }),
    'databases': int({ modifiable: 'conditional', applies: 'creation' }),
  },
  remove: {
    'list-max-ziplist-entries': 'no longer available since Redis OSS 3.2.4',
    'list-max-ziplist-value': 'no longer available since Redis OSS 3.2.4',
  },
});

/** Redis OSS 4.0.10: LFU eviction, lazy freeing, active defragmentation, buffer limits. */
export const REDIS_4_0 = extend(REDIS_3_2, {
  add: {
    'maxmemory-policy': oneOf(['allkeys-lru', 'volatile-lru', 'allkeys-lfu', 'volatile-lfu', 'allkeys-random', 'volatile-random', 'volatile-ttl', 'noeviction']),
    'lazyfree-lazy-eviction': yesNo(),
    'lazyfree-lazy-expire': yesNo(),
    'lazyfree-lazy-server-del': yesNo(),
    'slave-lazy-flush': fixed('boolean'),
    'lfu-log-factor': int({ min: 1 }),
    'lfu-decay-time': int(),
    'activedefrag': yesNo(),
    'active-defrag-ignore-bytes': int({ min: 10485760, max: 104857600 }),
    'active-defrag-threshold-lower': int({ min: 1, max: 100 }),
    'active-defrag-threshold-upper': int({ min: 1, max: 100 }),
    'active-defrag-cycle-min': int({ min: 1, max: 75 }),
    'active-defrag-cycle-max': int({ min: 1, max: 75 }),
    'client-query-buffer-limit': int({ min: 1048576, max: 1073741824 }),
    'proto-max-bulk-len': int({ min: 1048576, max: 536870912 }),
  },
});
