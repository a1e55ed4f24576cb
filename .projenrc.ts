import { awscdk, javascript, JsonFile } from 'projen';
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
  constructsVersion: '10.5.1',
  jsiiVersion: '~5.9.0',

  // jsii compiles the constructs only. The runtime client and Lambda handlers use
  // generics, async and non-jsii dependencies, so they are compiled separately.
  excludeTypescript: ['src/client/**', 'src/**/*.lambda.ts'],
  lambdaOptions: { runtime: awscdk.LambdaRuntime.NODEJS_24_X },

  // No hosted CI/release: CI is .ci/run on a clean clone.
  github: false,
  release: false,
  buildWorkflow: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
  autoApproveUpgrades: false,
  clobber: false,

  // The runtime client's dependencies are bundled: jsii only allows jsii modules as plain deps.
  bundledDeps: ['redis@^6.3.1'],
  devDeps: [
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
  ],

  jestOptions: {
    // Jest 29: jest 30 resolves through unrs-resolver, whose non-Linux native bindings the
    // registry mirror here lacks, so `npm ci` rejects the lock file it writes.
    jestVersion: '^29',
    updateSnapshot: UpdateSnapshot.NEVER,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testTimeout: 120_000,
      // Jest's default is one worker fewer than the cores: on CI's two cores that is one. The
      // server-backed suites mostly wait on sockets, so both cores run suites.
      maxWorkers: '100%',
      coveragePathIgnorePatterns: ['/node_modules/', '/test/'],
      moduleNameMapper: { '^cdk-elasticache/client$': '<rootDir>/src/client/index.ts' },
    },
  },
  tsconfigDev: {
    // Paths are relative to test/, where projen writes this tsconfig.
    include: ['../integ/**/*.ts', '../examples/**/*.ts', '../scripts/**/*.ts', '../bench/**/*.ts'],
    // The example's handler imports the client as users do; in this repository that is the source.
    compilerOptions: { baseUrl: '.', paths: { 'cdk-elasticache/client': ['../src/client/index.ts'] } },
  },
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'integ', 'examples', 'scripts', 'bench', '.projenrc.ts'],
  },
  gitignore: ['cdk.out', '/examples/cdk.out', '*.tgz', '/.tmp/'],
});

// 3.6: later versions resolve through native bindings (unrs-resolver / rspack) — see jest above.
project.deps.removeDependency('eslint-import-resolver-typescript');
project.addDevDeps('eslint-import-resolver-typescript@~3.6.3');

// The runtime client (and anything else outside jsii) compiles with plain tsc into lib/.
const runtimeTsconfig = 'tsconfig.runtime.json';
new JsonFile(project, runtimeTsconfig, {
  obj: {
    compilerOptions: {
      target: 'ES2022',
      module: 'commonjs',
      lib: ['es2022'],
      declaration: true,
      strict: true,
      esModuleInterop: true,
      skipLibCheck: true,
      rootDir: 'src',
      outDir: 'lib',
      noUnusedLocals: true,
      noUnusedParameters: true,
      noImplicitReturns: true,
      resolveJsonModule: true,
    },
    // The Lambda handlers are bundled by esbuild, which does not type-check: tsc does it here.
    include: ['src/client/**/*.ts', 'src/**/*.lambda.ts'],
  },
});
project.addPackageIgnore('/lib/**/*.lambda.*');
// The rotation steps (shared skeleton, AUTH token, user password): Lambda code, bundled into the rotation function.
for (const steps of ['rotation-steps', 'auth-token-steps', 'user-password-steps']) {
  project.eslint!.allowDevDeps(`src/auth/rotation/${steps}.ts`);
  project.addPackageIgnore(`/lib/auth/rotation/${steps}.*`);
}

// ESLint type-checks every file against the tsconfig that compiles it.
project.tryFindObjectFile('.eslintrc.json')!.addOverride('parserOptions.projectService', undefined);
project.tryFindObjectFile('.eslintrc.json')!.addOverride('parserOptions.project',
  ['./tsconfig.json', `./${runtimeTsconfig}`, './test/tsconfig.json', './projenrc/tsconfig.json']);
const compileRuntime = project.addTask('compile:runtime', {
  description: 'Compile the runtime client (not jsii) into lib/',
  exec: `tsc -p ${runtimeTsconfig}`,
});
project.postCompileTask.prependSpawn(compileRuntime);

// package.json: expose the client as a sub-path.
project.package.addField('exports', {
  '.': { types: './lib/index.d.ts', default: './lib/index.js' },
  './client': { types: './lib/client/index.d.ts', default: './lib/client/index.js' },
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

for (const p of ['/examples/', '/integ/', '/bench/', '/scripts/', '/.ci/', '/notes/']) project.addPackageIgnore(p);

project.synth();
