import { CacheEngine } from '../../src';

describe('CacheEngine constants', () => {
  test.each<[string, CacheEngine, string, string, string]>([
    ['VALKEY_7_2', CacheEngine.VALKEY_7_2, 'valkey', '7.2', 'valkey7'],
    ['VALKEY_8_0', CacheEngine.VALKEY_8_0, 'valkey', '8.0', 'valkey8'],
    ['VALKEY_8_1', CacheEngine.VALKEY_8_1, 'valkey', '8.1', 'valkey8'],
    ['VALKEY_8_2', CacheEngine.VALKEY_8_2, 'valkey', '8.2', 'valkey8'],
    ['VALKEY_9_0', CacheEngine.VALKEY_9_0, 'valkey', '9.0', 'valkey9'],
    ['VALKEY_9_1', CacheEngine.VALKEY_9_1, 'valkey', '9.1', 'valkey9'],
    ['REDIS_6_2', CacheEngine.REDIS_6_2, 'redis', '6.2', 'redis6.x'],
    ['REDIS_7_0', CacheEngine.REDIS_7_0, 'redis', '7.0', 'redis7'],
    ['REDIS_7_1', CacheEngine.REDIS_7_1, 'redis', '7.1', 'redis7'],
  ])('%s: name, version and parameter group family', (_name, engine, name, version, family) => {
    expect(engine.name).toBe(name);
    expect(engine.version).toBe(version);
    expect(engine.parameterGroupFamily).toBe(family);
  });

  test('LATEST is the newest Valkey', () => {
    expect(CacheEngine.LATEST).toBe(CacheEngine.VALKEY_9_1);
    expect(CacheEngine.LATEST.name).toBe('valkey');
    expect(CacheEngine.LATEST.version).toBe('9.1');
    expect(CacheEngine.LATEST.parameterGroupFamily).toBe('valkey9');
  });

  test('the factories build the same engines as the constants', () => {
    const valkey = CacheEngine.valkey('8.1');
    expect([valkey.name, valkey.version, valkey.parameterGroupFamily]).toEqual(['valkey', '8.1', 'valkey8']);
    const redis = CacheEngine.redis('6.2');
    expect([redis.name, redis.version, redis.parameterGroupFamily]).toEqual(['redis', '6.2', 'redis6.x']);
    expect(CacheEngine.valkey('7.2').parameterGroupFamily).toBe('valkey7');
    expect(CacheEngine.redis('7.0').parameterGroupFamily).toBe('redis7');
    expect(CacheEngine.valkey('9.0').parameterGroupFamily).toBe('valkey9');
    expect(CacheEngine.valkey('9.1').parameterGroupFamily).toBe('valkey9');
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

  test('Valkey 9.x still counts as Redis OSS 7.2, not as a later Redis', () => {
    for (const v of [CacheEngine.VALKEY_9_0, CacheEngine.VALKEY_9_1]) {
      expect(v.isAtLeastRedis('6.2')).toBe(true);
      expect(v.isAtLeastRedis('7.2')).toBe(true);
      expect(v.isAtLeastRedis('7.4')).toBe(false);
      expect(v.isAtLeastRedis('8.0')).toBe(false);
      expect(v.isAtLeastRedis('9.0')).toBe(false);
    }
    expect(CacheEngine.VALKEY_8_2.isAtLeastRedis('8.0')).toBe(false);
  });

  test('versions compare part by part, not as floats', () => {
    expect(CacheEngine.REDIS_7_1.isAtLeastRedis('7.0.5')).toBe(true);
    expect(CacheEngine.REDIS_6_2.isAtLeastRedis('6.2.0')).toBe(true);
    expect(CacheEngine.REDIS_6_2.isAtLeastRedis('6.10')).toBe(false);
  });
});

describe('isValkeyAtLeast', () => {
  test('Valkey compares its own version', () => {
    expect(CacheEngine.VALKEY_9_0.isValkeyAtLeast('9.0')).toBe(true);
    expect(CacheEngine.VALKEY_9_0.isValkeyAtLeast('9.1')).toBe(false);
    expect(CacheEngine.VALKEY_9_1.isValkeyAtLeast('9.1')).toBe(true);
    expect(CacheEngine.VALKEY_9_1.isValkeyAtLeast('9.0')).toBe(true);
    expect(CacheEngine.VALKEY_8_2.isValkeyAtLeast('9.0')).toBe(false);
    expect(CacheEngine.VALKEY_7_2.isValkeyAtLeast('7.2')).toBe(true);
  });

  test('Redis OSS is never Valkey, whatever its version', () => {
    expect(CacheEngine.REDIS_7_1.isValkeyAtLeast('7.2')).toBe(false);
    expect(CacheEngine.REDIS_7_1.isValkeyAtLeast('1.0')).toBe(false);
  });
});

describe('versions ElastiCache does not offer', () => {
  test('an unknown Valkey version names the engine, the value and the offered versions', () => {
    expect(() => CacheEngine.valkey('9.2')).toThrow(/^engine: 'valkey 9\.2' is invalid: ElastiCache offers valkey 7\.2, 8\.0, 8\.1, 8\.2, 9\.0, 9\.1\./);
  });

  test('names of Object.prototype members are not versions', () => {
    expect(() => CacheEngine.valkey('constructor')).toThrow(/engine: 'valkey constructor' is invalid/);
    expect(() => CacheEngine.redis('__proto__')).toThrow(/engine: 'redis __proto__' is invalid/);
  });

  test('a non-string version from JavaScript gets the same error, not a TypeError', () => {
    expect(() => CacheEngine.valkey(9 as unknown as string)).toThrow(/engine: 'valkey 9' is invalid/);
    expect(() => CacheEngine.valkey(undefined as unknown as string)).toThrow(/engine: 'valkey undefined' is invalid/);
  });

  test('an unknown Redis OSS version names the engine, the value and the offered versions', () => {
    expect(() => CacheEngine.redis('5.0.6')).toThrow(/^engine: 'redis 5\.0\.6' is invalid: ElastiCache offers redis 6\.2, 7\.0, 7\.1\./);
  });

  test('a Valkey version is not accepted as Redis OSS, nor the reverse', () => {
    expect(() => CacheEngine.redis('8.0')).toThrow(/engine: 'redis 8\.0' .*redis 6\.2, 7\.0, 7\.1/);
    expect(() => CacheEngine.valkey('7.1')).toThrow(/engine: 'valkey 7\.1' .*valkey 7\.2, 8\.0, 8\.1, 8\.2, 9\.0, 9\.1/);
    expect(() => CacheEngine.redis('9.0')).toThrow(/engine: 'redis 9\.0' .*redis 6\.2, 7\.0, 7\.1/);
  });

  test('the error points at the supported versions page', () => {
    expect(() => CacheEngine.valkey('1')).toThrow(/See https:\/\/docs\.aws\.amazon\.com\/AmazonElastiCache\/latest\/dg\/supported-engine-versions\.html$/);
  });
});
