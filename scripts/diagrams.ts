/**
 * What one default ReplicationGroup, MemcachedCluster and ServerlessCache create, as Mermaid
 * flowcharts drawn from their synthesized templates (issue 13): one box per construct the cache
 * is made of (its resources listed by type), an arrow where a resource references another
 * (Ref, Fn::GetAtt, DependsOn). GitHub and npm render Mermaid without a dependency.
 *
 *   npx ts-node --project test/tsconfig.json scripts/diagrams.ts          # rewrite README.md's diagrams
 *   npx ts-node --project test/tsconfig.json scripts/diagrams.ts --check  # fail when they are stale
 *
 * test/docs/diagrams.test.ts runs the check in `npm test`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct, IConstruct } from 'constructs';
import { MemcachedCluster, ReplicationGroup, ServerlessCache } from '../src';

export const README = path.resolve(__dirname, '..', 'README.md');

/** The caches drawn, each as its README marker and how to make it with every default. */
export const DIAGRAMS: Array<{ name: string; make: (scope: Construct, vpc: ec2.IVpc) => IConstruct }> = [
  { name: 'replication-group', make: (scope, vpc) => new ReplicationGroup(scope, 'Cache', { vpc }) },
  { name: 'memcached-cluster', make: (scope, vpc) => new MemcachedCluster(scope, 'Cache', { vpc }) },
  { name: 'serverless-cache', make: (scope, vpc) => new ServerlessCache(scope, 'Cache', { vpc }) },
];

type Template = { Resources: Record<string, { Type: string; Properties?: unknown; DependsOn?: string | string[] }> };

/** The Mermaid flowchart of what `make` adds to a stack beside a VPC. */
export function diagramOf(make: (scope: Construct, vpc: ec2.IVpc) => IConstruct): string {
  const app = new App();
  const stack = new Stack(app, 'Diagram', { env: { account: '123456789012', region: 'eu-west-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0, subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  make(stack, vpc);
  const template = app.synth().getStackByName(stack.stackName).template as Template;

  // Each resource's box: the child of the stack (or of the cache) it belongs to.
  const boxOf = new Map<string, string>();
  for (const resource of stack.node.findAll()) {
    if (!(resource instanceof CfnResource)) continue;
    const logicalId = stack.resolve(resource.logicalId) as string;
    const parts = resource.node.path.split('/').slice(1); // below the stack
    boxOf.set(logicalId, parts[0] === 'Vpc' ? 'your VPC' : boxName(parts));
  }
  const boxes = new Map<string, Map<string, number>>(); // box -> resource type -> count
  const edges = new Set<string>();
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const box = boxOf.get(logicalId)!;
    if (box === 'your VPC') continue;
    const types = boxes.get(box) ?? new Map<string, number>();
    types.set(resource.Type, (types.get(resource.Type) ?? 0) + 1);
    boxes.set(box, types);
    for (const target of referencesOf(resource)) {
      const to = boxOf.get(target);
      if (to !== undefined && to !== box) edges.add(`${box}\u0000${to}`);
    }
  }

  const ids = new Map([...boxes.keys(), 'your VPC'].sort().map((box, i) => [box, `n${i}`]));
  const lines = ['```mermaid', 'flowchart LR'];
  lines.push(`  ${ids.get('your VPC')}[("your VPC")]`);
  for (const [box, types] of [...boxes].sort(([a], [b]) => a.localeCompare(b))) {
    const listed = [...types].sort(([a], [b]) => a.localeCompare(b)).map(([type, n]) => (n > 1 ? `${n} × ${type}` : type));
    lines.push(`  ${ids.get(box)}["<b>${box}</b><br/>${listed.join('<br/>')}"]`);
  }
  for (const edge of [...edges].sort()) {
    const [from, to] = edge.split('\u0000');
    lines.push(`  ${ids.get(from)} --> ${ids.get(to)}`);
  }
  lines.push('```');
  return lines.join('\n');
}

/**
 * A box's name from a resource's construct path below the stack: the cache's own parts by their
 * id (`Cache/Network`); what the cache adds beside itself in the stack (one per stack, shared by
 * its caches: the alarm topic, the rotation function, the fleet alarms) as one box each.
 */
function boxName(parts: string[]): string {
  const [top, part] = parts;
  if (top.startsWith('CdkElastiCacheFleetAlarms')) return 'Fleet alarms (per stack)';
  if (top !== 'Cache') return `${top.replace(/^Cache/, '').replace(/[0-9A-F]{8}$/, '').replace(/(?<=[a-z])(?=[A-Z])/g, ' ')} (per stack)`;
  return part === undefined || parts.length === 2 ? 'Cache' : `Cache/${part}`;
}

/** Logical ids a resource refers to. */
function referencesOf(resource: Template['Resources'][string]): string[] {
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(walk);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'Ref' && typeof inner === 'string') found.push(inner);
        else if (key === 'Fn::GetAtt' && Array.isArray(inner)) found.push(String(inner[0]));
        else walk(inner);
      }
    }
  };
  walk(resource.Properties);
  const dependsOn = resource.DependsOn;
  if (dependsOn !== undefined) found.push(...(Array.isArray(dependsOn) ? dependsOn : [dependsOn]));
  return found;
}

const marker = (name: string, end: boolean) => `<!-- diagram:${name}:${end ? 'end' : 'start'} (scripts/diagrams.ts writes this) -->`;

/** README.md with every diagram written between its markers. */
export function renderedReadme(readme: string): string {
  let text = readme;
  for (const { name, make } of DIAGRAMS) {
    const start = text.indexOf(marker(name, false));
    const end = text.indexOf(marker(name, true));
    if (start < 0 || end < start) throw new Error(`README.md lacks the markers of the ${name} diagram: ${marker(name, false)} … ${marker(name, true)}`);
    text = `${text.slice(0, start + marker(name, false).length)}\n${diagramOf(make)}\n${text.slice(end)}`;
  }
  return text;
}

if (require.main === module) {
  const readme = fs.readFileSync(README, 'utf8');
  const rendered = renderedReadme(readme);
  if (process.argv.includes('--check')) {
    if (rendered !== readme) {
      console.error('README.md\'s diagrams are stale: run `npx ts-node --project test/tsconfig.json scripts/diagrams.ts`');
      process.exit(1);
    }
  } else {
    fs.writeFileSync(README, rendered);
  }
}
