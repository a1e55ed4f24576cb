/**
 * Builds "the same caches written as bare L1s" from a synthesized template, for bench/synth.bench.ts:
 * each resource as the aws-cdk-lib L1 class a hand-written stack would use (`CfnReplicationGroup`,
 * `CfnAlarm`, ...; camelCase props) and every reference as the token such code writes
 * (`group.ref`, `key.attrArn` via getAtt, `Fn.join`, `Fn.sub`, `Aws.REGION`, `addDependency`).
 *
 * A resource falls back to a generic `CfnResource` (same tokens) when it has no L1 class (Custom::*)
 * or when the typed class does not render it back identically (a property name the case rule
 * gets wrong, a free-form JSON property such as a policy document); `plan` finds those once,
 * before timing, by synthesizing each typed resource alone.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Aws, CfnDeletionPolicy, CfnElement, CfnResource, Fn, Stack, Token } from 'aws-cdk-lib';

export type Resource = Record<string, unknown>;
export type Template = { Resources: Record<string, Resource>; [section: string]: unknown };
type L1Class = new (scope: Stack, id: string, props: Record<string, unknown>) => CfnResource;

/** Which resources are built with their typed L1 class (the rest as CfnResource). */
export interface L1Plan {
  readonly typed: ReadonlySet<string>;
  /** Per resource type, the property paths that hold free-form JSON (passed as written, not camelCased). */
  readonly json: ReadonlyMap<string, ReadonlySet<string>>;
}

const PSEUDO: Record<string, string> = {
  'AWS::AccountId': Aws.ACCOUNT_ID,
  'AWS::Region': Aws.REGION,
  'AWS::Partition': Aws.PARTITION,
  'AWS::URLSuffix': Aws.URL_SUFFIX,
  'AWS::StackName': Aws.STACK_NAME,
  'AWS::StackId': Aws.STACK_ID,
  'AWS::NoValue': Aws.NO_VALUE,
};

/** `AWS::ElastiCache::ReplicationGroup` → aws-cdk-lib/aws-elasticache's `CfnReplicationGroup`. */
function l1Class(type: string): L1Class | undefined {
  const [vendor, service, name] = type.split('::');
  if (vendor !== 'AWS' || !service || !name) return undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(`aws-cdk-lib/aws-${service.toLowerCase()}`)[`Cfn${name}`] as L1Class | undefined;
  } catch {
    return undefined;
  }
}

/** CloudFormation's PascalCase to the L1 props' camelCase: `MultiAZEnabled` → `multiAzEnabled`, `S3Key` → `s3Key`. */
function camel(key: string): string {
  const words = key.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g) ?? [key];
  return words.map((word, i) => (i === 0 ? word.toLowerCase() : word[0].toUpperCase() + word.slice(1).toLowerCase())).join('');
}

/**
 * CloudFormation JSON to L1 props: keys camelCased at every level, except inside free-form JSON
 * (`raw` holds those paths, such as `KeyPolicy` or `Environment.Variables`), passed as written.
 */
function l1Props(value: unknown, raw: ReadonlySet<string> | undefined, at = ''): unknown {
  if (raw?.has(at)) return value;
  if (Array.isArray(value)) return value.map((v) => l1Props(v, raw, `${at}.*`));
  if (value === null || typeof value !== 'object' || isIntrinsic(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [camel(k), l1Props(v, raw, at ? `${at}.${k}` : k)]));
}

function isIntrinsic(value: object): boolean {
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

/** Resolves the logical IDs a template refers to into the construct that has them. */
type Lookup = (logicalId: string) => CfnElement | undefined;

/** JSON intrinsics → the tokens hand-written L1 code produces. */
function tokens(value: unknown, lookup: Lookup): unknown {
  if (Array.isArray(value)) return value.map((v) => tokens(v, lookup));
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  if (isIntrinsic(object)) {
    const [name, arg] = Object.entries(object)[0] as [string, unknown];
    if (name === 'Ref') {
      const target = arg as string;
      if (PSEUDO[target]) return PSEUDO[target];
      const element = lookup(target);
      return element instanceof CfnResource ? element.ref : object;
    }
    if (name === 'Fn::GetAtt') {
      const [target, attribute] = arg as [string, string];
      const element = lookup(target);
      return element instanceof CfnResource ? Token.asString(element.getAtt(attribute)) : object;
    }
    if (name === 'Fn::Join') {
      const [separator, parts] = arg as [string, unknown[]];
      return Fn.join(separator, tokens(parts, lookup) as string[]);
    }
    if (name === 'Fn::Sub') {
      return typeof arg === 'string' ? Fn.sub(arg) : Fn.sub((arg as [string])[0], tokens((arg as [string, unknown])[1], lookup) as Record<string, string>);
    }
    if (name === 'Fn::Select') {
      const [index, list] = arg as [number, unknown];
      return Fn.select(index, tokens(list, lookup) as string[]);
    }
    return object;
  }
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, tokens(v, lookup)]));
}

