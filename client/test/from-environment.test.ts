import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { Cache, CacheOptionError, MemcachedStore, readConnection, RedisStore, storeFromEnvironment } from '../src';
import { MemcachedServer, startMemcached } from './memcached/servers';
import { makeTlsFiles, RedisServer, startRedis } from './servers';

const redis = (extra: Record<string, string> = {}) => ({
  CACHE_ENGINE: 'valkey',
  CACHE_ENDPOINT: 'cache.example:6380',
  CACHE_CLUSTER_MODE: 'true',
  CACHE_TLS: 'true',
  CACHE_AUTH: 'token',
  CACHE_AUTH_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:token',
  CACHE_ID: 'orders',
  CACHE_REGION: 'us-east-1',
  ...extra,
});

describe('readConnection: the contract, checked', () => {
  test('the variables a connected replication group gets', () => {
    expect(readConnection(redis())).toEqual({
      engine: 'valkey',
      host: 'cache.example',
      port: 6380,
      readerEndpoint: undefined,
      clusterMode: true,
      tls: true,
      auth: 'token',
      secretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:token',
      user: undefined,
      id: 'orders',
      region: 'us-east-1',
      serverless: false,
    });
  });

  test('a prefix reads ORDERS_CACHE_…', () => {
    const env = Object.fromEntries(Object.entries(redis()).map(([k, v]) => [`ORDERS_${k}`, v]));
    expect(readConnection(env, 'orders').host).toBe('cache.example');
    expect(() => readConnection(env)).toThrow(/CACHE_ENGINE is not set/);
  });

  test('Memcached: no auth, no cluster mode needed', () => {
    expect(readConnection({ CACHE_ENGINE: 'memcached', CACHE_ENDPOINT: 'mc.example:11212', CACHE_TLS: 'true' }))
      .toMatchObject({ engine: 'memcached', clusterMode: false, auth: 'none', tls: true });
  });

  test.each([
    [{ CACHE_ENGINE: undefined }, /CACHE_ENGINE is not set: the engine is valkey, redis or memcached/],
    [{ CACHE_ENGINE: 'mysql' }, /CACHE_ENGINE='mysql' is invalid: the engine is valkey, redis or memcached/],
    [{ CACHE_ENDPOINT: undefined }, /CACHE_ENDPOINT is not set: the cache endpoint is host:port/],
    [{ CACHE_ENDPOINT: 'cache.example' }, /CACHE_ENDPOINT='cache.example' is invalid: the cache endpoint is host:port/],
    [{ CACHE_ENDPOINT: 'cache.example:70000' }, /CACHE_ENDPOINT='cache.example:70000' is invalid/],
    [{ CACHE_CLUSTER_MODE: undefined }, /CACHE_CLUSTER_MODE is not set: set it to true or false/],
    [{ CACHE_TLS: 'yes' }, /CACHE_TLS='yes' is invalid: it is true or false/],
    [{ CACHE_AUTH: 'kerberos' }, /CACHE_AUTH='kerberos' is invalid: it is none, token, iam or password/],
    [{ CACHE_TLS: 'false' }, /CACHE_TLS='false' is invalid: token authentication needs TLS/],
    [{ CACHE_AUTH_SECRET_ARN: undefined }, /CACHE_AUTH_SECRET_ARN is not set: token authentication reads the secret it names/],
    [{ CACHE_AUTH: 'iam' }, /CACHE_USER is not set: IAM authentication signs a token for this user id/],
    [{ CACHE_AUTH: 'iam', CACHE_USER: 'orders-iam', CACHE_ID: undefined }, /CACHE_ID is not set/],
    [{ CACHE_AUTH: 'iam', CACHE_USER: 'orders-iam', CACHE_REGION: undefined }, /CACHE_REGION is not set: .*or set AWS_REGION/],
    [{ CACHE_READER_ENDPOINT: 'r.example:6380' }, /CACHE_READER_ENDPOINT='r.example:6380' is invalid: only a replication group with cluster mode disabled/],
    [{ CACHE_ENGINE: 'memcached', CACHE_CLUSTER_MODE: 'true' }, /CACHE_CLUSTER_MODE='true' is invalid: Memcached has no cluster mode/],
    [{ CACHE_ENGINE: 'memcached', CACHE_CLUSTER_MODE: 'false' }, /CACHE_AUTH='token' is invalid: ElastiCache Memcached has no authentication/],
  ])('%j is an error naming the variable, its value and the rule', (change, message) => {
    const env: Record<string, string | undefined> = { ...redis(), ...change };
    expect(() => readConnection(env)).toThrow(CacheOptionError);
    expect(() => readConnection(env)).toThrow(message);
  });

  test('IAM takes the Region from AWS_REGION when CACHE_REGION is absent', () => {
    expect(readConnection({ ...redis({ CACHE_AUTH: 'iam', CACHE_USER: 'orders-iam' }), CACHE_REGION: undefined, AWS_REGION: 'eu-west-1' }).region).toBe('eu-west-1');
  });
});

describe('Cache.fromEnvironment on real servers', () => {
  let plain: RedisServer;
  let tls: RedisServer;
  let memcached: MemcachedServer;
  const token = 't'.repeat(64);
  const secrets = mockClient(SecretsManagerClient);

  beforeAll(async () => {
    const files = await makeTlsFiles();
    [plain, tls, memcached] = await Promise.all([startRedis(), startRedis({ tls: files, password: token }), startMemcached()]);
    secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ token }) });
  });
  afterAll(async () => {
    await Promise.all([plain?.destroy(), tls?.destroy(), memcached?.kill()]);
    secrets.restore();
  });

  test('Valkey without auth or TLS: a RedisStore, and the Cache closes it', async () => {
    const cache = Cache.fromEnvironment({
      CACHE_ENGINE: 'valkey', CACHE_ENDPOINT: `127.0.0.1:${plain.port}`, CACHE_CLUSTER_MODE: 'false', CACHE_TLS: 'false', CACHE_AUTH: 'none',
    }, { namespace: 'env' });
    await cache.set('k', { n: 1 });
    expect(await cache.get('k')).toEqual({ n: 1 });
    await cache.close();
  });

  test('an AUTH token from Secrets Manager over TLS', async () => {
    const files = await makeTlsFiles();
    const env = redis({ CACHE_ENDPOINT: `127.0.0.1:${tls.port}`, CACHE_CLUSTER_MODE: 'false' });
    const store = storeFromEnvironment(env, { tls: { ca: files.ca, servername: 'localhost' } });
    expect(store).toBeInstanceOf(RedisStore);
    const cache = new Cache({ store, closeStore: true });
    await cache.set('secret-backed', 'yes');
    expect(await cache.get('secret-backed')).toBe('yes');
    expect(secrets.commandCalls(GetSecretValueCommand)[0].args[0].input).toMatchObject({ SecretId: env.CACHE_AUTH_SECRET_ARN });
    await cache.close();
  });

  test('Memcached: a MemcachedStore on the configuration endpoint', async () => {
    const store = storeFromEnvironment({ CACHE_ENGINE: 'memcached', CACHE_ENDPOINT: `127.0.0.1:${memcached.port}`, CACHE_TLS: 'false' });
    expect(store).toBeInstanceOf(MemcachedStore);
    const cache = new Cache({ store, closeStore: true });
    await cache.set('m', [1, 2]);
    expect(await cache.get('m')).toEqual([1, 2]);
    await cache.close();
  });
});
