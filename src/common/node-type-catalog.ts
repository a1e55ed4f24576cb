// Provisional; replaced by the researched catalog.
import type { NodeTypeInfo } from './node-type-info';
export const NODE_TYPES: Record<string, NodeTypeInfo> = {
  'cache.t4g.micro': { vcpus: 2, memoryGiB: 0.5, network: 'Up to 5 Gigabit', burstable: true, memcached: true, redis: true },
  'cache.t4g.small': { vcpus: 2, memoryGiB: 1.37, network: 'Up to 5 Gigabit', burstable: true, memcached: true, redis: true },
  'cache.r6gd.xlarge': { vcpus: 4, memoryGiB: 26.32, network: 'Up to 10 Gigabit', dataTiering: true, memcached: false, redis: true },
  'cache.r7g.large': { vcpus: 2, memoryGiB: 13.07, network: 'Up to 12.5 Gigabit', memcached: true, redis: true },
};
