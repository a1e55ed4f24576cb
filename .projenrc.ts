import { awscdk, javascript, JsonFile, DependencyType } from 'projen';
import { UpdateSnapshot } from 'projen/lib/javascript';

// The single source of project config. Run `npx projen` after editing.
const CDK_VERSION = '2.276.0';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-elasticache',
  description:
    'AWS CDK L3 constructs for Amazon ElastiCache (Valkey / Redis OSS / Memcached), secure and monitored by default, with a companion runtime caching client.',
  author: 'cdk-elasticache developers',
  authorAddress: 'maintainers@cdk-elasticache.dev',
  repositoryUrl: 'https://github.com/cdk-elasticache/cdk-elasticache.git',
  keywords: ['aws-cdk', 'elasticache', 'valkey', 'redis', 'memcached', 'cache'],
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  projenrcTs: true,
  packageManager: javascript.NodePackageManager.NPM,
  minNodeVersion: '20.0.0',

  cdkVersion: CDK_VERSION,
  // Built and tested with CDK_VERSION (devDependencies below); the peer range is wider (CDK_FLOOR).
  peerDependencyOptions: { pinnedDevDependency: false },
  constructsVersion: '10.5.1',
  jsiiVersion: '~5.9.0',

  // jsii compiles the constructs only; the Lambda handlers are bundled by esbuild. The runtime
  // client is its own package in client/ (generics, async and non-jsii dependencies).
  excludeTypescript: ['src/**/*.lambda.ts'],
  lambdaOptions: { runtime: awscdk.LambdaRuntime.NODEJS_24_X },

  // Every CDK language, named as Construct Hub lists them. CI generates each language's bindings
  // (`npm run bindings`: jsii-pacmak --code-only, so no Python, JDK, .NET or Go toolchain is needed).
  publishToPypi: { distName: 'cdk-elasticache', module: 'cdk_elasticache' },
  publishToMaven: { javaPackage: 'dev.cdkelasticache', mavenGroupId: 'dev.cdk-elasticache', mavenArtifactId: 'cdk-elasticache' },
  publishToNuget: { dotNetNamespace: 'CdkElastiCache', packageId: 'CdkElastiCache' },
  publishToGo: { moduleName: 'github.com/cdk-elasticache/cdk-elasticache-go' },

  // No hosted CI/release: CI is .ci/run on a clean clone.
  github: false,
  release: false,
  buildWorkflow: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
  autoApproveUpgrades: false,
  clobber: false,

  devDeps: [
    // The client's (client/package.json) dependency, for its tests and the benchmarks here.
    'redis@^6.3.1',
    'cdk-nag@^3.0.2',
    'aws-sdk-client-mock@^4',
    'aws-sdk-client-mock-jest@^4',
    '@aws-sdk/client-secrets-manager@^3',
    '@aws-sdk/client-elasticache@^3',
    '@types/aws-lambda',
    '@aws-cdk/integ-tests-alpha',
    // Peers the benchmarks (bench/) measure the client against, side by side.
    'bentocache@^1.6.1',
    'ioredis@^5',
    'cache-manager@^7',
    'keyv@^5',
    'memjs@^1.3.2',
    // The session store is tested with real express apps.
    'express@^5',
    'express-session@^1.19.0',
    '@types/express@^5',
    '@types/express-session@^1.18',
    // Property-based tests: thousands of random prop sets against the constructs' validation.
    'fast-check@^4',
    // The client's OpenTelemetry output is asserted with the SDK's in-memory exporters.
    '@opentelemetry/api@~1.9.0',
    '@opentelemetry/sdk-metrics@~2.12.1',
    '@opentelemetry/sdk-trace-base@~2.12.1',
    '@opentelemetry/context-async-hooks@~2.12.1',
  ],

  jestOptions: {
    // Jest 29: jest 30 resolves through unrs-resolver, whose non-Linux native bindings the
    // registry mirror here lacks, so `npm ci` rejects the lock file it writes.
    jestVersion: '^29',
    updateSnapshot: UpdateSnapshot.NEVER,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/client/test/**/*.test.ts'],
      testTimeout: 120_000,
      // Jest's default is one worker fewer than the cores: on CI's two cores that is one. The
      // server-backed suites mostly wait on sockets, so both cores run suites.
      maxWorkers: '100%',
      coveragePathIgnorePatterns: ['/node_modules/', '/test/'],
      moduleNameMapper: { '^cdk-elasticache-client$': '<rootDir>/client/src/index.ts' },
      setupFilesAfterEnv: ['<rootDir>/test/setup-outdir.ts'],
    },
  },
  tsconfigDev: {
    // Paths are relative to test/, where projen writes this tsconfig.
    include: ['../client/**/*.ts', '../integ/**/*.ts', '../examples/**/*.ts', '../scripts/**/*.ts', '../bench/**/*.ts'],
    exclude: ['../client/lib/**'],
    // The example's handler imports the client as users do; in this repository that is the source.
    compilerOptions: { baseUrl: '.', paths: { 'cdk-elasticache-client': ['../client/src/index.ts'] } },
  },
  eslintOptions: {
    dirs: ['src', 'client/src'],
    devdirs: ['test', 'client/test', 'integ', 'examples', 'scripts', 'bench', '.projenrc.ts'],
  },
  gitignore: ['cdk.out', '/examples/cdk.out', '*.tgz', '/.tmp/', '/client/lib/'],
});

