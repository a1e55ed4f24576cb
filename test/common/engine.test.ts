import { CacheEngine } from '../../src';

describe('CacheEngine constants', () => {
  test.each<[string, CacheEngine, string, string, string]>([
    ['VALKEY_7_2', CacheEngine.VALKEY_7_2, 'valkey', '7.2', 'valkey7'],
    ['VALKEY_8_0', CacheEngine.VALKEY_8_0, 'valkey', '8.0', 'valkey8'],
    ['VALKEY_8_1', CacheEngine.VALKEY_8_1, 'valkey', '8.1', 'valkey8'],
    ['VALKEY_8_2', CacheEngine.VALKEY_8_2, 'valkey', '8.2', 'valkey8'],
    ['REDIS_6_2', CacheEngine.REDIS_6_2, 'redis', '6.2', 'redis6.x'],
    ['REDIS_7_0', CacheEngine.REDIS_7_0, 'redis', '7.0', 'redis7'],
    ['REDIS_7_1', CacheEngine.REDIS_7_1, 'redis', '7.1', 'redis7'],
  ])('%s: name, version and parameter group family', (_name, engine, name, version, family) => {
    expect(engine.name).toBe(name);
    expect(engine.version).toBe(version);
    expect(engine.parameterGroupFamily).toBe(family);
  });

  test('LATEST is the newest Valkey', () => {
    expect(CacheEngine.LATEST).toBe(CacheEngine.VALKEY_8_2);
    expect(CacheEngine.LATEST.name).toBe('valkey');
    expect(CacheEngine.LATEST.version).toBe('8.2');
  });

  test('the factories build the same engines as the constants', () => {
    const valkey = CacheEngine.valkey('8.1');
    expect([valkey.name, valkey.version, valkey.parameterGroupFamily]).toEqual(['valkey', '8.1', 'valkey8']);
    const redis = CacheEngine.redis('6.2');
    expect([redis.name, redis.version, redis.parameterGroupFamily]).toEqual(['redis', '6.2', 'redis6.x']);
    expect(CacheEngine.valkey('7.2').parameterGroupFamily).toBe('valkey7');
    expect(CacheEngine.redis('7.0').parameterGroupFamily).toBe('redis7');
  });

  test('toString is "<name> <version>"', () => {
    expect(CacheEngine.VALKEY_8_1.toString()).toBe('valkey 8.1');
    expect(`${CacheEngine.REDIS_7_1}`).toBe('redis 7.1');
    expect(String(CacheEngine.REDIS_6_2)).toBe('redis 6.2');
  });
});

describe('isAtLeastRedis', () => {
  test('Redis OSS compares its own version', () => {
    expect(CacheEngine.REDIS_6_2.isAtLeastRedis('6.2')).toBe(true);
    expect(CacheEngine.REDIS_6_2.isAtLeastRedis('6.0')).toBe(true);
    expect(CacheEngine.REDIS_6_2.isAtLeastRedis('7.0')).toBe(false);
    expect(CacheEngine.REDIS_7_0.isAtLeastRedis('7.0')).toBe(true);
    expect(CacheEngine.REDIS_7_0.isAtLeastRedis('7.1')).toBe(false);
    expect(CacheEngine.REDIS_7_1.isAtLeastRedis('7.1')).toBe(true);
    expect(CacheEngine.REDIS_7_1.isAtLeastRedis('7.2')).toBe(false);
  });

  test('every Valkey counts as at least Redis OSS 7.2', () => {
    expect(CacheEngine.VALKEY_7_2.isAtLeastRedis('6.2')).toBe(true);
    expect(CacheEngine.VALKEY_7_2.isAtLeastRedis('7.0')).toBe(true);
    expect(CacheEngine.VALKEY_7_2.isAtLeastRedis('7.2')).toBe(true);
    expect(CacheEngine.VALKEY_7_2.isAtLeastRedis('7.3')).toBe(false);
    expect(CacheEngine.VALKEY_8_0.isAtLeastRedis('7.2')).toBe(true);
    expect(CacheEngine.VALKEY_8_2.isAtLeastRedis('7.0')).toBe(true);
  });
});

describe('versions ElastiCache does not offer', () => {
  test('an unknown Valkey version names the engine, the value and the offered versions', () => {
    expect(() => CacheEngine.valkey('9.0')).toThrow(/^engine: 'valkey 9\.0' is invalid: ElastiCache offers valkey 7\.2, 8\.0, 8\.1, 8\.2\./);
  });

  test('an unknown Redis OSS version names the engine, the value and the offered versions', () => {
    expect(() => CacheEngine.redis('5.0.6')).toThrow(/^engine: 'redis 5\.0\.6' is invalid: ElastiCache offers redis 6\.2, 7\.0, 7\.1\./);
  });

  test('a Valkey version is not accepted as Redis OSS, nor the reverse', () => {
    expect(() => CacheEngine.redis('8.0')).toThrow(/engine: 'redis 8\.0' .*redis 6\.2, 7\.0, 7\.1/);
    expect(() => CacheEngine.valkey('7.1')).toThrow(/engine: 'valkey 7\.1' .*valkey 7\.2, 8\.0, 8\.1, 8\.2/);
  });

  test('the error points at the supported versions page', () => {
    expect(() => CacheEngine.valkey('1')).toThrow(/See https:\/\/docs\.aws\.amazon\.com\/AmazonElastiCache\/latest\/dg\/supported-engine-versions\.html$/);
  });
});
