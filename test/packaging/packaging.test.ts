import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// Packs both packages and installs each tarball into its own empty project, as a user would:
// the constructs with their peers (no client), the client alone (no aws-cdk-lib, no optional peers).
const root = path.resolve(__dirname, '..', '..');
const clientRoot = path.join(root, 'client');
const devDeps = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).devDependencies;

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
}

/** Packs `dir` into a new empty consumer project and installs the tarball with `extra` there. */
function installPacked(dir: string, extra: string[]): { consumer: string; files: string[]; bytes: number } {
  const consumer = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-elasticache-pack-'));
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', consumer], dir))[0];
  fs.writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
  // From the local npm cache when it has them.
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', path.join(consumer, packed.filename), ...extra], consumer);
  return { consumer, files: packed.files.map((f: { path: string }) => f.path), bytes: packed.size };
}

const installed = (consumer: string, name: string) => fs.existsSync(path.join(consumer, 'node_modules', ...name.split('/')));

beforeAll(() => {
  for (const built of [path.join(root, 'lib', 'index.js'), path.join(clientRoot, 'lib', 'index.js')]) {
    if (!fs.existsSync(built)) throw new Error(`${path.relative(root, built)} is not built: run \`npx projen compile\` (npm test does it first)`);
  }
});

/** What the constructs' tarball may hold: compiled code and types, the bundled handler, the jsii manifest, README and LICENSE. */
const ALLOWED = [/^lib\/.+\.(js|d\.ts)$/, /^assets\/auth\/rotation\/cache-secret-rotation\.lambda\/index\.js$/, /^(\.jsii|README\.md|LICENSE|package\.json)$/];