// A jsii warning is an error: a name that does not map to every language (a reserved word such as
// `lambda` in Python) must be renamed, not silenced (projen silences reserved words by default).
project.compileTask.reset('jsii --fail-on-warnings');
project.tasks.tryFind('watch')!.reset('jsii -w --fail-on-warnings');
project.addTask('bindings', {
  description: 'Generate the Python, Java, .NET and Go bindings and the npm tarball from the .jsii manifest (code only, into dist/)',
  exec: 'jsii-pacmak --code-only --target js --target python --target java --target dotnet --target go --outdir dist',
});

project.addTask('smoke:python', {
  description: 'Synthesize a default ReplicationGroup from the Python bindings (needs python3 and PyPI; not part of npm test)',
  exec: 'bash scripts/python-smoke.sh',
});

// The peer floor: the oldest aws-cdk-lib the constructs need, not the one they are built with.
// 2.252 is the first with `Validations.of(scope).acknowledge`, which the constructs use to
// acknowledge the compliance findings they answer for; before it, src/ does not compile. L1
// properties newer than the floor are set as property overrides (durability: 2.260, a serverless
// networkType: 2.258, connectionType: 2.273). The Python, Java, .NET and Go packages get the same
// range from the .jsii manifest. `aws-cdk-lib-floor` is that version under another name,
// installed by `npm ci`, so test/packaging/peer-floor.test.ts type-checks src/ and synthesizes the
// example against it offline. constructs: what aws-cdk-lib at the floor itself asks for.
const CDK_FLOOR = '2.252.0';
project.deps.removeDependency('aws-cdk-lib', DependencyType.PEER);
project.deps.addDependency(`aws-cdk-lib@^${CDK_FLOOR}`, DependencyType.PEER);
project.deps.removeDependency('constructs', DependencyType.PEER);
project.deps.addDependency('constructs@^10.5.0', DependencyType.PEER);
project.addDevDeps(`aws-cdk-lib@${CDK_VERSION}`, 'constructs@10.5.1', `aws-cdk-lib-floor@npm:aws-cdk-lib@${CDK_FLOOR}`);

// 3.6: later versions resolve through native bindings (unrs-resolver / rspack) — see jest above.
project.deps.removeDependency('eslint-import-resolver-typescript');
project.addDevDeps('eslint-import-resolver-typescript@~3.6.3');

const compilerOptions = {
  target: 'ES2022',
  module: 'commonjs',
  lib: ['es2022'],
  declaration: true,
  strict: true,
  esModuleInterop: true,
  skipLibCheck: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  noImplicitReturns: true,
  resolveJsonModule: true,
};
// The Lambda handlers are bundled by esbuild, which does not type-check: tsc does it here.
const runtimeTsconfig = 'tsconfig.runtime.json';
new JsonFile(project, runtimeTsconfig, {
  obj: { compilerOptions: { ...compilerOptions, noEmit: true }, include: ['src/**/*.lambda.ts'] },
});

// ---- The runtime client: its own npm package, `cdk-elasticache-client`, in client/ ----------
// It installs without aws-cdk-lib; node-redis is its one dependency, the AWS SDK clients and
// express-session optional peers (loaded on first use; its published types do not name them).
const clientTsconfig = 'client/tsconfig.json';
new JsonFile(project, clientTsconfig, {
  obj: { compilerOptions: { ...compilerOptions, rootDir: 'src', outDir: 'lib' }, include: ['src/**/*.ts'] },
});
const optionalPeers: Record<string, string> = {
  '@aws-sdk/client-elasticache': '^3',
  '@aws-sdk/client-secrets-manager': '^3',
  '@aws-sdk/credential-providers': '^3',
  'express-session': '^1.18',
  '@opentelemetry/api': '^1.9.0',
};
new JsonFile(project, 'client/package.json', {
  obj: {
    name: 'cdk-elasticache-client',
    version: '0.0.0',
    description: 'The runtime caching client for Amazon ElastiCache (Valkey / Redis OSS / Memcached) caches made with cdk-elasticache: '
      + 'cache-aside, read-through, write-through, write-behind, sessions; no AWS CDK needed at run time.',
    keywords: ['elasticache', 'valkey', 'redis', 'memcached', 'cache', 'cache-aside', 'express-session'],
    license: 'Apache-2.0',
    author: { name: 'cdk-elasticache developers', email: 'maintainers@cdk-elasticache.dev' },
    repository: { type: 'git', url: 'https://github.com/cdk-elasticache/cdk-elasticache.git', directory: 'client' },
    engines: { node: '>= 20.0.0' },
    main: 'lib/index.js',
    types: 'lib/index.d.ts',
    exports: { '.': { types: './lib/index.d.ts', default: './lib/index.js' }, './package.json': './package.json' },
    files: ['lib/**/*.js', 'lib/**/*.d.ts', 'README.md', 'LICENSE'],
    dependencies: { redis: '^6.3.1' },
    peerDependencies: optionalPeers,
    peerDependenciesMeta: Object.fromEntries(Object.keys(optionalPeers).map((name) => [name, { optional: true }])),
  },
});
project.addPackageIgnore('/lib/**/*.lambda.*');
// The rotation steps (shared skeleton, AUTH token, user password): Lambda code, bundled into the rotation function.
for (const steps of ['rotation-steps', 'auth-token-steps', 'user-password-steps']) {
  project.eslint!.allowDevDeps(`src/auth/rotation/${steps}.ts`);
  project.addPackageIgnore(`/lib/auth/rotation/${steps}.*`);
}