/** Logical IDs this resource needs to exist first (its references and DependsOn). */
function needs(resource: Resource): Set<string> {
  const ids = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {v.forEach(walk);} else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'Ref' && typeof x === 'string') ids.add(x);
        else if (k === 'Fn::GetAtt' && Array.isArray(x)) ids.add(x[0] as string);
        walk(x);
      }
    }
  };
  walk(resource.Properties);
  for (const id of [resource.DependsOn ?? []].flat() as string[]) ids.add(id);
  return ids;
}

/** Dependencies first, as code that passes `a.ref` to `b` has to be written. */
function ordered(resources: ReadonlyArray<[string, Resource]>): Array<[string, Resource]> {
  const byId = new Map(resources);
  const done = new Set<string>();
  const out: Array<[string, Resource]> = [];
  const visit = (id: string): void => {
    if (done.has(id) || !byId.has(id)) return;
    done.add(id);
    for (const dependency of needs(byId.get(id)!)) visit(dependency);
    out.push([id, byId.get(id)!]);
  };
  for (const [id] of resources) visit(id);
  return out;
}

const DELETION: Record<string, CfnDeletionPolicy> = {
  Delete: CfnDeletionPolicy.DELETE,
  Retain: CfnDeletionPolicy.RETAIN,
  Snapshot: CfnDeletionPolicy.SNAPSHOT,
  RetainExceptOnCreate: CfnDeletionPolicy.RETAIN_EXCEPT_ON_CREATE,
};

/** One resource as hand-written L1 code: its class and props, options, dependencies and metadata. */
function addResource(stack: Stack, id: string, resource: Resource, l1Plan: L1Plan | undefined, lookup: Lookup): CfnResource {
  const properties = tokens(resource.Properties ?? {}, lookup) as Record<string, unknown>;
  const Class = l1Plan?.typed.has(id) ? l1Class(resource.Type as string) : undefined;
  const l1 = Class
    ? new Class(stack, id, l1Props(properties, l1Plan!.json.get(resource.Type as string)) as Record<string, unknown>)
    : new CfnResource(stack, id, { type: resource.Type as string, properties });
  if (resource.DeletionPolicy) l1.cfnOptions.deletionPolicy = DELETION[resource.DeletionPolicy as string];
  if (resource.UpdateReplacePolicy) l1.cfnOptions.updateReplacePolicy = DELETION[resource.UpdateReplacePolicy as string];
  for (const attribute of ['UpdatePolicy', 'CreationPolicy', 'Condition']) {
    if (resource[attribute] !== undefined) l1.addOverride(attribute, resource[attribute]);
  }
  for (const dependency of [resource.DependsOn ?? []].flat() as string[]) {
    const target = lookup(dependency);
    if (target instanceof CfnResource) l1.addResourceDependency(target);
    else l1.addOverride('DependsOn', resource.DependsOn);
  }
  const { ['aws:cdk:path']: _path, ...metadata } = (resource.Metadata ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(metadata)) l1.addMetadata(key, value);
  return l1;
}

/**
 * Adds `resources` to `stack` as L1s. `existing` resolves logical IDs already in the stack
 * (the shared ec2.Vpc's), so references to them become tokens too. A typed class that refuses its
 * props goes into `rejected` (when given) and the resource is written as a CfnResource.
 */
