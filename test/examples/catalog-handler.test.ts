import * as tls from 'node:tls';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { deployedEnvironment, generatedSecrets, synthesizeExample, SynthesizedApp } from './synthesized-environment';
import { Cache, SessionStore } from '../../client/src';
import { FakeConfigEndpoint, MemcachedServer, startConfigEndpoint, startMemcached } from '../../client/test/memcached/servers';
import { makeTlsFiles, RedisClusterServers, startCluster, TlsFiles } from '../../client/test/servers';

// The example's Lambda handler, run as Lambda would run it, configured by nothing but the
// variables the synthesized template gives its function: every intrinsic resolved to a local
// server standing in for the deployed resource, each secret generated from its template and
// served by a mocked Secrets Manager. One TLS Redis Cluster stands in for both Valkey caches
// (the AUTH token is its `default` password, the serverless cache's generated user an ACL user);
// a TLS memcached behind a TLS configuration endpoint stands in for the Memcached cluster.
let app: SynthesizedApp;
let files: TlsFiles;
let cluster: RedisClusterServers;
let memcached: MemcachedServer;
let configEndpoint: FakeConfigEndpoint;
let handlerModule: typeof import('../../examples/lambda/catalog-handler');
let env: Record<string, string>;
const secretsManager = mockClient(SecretsManagerClient);
const savedEnv = { ...process.env };
const realConnect = tls.connect;

beforeAll(async () => {
  app = synthesizeExample();
  const secrets = generatedSecrets(app);
  // A secret's ARN is a Ref, so it resolves before the servers (and their ports) exist.
  const secretOf = (variable: string) => secrets.get(deployedEnvironment(app, { getAtt: () => '0' })[variable])!;
  const ports: Record<string, number> = {};
  const deployed = {
    getAtt(type: string, _id: string, attribute: string): string {
      if (attribute.endsWith('.Address')) return '127.0.0.1';
      const port = ports[`${type} ${attribute}`];
      if (port === undefined) throw new Error(`no stand-in for ${type} ${attribute}`);
      return String(port);
    },
  };

  files = await makeTlsFiles();
  cluster = await startCluster({
    shards: 3,
    replicasPerShard: 0,
    tls: files,
    password: secretOf('CATALOG_CACHE_AUTH_SECRET_ARN').token,
    users: [{ name: secretOf('STOCK_CACHE_AUTH_SECRET_ARN').username, password: secretOf('STOCK_CACHE_AUTH_SECRET_ARN').password }],
  });
  memcached = await startMemcached({ tls: files });
  configEndpoint = await startConfigEndpoint([{ host: '127.0.0.1', port: memcached.port }], undefined, files);
  Object.assign(ports, {
    'AWS::ElastiCache::ReplicationGroup ConfigurationEndPoint.Port': cluster.nodes[0].port,
    'AWS::ElastiCache::ServerlessCache Endpoint.Port': cluster.nodes[1].port,
    'AWS::ElastiCache::ServerlessCache ReaderEndpoint.Port': cluster.nodes[2].port,
    'AWS::ElastiCache::CacheCluster ConfigurationEndpoint.Port': configEndpoint.port,
  });
  env = deployedEnvironment(app, deployed);

  for (const [arn, value] of secrets) {
    secretsManager.on(GetSecretValueCommand, { SecretId: arn }).resolves({ ARN: arn, SecretString: JSON.stringify(value), VersionId: 'v1' });
  }
  // In AWS the endpoints' certificates chain to Amazon's CAs, which Node trusts; here, to the test CA.
  // (The module object itself: node-redis and MemcachedStore look `connect` up on it per call.)
  jest.spyOn(jest.requireActual<typeof tls>('node:tls'), 'connect').mockImplementation(((options: tls.ConnectionOptions, listener?: () => void) =>
    realConnect({ ...options, ca: files.ca }, listener)) as typeof tls.connect);

  process.env = { ...savedEnv, ...env };
  // Loaded only now: the handler reads its environment when Lambda loads it.
  handlerModule = jest.requireActual('../../examples/lambda/catalog-handler');
}, 90_000);

