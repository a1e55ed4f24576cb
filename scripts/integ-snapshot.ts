import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/*
 * Snapshot check for the integ tests in integ/ (IntegTest apps), in integ-runner's layout
 * (integ/integ.NAME.ts.snapshot/). Tried 2026-12-04: @aws-cdk/integ-runner 2.197.10, the newest on
 * npm (it bundles the aws-cdk CLI 2.1115.1), run as
 *   integ-runner --directory integ --language typescript --app "npx ts-node --project test/tsconfig.json {filePath}" --dry-run
 * fails every test with "Cloud assembly schema version mismatch: Maximum schema version supported
 * is 53.x.x, but found 55.0.0. You need at least CLI version 2.1148.2 to read this manifest"
 * (aws-cdk-lib 2.276 writes schema 55). So this script does its snapshot step: synthesize
 * each app and compare its templates and integ manifest with the committed snapshot.
 * `--update` rewrites the snapshots. Deploying the tests still needs AWS credentials and a CLI.
 */
const root = path.resolve(__dirname, '..');
const update = process.argv.includes('--update');
const ASSET_HASH = /[0-9a-f]{64}/g;
// IntegTest assertions carry a per-synth timestamp so they re-run on every deploy.
const SALT = /"salt": "\d+"/g;

function synth(entry: string): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'integ-'));
  execFileSync(process.execPath, [require.resolve('ts-node/dist/bin'), '--project', 'test/tsconfig.json', entry], {
    cwd: root,
    env: { ...process.env, CDK_OUTDIR: outdir, CDK_DEFAULT_REGION: 'us-east-1', CDK_DEFAULT_ACCOUNT: '123456789012' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return outdir;
}

/** The files a snapshot keeps: the templates and the integ manifest (asset manifests hash the salted templates). */
function snapshotFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of fs.readdirSync(dir).sort()) {
    if (name.endsWith('.template.json') || name === 'integ.json') {
      files.set(name, fs.readFileSync(path.join(dir, name), 'utf8').replace(ASSET_HASH, 'ASSET_HASH').replace(SALT, '"salt": "SALT"'));
    }
  }
  return files;
}

let failures = 0;
const tests = fs.readdirSync(path.join(root, 'integ')).filter((f) => /^integ\..+\.ts$/.test(f));
for (const test of tests) {
  const entry = path.join('integ', test);
  const snapshotDir = path.join(root, 'integ', `${test}.snapshot`);
  const outdir = synth(entry);
  const actual = snapshotFiles(outdir);
  fs.rmSync(outdir, { recursive: true, force: true });
  if (!actual.has('integ.json')) throw new Error(`${entry}: no integ.json: the app must define an IntegTest`);
  if (update) {
    fs.rmSync(snapshotDir, { recursive: true, force: true });
    fs.mkdirSync(snapshotDir, { recursive: true });
    for (const [name, text] of actual) fs.writeFileSync(path.join(snapshotDir, name), text);
    console.log(`UPDATED   ${entry} (${actual.size} files)`);
    continue;
  }
  const expected = fs.existsSync(snapshotDir) ? snapshotFiles(snapshotDir) : new Map<string, string>();
  const names = new Set([...expected.keys(), ...actual.keys()]);
  const changed = [...names].filter((n) => expected.get(n) !== actual.get(n));
  if (changed.length === 0) {
    console.log(`UNCHANGED ${entry}`);
  } else {
    failures++;
    console.log(`CHANGED   ${entry}: ${changed.join(', ')} (run \`npx projen integ:update\` if intended)`);
  }
}
console.log(`integ snapshots: ${tests.length - failures} passed, ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
