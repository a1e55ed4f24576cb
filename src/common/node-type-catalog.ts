// ElastiCache node-based cluster node types (Valkey / Redis OSS / Memcached).
//
// Sources, cited on every entry (`sources`):
// - memoryGiB, the engines offered and their minimum versions: the ElastiCache User Guide,
//   "Supported node types" (UG below). A node type is offered for an engine when that engine's
//   "Current Generation" table lists it; m8g, r8g and c8gn are in the Valkey and Memcached tables
//   only, not in the Redis OSS one.
// - vcpus: the EC2 instance type the node runs on, from the EC2 "Specifications for … instances"
//   pages ("Performance specifications"); t-family vCPUs also from the UG "Burstable Performance
//   Instances" table.
// - network: existing families from the EC2 network specifications; m8g, r8g and c8gn from the UG
//   "Baseline / Burst bandwidth (Gbps)" columns ("Up to <burst>" where a burst is listed).

import type { NodeTypeInfo, NodeTypeMinimumVersions } from './node-type-info';

const UG = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html';
const EC2_GP = 'https://docs.aws.amazon.com/ec2/latest/instancetypes/gp.html';
const EC2_MO = 'https://docs.aws.amazon.com/ec2/latest/instancetypes/mo.html';
const EC2_CO = 'https://docs.aws.amazon.com/ec2/latest/instancetypes/co.html';
const EC2_SO = 'https://docs.aws.amazon.com/ec2/latest/instancetypes/so.html';
// "Distributed key-value (KV) caching is available only on node-based clusters that use the
// cache.i8ge.48xlarge node type and run ElastiCache for Valkey 9.1 or later."
const KV = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/distributed-kv-caching-limits.html';

type Family = Omit<NodeTypeInfo, 'vcpus' | 'memoryGiB' | 'network'>;

/** The facts a family's sizes share; each size adds its vCPUs, memory and network. */
function family(shared: Family) {
  return (vcpus: number, memoryGiB: number, network: string, own: Partial<Family> = {}): NodeTypeInfo =>
    ({ vcpus, memoryGiB, network, ...shared, ...own });
}

// Offered for every engine, or (8th generation Graviton) for Valkey and Memcached only.
const EVERY_ENGINE = { valkey: true, redis: true, memcached: true };
const NOT_REDIS = { valkey: true, redis: false, memcached: true };
// "Minimum supported … version" columns of the UG tables.
const CLASSIC_MIN: NodeTypeMinimumVersions = { valkey: '7.2', redis: '4.0.10', memcached: '1.5.16' };
const GRAVITON2_MIN: NodeTypeMinimumVersions = { valkey: '7.2', redis: '5.0.6', memcached: '1.5.16' };
const GRAVITON3_MIN: NodeTypeMinimumVersions = { valkey: '7.2', redis: '6.2', memcached: '1.5.16' };
const GRAVITON4_MIN: NodeTypeMinimumVersions = { valkey: '7.2', memcached: '1.6.6' };
const T4G_MIN: NodeTypeMinimumVersions = { ...GRAVITON2_MIN }; // t4g.micro: Redis OSS 4.0.10
const BURSTABLE = { burstable: true, ...EVERY_ENGINE, sources: [UG, EC2_GP] };

