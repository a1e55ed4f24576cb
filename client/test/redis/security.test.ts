import { outcome } from './helpers';
import { CacheStoreError } from '../../src/errors';
import { RedisStore } from '../../src/redis';
import { makeTlsFiles, RedisClusterServers, RedisServer, startCluster, startRedis, TlsFiles } from '../servers';

const PASSWORD = 'auth-token-0123456789';

let tlsFiles: TlsFiles;
let otherCa: TlsFiles;
let tlsServer: RedisServer;
let authServer: RedisServer;
const opened: RedisStore[] = [];

function open(store: RedisStore): RedisStore {
  opened.push(store);
  return store;
}

beforeAll(async () => {
  [tlsFiles, otherCa] = await Promise.all([makeTlsFiles('default'), makeTlsFiles('other')]);
  [tlsServer, authServer] = await Promise.all([
    startRedis({ tls: tlsFiles }),
    startRedis({
      password: PASSWORD,
      users: [
        { name: 'app', password: 'app-secret', rules: ['~app:*', '&*', '+@all'] },
        { name: 'rotating', password: 'first' },
      ],
    }),
  ]);
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

afterAll(async () => {
  await Promise.all([tlsServer?.destroy(), authServer?.destroy()]);
});

describe('TLS', () => {
  test('connects with the test CA (the server has no plain-text port)', async () => {
    const store = open(new RedisStore({ url: tlsServer.url, tls: { ca: tlsFiles.ca } }));
    await store.connect();
    await store.set('tls:k', 'secret');
    expect(await store.get('tls:k')).toBe('secret');
    expect(String(await tlsServer.command('CLIENT', 'LIST'))).toMatch(/cmd=get/); // our connection, over TLS
  });

  test('host + port + tls: { ca, servername }', async () => {
    const store = open(new RedisStore({ host: tlsServer.host, port: tlsServer.port, tls: { ca: tlsFiles.ca, servername: 'localhost' } }));
    await store.connect();
    expect(await store.get('tls:k')).toBe('secret');
  });

  test('a wrong CA fails clearly and fast, and so do calls', async () => {
    const store = open(new RedisStore({ url: tlsServer.url, tls: { ca: otherCa.ca } }));
    await expect(store.connect()).rejects.toThrow(/not connected to 127\.0\.0\.1:\d+: .*(self[- ]signed certificate|unable to (verify|get local issuer))/);
    const result = await outcome(store.get('tls:k'));
    expect(result.error).toBeInstanceOf(CacheStoreError);
    expect(result.error!.message).toMatch(/certificate/);
    expect(result.ms).toBeLessThan(300);
  });

  test('tls: true trusts only the system CAs: the test certificate is refused', async () => {
    const store = open(new RedisStore({ url: tlsServer.url, tls: true }));
    await expect(store.connect()).rejects.toThrow(/certificate/);
  });

  test('plain text against a TLS port fails instead of hanging', async () => {
    const store = open(new RedisStore({ host: tlsServer.host, port: tlsServer.port, commandTimeout: 500, connectTimeout: 500 }));
    const result = await outcome(store.get('tls:k'));
    expect(result.ok).toBe(false);
    expect(result.ms).toBeLessThan(1_000);
  });
});

describe('AUTH and ACL users', () => {
  test('requirepass: the password (AUTH token) works, also in the url', async () => {
    const store = open(new RedisStore({ url: authServer.url, password: PASSWORD }));
    await store.set('auth:k', 'v');
    expect(await store.get('auth:k')).toBe('v');
    const viaUrl = open(new RedisStore({ url: `redis://:${encodeURIComponent(PASSWORD)}@127.0.0.1:${authServer.port}` }));
    expect(await viaUrl.get('auth:k')).toBe('v');
  });

  test('a wrong password is reported as an authentication failure', async () => {
    const store = open(new RedisStore({ url: authServer.url, password: 'wrong' }));
    await expect(store.connect()).rejects.toThrow(/not connected to 127\.0\.0\.1:\d+ \(authentication failed\): WRONGPASS/);
    const result = await outcome(store.get('auth:k'));
    expect(result.error!.message).toMatch(/authentication failed.*WRONGPASS/);
    expect(result.ms).toBeLessThan(300);
  });

  test('no password against requirepass fails clearly', async () => {
    const store = open(new RedisStore({ url: authServer.url }));
    await expect(store.connect()).rejects.toThrow(/NOAUTH/);
  });

  test('an ACL user is held to its permissions', async () => {
    const store = open(new RedisStore({ url: authServer.url, username: 'app', password: 'app-secret' }));
    await store.set('app:k', 'mine');
    expect(await store.get('app:k')).toBe('mine');
    await expect(store.get('other:k')).rejects.toThrow(/redis get 'other:k' failed: NOPERM/);
    const wrong = open(new RedisStore({ url: authServer.url, username: 'app', password: 'nope' }));
    await expect(wrong.connect()).rejects.toThrow(/authentication failed/);
  });

  test('a credentials provider is asked on every (re)connection, so rotated secrets are picked up', async () => {
    let password = 'first';
    const calls: string[] = [];
    const store = open(new RedisStore({
      url: authServer.url,
      reconnect: { minDelay: 10, maxDelay: 100 },
      credentials: async () => {
        calls.push(password);
        return { username: 'rotating', password };
      },
    }));
    await store.set('rot:k', 'v1');
    expect(calls).toEqual(['first']);
    // rotate: the server accepts only the new secret, then drops the connection
    await authServer.command('ACL', 'SETUSER', 'rotating', 'resetpass', '>second');
    password = 'second';
    await authServer.command('CLIENT', 'KILL', 'USER', 'rotating');
    const started = Date.now();
    for (;;) {
      const result = await outcome(store.get('rot:k'));
      if (result.ok) {
        expect(result.value).toBe('v1');
        break;
      }
      if (Date.now() - started > 10_000) throw result.error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(calls[calls.length - 1]).toBe('second');
  });
});

describe('cluster mode with TLS and AUTH', () => {
  let cluster: RedisClusterServers;

  beforeAll(async () => {
    cluster = await startCluster({ shards: 3, replicasPerShard: 0, tls: tlsFiles, password: PASSWORD });
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  test('TLS and the password reach every discovered node (node-redis `defaults`)', async () => {
    const seed = cluster.nodes[0];
    const store = open(new RedisStore({ url: seed.url, cluster: true, tls: { ca: tlsFiles.ca }, password: PASSWORD }));
    await store.connect();
    const keys = Array.from({ length: 60 }, (_, i) => `tc:${i}`);
    for (const key of keys) await store.set(key, key);
    expect(await store.getMany(keys)).toEqual(keys);
    for (const node of cluster.nodes) expect(Number(await node.command('DBSIZE'))).toBeGreaterThan(0); // every shard used
    expect(await store.clear('tc:')).toBe(60);
  });

  test('a wrong password in cluster mode fails clearly', async () => {
    const store = open(new RedisStore({ url: cluster.nodes[0].url, cluster: true, tls: { ca: tlsFiles.ca }, password: 'wrong' }));
    await expect(store.connect()).rejects.toThrow(/cluster 127\.0\.0\.1:\d+.*(WRONGPASS|root nodes are unavailable)/);
  });
});
