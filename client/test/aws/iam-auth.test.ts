import { createHash, createHmac, Hash, Hmac } from 'node:crypto';
// The SDK's own signer, as an independent second implementation. It is a dependency of every SDK
// v3 client (devDependencies here), not of this package, which signs with node:crypto.
// eslint-disable-next-line import/no-extraneous-dependencies
import { SignatureV4 } from '@smithy/signature-v4';
import { AwsCredentials, createIamAuthToken, IamAuthTokenOptions, iamCredentialsProvider } from '../../src/aws';
import { CacheCredentialsError, CacheDependencyError } from '../../src/aws/errors';
import { CacheOptionError } from '../../src/errors';

const CREDENTIALS: AwsCredentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const NOW = Date.parse('2024-01-15T10:00:00Z');
const TARGET = { cacheName: 'my-group', userId: 'app-user', region: 'us-east-1' };

/** SHA-256 / HMAC-SHA256 in the SDK's Checksum shape, on node:crypto. */
class NodeSha256 {
  private hash: Hash | Hmac;
  private readonly secret: string | Buffer | undefined;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.secret = secret === undefined || typeof secret === 'string' ? secret
      : ArrayBuffer.isView(secret) ? Buffer.from(secret.buffer, secret.byteOffset, secret.byteLength) : Buffer.from(secret);
    this.hash = this.fresh();
  }
  update(data: Uint8Array): void {
    this.hash.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', this.secret);
  }
}

/** The same token made by @smithy/signature-v4's presign. */
async function sdkToken(input: IamAuthTokenOptions & { now: number }) {
  const signer = new SignatureV4({ service: 'elasticache', region: input.region, credentials: input.credentials, sha256: NodeSha256 });
  const query: Record<string, string> = { Action: 'connect', User: input.userId };
  if (input.serverless) query.ResourceType = 'ServerlessCache';
  const signed = await signer.presign(
    { method: 'GET', protocol: 'http:', hostname: input.cacheName, path: '/', headers: { host: input.cacheName }, query },
    { signingDate: new Date(input.now), expiresIn: 900 },
  );
  return signed.query as Record<string, string>;
}

function parseToken(token: string): { host: string; params: Record<string, string> } {
  const url = new URL(`http://${token}`);
  return { host: url.host, params: Object.fromEntries(url.searchParams) };
}

