import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

// Every ```ts block of the README compiles as printed. A block is checked as the body of an async
// method of a Stack (so `this`, `await` and local declarations work); its imports are hoisted, the
// names it uses without importing come from the prelude below, and the free variables a reader
// would have in their app (a VPC, a function, ...) are declared with the types the API expects.

const ROOT = path.resolve(__dirname, '../..');
const DOCS = ['README.md', 'client/README.md', 'client/src/README.md',
  ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];

/** Names a snippet may use without importing them, and the import that brings each. */
const PRELUDE_IMPORTS: Record<string, string> = {
  App: "import { App } from 'aws-cdk-lib';",
  Duration: "import { Duration } from 'aws-cdk-lib';",
  Size: "import { Size } from 'aws-cdk-lib';",
  Stack: "import { Stack } from 'aws-cdk-lib';",
  Aspects: "import { Aspects } from 'aws-cdk-lib';",
  ec2: "import * as ec2 from 'aws-cdk-lib/aws-ec2';",
  lambda: "import * as lambda from 'aws-cdk-lib/aws-lambda';",
  kms: "import * as kms from 'aws-cdk-lib/aws-kms';",
  sns: "import * as sns from 'aws-cdk-lib/aws-sns';",
};

/** Free variables of the snippets: what the surrounding app would hold. */
const FREE_VARIABLES = `
declare const vpc: ec2.IVpc;
declare const myFunction: lambda.Function;
declare const fn: lambda.Function;
declare const euFunction: lambda.Function;
declare const existingSecret: import('aws-cdk-lib/aws-secretsmanager').ISecret;
declare const sg: ec2.ISecurityGroup;
declare const securityGroup: ec2.ISecurityGroup;
declare const container: import('aws-cdk-lib/aws-ecs').ContainerDefinition;
declare const service: import('aws-cdk-lib/aws-ecs').FargateService;
declare const instance: ec2.Instance;
declare const asg: import('aws-cdk-lib/aws-autoscaling').AutoScalingGroup;
declare const environment: import('aws-cdk-lib/aws-elasticbeanstalk').CfnEnvironment;
declare const instanceRole: import('aws-cdk-lib/aws-iam').IRole;
declare const role: import('aws-cdk-lib/aws-iam').IRole;
declare const cache: import('cdk-elasticache').ReplicationGroup;
declare const orders: import('cdk-elasticache').ReplicationGroup;
declare const sessions: import('cdk-elasticache').MemcachedCluster;
declare const id: string;
declare const sku: string;
declare const skus: string[];
declare const secret: string;
declare const db: any;
declare const redisStore: import('cdk-elasticache-client').RedisStore;
declare const prices: { fetch(sku: string): Promise<number> };
declare const app: { use(handler: unknown): void };
declare function loadProduct(id: string): Promise<{ id: string }>;
declare function loadStock(id: string): Promise<number>;
`;

interface Snippet { readonly doc: string; readonly line: number; readonly code: string }

function snippets(doc: string): Snippet[] {
  const lines = fs.readFileSync(path.join(ROOT, doc), 'utf8').split('\n');
  const found: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '```ts') continue;
    const start = i + 1;
    while (i + 1 < lines.length && lines[i + 1].trim() !== '```') i++;
    found.push({ doc, line: start + 1, code: lines.slice(start, i + 1).join('\n') });
    i++;
  }
  return found;
}

const IMPORT = /^import\s[\s\S]*?from\s+'[^']+';/gm;

/** The names an import statement declares. */
function importedNames(statement: string): string[] {
  const clause = statement.replace(/^import\s+(type\s+)?/, '').replace(/\s+from\s+'[^']+';$/, '');
  const names: string[] = [];
  const braces = clause.match(/\{([\s\S]*)\}/);
  if (braces) names.push(...braces[1].split(',').map((n) => n.trim().split(/\s+as\s+/).pop()!).filter(Boolean));
  const outside = clause.replace(/\{[\s\S]*\}/, '').split(',').map((n) => n.trim()).filter(Boolean);
  for (const n of outside) names.push(n.replace(/^\*\s+as\s+/, ''));
  return names;
}

/** A snippet as a module: hoisted imports, the prelude it needs, its body in a Stack's method. */
function asModule(s: Snippet): string {
  const imports = s.code.match(IMPORT) ?? [];
  const body = s.code.replace(IMPORT, '').replace(/^export\s+/gm, '');
  const own = new Set(imports.flatMap(importedNames));
  const prelude = Object.entries(PRELUDE_IMPORTS).filter(([name]) => !own.has(name)).map(([, line]) => line);
  const library = libraryNames().filter((n) => !own.has(n) && !(n in PRELUDE_IMPORTS));
  return [
    ...imports,
    ...prelude,
    `import { ${library.join(', ')} } from 'cdk-elasticache';`,
    FREE_VARIABLES,
    'export class Snippet extends Stack {',
    '  public async run(): Promise<void> {',
    body,
    '  }',
    '}',
  ].join('\n');
}

let names: string[] | undefined;
function libraryNames(): string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  names ??= Object.keys(require('../../src')).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n));
  return names;
}

const all = DOCS.flatMap(snippets);

test('the README has snippets to check', () => {
  expect(all.length).toBeGreaterThanOrEqual(10);
});

test('every README snippet compiles as printed', () => {
  const files = new Map(all.map((s, i) => [path.join(ROOT, 'test/docs', `__snippet_${i}.ts`), s] as const));
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    esModuleInterop: true,
    lib: ['lib.es2022.d.ts'],
    types: ['node'],
    baseUrl: ROOT,
    paths: { 'cdk-elasticache': ['src/index.ts'], 'cdk-elasticache-client': ['client/src/index.ts'] },
    // Snippets are fragments: unused names and locals are normal in them.
    noUnusedLocals: false,
    noUnusedParameters: false,
  };
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (file, lang, onError) => {
    const s = files.get(path.resolve(file));
    return s ? ts.createSourceFile(file, asModule(s), lang) : read(file, lang, onError);
  };
  const exists = host.fileExists.bind(host);
  host.fileExists = (file) => files.has(path.resolve(file)) || exists(file);
  const program = ts.createProgram([...files.keys()], options, host);
  const problems = ts.getPreEmitDiagnostics(program)
    .filter((d) => d.file && files.has(path.resolve(d.file.fileName)))
    .map((d) => {
      const s = files.get(path.resolve(d.file!.fileName))!;
      const text = d.file!.text;
      const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
      const code = text.split('\n')[line]?.trim();
      return `${s.doc}, snippet at line ${s.line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}\n    ${code}`;
    });
  expect(problems).toEqual([]);
}, 120_000);
