import { Token } from 'aws-cdk-lib';
import * as fc from 'fast-check';
import { catalogFamilies, familyCatalog, parameterFailures } from '../../src/common/parameters';
import { describeFailure } from '../../src/common/validation';

const ENGINE_PAGE = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html';
const VALKEY_REDIS = ['redis6.x', 'redis7', 'valkey7', 'valkey8', 'valkey9'];

describe('known-good parameters pass', () => {
  test.each(VALKEY_REDIS)('%s: common tuning parameters', (family) => {
    expect(parameterFailures(family, {
      'maxmemory-policy': 'allkeys-lfu',
      'timeout': '300',
      'notify-keyspace-events': 'Ex',
      'activedefrag': 'yes',
      'active-defrag-cycle-max': '75',
      'reserved-memory-percent': '30',
      'slowlog-max-len': '256',
      'acl-pubsub-default': 'resetchannels',
    })).toEqual([]);
  });

  test.each(['redis7', 'valkey7', 'valkey8', 'valkey9'])('%s: listpack and endpoint parameters of Redis OSS 7', (family) => {
    expect(parameterFailures(family, {
      'hash-max-listpack-entries': '256',
      'cluster-preferred-endpoint-type': 'tls-dynamic',
      'latency-tracking': 'yes',
    })).toEqual([]);
  });

  test('redis6.x still has the ziplist parameters', () => {
    expect(parameterFailures('redis6.x', { 'hash-max-ziplist-entries': '256', 'lazyfree-lazy-eviction': 'yes' })).toEqual([]);
  });

  test('valkey8: 8.0, 8.1 and 8.2 parameters on Valkey 8.2', () => {
    expect(parameterFailures('valkey8', {
      'extended-redis-compatibility': 'no',
      'maxmemory-samples': '64',
      'commandlog-large-request-max-len': '1024',
      'search-fanout-target-mode': 'throughput',
      'search-default-timeout-ms': '60000',
    }, 'parameters', '8.2')).toEqual([]);
  });

  test('valkey9: cluster-databases at creation, within 1 to 10,000', () => {
    expect(parameterFailures('valkey9', { 'cluster-databases': '16', 'search-enable-partial-results': 'no' })).toEqual([]);
  });

  test('memcached1.6: item sizes, growth factor, booleans as 0/1, hash algorithm', () => {
    expect(parameterFailures('memcached1.6', {
      max_item_size: '10485760',
      slab_chunk_max: '524288',
      chunk_size_growth_factor: '1.5',
      cas_disabled: '1',
      hash_algorithm: 'murmur3',
      idle_timeout: '86400',
    })).toEqual([]);
  });

  test('an empty map, undefined and an unknown family give nothing', () => {
    expect(parameterFailures('valkey8', {})).toEqual([]);
    expect(parameterFailures('valkey8', undefined as any)).toEqual([]);
    expect(parameterFailures('redis2.8', { whatever: 'x' })).toEqual([]);
  });
});

