/**
 * Synth time of the example app against the same template written as bare L1s (issue 11's target:
 * the example stays within 1.5× of the L1s).
 *
 *   npx projen pre-compile     (once: bundles the rotation handlers into assets/, which the caches stage)
 *   npx ts-node --transpile-only --project test/tsconfig.json bench/synth.bench.ts
 *   BENCH_ROUNDS=31 npx ts-node --transpile-only --project test/tsconfig.json bench/synth.bench.ts
 *
 * A  examples/example-stack.ts `ExampleStack` as examples/app.ts builds it (same id and env), but
 *    without the cdk-nag packs and the CloudFormation-validate context: only construct + synthesis.
 *    aws-cdk-lib's built-in CloudFormation validation (on by default, warnings only) is switched
 *    off on both sides too (`builtinCloudFormationValidation: false`); BENCH_CFN_VALIDATE=1 keeps it.
 * L  "the same caches written as bare L1s": the same VPC construct (`ec2.Vpc`, same id and props),
 *    and every other resource of A's template as the aws-cdk-lib L1 class hand-written code uses
 *    (`CfnReplicationGroup`, `CfnAlarm`, `CfnKey`, ...; camelCase props), references as the tokens
 *    such code writes (`x.ref`, `x.getAtt('Arn')`, `Fn.join`, `Aws.PARTITION`, `addResourceDependency`).
 *    bench/l1-stack.ts derives it; the target is A/L.
 * B  the floor: the same VPC construct, and every other resource as one bare `CfnResource` with A's
 *    JSON copied verbatim (Ref / Fn::GetAtt left as raw JSON, so no token is resolved). No code
 *    writes a stack like this; it shows what synthesizing the template alone costs.
 *
 * Why the comparison is fair: L and B are derived from A's own synthesized template at start-up, and the
 * bench checks that each synthesizes to the very same template (same logical IDs, types, properties,
 * resource count; only the aws:cdk:path metadata differs), so both sides emit identical output
 * and the only difference left is how the code that makes them is written. All Apps set
 * `aws:cdk:bundling-stacks: []` (no esbuild/docker) and, as `cdk synth` does without `--debug`,
 * `aws:cdk:disable-stack-trace`; A still stages the rotation handlers' code
 * (a 15 KB copy + hash each) since that is part of what its constructs do; L and B have no assets beyond
 * the VPC's own custom resource, which all sides share.
 *
 * Method: warm up (2 synths each), then BENCH_ROUNDS rounds interleaving B, L and A (so machine
 * drift hits all alike); each synth is a fresh `new App({ outdir: <tmp dir> })` + construct +
 * `app.synth()`, timed with hrtime; medians reported with bench/harness.ts. Exits 0 either way.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { median, Measured, report } from './harness';
import { addL1Resources, canonical, canonicalResource, elementsByLogicalId, L1Plan, plan, Template } from './l1-stack';
import { ExampleStack } from '../examples/example-stack';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const TARGET = 1.5;
const STACK_ID = 'CdkElastiCacheExample';
const ENV = { account: '123456789012', region: 'us-east-1' };
/** BENCH_CFN_VALIDATE=1 keeps aws-cdk-lib's built-in CloudFormation validation (on by default in apps, warnings only). */
const BUILTIN_VALIDATION = process.env.BENCH_CFN_VALIDATE === '1';


// No stack traces in metadata: the CDK CLI sets this context unless `cdk synth --debug`.
const CONTEXT = { 'aws:cdk:bundling-stacks': [], 'aws:cdk:disable-stack-trace': true };

function newApp(outdir: string): App {
  return new App({ outdir, builtinCloudFormationValidation: BUILTIN_VALIDATION, context: CONTEXT });
}

/** Side A: the example's stack, as the example app builds it minus the validation plugins. */
function sideA(app: App): Stack {
  return new ExampleStack(app, STACK_ID, { env: ENV });
}

/** The VPC construct both sides share: the same id and props as in examples/example-stack.ts. */
function vpc(stack: Stack): ec2.Vpc {
  return new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 3,
    natGateways: 0,
    restrictDefaultSecurityGroup: true,
    subnetConfiguration: [{ name: 'private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
  });
}

/** Resource attributes copied onto B's L1s as they are (Type and Properties go through the constructor). */
const ATTRIBUTES = ['DependsOn', 'DeletionPolicy', 'UpdateReplacePolicy', 'UpdatePolicy', 'CreationPolicy', 'Condition'];

/** Side L: the shared VPC construct plus every other resource written as L1 code (bench/l1-stack.ts). */
function sideL(app: App, resources: ReadonlyArray<[string, Record<string, unknown>]>, l1Plan: L1Plan, rejected?: Set<string>): Stack {
  const stack = new Stack(app, STACK_ID, { env: ENV });
  vpc(stack);
  addL1Resources(stack, resources, l1Plan, elementsByLogicalId(stack), rejected);
  return stack;
}

/** Side B: the shared VPC construct plus one bare CfnResource per other resource of A's template, JSON as is. */
function sideB(app: App, resources: ReadonlyArray<[string, Record<string, unknown>]>): Stack {
  const stack = new Stack(app, STACK_ID, { env: ENV });
  vpc(stack);
  for (const [logicalId, resource] of resources) {
    // A top-level construct id that is alphanumeric is its own logical ID, as in a hand-written L1 stack.
    const l1 = new CfnResource(stack, logicalId, {
      type: resource.Type as string,
      properties: resource.Properties as Record<string, unknown> | undefined,
    });
    for (const attribute of ATTRIBUTES) {
      if (resource[attribute] !== undefined) l1.addOverride(attribute, resource[attribute]);
    }
    const { ['aws:cdk:path']: _path, ...metadata } = (resource.Metadata ?? {}) as Record<string, unknown>;
    for (const [key, value] of Object.entries(metadata)) l1.addMetadata(key, value);
  }
  return stack;
}

