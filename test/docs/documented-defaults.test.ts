import * as fs from 'node:fs';
import * as path from 'node:path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as lib from '../../src';
import { newStack, templateJson } from '../helpers';

// API.md is generated from the jsii assembly, whose `@default` texts are written by hand. For every
// default that names a value, passing that value must synthesize the same template (ids included)
// as leaving the prop out, on every base configuration below: otherwise API.md says something the
// code does not do.

const ROOT = path.resolve(__dirname, '../..');
const assembly = JSON.parse(fs.readFileSync(path.join(ROOT, '.jsii'), 'utf8'));

interface DocumentedDefault { readonly prop: string; readonly text: string; readonly value: unknown }

/** A default's leading value (`true`, `6380`, `'cache.t4g.micro'`, `Duration.days(15)`, `CacheEngine.LATEST`), or undefined for prose. */
function valueOf(text: string): { value: unknown } | undefined {
  const m = /^(true|false|-?\d+|'[^']*'|[A-Z]\w*\.[A-Z_a-z]\w*(\([^)]*\))?)(?=\s|$|:)/.exec(text.trim());
  if (!m) return undefined;
  const scope = { ...lib, Duration, RemovalPolicy };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return { value: new Function(...Object.keys(scope), `return (${m[1]});`)(...Object.values(scope)) };
}

function documentedDefaults(struct: string): DocumentedDefault[] {
  const type = assembly.types[`cdk-elasticache.${struct}`];
  const parents: string[] = type.interfaces ?? [];
  const props = [type, ...parents.map((p) => assembly.types[p])].flatMap((t) => t.properties ?? []);
  return props.flatMap((p: { name: string; docs?: { default?: string } }) => {
    const text = p.docs?.default;
    const parsed = text === undefined ? undefined : valueOf(text);
    return parsed ? [{ prop: p.name, text: text!, value: parsed.value }] : [];
  });
}

/** The template of `build`, or undefined when the configuration is invalid. */
function synth(build: (stack: Stack, vpc: lib.ReplicationGroupProps['vpc']) => void): unknown {
  const { stack, vpc } = newStack();
  try {
    build(stack, vpc);
  } catch {
    return undefined;
  }
  return templateJson(stack);
}

const cases = [
  {
    struct: 'ReplicationGroupProps',
    bases: [{}, { nodeType: 'cache.r6gd.xlarge' }, { replicasPerShard: 0, engine: lib.CacheEngine.REDIS_7_1 }],
    build: (props: object) => (stack: Stack, vpc: any) => new lib.ReplicationGroup(stack, 'Cache', { vpc, ...props }),
  },
  {
    struct: 'MemcachedClusterProps',
    bases: [{}, { nodes: 1 }],
    build: (props: object) => (stack: Stack, vpc: any) => new lib.MemcachedCluster(stack, 'Cache', { vpc, ...props }),
  },
];

describe.each(cases)('$struct: every documented default is the default', ({ struct, bases, build }) => {
  const defaults = documentedDefaults(struct);

  test('there are defaults to check', () => {
    expect(defaults.length).toBeGreaterThanOrEqual(5);
  });

  test.each(defaults.map((d) => [d.prop, d.text, d]))('%s: %s', (_prop, _text, d) => {
    const { prop, value } = d as DocumentedDefault;
    // A conditional default ("true when there is a replica") is its leading value on the plain base only.
    const conditional = / when /.test((d as DocumentedDefault).text);
    for (const base of bases.filter((b) => !(prop in b)).slice(0, conditional ? 1 : undefined)) {
      const without = synth(build(base));
      if (without === undefined) continue;
      const withDefault = synth(build({ ...base, [prop]: value }));
      expect({ base, template: withDefault }).toEqual({ base, template: without });
    }
  });
});