describe('broken parameters fail, naming the parameter, the value, the rule and the source', () => {
  test.each<[string, string, Record<string, string>, RegExp]>([
    ['typo, with the closest name', 'valkey8', { 'maxmemory-polcy': 'allkeys-lru' },
      /parameters\['maxmemory-polcy'\]: 'allkeys-lru' is invalid: maxmemory-polcy is not a documented valkey8 parameter; did you mean maxmemory-policy\?/],
    ['underscores for hyphens', 'redis7', { max_memory_samples: '5' }, /did you mean maxmemory-samples\?/],
    ['no close name: no suggestion', 'redis7', { 'completely-unrelated-setting': '1' },
      /completely-unrelated-setting is not a documented redis7 parameter\. See/],
    ['out of range', 'redis7', { 'active-defrag-cycle-min': '80' },
      /parameters\['active-defrag-cycle-min'\]: '80' is invalid: active-defrag-cycle-min is an integer from 1 to 75/],
    ['below a minimum', 'valkey8', { 'repl-backlog-size': '1024' }, /repl-backlog-size is an integer of at least 16384/],
    ['valkey8 narrows maxmemory-samples to 1-64', 'valkey8', { 'maxmemory-samples': '65' }, /maxmemory-samples is an integer from 1 to 64/],
    ['timeout 1-19 is invalid', 'redis6.x', { timeout: '10' }, /timeout is an integer of at least 0, except 1 to 19/],
    ['wrong type', 'valkey7', { 'slowlog-max-len': '12.5' }, /'12\.5' is invalid: slowlog-max-len is an integer/],
    ['a memory size is bytes, not "64mb"', 'valkey8', { 'client-query-buffer-limit': '64mb' }, /client-query-buffer-limit is an integer from 1048576 to 1073741824/],
    ['enum miss', 'valkey8', { 'maxmemory-policy': 'allkeys_lru' },
      /maxmemory-policy is one of allkeys-lru, volatile-lru, allkeys-lfu, volatile-lfu, allkeys-random, volatile-random, volatile-ttl, noeviction, exactly as written/],
    ['enum case', 'valkey8', { 'maxmemory-policy': 'AllKeys-LRU' }, /exactly as written/],
    ['boolean spelt true', 'redis7', { activedefrag: 'true' }, /activedefrag is one of yes, no/],
    ['memcached boolean spelt yes', 'memcached1.6', { cas_disabled: 'yes' }, /cas_disabled is one of 0, 1/],
    ['keyspace events outside the documented letters', 'redis7', { 'notify-keyspace-events': 'KEx!' },
      /notify-keyspace-events holds only the characters K E g \$ l s h z x e A/],
    ['not modifiable', 'valkey8', { maxclients: '1000' }, /maxclients cannot be changed in a custom parameter group: its value follows the node type/],
    ['not modifiable on Redis OSS 7', 'redis7', { activerehashing: 'no' }, /activerehashing cannot be changed .*support case/],
    ['memcached fixed', 'memcached1.6', { num_threads: '8' }, /num_threads cannot be changed in a custom parameter group/],
    ['renamed', 'redis6.x', { 'min-slaves-to-write': '1' }, /min-slaves-to-write was renamed min-replicas-to-write/],
    ['removed in Redis OSS 7', 'redis7', { 'hash-max-ziplist-entries': '128' },
      /redis7 has no hash-max-ziplist-entries: removed in Redis OSS 7, which uses listpack instead of ziplist: use hash-max-listpack-entries/],
    ['removed in Valkey 8', 'valkey8', { 'lazyfree-lazy-eviction': 'yes' }, /valkey8 has no lazyfree-lazy-eviction: removed in Valkey 8\.0/],
    ['removed in Memcached 1.5.10', 'memcached1.6', { modern: '1' }, /memcached1\.6 has no modern/],
    ['cluster-databases above 10,000', 'valkey9', { 'cluster-databases': '10001' }, /cluster-databases is an integer from 1 to 10000/],
    ['cluster-databases is not a valkey8 parameter', 'valkey8', { 'cluster-databases': '16' }, /not a documented valkey8 parameter/],
  ])('%s', (_what, family, parameters, message) => {
    const failures = parameterFailures(family, parameters);
    expect(failures).toHaveLength(1);
    expect(failures[0].source).toContain(ENGINE_PAGE);
    expect(describeFailure(failures[0])).toMatch(message);
  });

  test('a parameter added later in the family fails on an older engine of it', () => {
    const [failure] = parameterFailures('valkey8', { 'search-fanout-target-mode': 'client' }, 'parameters', '8.1');
    expect(describeFailure(failure)).toMatch(/search-fanout-target-mode was added in valkey8 engine version 8\.2; this engine is 8\.1/);
    expect(parameterFailures('valkey8', { 'commandlog-reply-larger-than': '2048' }, 'parameters', '8.0')).toHaveLength(1);
  });

  test('every failure is reported, each under its own name and the given property', () => {
    const failures = parameterFailures('valkey8', { 'timeout': '5', 'maxmemory-policy': 'lru', 'slowlog-max-len': '10' }, 'props.parameters');
    expect(failures.map((f) => f.property)).toEqual(["props.parameters['timeout']", "props.parameters['maxmemory-policy']"]);
  });
});

