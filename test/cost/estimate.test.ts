import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Size, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as fc from 'fast-check';
import { summarize } from '../../scripts/summarize-cdk-out';
import { CacheEngine, MemcachedCluster, ReplicationGroup, ServerlessCache, ServerlessCacheEngine } from '../../src';
import { CostEstimateStatus, HOURS_PER_MONTH } from '../../src/cost/cost-estimate';
import { estimateNodeCost, estimateServerlessCost } from '../../src/cost/estimate';
import * as prices from '../../src/cost/prices';
import { NODE_HOUR_PRICES, nodeHourPrice, SERVERLESS_PRICES, serverlessPrice } from '../../src/cost/prices';
import { newStack } from '../helpers';

describe('the price table', () => {
  test('every price has a source URL, a read date and a positive amount', () => {
    for (const p of [...NODE_HOUR_PRICES, ...SERVERLESS_PRICES]) {
      expect(p.source.url).toMatch(/^https:\/\//);
      expect(p.source.read).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    for (const p of NODE_HOUR_PRICES) expect(p.usdPerHour).toBeGreaterThan(0);
    for (const p of SERVERLESS_PRICES) {
      expect(p.usdPerGbHour).toBeGreaterThan(0);
      expect(p.usdPerMillionEcpu).toBeGreaterThan(0);
    }
  });

  test('Valkey serverless is priced lower than Redis OSS serverless, as AWS states', () => {
    const valkey = serverlessPrice('us-east-1', 'valkey')!;
    const redis = serverlessPrice('us-east-1', 'redis')!;
    expect(valkey.usdPerGbHour).toBeLessThan(redis.usdPerGbHour);
    expect(valkey.usdPerMillionEcpu).toBeLessThan(redis.usdPerMillionEcpu);
  });
});

describe('estimates of the constructs, from the table', () => {
  test('ReplicationGroup: shards × (1 + replicas) nodes × 730 h × the node-hour price', () => {
    const { stack, vpc } = newStack();
    const cache = new ReplicationGroup(stack, 'Cache', { vpc, engine: CacheEngine.redis('7.1'), nodeType: 'cache.t3.micro', shards: 2, replicasPerShard: 2 });
    const price = nodeHourPrice('us-east-1', 'cache.t3.micro', 'redis')!;
    const e = cache.estimatedMonthlyCost;
    expect(e.status).toBe(CostEstimateStatus.COMPLETE);
    expect(e.lines).toHaveLength(1);
    expect(e.lines[0]).toMatchObject({ quantity: 6 * HOURS_PER_MONTH, unit: 'node-hour', unitPriceUsd: price.usdPerHour, priceDate: price.source.read });
    expect(e.lines[0].priceSource).toContain(price.source.url);
    expect(e.monthlyUsd).toBeCloseTo(6 * 730 * price.usdPerHour, 10);
  });

  test('MemcachedCluster: nodes × 730 h × the node-hour price', () => {
    const { stack, vpc } = newStack();
    const cache = new MemcachedCluster(stack, 'Cache', { vpc, nodeType: 'cache.t3.medium', nodes: 3 });
    const price = nodeHourPrice('us-east-1', 'cache.t3.medium', 'memcached')!;
    expect(cache.estimatedMonthlyCost.monthlyUsd).toBeCloseTo(3 * 730 * price.usdPerHour, 10);
  });

  test('ServerlessCache: storage max × 730 GB-hours plus ECPU max × 3600 × 730 ECPUs, at the engine\'s prices', () => {
    const { stack, vpc } = newStack();
    const cache = new ServerlessCache(stack, 'Cache', { vpc, usageLimits: { dataStorageMax: Size.gibibytes(5), ecpuPerSecondMax: 5000 } });
    const price = serverlessPrice('us-east-1', 'valkey')!;
    const e = cache.estimatedMonthlyCost;
    expect(e.status).toBe(CostEstimateStatus.COMPLETE);
    expect(e.lines.map((l) => l.unit)).toEqual(['GB-hour', 'million ECPUs']);
    expect(e.lines[0].monthlyUsd).toBeCloseTo(5 * 730 * price.usdPerGbHour, 10);
    expect(e.lines[1].quantity).toBeCloseTo(5000 * 3600 * 730 / 1e6, 10);
    expect(e.monthlyUsd).toBeCloseTo(5 * 730 * price.usdPerGbHour + 5000 * 3600 * 730 / 1e6 * price.usdPerMillionEcpu, 10);
  });

  test('auto scaling: estimatedMonthlyCostAtScalingMaximum prices every scaled dimension at its maxCapacity, recorded once as metadata', () => {
    // Auto scaling needs large nodes and up, which the table does not price yet: price one here.
    const r7g = { region: 'us-east-1', nodeType: 'cache.r7g.large', engines: ['redis' as const], usdPerHour: 0.2, source: { url: 'https://example.test', read: '2026-12-03' } };
    const spy = jest.spyOn(prices, 'nodeHourPrice').mockImplementation((region, nodeType, engine) =>
      region === r7g.region && nodeType === r7g.nodeType && engine === 'redis' ? r7g : undefined);
    try {
      const { stack, vpc } = newStack();
      const cache = new ReplicationGroup(stack, 'Cache', { vpc, engine: CacheEngine.redis('7.1'), nodeType: 'cache.r7g.large', shards: 2, replicasPerShard: 1 });
      expect(cache.estimatedMonthlyCostAtScalingMaximum.monthlyUsd).toBeCloseTo(cache.estimatedMonthlyCost.monthlyUsd!, 10); // nothing scales
      cache.autoScaleShards({ minCapacity: 2, maxCapacity: 6 });
      expect(cache.estimatedMonthlyCostAtScalingMaximum.monthlyUsd).toBeCloseTo(6 * 2 * 730 * 0.2, 10);
      cache.autoScaleReplicas({ minCapacity: 1, maxCapacity: 3 });
      expect(cache.estimatedMonthlyCostAtScalingMaximum.monthlyUsd).toBeCloseTo(6 * 4 * 730 * 0.2, 10);
      expect(cache.estimatedMonthlyCost.monthlyUsd).toBeCloseTo(2 * 2 * 730 * 0.2, 10); // the template's counts
      const entries = cache.node.metadata.filter((m) => m.type === 'cdk-elasticache:cost-at-scaling-maximum');
      expect(entries).toHaveLength(1);
      expect(entries[0].data).toMatchObject({ status: 'complete', monthlyUsd: cache.estimatedMonthlyCostAtScalingMaximum.monthlyUsd });
    } finally {
      spy.mockRestore();
    }
  });

  test('the cdk.out summary prints the scaled maximum under the cache\'s line', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cost-'));
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const app = new App({ outdir });
      const stack = new Stack(app, 'Costs', { env: { region: 'us-east-1', account: '123456789012' } });
      const vpc = new ec2.Vpc(stack, 'Vpc');
      new ReplicationGroup(stack, 'Scaled', { vpc, nodeType: 'cache.r7g.large' }).autoScaleShards({ maxCapacity: 4 });
      new ReplicationGroup(stack, 'Fixed', { vpc });
      app.synth();
      summarize(outdir, []);
      const printed = log.mock.calls.map((c) => c.join(' '));
      const scaled = printed.findIndex((l) => l.includes('Costs/Scaled '));
      expect(printed[scaled + 1]).toMatch(/^ +up to unknown: No sourced on-demand price for cache.r7g.large \(valkey\).* with auto scaling at its maximum$/);
      expect(printed.filter((l) => l.includes('with auto scaling at its maximum'))).toHaveLength(1);
    } finally {
      log.mockRestore();
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('the estimate is recorded as construct metadata, for npm run example', () => {
    const { stack, vpc } = newStack();
    const cache = new MemcachedCluster(stack, 'Cache', { vpc, nodeType: 'cache.t3.medium', nodes: 2 });
    const entry = cache.node.metadata.find((m) => m.type === 'cdk-elasticache:cost')!;
    expect(entry.data).toMatchObject({ status: 'complete', monthlyUsd: cache.estimatedMonthlyCost.monthlyUsd });
  });
});

describe('unknown and partial estimates say why, never a number', () => {
  test('a token node type', () => {
    const { stack, vpc } = newStack();
    const cache = new MemcachedCluster(stack, 'Cache', { vpc, nodeType: Token.asString({ Ref: 'NodeType' }), nodes: 2 });
    expect(cache.estimatedMonthlyCost.status).toBe(CostEstimateStatus.UNKNOWN);
    expect(cache.estimatedMonthlyCost.monthlyUsd).toBeUndefined();
    expect(cache.estimatedMonthlyCost.unknown.join()).toMatch(/node type is a token/);
  });

  test('an unpriced Region, and an environment-agnostic stack', () => {
    const app = new App();
    const stack = new Stack(app, 'Agnostic');
    const agnostic = estimateNodeCost({ region: stack.region, engine: 'redis', nodeType: 'cache.t3.micro', nodes: 2 });
    expect(agnostic.status).toBe(CostEstimateStatus.UNKNOWN);
    expect(agnostic.unknown.join()).toMatch(/Region is a token/);
    const unpriced = estimateNodeCost({ region: 'ap-south-2', engine: 'redis', nodeType: 'cache.t3.micro', nodes: 2 });
    expect(unpriced.monthlyUsd).toBeUndefined();
    expect(unpriced.unknown.join()).toMatch(/No sourced on-demand price for cache.t3.micro \(redis\) in ap-south-2/);
  });

  test('Valkey nodes are unpriced (the node prices found name no engine; AWS prices Valkey lower)', () => {
    expect(estimateNodeCost({ region: 'us-east-1', engine: 'valkey', nodeType: 'cache.t3.micro', nodes: 1 }).status).toBe(CostEstimateStatus.UNKNOWN);
  });

  test('serverless without maximums is unknown; with one maximum it is partial', () => {
    const { stack, vpc } = newStack();
    const none = new ServerlessCache(stack, 'None', { vpc });
    expect(none.estimatedMonthlyCost.status).toBe(CostEstimateStatus.UNKNOWN);
    expect(none.estimatedMonthlyCost.unknown.join(' ')).toMatch(/No data storage maximum.*No ECPU maximum/);
    const one = new ServerlessCache(stack, 'One', { vpc, engine: ServerlessCacheEngine.REDIS_7, usageLimits: { dataStorageMax: Size.gibibytes(2) } });
    const e = one.estimatedMonthlyCost;
    expect(e.status).toBe(CostEstimateStatus.PARTIAL);
    expect(e.monthlyUsd).toBeUndefined();
    expect(e.pricedMonthlyUsd).toBeCloseTo(2 * 730 * serverlessPrice('us-east-1', 'redis')!.usdPerGbHour, 10);
    expect(e.toString()).toMatch(/^partial: at least \$\d+\.\d\d\/month priced; No ECPU maximum/);
  });
});

describe('properties', () => {
  const priced = NODE_HOUR_PRICES.map((p) => ({ region: p.region, nodeType: p.nodeType, engine: p.engines[0] }));

  test('node cost is monotonic in shards, replicas and nodes', () => {
    fc.assert(fc.property(fc.constantFrom(...priced), fc.integer({ min: 1, max: 500 }), fc.integer({ min: 0, max: 5 }),
      fc.integer({ min: 0, max: 5 }), (p, shards, replicas, more) => {
        const cost = (s: number, r: number) => estimateNodeCost({ ...p, nodes: s * (1 + r) }).monthlyUsd!;
        expect(cost(shards + more, replicas)).toBeGreaterThanOrEqual(cost(shards, replicas));
        expect(cost(shards, replicas + more)).toBeGreaterThanOrEqual(cost(shards, replicas));
      }));
  });

  test('unpriced inputs never yield a number', () => {
    const isPriced = (region: string, nodeType: string, engine: 'valkey' | 'redis' | 'memcached') => nodeHourPrice(region, nodeType, engine) !== undefined;
    fc.assert(fc.property(
      fc.constantFrom('us-east-1', 'us-west-2', 'eu-west-1', 'ap-south-2'),
      fc.constantFrom('cache.t4g.small', 'cache.t3.micro', 'cache.r7g.large', 'cache.t2.small'),
      fc.constantFrom<'valkey' | 'redis' | 'memcached'>('valkey', 'redis', 'memcached'),
      fc.integer({ min: 1, max: 100 }),
      (region, nodeType, engine, nodes) => {
        const e = estimateNodeCost({ region, nodeType, engine, nodes });
        expect(e.monthlyUsd === undefined).toBe(!isPriced(region, nodeType, engine));
        if (e.monthlyUsd === undefined) expect(e.unknown.length).toBeGreaterThan(0);
      }));
    fc.assert(fc.property(fc.constantFrom('us-east-1', 'eu-west-1', 'sa-east-1'), fc.constantFrom<'valkey' | 'redis' | 'memcached'>('valkey', 'redis', 'memcached'),
      fc.option(fc.integer({ min: 1, max: 5000 })), fc.option(fc.integer({ min: 1000, max: 15_000_000 })),
      (region, engine, storage, ecpu) => {
        const e = estimateServerlessCost({ region, engine, storageMaxGb: storage ?? undefined, ecpuPerSecondMax: ecpu ?? undefined });
        const number = serverlessPrice(region, engine) !== undefined && storage !== null && ecpu !== null;
        expect(e.monthlyUsd !== undefined).toBe(number);
      }));
  });
});
