import { CacheEngine, MemcachedEngineVersion } from '../../src';
import { findNodeType, nodeTypeFailures } from '../../src/common/node-type-rules';
import { nodeTypeInfo } from '../../src/common/node-types';
import { describeFailure } from '../../src/common/validation';

const UG = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html';
const KV = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/distributed-kv-caching-limits.html';
const messages = (...args: Parameters<typeof nodeTypeFailures>) => nodeTypeFailures(...args).map(describeFailure);

describe('unknown node type', () => {
  test('fails with the sizes of the same family as suggestions', () => {
    expect(messages('nodeType', 'cache.m8g.huge', CacheEngine.VALKEY_8_2)).toEqual([
      "nodeType: 'cache.m8g.huge' is invalid: it is not an ElastiCache node type (cache.m8g has cache.m8g.large, "
      + 'cache.m8g.xlarge, cache.m8g.2xlarge, cache.m8g.4xlarge, cache.m8g.8xlarge, cache.m8g.12xlarge, cache.m8g.16xlarge). '
      + `See ${UG}`,
    ]);
  });

  test('without a known family, no suggestions', () => {
    expect(messages('nodeType', 'cache.z9.large', 'memcached')).toEqual([
      `nodeType: 'cache.z9.large' is invalid: it is not an ElastiCache node type. See ${UG}`,
    ]);
  });

  test('names that every object inherits are unknown, not a crash', () => {
    expect(findNodeType('constructor')).toBeUndefined();
    expect(messages('nodeType', '__proto__', CacheEngine.VALKEY_9_1)[0]).toMatch(/not an ElastiCache node type/);
  });

  test('a non-string from JavaScript gets a rule failure, not a TypeError', () => {
    expect(messages('nodeType', 42 as unknown as string, CacheEngine.VALKEY_9_1)).toEqual([
      `nodeType: 42 is invalid: the node type is a string such as 'cache.t4g.micro'. See ${UG}`,
    ]);
  });

  test('a known type passes', () => {
    expect(nodeTypeFailures('nodeType', 'cache.r7g.large', CacheEngine.REDIS_7_1)).toEqual([]);
  });
});

describe('not offered for the engine', () => {
  test.each(['cache.m8g.large', 'cache.r8g.16xlarge', 'cache.c8gn.4xlarge'])('%s is not offered for Redis OSS', (type) => {
    const family = type.split('.')[1];
    expect(messages('nodeType', type, CacheEngine.REDIS_7_1)).toEqual([
      `nodeType: '${type}' is invalid: ElastiCache does not offer ${family} node types for Redis OSS; `
      + `it offers them for Valkey, Memcached. See ${UG}`,
    ]);
  });

  test.each(['cache.m8g.large', 'cache.r8g.16xlarge', 'cache.c8gn.4xlarge'])('%s is offered for Valkey and Memcached', (type) => {
    expect(nodeTypeFailures('nodeType', type, CacheEngine.VALKEY_7_2)).toEqual([]);
    expect(nodeTypeFailures('nodeType', type, CacheEngine.VALKEY_9_1)).toEqual([]);
    expect(nodeTypeFailures('nodeType', type, MemcachedEngineVersion.V1_6_6)).toEqual([]);
    expect(nodeTypeFailures('nodeType', type, 'memcached')).toEqual([]);
  });

  test('r6gd is not offered for Memcached', () => {
    expect(messages('nodeType', 'cache.r6gd.xlarge', MemcachedEngineVersion.LATEST)).toEqual([
      "nodeType: 'cache.r6gd.xlarge' is invalid: ElastiCache does not offer r6gd node types for Memcached; "
      + `it offers them for Valkey, Redis OSS. See ${UG}`,
    ]);
  });

  test('i8ge is Valkey only, and the failure cites the distributed KV caching page', () => {
    expect(messages('nodeType', 'cache.i8ge.48xlarge', CacheEngine.REDIS_7_1)).toEqual([
      "nodeType: 'cache.i8ge.48xlarge' is invalid: ElastiCache does not offer i8ge node types for Redis OSS; "
      + `it offers them for Valkey. See ${KV}`,
    ]);
    expect(messages('nodeType', 'cache.i8ge.48xlarge', MemcachedEngineVersion.LATEST)[0]).toMatch(/for Memcached; it offers them for Valkey\./);
  });

  test("the bare 'redis' of version-less callers means Valkey or Redis OSS", () => {
    expect(nodeTypeFailures('nodeType', 'cache.m8g.large', 'redis')).toEqual([]);
    expect(nodeTypeFailures('nodeType', 'cache.i8ge.48xlarge', 'redis')).toEqual([]);
    expect(messages('nodeType', 'cache.r6gd.xlarge', 'memcached')[0]).toMatch(/does not offer r6gd node types for Memcached/);
  });
});