describe('durability, told straight', () => {
  test.each(VALKEY_REDIS.flatMap((family) => [[family, 'appendonly', 'yes'], [family, 'appendfsync', 'everysec']]))(
    '%s: %s says ElastiCache has no AOF and what it offers instead', (family, name, value) => {
      const [failure] = parameterFailures(family, { [name]: value });
      const message = describeFailure(failure);
      expect(message).toContain(`parameters['${name}']: '${value}' is invalid: ElastiCache does not offer AOF persistence`);
      expect(message).toMatch(/multiAz/);
      expect(message).toMatch(/snapshotRetention/);
      expect(message).toMatch(/Valkey 9\.0 and later the durability option/);
      expect(message).toContain('https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/durability.html');
      expect(failure.source).toBe(`${ENGINE_PAGE}#ParameterGroups.Redis.2-8-22`);
    });

  test('cluster-enabled is the construct\'s: any value points at clusterMode', () => {
    for (const value of ['yes', 'no']) {
      const [failure] = parameterFailures('valkey8', { 'cluster-enabled': value });
      expect(describeFailure(failure)).toMatch(/the construct sets cluster-enabled from clusterMode; set clusterMode instead/);
    }
  });
});

describe('tokens and odd input', () => {
  test('unresolved values are skipped, never guessed', () => {
    const token = Token.asString({ Ref: 'Policy' });
    expect(parameterFailures('valkey8', { 'maxmemory-policy': token, 'timeout': Token.asString({ Ref: 'T' }) })).toEqual([]);
  });

  test('an unresolved map is skipped', () => {
    expect(parameterFailures('valkey8', Token.asAny({ Ref: 'Map' }) as any)).toEqual([]);
  });

  test('JavaScript input: numbers, null, arrays and strings get failures, not TypeErrors', () => {
    expect(describeFailure(parameterFailures('valkey8', { timeout: 300 } as any)[0])).toMatch(/values are strings, as CloudFormation takes them/);
    expect(parameterFailures('valkey8', { timeout: null } as any)).toHaveLength(1);
    expect(parameterFailures('valkey8', ['timeout'] as any)).toHaveLength(1);
    expect(parameterFailures('valkey8', 'timeout=5' as any)).toHaveLength(1);
  });

  test('names from Object.prototype are not documented parameters', () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const map = Object.defineProperty({}, name, { value: '1', enumerable: true });
      expect(parameterFailures('redis7', map)).toHaveLength(1);
    }
  });

  test('property: any string map gives no failures or failures each naming one of its keys, and never throws', () => {
    const known = catalogFamilies().flatMap((f) => Object.keys(familyCatalog(f)!.parameters));
    const name = fc.oneof(fc.constantFrom(...known), fc.string(), fc.constantFrom('__proto__', 'constructor', 'appendonly'));
    const value = fc.oneof(fc.string(), fc.integer().map(String), fc.constantFrom('yes', 'no', '0', '1', 'allkeys-lru'));
    fc.assert(fc.property(fc.constantFrom(...catalogFamilies()), fc.dictionary(name, value), fc.option(fc.constantFrom('7.2', '8.0', '8.1', '8.2', '9.0')),
      (family, parameters, version) => {
        const failures = parameterFailures(family, parameters, 'parameters', version ?? undefined);
        const keys = Object.keys(parameters);
        for (const f of failures) {
          expect(keys.some((k) => f.property === `parameters['${k}']`)).toBe(true);
          expect(f.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
        }
        expect(failures.length).toBeLessThanOrEqual(keys.length);
      }), { numRuns: 300 });
  });
});