describe('cdk-elasticache (the constructs)', () => {
  let pack: ReturnType<typeof installPacked>;
  // Strays a working copy collects (npm run example writes cdk.out/): the allowlist must keep them out.
  const strays = [path.join(root, 'cdk.out', 'packaging-stray.json'), path.join(root, 'packaging-stray.txt'), path.join(root, 'docs', 'packaging-stray.md')];
  beforeAll(() => {
    const made = strays.filter((stray) => !fs.existsSync(stray));
    for (const stray of made) {
      fs.mkdirSync(path.dirname(stray), { recursive: true });
      fs.writeFileSync(stray, 'not for users');
    }
    try {
      pack = installPacked(root, [`aws-cdk-lib@${devDeps['aws-cdk-lib']}`, `constructs@${devDeps.constructs}`]);
    } finally {
      for (const stray of made) fs.rmSync(stray);
    }
  });
  afterAll(() => fs.rmSync(pack.consumer, { recursive: true, force: true }));

  test('ships only the allowlist: compiled constructs, the bundled handler, .jsii, README, LICENSE', () => {
    console.log(`cdk-elasticache tarball: ${pack.files.length} files, ${(pack.bytes / 1024).toFixed(0)} KiB`);
    expect(pack.files).toEqual(expect.arrayContaining(['lib/index.js', 'lib/index.d.ts', '.jsii', 'README.md', 'LICENSE',
      'assets/auth/rotation/cache-secret-rotation.lambda/index.js']));
    expect(pack.files.filter((f) => !ALLOWED.some((allowed) => allowed.test(f)))).toEqual([]);
    // Lambda sources are bundled into assets/, the client is its own package.
    expect(pack.files.filter((f) => /\.lambda\.|-steps\.|^lib\/client\//.test(f))).toEqual([]);
    expect(pack.bytes).toBeLessThan(2 * 1024 * 1024);
  });

  test('installs with its peers only: no node-redis, no client', () => {
    expect(installed(pack.consumer, 'redis')).toBe(false);
    expect(installed(pack.consumer, 'cdk-elasticache-client')).toBe(false);
    const manifest = JSON.parse(fs.readFileSync(path.join(pack.consumer, 'node_modules', 'cdk-elasticache', 'package.json'), 'utf8'));
    expect(Object.keys(manifest.dependencies ?? {})).toEqual([]);
    expect(Object.keys(manifest.peerDependencies).sort()).toEqual(['aws-cdk-lib', 'constructs']);
  });

  test('require("cdk-elasticache") gives the constructs', () => {
    const out = run('node', ['-e', `
      const lib = require('cdk-elasticache');
      console.log(JSON.stringify({ rg: typeof lib.ReplicationGroup, engine: lib.CacheEngine.LATEST.toString() }));
    `], pack.consumer);
    expect(JSON.parse(out)).toEqual({ rg: 'function', engine: 'valkey 9.1' });
  });

  test('a CDK app in the consumer synthesizes a replication group from the installed package', () => {
    const out = run('node', ['-e', `
      const { App, Stack } = require('aws-cdk-lib');
      const ec2 = require('aws-cdk-lib/aws-ec2');
      const { ReplicationGroup } = require('cdk-elasticache');
      const app = new App({ outdir: ${JSON.stringify(path.join(os.tmpdir(), 'pack-synth'))} + process.pid });
      const stack = new Stack(app, 'S', { env: { account: '123456789012', region: 'eu-west-1' } });
      const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0, subnetConfiguration: [{ name: 'iso', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
      new ReplicationGroup(stack, 'Cache', { vpc });
      const t = app.synth().getStackByName('S').template;
      console.log(Object.values(t.Resources).filter((r) => r.Type === 'AWS::ElastiCache::ReplicationGroup').length);
    `], pack.consumer);
    expect(out.trim()).toBe('1');
  });
});

describe('cdk-elasticache-client (the runtime client)', () => {
  let pack: ReturnType<typeof installPacked>;
  beforeAll(() => {
    pack = installPacked(clientRoot, []);
  });
  afterAll(() => fs.rmSync(pack.consumer, { recursive: true, force: true }));

  test('ships compiled JavaScript and types only', () => {
    expect(pack.files).toContain('lib/index.js');
    expect(pack.files).toContain('lib/index.d.ts');
    expect(pack.files.filter((f) => !/^lib\/.*\.(js|d\.ts)$/.test(f)).sort()).toEqual(['LICENSE', 'README.md', 'package.json']);
    expect(fs.readFileSync(path.join(clientRoot, 'LICENSE'), 'utf8')).toBe(fs.readFileSync(path.join(root, 'LICENSE'), 'utf8'));
    console.log(`cdk-elasticache-client tarball: ${pack.files.length} files, ${(pack.bytes / 1024).toFixed(0)} KiB`);
  });

  test('installs without aws-cdk-lib and without its optional peers; node-redis is a normal dependency', () => {
    for (const absent of ['aws-cdk-lib', 'constructs', 'cdk-elasticache', 'express-session', '@aws-sdk/client-secrets-manager', '@aws-sdk/client-elasticache']) {
      expect([absent, installed(pack.consumer, absent)]).toEqual([absent, false]);
    }
    expect(installed(pack.consumer, 'redis')).toBe(true);
  });

  test('require("cdk-elasticache-client") works and reads the same contract names the constructs write', () => {
    const out = run('node', ['-e', `
      const { Cache, CacheConnectionEnv } = require('cdk-elasticache-client');
      const cache = new Cache({ ttl: '1m' });
      cache.set('k', { a: 1 }).then(() => cache.get('k')).then(async (v) => {
        await cache.close();
        console.log(JSON.stringify({ v, names: CacheConnectionEnv.ALL }));
      });
    `], pack.consumer);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const constructs = require(path.join(root, 'lib', 'connection', 'contract.js'));
    expect(JSON.parse(out)).toEqual({ v: { a: 1 }, names: constructs.CacheConnectionEnv.ALL });
  });

  test('its types compile with skipLibCheck: false in a project without the optional peers', () => {
    fs.writeFileSync(path.join(pack.consumer, 'index.ts'), [
      "import { Cache, RedisStore, MemcachedStore, SessionStore, GlobalSecondaryStore, Cache as C } from 'cdk-elasticache-client';",
      "export const cache: C = new Cache({ store: new RedisStore({ url: 'redis://127.0.0.1:6379' }) });",
      "export const memcached = new MemcachedStore({ nodes: ['127.0.0.1:11211'] });",
      'export type Sessions = SessionStore;',
      'export type Secondary = GlobalSecondaryStore;',
      "export const loaded: Promise<(number | undefined)[]> = cache.getOrSetMany(['a'], async (keys) => keys.map((k) => k.length));",
      "import { redisFromEnvironment } from 'cdk-elasticache-client';",
      "export const leaderboard = redisFromEnvironment(process.env).then((redis) => redis.zRange('top', 0, 9));",
    ].join('\n'));
    // Node's types only: TypeScript also resolves imports through typeRoots, so pointing them at
    // this repository's @types (which has express-session) would hide a leak.
    fs.mkdirSync(path.join(pack.consumer, 'types'));
    fs.symlinkSync(path.join(root, 'node_modules', '@types', 'node'), path.join(pack.consumer, 'types', 'node'));
    fs.writeFileSync(path.join(pack.consumer, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        strict: true,
        skipLibCheck: false,
        esModuleInterop: true, // tsc --init's default; node-redis's own types need it
        noEmit: true,
        target: 'ES2022',
        module: 'commonjs',
        moduleResolution: 'node10',
        types: ['node'],
        typeRoots: ['./types'],
      },
      files: ['index.ts'],
    }));
    let output = '';
    try {
      run(path.join(root, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], pack.consumer);
    } catch (err) {
      output = String((err as { stdout?: string }).stdout ?? err);
    }
    expect(output).toBe('');
  });
});