const t4g = family({ ...BURSTABLE, minimumVersions: T4G_MIN });
const t3 = family({ ...BURSTABLE, minimumVersions: CLASSIC_MIN });
// "We are transitioning T2 instances to previous generation status. You will no longer be able to
// create new ElastiCache clusters using T2 instances" (UG).
const t2 = family({ ...BURSTABLE, minimumVersions: CLASSIC_MIN, previousGeneration: true });
const m8g = family({ ...NOT_REDIS, minimumVersions: GRAVITON4_MIN, sources: [UG, EC2_GP] });
const m7g = family({ ...EVERY_ENGINE, minimumVersions: GRAVITON3_MIN, sources: [UG, EC2_GP] });
const m6g = family({ ...EVERY_ENGINE, minimumVersions: GRAVITON2_MIN, sources: [UG, EC2_GP] });
const m5 = family({ ...EVERY_ENGINE, minimumVersions: CLASSIC_MIN, sources: [UG, EC2_GP] });
const m4 = family({ ...EVERY_ENGINE, minimumVersions: CLASSIC_MIN, sources: [UG, EC2_GP] });
const r8g = family({ ...NOT_REDIS, minimumVersions: GRAVITON4_MIN, sources: [UG, EC2_MO] });
const r7g = family({ ...EVERY_ENGINE, minimumVersions: GRAVITON3_MIN, sources: [UG, EC2_MO] });
const r6g = family({ ...EVERY_ENGINE, minimumVersions: GRAVITON2_MIN, sources: [UG, EC2_MO] });
const r5 = family({ ...EVERY_ENGINE, minimumVersions: CLASSIC_MIN, sources: [UG, EC2_MO] });
const r4 = family({ ...EVERY_ENGINE, minimumVersions: CLASSIC_MIN, sources: [UG, EC2_MO] });
// Data tiering (SSD); not in the Memcached tables. Redis OSS minimum "6.2.0" as the UG spells it.
const r6gd = family({
  dataTiering: true,
  valkey: true,
  redis: true,
  memcached: false,
  minimumVersions: { valkey: '7.2', redis: '6.2.0' },
  sources: [UG, EC2_MO],
});
const c8gn = family({ ...NOT_REDIS, minimumVersions: GRAVITON4_MIN, sources: [UG, EC2_CO] });
const c7gn = family({ ...EVERY_ENGINE, minimumVersions: { ...GRAVITON3_MIN, memcached: '1.6.6' }, sources: [UG, EC2_CO] });