// The client's sources take dependencies from client/package.json, its tests also the root's dev deps.
project.eslint!.addOverride({
  files: ['client/**'],
  rules: {
    'import/no-extraneous-dependencies': ['error', {
      devDependencies: ['**/client/test/**'], packageDir: ['.', './client'], optionalDependencies: false, peerDependencies: true,
    }],
  },
});

// ESLint type-checks every file against the tsconfig that compiles it.
project.tryFindObjectFile('.eslintrc.json')!.addOverride('parserOptions.projectService', undefined);
project.tryFindObjectFile('.eslintrc.json')!.addOverride('parserOptions.project',
  ['./tsconfig.json', `./${runtimeTsconfig}`, `./${clientTsconfig}`, './test/tsconfig.json', './projenrc/tsconfig.json']);
const compileRuntime = project.addTask('compile:runtime', {
  description: 'Type-check the Lambda handlers and compile the client package into client/lib/',
  steps: [{ exec: `tsc -p ${runtimeTsconfig}` }, { exec: `rm -rf client/lib && tsc -p ${clientTsconfig}` }],
});
project.postCompileTask.prependSpawn(compileRuntime);
// The connection contract's names: src/connection/contract.ts, copied into the client (test/connection/contract-copy.test.ts).
project.preCompileTask.exec('node scripts/copy-contract.js');

// The tarball is an allowlist: what a user needs and nothing that happens to lie in the folder
// (cdk.out from `npm run example`, docs, sources). test/packaging fails on anything else.
project.package.addField('files', [
  'lib/**/*.js', 'lib/**/*.d.ts', '!lib/**/*.lambda.*', '!lib/auth/rotation/*-steps.*', 'assets/**', '.jsii', 'README.md', 'LICENSE',
]);

project.package.addField('exports', {
  '.': { types: './lib/index.d.ts', default: './lib/index.js' },
  './package.json': './package.json',
});

// Tests need real servers (redis-server, memcached) and the built package (packaging test).
project.addTask('test:deps', {
  description: 'Install the system packages the tests need when they are missing (Debian)',
  exec: 'bash scripts/ensure-test-deps.sh',
});
// `npm test` is the one command: system deps, a full build (the packaging test packs lib/), then tests.
for (const name of ['post-compile', 'compile', 'pre-compile', 'test:deps']) {
  project.testTask.prependSpawn(project.tasks.tryFind(name)!);
}

// Integration snapshot tests (integ-runner) live in integ/.
// Integration tests (IntegTest apps) live in integ/; their snapshots are checked without deploying.
const integ = project.addTask('integ', {
  description: 'Verify the committed integ snapshots (no deploy)',
  exec: 'ts-node --project test/tsconfig.json scripts/integ-snapshot.ts',
});
project.addTask('integ:update', {
  description: 'Rewrite the integ snapshots (no deploy)',
  exec: 'ts-node --project test/tsconfig.json scripts/integ-snapshot.ts --update',
});
project.testTask.spawn(integ);
// ts-jest only transpiles (isolatedModules), so the tests, examples, scripts and bench are type-checked here.
project.testTask.spawn(project.addTask('test:types', {
  description: 'Type-check the tests, examples, scripts and benchmarks',
  exec: 'tsc --noEmit -p test/tsconfig.json',
}));

// Benchmarks against peers, side by side in one process (not timed tests): `npm run bench`.
project.addTask('bench', {
  description: 'Run the benchmarks (memory, Redis, Memcached clients; example synth time) and print ratios against peers',
  steps: [
    { spawn: 'test:deps' },
    ...['memory', 'redis', 'memcached'].map((name) => ({ exec: `ts-node --transpile-only --project test/tsconfig.json bench/${name}.bench.ts` })),
    // Synth time of the example app against the same template as bare L1s (issue 11); needs the bundled assets.
    { spawn: 'pre-compile' },
    { exec: 'ts-node --transpile-only --project test/tsconfig.json bench/synth.bench.ts' },
  ],
});

// The README's main job: synthesize the example app and summarize it.
project.addTask('example', {
  description: 'Synthesize the example app to cdk.out and print a summary',
  steps: [
    { spawn: 'pre-compile' },
    { exec: 'ts-node --project test/tsconfig.json examples/app.ts' },
  ],
});

for (const p of ['/examples/', '/integ/', '/bench/', '/scripts/', '/.ci/', '/notes/', '/client/']) project.addPackageIgnore(p);

project.synth();
