// ElastiCache node-based cluster node types (Valkey / Redis OSS / Memcached).
// Sources: memory from https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html,
// vCPUs and network from the EC2 instance type each node runs on (EC2 User Guide).
// memoryGiB: "Memory (GiB)" column of the AWS ElastiCache "Supported node types" page.
// vcpus / network: the EC2 instance type the node runs on (AWS EC2 User Guide network/hardware tables);
//   t-family vCPUs and network also given directly by the ElastiCache "Burstable Performance Instances" table.
// Not included (no sourced vCPU / network value found): cache.m8g.*, cache.r8g.*, cache.c8gn.* -- see notes.

import type { NodeTypeInfo } from './node-type-info';

export const NODE_TYPES: Record<string, NodeTypeInfo> = {
  // t4g
  'cache.t4g.micro': { vcpus: 2, memoryGiB: 0.5, network: 'Up to 5 Gigabit', burstable: true, memcached: true, redis: true },
  'cache.t4g.small': { vcpus: 2, memoryGiB: 1.37, network: 'Up to 5 Gigabit', burstable: true, memcached: true, redis: true },
  'cache.t4g.medium': { vcpus: 2, memoryGiB: 3.09, network: 'Up to 5 Gigabit', burstable: true, memcached: true, redis: true },
  // t3
  'cache.t3.micro': { vcpus: 2, memoryGiB: 0.5, network: 'Up to 5 Gigabit', burstable: true, memcached: true, redis: true },
  'cache.t3.small': { vcpus: 2, memoryGiB: 1.37, network: 'Up to 5 Gigabit', burstable: true, memcached: true, redis: true },
  'cache.t3.medium': { vcpus: 2, memoryGiB: 3.09, network: 'Up to 5 Gigabit', burstable: true, memcached: true, redis: true },
  // t2
  'cache.t2.micro': { vcpus: 1, memoryGiB: 0.555, network: 'Low to Moderate', burstable: true, memcached: true, redis: true, previousGeneration: true },
  'cache.t2.small': { vcpus: 1, memoryGiB: 1.55, network: 'Low to Moderate', burstable: true, memcached: true, redis: true, previousGeneration: true },
  'cache.t2.medium': { vcpus: 2, memoryGiB: 3.22, network: 'Low to Moderate', burstable: true, memcached: true, redis: true, previousGeneration: true },
  // m7g
  'cache.m7g.large': { vcpus: 2, memoryGiB: 6.38, network: 'Up to 12.5 Gigabit', memcached: true, redis: true },
  'cache.m7g.xlarge': { vcpus: 4, memoryGiB: 12.93, network: 'Up to 12.5 Gigabit', memcached: true, redis: true },
  'cache.m7g.2xlarge': { vcpus: 8, memoryGiB: 26.04, network: 'Up to 15 Gigabit', memcached: true, redis: true },
  'cache.m7g.4xlarge': { vcpus: 16, memoryGiB: 52.26, network: 'Up to 15 Gigabit', memcached: true, redis: true },
  'cache.m7g.8xlarge': { vcpus: 32, memoryGiB: 103.68, network: '15 Gigabit', memcached: true, redis: true },
  'cache.m7g.12xlarge': { vcpus: 48, memoryGiB: 157.12, network: '22.5 Gigabit', memcached: true, redis: true },
  'cache.m7g.16xlarge': { vcpus: 64, memoryGiB: 209.55, network: '30 Gigabit', memcached: true, redis: true },
  // m6g
  'cache.m6g.large': { vcpus: 2, memoryGiB: 6.38, network: 'Up to 10 Gigabit', memcached: true, redis: true },
  'cache.m6g.xlarge': { vcpus: 4, memoryGiB: 12.93, network: 'Up to 10 Gigabit', memcached: true, redis: true },
  'cache.m6g.2xlarge': { vcpus: 8, memoryGiB: 26.04, network: 'Up to 10 Gigabit', memcached: true, redis: true },
  'cache.m6g.4xlarge': { vcpus: 16, memoryGiB: 52.26, network: 'Up to 10 Gigabit', memcached: true, redis: true },
  'cache.m6g.8xlarge': { vcpus: 32, memoryGiB: 103.68, network: '12 Gigabit', memcached: true, redis: true },
  'cache.m6g.12xlarge': { vcpus: 48, memoryGiB: 157.12, network: '20 Gigabit', memcached: true, redis: true },
  'cache.m6g.16xlarge': { vcpus: 64, memoryGiB: 209.55, network: '25 Gigabit', memcached: true, redis: true },
  // m5
  'cache.m5.large': { vcpus: 2, memoryGiB: 6.38, network: 'Up to 10 Gigabit', memcached: true, redis: true },
  'cache.m5.xlarge': { vcpus: 4, memoryGiB: 12.93, network: 'Up to 10 Gigabit', memcached: true, redis: true },
  'cache.m5.2xlarge': { vcpus: 8, memoryGiB: 26.04, network: 'Up to 10 Gigabit', memcached: true, redis: true },
  'cache.m5.4xlarge': { vcpus: 16, memoryGiB: 52.26, network: 'Up to 10 Gigabit', memcached: true, redis: true },
  'cache.m5.12xlarge': { vcpus: 48, memoryGiB: 157.12, network: '12 Gigabit', memcached: true, redis: true },
  'cache.m5.24xlarge': { vcpus: 96, memoryGiB: 314.32, network: '25 Gigabit', memcached: true, redis: true },
  // m4
  'cache.m4.large': { vcpus: 2, memoryGiB: 6.42, network: 'Moderate', memcached: true, redis: true },
  'cache.m4.xlarge': { vcpus: 4, memoryGiB: 14.28, network: 'High', memcached: true, redis: true },
  'cache.m4.2xlarge': { vcpus: 8, memoryGiB: 29.7, network: 'High', memcached: true, redis: true },
  'cache.m4.4xlarge': { vcpus: 16, memoryGiB: 60.78, network: 'High', memcached: true, redis: true },
  'cache.m4.10xlarge': { vcpus: 40, memoryGiB: 154.64, network: '10 Gigabit', memcached: true, redis: true },
  // r7g
  'cache.r7g.large': { vcpus: 2, memoryGiB: 13.07, network: 'Up to 12.5 Gigabit', memcached: true, redis: true },
  'cache.r7g.xlarge': { vcpus: 4, memoryGiB: 26.32, network: 'Up to 12.5 Gigabit', memcached: true, redis: true },
  'cache.r7g.2xlarge': { vcpus: 8, memoryGiB: 52.82, network: 'Up to 15 Gigabit', memcached: true, redis: true },
  'cache.r7g.4xlarge': { vcpus: 16, memoryGiB: 105.81, network: 'Up to 15 Gigabit', memcached: true, redis: true },
  'cache.r7g.8xlarge': { vcpus: 32, memoryGiB: 209.55, network: '15 Gigabit', memcached: true, redis: true },
  'cache.r7g.12xlarge': { vcpus: 48, memoryGiB: 317.77, network: '22.5 Gigabit', memcached: true, redis: true },
  'cache.r7g.16xlarge': { vcpus: 64, memoryGiB: 419.09, network: '30 Gigabit', memcached: true, redis: true },
  // r6g
  'cache.r6g.large': { vcpus: 2, memoryGiB: 13.07, network: 'Up to 10 Gigabit', memcached: true, redis: true },
  'cache.r6g.xlarge': { vcpus: 4, memoryGiB: 26.32, network: 'Up to 10 Gigabit', memcached: true, redis: true },
  'cache.r6g.2xlarge': { vcpus: 8, memoryGiB: 52.82, network: 'Up to 10 Gigabit', memcached: true, redis: true },
  'cache.r6g.4xlarge': { vcpus: 16, memoryGiB: 105.81, network: 'Up to 10 Gigabit', memcached: true, redis: true },
  'cache.r6g.8xlarge': { vcpus: 32, memoryGiB: 209.55, network: '12 Gigabit', memcached: true, redis: true },
  'cache.r6g.12xlarge': { vcpus: 48, memoryGiB: 317.77, network: '20 Gigabit', memcached: true, redis: true },
  'cache.r6g.16xlarge': { vcpus: 64, memoryGiB: 419.09, network: '25 Gigabit', memcached: true, redis: true },
  // r5
  'cache.r5.large': { vcpus: 2, memoryGiB: 13.07, network: 'Up to 10 Gigabit', memcached: true, redis: true },
  'cache.r5.xlarge': { vcpus: 4, memoryGiB: 26.32, network: 'Up to 10 Gigabit', memcached: true, redis: true },
  'cache.r5.2xlarge': { vcpus: 8, memoryGiB: 52.82, network: 'Up to 10 Gigabit', memcached: true, redis: true },
  'cache.r5.4xlarge': { vcpus: 16, memoryGiB: 105.81, network: 'Up to 10 Gigabit', memcached: true, redis: true },
  'cache.r5.12xlarge': { vcpus: 48, memoryGiB: 317.77, network: '12 Gigabit', memcached: true, redis: true },
  'cache.r5.24xlarge': { vcpus: 96, memoryGiB: 635.61, network: '25 Gigabit', memcached: true, redis: true },
  // r4
  'cache.r4.large': { vcpus: 2, memoryGiB: 12.3, network: 'Up to 10 Gigabit', memcached: true, redis: true },
  'cache.r4.xlarge': { vcpus: 4, memoryGiB: 25.05, network: 'Up to 10 Gigabit', memcached: true, redis: true },
  'cache.r4.2xlarge': { vcpus: 8, memoryGiB: 50.47, network: 'Up to 10 Gigabit', memcached: true, redis: true },
  'cache.r4.4xlarge': { vcpus: 16, memoryGiB: 101.38, network: 'Up to 10 Gigabit', memcached: true, redis: true },
  'cache.r4.8xlarge': { vcpus: 32, memoryGiB: 203.26, network: '10 Gigabit', memcached: true, redis: true },
  'cache.r4.16xlarge': { vcpus: 64, memoryGiB: 407, network: '25 Gigabit', memcached: true, redis: true },
  // r6gd
  'cache.r6gd.xlarge': { vcpus: 4, memoryGiB: 26.32, network: 'Up to 10 Gigabit', dataTiering: true, memcached: false, redis: true },
  'cache.r6gd.2xlarge': { vcpus: 8, memoryGiB: 52.82, network: 'Up to 10 Gigabit', dataTiering: true, memcached: false, redis: true },
  'cache.r6gd.4xlarge': { vcpus: 16, memoryGiB: 105.81, network: 'Up to 10 Gigabit', dataTiering: true, memcached: false, redis: true },
  'cache.r6gd.8xlarge': { vcpus: 32, memoryGiB: 209.55, network: '12 Gigabit', dataTiering: true, memcached: false, redis: true },
  'cache.r6gd.12xlarge': { vcpus: 48, memoryGiB: 317.77, network: '20 Gigabit', dataTiering: true, memcached: false, redis: true },
  'cache.r6gd.16xlarge': { vcpus: 64, memoryGiB: 419.09, network: '25 Gigabit', dataTiering: true, memcached: false, redis: true },
  // c7gn
  'cache.c7gn.large': { vcpus: 2, memoryGiB: 3.09, network: 'Up to 30 Gigabit', memcached: true, redis: true },
  'cache.c7gn.xlarge': { vcpus: 4, memoryGiB: 6.38, network: 'Up to 40 Gigabit', memcached: true, redis: true },
  'cache.c7gn.2xlarge': { vcpus: 8, memoryGiB: 12.94, network: 'Up to 50 Gigabit', memcached: true, redis: true },
  'cache.c7gn.4xlarge': { vcpus: 16, memoryGiB: 26.05, network: '50 Gigabit', memcached: true, redis: true },
  'cache.c7gn.8xlarge': { vcpus: 32, memoryGiB: 52.26, network: '100 Gigabit', memcached: true, redis: true },
  'cache.c7gn.12xlarge': { vcpus: 48, memoryGiB: 78.56, network: '150 Gigabit', memcached: true, redis: true },
  'cache.c7gn.16xlarge': { vcpus: 64, memoryGiB: 105.81, network: '200 Gigabit', memcached: true, redis: true },
};
