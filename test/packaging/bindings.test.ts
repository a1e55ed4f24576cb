import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// Every CDK language (issue 13): the .jsii manifest declares Python, Java, .NET and Go targets, and
// jsii-pacmak generates each one's bindings from it (and the npm tarball). `--code-only` writes the sources without
// building them, so no Python, JDK, .NET or Go toolchain is needed. A name that would not map
// (a reserved word such as `lambda` in Python) already fails the build: `jsii --fail-on-warnings`.
const root = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, '.jsii'), 'utf8'));
let out: string;

beforeAll(() => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-elasticache-bindings-'));
  execFileSync(path.join(root, 'node_modules', '.bin', 'jsii-pacmak'),
    ['--code-only', '--target', 'js', '--target', 'python', '--target', 'java', '--target', 'dotnet', '--target', 'go', '--outdir', out],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
});
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

const read = (...parts: string[]) => fs.readFileSync(path.join(out, ...parts), 'utf8');

test('the manifest names every language as Construct Hub lists it', () => {
  expect(manifest.targets).toEqual({
    js: { npm: 'cdk-elasticache' },
    python: { distName: 'cdk-elasticache', module: 'cdk_elasticache' },
    java: { package: 'dev.cdkelasticache', maven: { groupId: 'dev.cdk-elasticache', artifactId: 'cdk-elasticache' } },
    dotnet: { namespace: 'CdkElastiCache', packageId: 'CdkElastiCache' },
    go: { moduleName: 'github.com/cdk-elasticache/cdk-elasticache-go' },
  });
});

test('Python: the module has every construct, with snake_case names and no escaped reserved words', () => {
  const py = read('python', 'src', 'cdk_elasticache', '__init__.py');
  for (const name of ['ReplicationGroup', 'MemcachedCluster', 'ServerlessCache', 'CacheClientTarget']) expect(py).toMatch(new RegExp(`^class ${name}\\(`, 'm'));
  expect(py).toMatch(/def lambda_function\(/);
  // jsii escapes a reserved word by appending "_" (`lambda_`): nothing public may read that way.
  expect(py.match(/^\s+def [a-z][a-z0-9_]*_\(/gm) ?? []).toEqual([]);
  expect(read('python', 'setup.py')).toMatch(/"name": "cdk-elasticache"/);
});

test('JavaScript: the npm tarball, from the same manifest', () => {
  expect(fs.readdirSync(path.join(out, 'js'))).toEqual([`cdk-elasticache@${manifest.version}.jsii.tgz`]);
});

test('Java, .NET and Go: each construct is a class in the named package', () => {
  for (const name of ['ReplicationGroup', 'MemcachedCluster', 'ServerlessCache']) {
    expect(read('java', 'src', 'main', 'java', 'dev', 'cdkelasticache', `${name}.java`)).toMatch(new RegExp(`public class ${name} `));
    expect(read('dotnet', 'CdkElastiCache', 'CdkElastiCache', `${name}.cs`)).toMatch(new RegExp(`public class ${name} `));
    expect(read('go', 'cdkelasticache', `${name}.go`)).toMatch(new RegExp(`^type ${name} interface`, 'm'));
  }
  expect(read('java', 'pom.xml')).toMatch(/<groupId>dev\.cdk-elasticache<\/groupId>/);
  expect(read('go', 'cdkelasticache', 'go.mod')).toMatch(/^module github\.com\/cdk-elasticache\/cdk-elasticache-go\/cdkelasticache/m);
});