afterAll(async () => {
  await handlerModule?.catalog.close();
  await handlerModule?.sessionCache.close();
  await handlerModule?.stock.close();
  process.env = savedEnv;
  secretsManager.restore();
  await Promise.all([cluster?.stop(), memcached?.kill(), configEndpoint?.close()]);
});

test('the function gets the three caches\' contracts, every value from the template', () => {
  expect(env).toMatchObject({
    CATALOG_CACHE_ENGINE: 'valkey',
    CATALOG_CACHE_CLUSTER_MODE: 'true',
    CATALOG_CACHE_TLS: 'true',
    CATALOG_CACHE_AUTH: 'token',
    SESSIONS_CACHE_ENGINE: 'memcached',
    SESSIONS_CACHE_TLS: 'true',
    STOCK_CACHE_ENGINE: 'valkey',
    STOCK_CACHE_SERVERLESS: 'true',
    STOCK_CACHE_AUTH: 'password',
    STOCK_CACHE_USER: 'app',
    STOCK_CACHE_ENDPOINT: `127.0.0.1:${cluster.nodes[1].port}`,
    STOCK_CACHE_READER_ENDPOINT: `127.0.0.1:${cluster.nodes[2].port}`,
  });
});

test('a miss loads the product and its stock and caches both; the next call hits both caches', async () => {
  const first = await handlerModule.handler({ productId: 'p-1' });
  expect(first.statusCode).toBe(200);
  const body = JSON.parse(first.body);
  expect(body.product).toEqual({ id: 'p-1', name: 'Product p-1', priceCents: 1999 });
  expect(body.inStock).toBe(21);
  const second = JSON.parse((await handlerModule.handler({ productId: 'p-1' })).body);
  expect(second.cache).toMatchObject({ hits: 1, loads: 1 });
  expect(second.stockCache).toMatchObject({ hits: 1, loads: 1 });
  // The values really are on the servers, under each cache's namespace, with the stock's 10 s TTL.
  const keys = (await Promise.all(cluster.nodes.map((n) => n.command('KEYS', '*')))).flat().map(String);
  expect(keys).toEqual(expect.arrayContaining([expect.stringContaining('catalog:product:p-1'), expect.stringContaining('stock:stock:p-1')]));
  const stockKey = keys.find((k) => k.includes('stock:stock:p-1'))!;
  const ttls = await Promise.all(cluster.nodes.map((n) => n.command('PTTL', stockKey).catch(() => -2)));
  expect(ttls.some((ms) => Number(ms) > 0 && Number(ms) <= 10_000 * 1.2)).toBe(true);
  // The serverless cache was reached as its generated user, with the password read from its secret.
  const secretReads = secretsManager.commandCalls(GetSecretValueCommand).map((c) => c.args[0].input.SecretId);
  expect(secretReads).toEqual(expect.arrayContaining([env.STOCK_CACHE_AUTH_SECRET_ARN, env.CATALOG_CACHE_AUTH_SECRET_ARN]));
});

test('a session the web tier wrote (SessionStore on the same Memcached, found by Auto Discovery) is found', async () => {
  // What an express app with `new SessionStore({ cache })` on SESSIONS_CACHE_* writes at login.
  const web = Cache.fromEnvironment(env, { prefix: 'sessions', namespace: 'web' });
  const store = new SessionStore({ cache: web });
  await store.set('sid-1', { cookie: { originalMaxAge: 60_000, expires: new Date(Date.now() + 60_000) }, user: 'ada' } as never);
  const response = JSON.parse((await handlerModule.handler({ productId: 'p-2', sessionId: 'sid-1' })).body);
  expect(response.user).toBe('ada');
  expect(JSON.parse((await handlerModule.handler({ productId: 'p-2', sessionId: 'nobody' })).body).user).toBeNull();
  expect(configEndpoint.requests).toBeGreaterThan(0);
  await store.close();
  await web.close();
});

test('an unknown product is a 404', async () => {
  expect((await handlerModule.handler({ productId: 'NOT VALID' })).statusCode).toBe(404);
});