interface Synthesized {
  /** new App + construct + app.synth(), ns. */
  readonly ns: number;
  /** Of which new App + construct. */
  readonly constructNs: number;
  readonly template: Template;
}

/** One fresh App in a fresh temp dir: construct + synth, timed; returns the stack's template too. */
function synthOnce(build: (app: App) => Stack): Synthesized {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-bench-'));
  try {
    const start = process.hrtime.bigint();
    const app = newApp(outdir);
    const stack = build(app);
    const built = process.hrtime.bigint();
    const assembly = app.synth();
    const end = process.hrtime.bigint();
    return { ns: Number(end - start), constructNs: Number(built - start), template: assembly.getStackByName(stack.stackName).template as Template };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** Drops the construct-path metadata (the one thing allowed to differ) for the equality check. */
function withoutPaths(template: Template): string {
  const resources = Object.fromEntries(Object.entries(template.Resources).map(([id, resource]) => [id, canonicalResource(resource)]));
  return canonical({ ...template, Resources: resources });
}

/** Resources whose canonical form differs between two templates. */
function differing(a: Template, b: Template): string[] {
  const ids = new Set([...Object.keys(a.Resources), ...Object.keys(b.Resources)]);
  return [...ids].filter((id) => !a.Resources[id] || !b.Resources[id] || canonicalResource(a.Resources[id]) !== canonicalResource(b.Resources[id]));
}

function countByType(template: Template): Map<string, number> {
  const counts = new Map<string, number>();
  for (const resource of Object.values(template.Resources)) {
    counts.set(resource.Type as string, (counts.get(resource.Type as string) ?? 0) + 1);
  }
  return counts;
}

function main(): void {
  // Derive B from A's template: every resource the shared VPC construct does not make itself.
  const templateA = synthOnce(sideA).template;
  const vpcOnly = synthOnce((app) => {
    const stack = new Stack(app, STACK_ID, { env: ENV });
    vpc(stack);
    return stack;
  }).template;
  for (const section of Object.keys(templateA)) {
    if (!['Resources', 'Parameters', 'Rules'].includes(section)) {
      console.log(`note: A's template has a ${section} section, which B does not mirror`);
    }
  }
  const l1Resources = Object.entries(templateA.Resources).filter(([id]) => !(id in vpcOnly.Resources));
  const l1Plan = plan(l1Resources, (app, candidate, rejected) => sideL(app, l1Resources, candidate, rejected), CONTEXT);
  const templateB = synthOnce((app) => sideB(app, l1Resources)).template;
  const templateL = synthOnce((app) => sideL(app, l1Resources, l1Plan)).template;

  const typesA = countByType(templateA);
  console.log(`resources: A ${Object.keys(templateA.Resources).length} (${typesA.size} types), of which ${Object.keys(vpcOnly.Resources).length} `
    + `from the shared ec2.Vpc; L writes the other ${l1Resources.length} as ${l1Plan.typed.size} typed L1s `
    + `and ${l1Resources.length - l1Plan.typed.size} CfnResources (Custom::* or not rendered back identically)`);
  for (const [name, template] of [['L', templateL], ['B', templateB]] as const) {
    const diff = differing(templateA, template);
    const identical = diff.length === 0 && withoutPaths(templateA) === withoutPaths(template);
    console.log(`template ${name}: ${identical ? 'identical to A' : `DIFFERENT from A (${diff.slice(0, 5).join(', ') || 'outside Resources'})`} `
      + 'apart from aws:cdk:path metadata (keys compared sorted)');
  }

  const build: Array<[string, (app: App) => Stack]> = [
    ['B: same template, bare CfnResources with JSON as is', (app) => sideB(app, l1Resources)],
    ['L: same template as L1 code (typed L1s, tokens)', (app) => sideL(app, l1Resources, l1Plan)],
    ['A: example app stack (constructs)', sideA],
  ];
  for (let i = 0; i < 2; i++) for (const [, fn] of build) synthOnce(fn);
  const rows: Measured[] = build.map(([name]) => ({ name, samples: [] }));
  const constructRows: number[][] = build.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    build.forEach(([, fn], i) => {
      const { ns, constructNs } = synthOnce(fn);
      rows[i].samples.push(ns);
      constructRows[i].push(constructNs);
    });
  }

  report(`Synth time, fresh App + construct + app.synth() per op; built-in CloudFormation validation ${BUILTIN_VALIDATION ? 'on' : 'off'}`, rows);
  const [msB, msL, msA] = rows.map((row) => median(row.samples) / 1e6);
  const ratio = msA / msL;
  console.log(`\nmedian A ${msA.toFixed(1)} ms, L ${msL.toFixed(1)} ms, B ${msB.toFixed(1)} ms: A/L ${ratio.toFixed(2)}× `
    + `(target ≤ ${TARGET}×): ${ratio <= TARGET ? 'WITHIN TARGET' : 'OVER TARGET'}; A/B ${(msA / msB).toFixed(2)}× (the JSON floor)`);
  // The split (medians of each phase, so they need not add up exactly to the total's median).
  rows.forEach((row, i) => {
    const constructMs = median(constructRows[i]) / 1e6;
    const synthMs = median(row.samples.map((ns, j) => ns - constructRows[i][j])) / 1e6;
    console.log(`  ${row.name.slice(0, 1)}: construct ${constructMs.toFixed(1)} ms, app.synth() ${synthMs.toFixed(1)} ms`);
  });
}

main();
