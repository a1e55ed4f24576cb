import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// Packs the built package and installs the tarball with its peers into an empty project,
// as a user would, then requires both entry points from there.
const root = path.resolve(__dirname, '..', '..');

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
}

describe('the packed tarball', () => {
  let dir: string;
  let tarball: string;

  beforeAll(() => {
    if (!fs.existsSync(path.join(root, 'lib', 'index.js')) || !fs.existsSync(path.join(root, 'lib', 'client', 'index.js'))) {
      throw new Error('lib/ is not built: run `npx projen compile` (npm test does it first)');
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-elasticache-pack-'));
    const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', dir], root));
    tarball = path.join(dir, packed[0].filename);
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    const peers = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).devDependencies;
    // Peers at the versions this repo tests with, from the local npm cache when it has them.
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball,
      `aws-cdk-lib@${peers['aws-cdk-lib']}`, `constructs@${peers.constructs}`], dir);
  });

  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('ships the compiled constructs, the client and the bundled Lambda handler, not the sources', () => {
    const files: string[] = JSON.parse(run('npm', ['pack', '--dry-run', '--json'], root))[0].files.map((f: { path: string }) => f.path);
    expect(files).toContain('lib/index.js');
    expect(files).toContain('lib/client/index.js');
    expect(files).toContain('lib/client/index.d.ts');
    expect(files.some((f) => /^assets\/auth\/rotation\/cache-secret-rotation\.lambda\/index\.js$/.test(f))).toBe(true);
    expect(files.some((f) => f.startsWith('src/') || f.startsWith('test/'))).toBe(false);
  });

  test('require("cdk-elasticache") gives the constructs', () => {
    const out = run('node', ['-e', `
      const lib = require('cdk-elasticache');
      console.log(JSON.stringify({ rg: typeof lib.ReplicationGroup, engine: lib.CacheEngine.LATEST.toString() }));
    `], dir);
    expect(JSON.parse(out)).toEqual({ rg: 'function', engine: 'valkey 9.1' });
  });

  test('require("cdk-elasticache/client") gives the client with the same contract names', () => {
    const out = run('node', ['-e', `
      const client = require('cdk-elasticache/client');
      const lib = require('cdk-elasticache');
      console.log(JSON.stringify({ same: client.CacheConnectionEnv.ALL.join() === lib.CacheConnectionEnv.ALL.join(), endpoint: client.CacheConnectionEnv.ENDPOINT }));
    `], dir);
    expect(JSON.parse(out)).toEqual({ same: true, endpoint: 'CACHE_ENDPOINT' });
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
    `], dir);
    expect(out.trim()).toBe('1');
  });
});