describe('engine older than the node type needs', () => {
  test('i8ge needs Valkey 9.1', () => {
    expect(messages('nodeType', 'cache.i8ge.48xlarge', CacheEngine.VALKEY_9_0)).toEqual([
      `nodeType: 'cache.i8ge.48xlarge' is invalid: i8ge node types need Valkey 9.1 or later, not 9.0. See ${KV}`,
    ]);
    expect(messages('nodeType', 'cache.i8ge.48xlarge', CacheEngine.VALKEY_8_2)[0]).toMatch(/need Valkey 9\.1 or later, not 8\.2/);
    expect(nodeTypeFailures('nodeType', 'cache.i8ge.48xlarge', CacheEngine.VALKEY_9_1)).toEqual([]);
  });

  test('a minimum equal to the engine passes, also when spelt with a patch part (r6gd: Redis OSS 6.2.0)', () => {
    expect(nodeTypeFailures('nodeType', 'cache.r6gd.xlarge', CacheEngine.REDIS_6_2)).toEqual([]);
    expect(nodeTypeFailures('nodeType', 'cache.c7gn.large', MemcachedEngineVersion.V1_6_6)).toEqual([]);
    expect(nodeTypeFailures('nodeType', 'cache.r7g.large', CacheEngine.REDIS_6_2)).toEqual([]);
  });

  test("without a version (bare 'redis' / 'memcached') the minimum is not checked", () => {
    expect(nodeTypeFailures('nodeType', 'cache.i8ge.48xlarge', 'redis')).toEqual([]);
  });
});

describe('previous generation', () => {
  test.each(['cache.t2.micro', 'cache.t2.small', 'cache.t2.medium'])('%s fails for every engine', (type) => {
    for (const engine of [CacheEngine.VALKEY_9_1, CacheEngine.REDIS_7_1, MemcachedEngineVersion.LATEST, 'redis' as const]) {
      expect(messages('nodeType', type, engine)).toEqual([
        `nodeType: '${type}' is invalid: ElastiCache no longer creates clusters of this previous-generation node type; use t4g or t3. See ${UG}`,
      ]);
    }
  });

  test('t3 and t4g pass', () => {
    expect(nodeTypeFailures('nodeType', 'cache.t3.micro', CacheEngine.VALKEY_9_1)).toEqual([]);
    expect(nodeTypeFailures('nodeType', 'cache.t4g.micro', MemcachedEngineVersion.LATEST)).toEqual([]);
  });
});

describe('nodeTypeInfo (throws on the first failure)', () => {
  test('returns the entry for a good type', () => {
    expect(nodeTypeInfo('nodeType', 'cache.m8g.large', CacheEngine.VALKEY_9_1)).toMatchObject({ vcpus: 2, memoryGiB: 6.79 });
    expect(nodeTypeInfo('nodeType', 'cache.r7g.large', 'redis')).toMatchObject({ vcpus: 2, memoryGiB: 13.07 });
  });

  test('throws the rule failure, naming property, value, rule and source', () => {
    expect(() => nodeTypeInfo('nodeType', 'cache.m8g.large', CacheEngine.REDIS_7_1))
      .toThrow(`nodeType: 'cache.m8g.large' is invalid: ElastiCache does not offer m8g node types for Redis OSS; it offers them for Valkey, Memcached. See ${UG}`);
    expect(() => nodeTypeInfo('nodeType', 'cache.t4g.huge', 'redis')).toThrow(/not an ElastiCache node type \(cache\.t4g has/);
    expect(() => nodeTypeInfo('target.nodeType', 'cache.t2.micro', 'memcached')).toThrow(/^target\.nodeType: 'cache\.t2\.micro' .*previous-generation/);
  });
});