export const NODE_TYPES: Record<string, NodeTypeInfo> = {
  'cache.t4g.micro': t4g(2, 0.5, 'Up to 5 Gigabit', { minimumVersions: { ...T4G_MIN, redis: '4.0.10' } }),
  'cache.t4g.small': t4g(2, 1.37, 'Up to 5 Gigabit'),
  'cache.t4g.medium': t4g(2, 3.09, 'Up to 5 Gigabit'),

  'cache.t3.micro': t3(2, 0.5, 'Up to 5 Gigabit'),
  'cache.t3.small': t3(2, 1.37, 'Up to 5 Gigabit'),
  'cache.t3.medium': t3(2, 3.09, 'Up to 5 Gigabit'),

  'cache.t2.micro': t2(1, 0.555, 'Low to Moderate'),
  'cache.t2.small': t2(1, 1.55, 'Low to Moderate'),
  'cache.t2.medium': t2(2, 3.22, 'Low to Moderate'),

  'cache.m8g.large': m8g(2, 6.79, 'Up to 12.5 Gigabit'),
  'cache.m8g.xlarge': m8g(4, 14.18, 'Up to 12.5 Gigabit'),
  'cache.m8g.2xlarge': m8g(8, 29.68, 'Up to 15 Gigabit'),
  'cache.m8g.4xlarge': m8g(16, 61.33, 'Up to 15 Gigabit'),
  'cache.m8g.8xlarge': m8g(32, 124.65, '15 Gigabit'),
  'cache.m8g.12xlarge': m8g(48, 187.96, '22.5 Gigabit'),
  'cache.m8g.16xlarge': m8g(64, 251.27, '30 Gigabit'),

  'cache.m7g.large': m7g(2, 6.38, 'Up to 12.5 Gigabit'),
  'cache.m7g.xlarge': m7g(4, 12.93, 'Up to 12.5 Gigabit'),
  'cache.m7g.2xlarge': m7g(8, 26.04, 'Up to 15 Gigabit'),
  'cache.m7g.4xlarge': m7g(16, 52.26, 'Up to 15 Gigabit'),
  'cache.m7g.8xlarge': m7g(32, 103.68, '15 Gigabit'),
  'cache.m7g.12xlarge': m7g(48, 157.12, '22.5 Gigabit'),
  'cache.m7g.16xlarge': m7g(64, 209.55, '30 Gigabit'),

  'cache.m6g.large': m6g(2, 6.38, 'Up to 10 Gigabit'),
  'cache.m6g.xlarge': m6g(4, 12.93, 'Up to 10 Gigabit'),
  'cache.m6g.2xlarge': m6g(8, 26.04, 'Up to 10 Gigabit'),
  'cache.m6g.4xlarge': m6g(16, 52.26, 'Up to 10 Gigabit'),
  'cache.m6g.8xlarge': m6g(32, 103.68, '12 Gigabit'),
  'cache.m6g.12xlarge': m6g(48, 157.12, '20 Gigabit'),
  'cache.m6g.16xlarge': m6g(64, 209.55, '25 Gigabit'),

  'cache.m5.large': m5(2, 6.38, 'Up to 10 Gigabit'),
  'cache.m5.xlarge': m5(4, 12.93, 'Up to 10 Gigabit'),
  'cache.m5.2xlarge': m5(8, 26.04, 'Up to 10 Gigabit'),
  'cache.m5.4xlarge': m5(16, 52.26, 'Up to 10 Gigabit'),
  'cache.m5.12xlarge': m5(48, 157.12, '12 Gigabit'),
  'cache.m5.24xlarge': m5(96, 314.32, '25 Gigabit'),

  'cache.m4.large': m4(2, 6.42, 'Moderate'),
  'cache.m4.xlarge': m4(4, 14.28, 'High'),
  'cache.m4.2xlarge': m4(8, 29.7, 'High'),
  'cache.m4.4xlarge': m4(16, 60.78, 'High'),
  'cache.m4.10xlarge': m4(40, 154.64, '10 Gigabit'),

  'cache.r8g.large': r8g(2, 14.18, 'Up to 12.5 Gigabit'),
  'cache.r8g.xlarge': r8g(4, 29.68, 'Up to 12.5 Gigabit'),
  'cache.r8g.2xlarge': r8g(8, 61.33, 'Up to 15 Gigabit'),
  'cache.r8g.4xlarge': r8g(16, 124.65, 'Up to 15 Gigabit'),
  'cache.r8g.8xlarge': r8g(32, 251.27, '15 Gigabit'),
  'cache.r8g.12xlarge': r8g(48, 377.9, '22.5 Gigabit'),
  'cache.r8g.16xlarge': r8g(64, 504.52, '30 Gigabit'),

  'cache.r7g.large': r7g(2, 13.07, 'Up to 12.5 Gigabit'),
  'cache.r7g.xlarge': r7g(4, 26.32, 'Up to 12.5 Gigabit'),
  'cache.r7g.2xlarge': r7g(8, 52.82, 'Up to 15 Gigabit'),
  'cache.r7g.4xlarge': r7g(16, 105.81, 'Up to 15 Gigabit'),
  'cache.r7g.8xlarge': r7g(32, 209.55, '15 Gigabit'),
  'cache.r7g.12xlarge': r7g(48, 317.77, '22.5 Gigabit'),
  'cache.r7g.16xlarge': r7g(64, 419.09, '30 Gigabit'),

  'cache.r6g.large': r6g(2, 13.07, 'Up to 10 Gigabit'),
  'cache.r6g.xlarge': r6g(4, 26.32, 'Up to 10 Gigabit'),
  'cache.r6g.2xlarge': r6g(8, 52.82, 'Up to 10 Gigabit'),
  'cache.r6g.4xlarge': r6g(16, 105.81, 'Up to 10 Gigabit'),
  'cache.r6g.8xlarge': r6g(32, 209.55, '12 Gigabit'),
  'cache.r6g.12xlarge': r6g(48, 317.77, '20 Gigabit'),
  'cache.r6g.16xlarge': r6g(64, 419.09, '25 Gigabit'),

  'cache.r5.large': r5(2, 13.07, 'Up to 10 Gigabit'),
  'cache.r5.xlarge': r5(4, 26.32, 'Up to 10 Gigabit'),
  'cache.r5.2xlarge': r5(8, 52.82, 'Up to 10 Gigabit'),
  'cache.r5.4xlarge': r5(16, 105.81, 'Up to 10 Gigabit'),
  'cache.r5.12xlarge': r5(48, 317.77, '12 Gigabit'),
  'cache.r5.24xlarge': r5(96, 635.61, '25 Gigabit'),

  'cache.r4.large': r4(2, 12.3, 'Up to 10 Gigabit'),
  'cache.r4.xlarge': r4(4, 25.05, 'Up to 10 Gigabit'),
  'cache.r4.2xlarge': r4(8, 50.47, 'Up to 10 Gigabit'),
  'cache.r4.4xlarge': r4(16, 101.38, 'Up to 10 Gigabit'),
  'cache.r4.8xlarge': r4(32, 203.26, '10 Gigabit'),
  'cache.r4.16xlarge': r4(64, 407, '25 Gigabit'),

  'cache.r6gd.xlarge': r6gd(4, 26.32, 'Up to 10 Gigabit'),
  'cache.r6gd.2xlarge': r6gd(8, 52.82, 'Up to 10 Gigabit'),
  'cache.r6gd.4xlarge': r6gd(16, 105.81, 'Up to 10 Gigabit'),
  'cache.r6gd.8xlarge': r6gd(32, 209.55, '12 Gigabit'),
  'cache.r6gd.12xlarge': r6gd(48, 317.77, '20 Gigabit'),
  'cache.r6gd.16xlarge': r6gd(64, 419.09, '25 Gigabit'),

  'cache.c8gn.large': c8gn(2, 3.1, 'Up to 30 Gigabit'),
  'cache.c8gn.xlarge': c8gn(4, 6.79, 'Up to 40 Gigabit'),
  'cache.c8gn.2xlarge': c8gn(8, 14.18, 'Up to 50 Gigabit'),
  'cache.c8gn.4xlarge': c8gn(16, 29.68, '50 Gigabit'),
  'cache.c8gn.8xlarge': c8gn(32, 61.33, '100 Gigabit'),
  'cache.c8gn.12xlarge': c8gn(48, 92.99, '150 Gigabit'),
  'cache.c8gn.16xlarge': c8gn(64, 124.65, '200 Gigabit'),

  'cache.c7gn.large': c7gn(2, 3.09, 'Up to 30 Gigabit'),
  'cache.c7gn.xlarge': c7gn(4, 6.38, 'Up to 40 Gigabit'),
  'cache.c7gn.2xlarge': c7gn(8, 12.94, 'Up to 50 Gigabit'),
  'cache.c7gn.4xlarge': c7gn(16, 26.05, '50 Gigabit'),
  'cache.c7gn.8xlarge': c7gn(32, 52.26, '100 Gigabit'),
  'cache.c7gn.12xlarge': c7gn(48, 78.56, '150 Gigabit'),
  'cache.c7gn.16xlarge': c7gn(64, 105.81, '200 Gigabit'),
  // Distributed KV caching only (KV): Valkey 9.1+, CreateReplicationGroup, not Memcached or Redis OSS.
  // vCPUs, memory and network are the EC2 i8ge.48xlarge figures (so.html: 192 vCPUs, 1536.00 GiB,
  // 180 Gigabit): ElastiCache's own usable "Memory (GiB)" for this node is not in the copy of the UG
  // we could read, so memoryGiB here is the instance's memory and overstates what the cache can use.
  'cache.i8ge.48xlarge': {
    vcpus: 192,
    memoryGiB: 1536,
    network: '180 Gigabit',
    valkey: true,
    redis: false,
    memcached: false,
    minimumVersions: { valkey: '9.1' },
    distributedKvCaching: true,
    sources: [KV, EC2_SO],
  },
};