export function addL1Resources(stack: Stack, resources: ReadonlyArray<[string, Resource]>, l1Plan: L1Plan, existing: Lookup,
  rejected?: Set<string>): void {
  const made = new Map<string, CfnResource>();
  const lookup: Lookup = (id) => made.get(id) ?? existing(id);
  for (const [id, resource] of ordered(resources)) {
    let l1: CfnResource;
    try {
      l1 = addResource(stack, id, resource, l1Plan, lookup);
    } catch (error) {
      if (!rejected) throw error;
      rejected.add(id);
      stack.node.tryRemoveChild(id);
      l1 = addResource(stack, id, resource, undefined, lookup);
    }
    made.set(id, l1);
  }
}

/** The stack's CfnElements by logical ID, for `addL1Resources`' `existing`. */
export function elementsByLogicalId(stack: Stack): Lookup {
  const byId = new Map<string, CfnElement>();
  for (const construct of stack.node.findAll()) {
    if (CfnElement.isCfnElement(construct)) byId.set(stack.resolve((construct as CfnElement).logicalId) as string, construct as CfnElement);
  }
  return (id) => byId.get(id);
}

/** Canonical JSON (object keys sorted) of a resource without its construct-path metadata. */
export function canonicalResource(resource: Resource): string {
  const { ['aws:cdk:path']: _path, ...metadata } = (resource.Metadata ?? {}) as Record<string, unknown>;
  return canonical({ ...resource, Metadata: Object.keys(metadata).length ? metadata : undefined });
}

export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

/**
 * Decides per resource whether its typed L1 class takes the props and renders the resource back
 * identically: builds the whole stack with `build`, synthesizes it and compares each resource with
 * the original. A prop that comes back with its keys camelCased is free-form JSON and is passed as
 * written next time; a resource that differs otherwise is written as a CfnResource. Until all match.
 */
export function plan(resources: ReadonlyArray<[string, Resource]>, build: (app: App, l1Plan: L1Plan, rejected: Set<string>) => Stack,
  context: Record<string, unknown>): L1Plan {
  const rejected = new Set<string>();
  const json = new Map<string, Set<string>>();
  const original = new Map(resources);
  for (let round = 0; round < 8; round++) {
    const typed = new Set(resources.filter(([id, resource]) => !rejected.has(id) && l1Class(resource.Type as string)).map(([id]) => id));
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'l1-plan-'));
    try {
      const app = new App({ outdir, context, builtinCloudFormationValidation: false });
      const stack = build(app, { typed, json }, rejected);
      const rendered = app.synth().getStackByName(stack.stackName).template as Template;
      let changed = false;
      const known = new Map([...json].map(([type, props]) => [type, new Set(props)]));
      for (const id of typed) {
        const want = original.get(id)!;
        const got = rendered.Resources[id] ?? {};
        if (rejected.has(id) || canonicalResource(got) === canonicalResource(want)) continue;
        changed = true;
        const props = jsonProps(want.Properties ?? {}, got.Properties ?? {});
        const before = known.get(want.Type as string) ?? new Set<string>();
        const type = want.Type as string;
        if (props.length && props.some((p) => !before.has(p))) {
          json.set(type, new Set([...(json.get(type) ?? []), ...props]));
        } else {
          rejected.add(id);
          if (process.env.L1_DEBUG) console.log(`l1-stack: ${id} differs\n  want ${canonicalResource(want).slice(0, 600)}\n  got  ${canonicalResource(got).slice(0, 600)}`);
        }
      }
      if (!changed) return { typed, json };
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }
  throw new Error(`l1-stack: typed L1s still differ after 8 rounds: ${[...rejected].join(', ')}`);
}

/** The paths where `got` holds `want` with its own keys camelCased: free-form JSON the L1 passed through. */
function jsonProps(want: unknown, got: unknown, at = ''): string[] {
  if (canonical(want) === canonical(got)) return [];
  if (Array.isArray(want) && Array.isArray(got)) return want.flatMap((w, i) => jsonProps(w, got[i], `${at}.*`));
  if (!want || !got || typeof want !== 'object' || typeof got !== 'object' || isIntrinsic(want)) return [];
  const wantKeys = Object.keys(want).sort();
  const gotKeys = Object.keys(got).sort();
  if (canonical(wantKeys) !== canonical(gotKeys) && canonical(wantKeys.map(camel).sort()) === canonical(gotKeys)) return at ? [at] : [];
  return wantKeys.flatMap((k) => jsonProps((want as Record<string, unknown>)[k], (got as Record<string, unknown>)[k], at ? `${at}.${k}` : k));
}
