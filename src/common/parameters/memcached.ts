import { extend, FamilyCatalog, fixed, float, int, oneOf, zeroOne } from './parameter-types';

// "Memcached specific parameters": the 1.4.5 table and the 1.4.14 to 1.6.x changes (family
// memcached1.6; "For Memcached 1.6.6, no additional parameters are supported"). "At launch" and
// "After restart" both mean the nodes must restart, so both are recorded as 'reboot'.
// https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html
const SOURCE = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Memcached';

const reboot = { applies: 'reboot' } as const;
const NODE = 'its value follows the node type';

const MEMCACHED_1_4: FamilyCatalog = {
  source: SOURCE,
  removed: {},
  renamed: {},
  parameters: {
    // 1.4.5
    backlog_queue_limit: fixed('integer'),
    binding_protocol: oneOf(['ascii', 'auto'], reboot),
    cas_disabled: zeroOne(reboot),
    chunk_size: int(reboot),
    chunk_size_growth_factor: float(reboot),
    error_on_memory_exhausted: zeroOne(reboot),
    large_memory_pages: fixed('boolean'),
    lock_down_paged_memory: fixed('boolean'),
    max_item_size: int(reboot),
    max_simultaneous_connections: fixed('integer'),
    // Its "Modifiable" cell is empty.
    maximize_core_file_limit: zeroOne({ ...reboot, modifiable: undefined }),
    memcached_connections_overhead: int(reboot),
    requests_per_event: fixed('integer'),
    // 1.4.14
    config_max: fixed('integer'),
    config_size_max: fixed('integer'),
    hashpower_init: fixed('integer'),
    maxconns_fast: zeroOne(reboot),
    // "set to 0 ... disabled. If it is set to 1 ... If it is set to 2".
    slab_automove: int({ ...reboot, min: 0, max: 2 }),
    slab_reassign: zeroOne(reboot),
    // 1.4.24
    disable_flush_all: zeroOne(reboot),
    hash_algorithm: oneOf(['murmur3', 'jenkins'], reboot),
    lru_crawler: zeroOne(reboot),
    lru_maintainer: zeroOne(reboot),
    expirezero_does_not_evict: zeroOne(reboot),
    // 1.4.33
    modern: zeroOne(reboot),
    watch: zeroOne(),
    // "Range of values: 0 to 86400."
    idle_timeout: int({ ...reboot, min: 0, max: 86400 }),
    track_sizes: zeroOne(reboot),
    watcher_logbuf_size: int(reboot),
    worker_logbuf_size: int(reboot),
    slab_chunk_max: int(reboot),
    // Node-type specific: "The values on these parameters cannot be modified."
    max_cache_memory: fixed('integer', NODE),
    num_threads: fixed('integer', NODE),
  },
};

/** Family memcached1.6: every Memcached 1.6.x version (1.5.10's changes carried over). */
export const MEMCACHED1_6 = extend(MEMCACHED_1_4, {
  add: {
    no_modern: zeroOne(reboot),
    inline_ascii_resp: zeroOne(reboot),
  },
  remove: {
    expirezero_does_not_evict: 'no longer supported beginning with Memcached 1.5.10',
    modern: 'no longer supported beginning with Memcached 1.5.10; no_modern is enabled by default',
  },
});
