import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { build, Plugin } from 'esbuild';

// The aws-cdk-lib peer range starts at the oldest version the constructs need (.projenrc.ts,
// CDK_FLOOR), not at the one they are built with. The example app, installed from the tarball as a
// user would, synthesizes against that oldest version and against the newest. Both come from the
// npm cache `npm ci` filled (`aws-cdk-lib-floor` is the floor under another name), so nothing is
// downloaded here.
const root = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const floor = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'aws-cdk-lib-floor', 'package.json'), 'utf8')).version as string;
const newest = manifest.devDependencies['aws-cdk-lib'] as string;

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
}

/** The example stack as a user's app would hold it: importing 'cdk-elasticache', not ../src. */
async function bundleExample(outfile: string): Promise<void> {
  const asPackage: Plugin = {
    name: 'cdk-elasticache-as-package',
    setup(resolver) {
      resolver.onResolve({ filter: /^\.\.\/src$/ }, () => ({ path: 'cdk-elasticache', external: true }));
    },
  };
  await build({
    entryPoints: [path.join(root, 'examples', 'example-stack.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs', 'cdk-elasticache'],
    plugins: [asPackage],
    logLevel: 'silent',
  });
}

let tarball: string;
let work: string;
beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-elasticache-floor-'));
  tarball = path.join(work, JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], root))[0].filename);
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

test('the peer range starts at the floor, below the version the package is built with', () => {
  expect(manifest.peerDependencies['aws-cdk-lib']).toBe(`^${floor}`);
  expect(floor < newest).toBe(true);
});

test('the constructs\' sources type-check against the floor\'s aws-cdk-lib (a prop it lacks would be dropped silently at run time)', () => {
  const floorLib = path.join(root, 'node_modules', 'aws-cdk-lib-floor');
  const tsconfig = path.join(work, 'tsconfig.floor.json');
  fs.writeFileSync(tsconfig, JSON.stringify({
    compilerOptions: {
      target: 'ES2022',
      module: 'commonjs',
      lib: ['es2022'],
      strict: true,
      esModuleInterop: true,
      skipLibCheck: true,
      noEmit: true,
      resolveJsonModule: true,
      types: ['node'],
      typeRoots: [path.join(root, 'node_modules', '@types')],
      baseUrl: root,
      paths: { 'aws-cdk-lib': [floorLib], 'aws-cdk-lib/*': [`${floorLib}/*`] },
    },
    include: [path.join(root, 'src', '**', '*.ts')],
    exclude: [path.join(root, 'src', '**', '*.lambda.ts'), path.join(root, 'src', 'auth', 'rotation', '*-steps.ts')],
  }));
  let output = '';
  try {
    run(path.join(root, 'node_modules', '.bin', 'tsc'), ['-p', tsconfig], root);
  } catch (err) {
    output = String((err as { stdout?: string }).stdout ?? err);
  }
  expect(output).toBe('');
});

test.each([['the floor', floor], ['the newest', newest]])('the example synthesizes from the installed tarball against %s (aws-cdk-lib %s)', async (_which, version) => {
  const consumer = fs.mkdtempSync(path.join(work, 'consumer-'));
  fs.writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball, `aws-cdk-lib@${version}`, `constructs@${manifest.devDependencies.constructs}`], consumer);
  await bundleExample(path.join(consumer, 'example-stack.js'));
  fs.cpSync(path.join(root, 'examples', 'lambda'), path.join(consumer, 'lambda'), { recursive: true });
  const out = run('node', ['-e', `
    const { App } = require('aws-cdk-lib');
    const { ExampleStack } = require('./example-stack');
    // No bundling of the example's function: this checks the constructs, not esbuild.
    const app = new App({ outdir: 'cdk.out', context: { 'aws:cdk:bundling-stacks': [] } });
    new ExampleStack(app, 'Example', { env: { account: '123456789012', region: 'us-east-1' } });
    // L1 properties newer than the floor are overrides: they must reach the template on every version.
    const ec2 = require('aws-cdk-lib/aws-ec2');
    const { CacheEngine, DurabilityMode, ReplicationGroup } = require('cdk-elasticache');
    const durable = new (require('aws-cdk-lib').Stack)(app, 'Durable', { env: { account: '123456789012', region: 'us-east-1' } });
    const vpc = new ec2.Vpc(durable, 'Vpc', { natGateways: 0, subnetConfiguration: [{ name: 'iso', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    new ReplicationGroup(durable, 'Cache', { vpc, engine: CacheEngine.VALKEY_9_0, nodeType: 'cache.r7g.large', durability: DurabilityMode.SYNC });
    const assembly = app.synth();
    const t = assembly.getStackByName('Example').template;
    const groups = Object.values(assembly.getStackByName('Durable').template.Resources).filter((r) => r.Type === 'AWS::ElastiCache::ReplicationGroup');
    const count = (type) => Object.values(t.Resources).filter((r) => r.Type === type).length;
    console.log(JSON.stringify({
      cdk: require('aws-cdk-lib/package.json').version,
      groups: count('AWS::ElastiCache::ReplicationGroup'), clusters: count('AWS::ElastiCache::CacheCluster'),
      serverless: count('AWS::ElastiCache::ServerlessCache'), alarms: count('AWS::CloudWatch::Alarm') > 0,
      durability: groups[0].Properties.Durability,
    }));
  `], consumer);
  expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual({ cdk: version, groups: 1, clusters: 1, serverless: 1, alarms: true, durability: 'sync' });
});