describe('createIamAuthToken', () => {
  test('exact token for fixed credentials and time', () => {
    const token = createIamAuthToken({ ...TARGET, credentials: CREDENTIALS, now: NOW });
    expect(token).toBe('my-group/?Action=connect&User=app-user&X-Amz-Algorithm=AWS4-HMAC-SHA256'
      + '&X-Amz-Credential=AKIDEXAMPLE%2F20240115%2Fus-east-1%2Felasticache%2Faws4_request&X-Amz-Date=20240115T100000Z'
      + '&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=4600cce6a968a0268c860bde7974ec3a0b7572ebcc956072712f6df00f123730');
    expect(token).not.toMatch(/^https?:\/\//);
    const { host, params } = parseToken(token);
    expect(host).toBe('my-group');
    expect(params).toEqual({
      'Action': 'connect',
      'User': 'app-user',
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': 'AKIDEXAMPLE/20240115/us-east-1/elasticache/aws4_request',
      'X-Amz-Date': '20240115T100000Z',
      'X-Amz-Expires': '900',
      'X-Amz-SignedHeaders': 'host',
      'X-Amz-Signature': expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  const cases: Array<[string, IamAuthTokenOptions & { now: number }]> = [
    ['provisioned', { ...TARGET, credentials: CREDENTIALS, now: NOW }],
    ['serverless + session token with reserved characters', {
      cacheName: 'my-serverless',
      userId: 'iam-user-01',
      region: 'eu-west-1',
      serverless: true,
      now: NOW + 123_456,
      credentials: { ...CREDENTIALS, sessionToken: 'FwoGZXIvYXdzE+tok/en=with&chars' },
    }],
    ['odd user id', { cacheName: 'group-2', userId: "u!'()*~._-x", region: 'ap-southeast-2', credentials: CREDENTIALS, now: NOW - 86_400_000 }],
  ];
  test.each(cases)('same signature as @smithy/signature-v4 (%s)', async (_name, input) => {
    const token = createIamAuthToken(input);
    const { host, params } = parseToken(token);
    expect(host).toBe(input.cacheName);
    expect(params).toEqual(await sdkToken(input));
    if (input.serverless) expect(params.ResourceType).toBe('ServerlessCache');
    if (input.credentials.sessionToken) expect(params['X-Amz-Security-Token']).toBe(input.credentials.sessionToken);
  });

  test('the cache name is signed lower-case (ElastiCache stores ids lower-case)', () => {
    const upper = createIamAuthToken({ ...TARGET, cacheName: 'My-Group', credentials: CREDENTIALS, now: NOW });
    expect(upper).toBe(createIamAuthToken({ ...TARGET, credentials: CREDENTIALS, now: NOW }));
  });

  test('changes with the credentials, the user, the cache and the time', () => {
    const base = createIamAuthToken({ ...TARGET, credentials: CREDENTIALS, now: NOW });
    const variants = [
      createIamAuthToken({ ...TARGET, credentials: { ...CREDENTIALS, secretAccessKey: 'other' }, now: NOW }),
      createIamAuthToken({ ...TARGET, userId: 'other', credentials: CREDENTIALS, now: NOW }),
      createIamAuthToken({ ...TARGET, cacheName: 'other', credentials: CREDENTIALS, now: NOW }),
      createIamAuthToken({ ...TARGET, credentials: CREDENTIALS, now: NOW + 1_000 }),
    ];
    for (const variant of variants) expect(variant).not.toBe(base);
  });

  test('rejects bad input, naming the option', () => {
    const ok = { ...TARGET, credentials: CREDENTIALS };
    expect(() => createIamAuthToken({ ...ok, cacheName: 'my group' })).toThrow(/option 'cacheName': "my group"/);
    expect(() => createIamAuthToken({ ...ok, userId: '' })).toThrow(/option 'userId'/);
    expect(() => createIamAuthToken({ ...ok, region: 'US_EAST_1' })).toThrow(/option 'region': "US_EAST_1"/);
    expect(() => createIamAuthToken({ ...ok, expiresIn: 901 })).toThrow(/option 'expiresIn': 901. ElastiCache IAM tokens are valid for 1 to 900 seconds/);
    expect(() => createIamAuthToken({ ...ok, credentials: { accessKeyId: 'A', secretAccessKey: '' } })).toThrow(CacheOptionError);
    expect(() => createIamAuthToken({ ...ok, now: Number.NaN })).toThrow(/option 'now'/);
  });
});

describe('iamCredentialsProvider', () => {
  const clock = { now: NOW, read: () => clock.now };
  beforeEach(() => { clock.now = NOW; });

  test('returns the user id and a token; reuses it until refreshBefore, then mints a new one', async () => {
    const provider = iamCredentialsProvider({ ...TARGET, credentials: CREDENTIALS, clock: clock.read });
    const first = await provider();
    expect(first).toEqual({ username: 'app-user', password: createIamAuthToken({ ...TARGET, credentials: CREDENTIALS, now: NOW }) });
    clock.now = NOW + 10 * 60_000 - 1; // default refreshBefore: 5 minutes of the 15
    expect(await provider()).toEqual(first);
    clock.now = NOW + 10 * 60_000;
    const second = await provider();
    expect(second.password).toBe(createIamAuthToken({ ...TARGET, credentials: CREDENTIALS, now: clock.now }));
  });

  test('a custom refreshBefore; invalidate() forces a new token', async () => {
    const provider = iamCredentialsProvider({ ...TARGET, credentials: CREDENTIALS, clock: clock.read, refreshBefore: '14m' });
    const first = await provider();
    clock.now += 60_000 - 1;
    expect(await provider()).toEqual(first);
    clock.now += 1;
    expect(await provider()).not.toEqual(first);
    const third = await provider();
    clock.now += 1_000;
    provider.invalidate();
    expect((await provider()).password).not.toBe(third.password);
  });

  test('mints anew when the credentials change, and never reuses past their expiration', async () => {
    let current: AwsCredentials = { ...CREDENTIALS, sessionToken: 'one', expiration: new Date(NOW + 7 * 60_000) };
    const source = jest.fn(async () => current);
    const provider = iamCredentialsProvider({ ...TARGET, credentials: source, clock: clock.read });
    const first = await provider();
    clock.now += 60_000;
    expect(await provider()).toEqual(first); // expires in 6 min: reusable for 1 more (refreshBefore 5 min)
    clock.now += 60_000;
    const second = await provider();
    expect(second).not.toEqual(first);
    current = { ...CREDENTIALS, sessionToken: 'two' };
    const third = await provider();
    expect(third).not.toEqual(second);
    expect(parseToken(third.password!).params['X-Amz-Security-Token']).toBe('two');
  });

  test('concurrent connects share one credentials request', async () => {
    let release!: () => void;
    const source = jest.fn(() => new Promise<AwsCredentials>((resolve) => { release = () => resolve(CREDENTIALS); }));
    const provider = iamCredentialsProvider({ ...TARGET, credentials: source, clock: clock.read });
    const all = Promise.all([provider(), provider(), provider()]);
    release();
    const results = await all;
    expect(source).toHaveBeenCalledTimes(1);
    expect(new Set(results.map((r) => r.password)).size).toBe(1);
  });

  test('a failing credentials source gives a clear error, and the next call tries again', async () => {
    const source = jest.fn().mockRejectedValueOnce(new Error('Could not load credentials from any providers')).mockResolvedValue(CREDENTIALS);
    const provider = iamCredentialsProvider({ ...TARGET, credentials: source, clock: clock.read });
    const err = await provider().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CacheCredentialsError);
    expect((err as Error).message).toBe("No AWS credentials to sign the IAM token for ElastiCache user 'app-user' on 'my-group': Could not load credentials from any providers");
    expect((await provider()).username).toBe('app-user');
  });

  test('without credentials: the default chain (here from environment variables, no network)', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'AKIDENVEXAMPLE', AWS_SECRET_ACCESS_KEY: 'env-secret', AWS_SESSION_TOKEN: 'env-session' });
    delete process.env.AWS_PROFILE; // with a profile set, the chain skips the environment variables
    try {
      const provider = iamCredentialsProvider({ ...TARGET, clock: clock.read });
      const { password } = await provider();
      expect(password).toBe(createIamAuthToken({ ...TARGET, now: NOW, credentials: { accessKeyId: 'AKIDENVEXAMPLE', secretAccessKey: 'env-secret', sessionToken: 'env-session' } }));
    } finally {
      process.env = saved;
    }
  });

  test('option errors name the option and the rule', () => {
    expect(() => iamCredentialsProvider({ ...TARGET, refreshBefore: '15m' })).toThrow(/option 'refreshBefore': "15m". It must be above 0 and below 15 minutes/);
    expect(() => iamCredentialsProvider({ ...TARGET, refreshBefore: 0 })).toThrow(/option 'refreshBefore'/);
    expect(() => iamCredentialsProvider({ ...TARGET, reauthenticateEvery: '12h' })).toThrow(/option 'reauthenticateEvery': "12h". It must be above 0 and below 12 hours/);
    expect(() => iamCredentialsProvider({ ...TARGET, region: '' })).toThrow(/option 'region'/);
    expect(iamCredentialsProvider({ ...TARGET, credentials: CREDENTIALS }).reauthenticateEveryMs).toBe(11 * 3_600_000);
  });
});

describe('the default credential chain package', () => {
  const TARGET_NOW = { ...TARGET, clock: () => NOW };
  afterEach(() => {
    jest.dontMock('@aws-sdk/credential-providers');
    jest.dontMock('@aws-sdk/credential-provider-node');
    jest.resetModules();
  });

  test("@aws-sdk/credential-providers' fromNodeProviderChain when installed", async () => {
    const chain = jest.fn(async () => ({ accessKeyId: 'AKIDCHAIN', secretAccessKey: 'chain-secret' }));
    jest.doMock('@aws-sdk/credential-providers', () => ({ fromNodeProviderChain: () => chain }), { virtual: true });
    const { password } = await iamCredentialsProvider(TARGET_NOW)();
    expect(chain).toHaveBeenCalledTimes(1);
    expect(password).toBe(createIamAuthToken({ ...TARGET, now: NOW, credentials: { accessKeyId: 'AKIDCHAIN', secretAccessKey: 'chain-secret' } }));
  });

  test('neither package: an error saying what to install, and the next call looks again', async () => {
    const missing = (name: string) => () => {
      throw Object.assign(new Error(`Cannot find module '${name}' from 'client/src/aws/sdk.ts'`), { code: 'MODULE_NOT_FOUND' });
    };
    jest.doMock('@aws-sdk/credential-provider-node', missing('@aws-sdk/credential-provider-node'));
    const provider = iamCredentialsProvider(TARGET_NOW);
    const err = await provider().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CacheDependencyError);
    expect((err as Error).message).toBe("ElastiCache IAM authentication without a 'credentials' option (it uses the default AWS credential chain) "
      + "needs the package '@aws-sdk/credential-providers', which cannot be loaded: install @aws-sdk/credential-providers (preinstalled in the AWS Lambda Node.js runtimes).");
    jest.dontMock('@aws-sdk/credential-provider-node');
    jest.doMock('@aws-sdk/credential-providers', () => ({ fromNodeProviderChain: () => async () => CREDENTIALS }), { virtual: true });
    expect((await provider()).username).toBe('app-user');
  });
});
