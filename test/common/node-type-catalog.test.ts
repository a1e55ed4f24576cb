import { NODE_TYPES } from '../../src/common/node-type-catalog';
import { compareVersions } from '../../src/common/version';

const UG = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html';
const SIZES = ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'];
const VCPUS = [2, 4, 8, 16, 32, 48, 64];

describe('every catalog entry', () => {
  test.each(Object.entries(NODE_TYPES))('%s has memory, vCPUs, network and cited sources', (_name, info) => {
    expect(info.memoryGiB).toBeGreaterThan(0);
    expect(Number.isInteger(info.vcpus) && info.vcpus >= 1).toBe(true);
    expect(info.network.length).toBeGreaterThan(0);
    expect(info.sources?.length).toBeGreaterThanOrEqual(2);
    for (const s of info.sources!) expect(s).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/\S+\.html$/);
    expect(info.valkey || info.redis || info.memcached).toBe(true);
  });

  test.each(Object.entries(NODE_TYPES))('%s lists minimum versions only for engines it is offered for', (_name, info) => {
    for (const [engine, version] of Object.entries(info.minimumVersions ?? {})) {
      expect(info[engine as 'valkey' | 'redis' | 'memcached']).toBe(true);
      expect(version).toMatch(/^\d+\.\d+(\.\d+)?$/);
    }
  });

  test('every type offered for Redis OSS is offered for Valkey too (the Valkey tables list them all)', () => {
    const notValkey = Object.entries(NODE_TYPES).filter(([, i]) => i.redis && !i.valkey).map(([n]) => n);
    expect(notValkey).toEqual([]);
  });
});

describe('8th-generation Graviton families (m8g, r8g, c8gn)', () => {
  // "Memory (GiB)" of the UG tables, large … 16xlarge.
  test.each<[string, number[], string[]]>([
    ['m8g', [6.79, 14.18, 29.68, 61.33, 124.65, 187.96, 251.27],
      ['Up to 12.5 Gigabit', 'Up to 12.5 Gigabit', 'Up to 15 Gigabit', 'Up to 15 Gigabit', '15 Gigabit', '22.5 Gigabit', '30 Gigabit']],
    ['r8g', [14.18, 29.68, 61.33, 124.65, 251.27, 377.9, 504.52],
      ['Up to 12.5 Gigabit', 'Up to 12.5 Gigabit', 'Up to 15 Gigabit', 'Up to 15 Gigabit', '15 Gigabit', '22.5 Gigabit', '30 Gigabit']],
    ['c8gn', [3.1, 6.79, 14.18, 29.68, 61.33, 92.99, 124.65],
      ['Up to 30 Gigabit', 'Up to 40 Gigabit', 'Up to 50 Gigabit', '50 Gigabit', '100 Gigabit', '150 Gigabit', '200 Gigabit']],
  ])('%s: seven sizes with the documented memory, network and vCPUs', (family, memory, network) => {
    SIZES.forEach((size, i) => {
      const info = NODE_TYPES[`cache.${family}.${size}`];
      expect(info).toMatchObject({ vcpus: VCPUS[i], memoryGiB: memory[i], network: network[i] });
    });
    expect(Object.keys(NODE_TYPES).filter((t) => t.startsWith(`cache.${family}.`))).toHaveLength(7);
  });

  test.each(['m8g', 'r8g', 'c8gn'])('%s: Valkey 7.2+ and Memcached 1.6.6+, not Redis OSS', (family) => {
    for (const size of SIZES) {
      const info = NODE_TYPES[`cache.${family}.${size}`];
      expect(info).toMatchObject({ valkey: true, memcached: true, redis: false });
      expect(info.minimumVersions).toEqual({ valkey: '7.2', memcached: '1.6.6' });
      expect(info.sources?.[0]).toBe(UG);
    }
  });
});

describe('documented minimum versions of existing families', () => {
  test.each<[string, string | undefined, string | undefined]>([
    ['cache.r7g.large', '6.2', '1.5.16'],
    ['cache.m7g.16xlarge', '6.2', '1.5.16'],
    ['cache.c7gn.large', '6.2', '1.6.6'],
    ['cache.r6gd.xlarge', '6.2.0', undefined],
    ['cache.m6g.large', '5.0.6', '1.5.16'],
    ['cache.r6g.large', '5.0.6', '1.5.16'],
    ['cache.t4g.micro', '4.0.10', '1.5.16'],
    ['cache.t4g.small', '5.0.6', '1.5.16'],
    ['cache.m5.large', '4.0.10', '1.5.16'],
  ])('%s: Redis OSS %s, Memcached %s, Valkey 7.2', (type, redis, memcached) => {
    expect(NODE_TYPES[type].minimumVersions).toEqual({ valkey: '7.2', redis, memcached });
  });

  test('every minimum is a version ElastiCache compares numerically', () => {
    expect(compareVersions(NODE_TYPES['cache.r6gd.xlarge'].minimumVersions!.redis!, '6.2')).toBe(0);
  });
});

describe('cache.i8ge.48xlarge', () => {
  const info = NODE_TYPES['cache.i8ge.48xlarge'];

  test('Valkey 9.1+ only, for distributed KV caching', () => {
    expect(info).toMatchObject({ valkey: true, redis: false, memcached: false, distributedKvCaching: true });
    expect(info.minimumVersions).toEqual({ valkey: '9.1' });
    expect(info.sources?.[0]).toBe('https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/distributed-kv-caching-limits.html');
  });

  test('the EC2 i8ge.48xlarge figures (192 vCPUs, 1536 GiB, 180 Gigabit)', () => {
    expect(info).toMatchObject({ vcpus: 192, memoryGiB: 1536, network: '180 Gigabit' });
  });

  test('is the only distributed KV caching node type', () => {
    expect(Object.keys(NODE_TYPES).filter((t) => NODE_TYPES[t].distributedKvCaching)).toEqual(['cache.i8ge.48xlarge']);
  });
});
