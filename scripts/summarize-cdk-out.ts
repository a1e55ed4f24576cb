import * as fs from 'fs';
import * as path from 'path';

// Prints what a synthesized cloud assembly holds: stacks, resources by type, each cache's estimated
// monthly cost (the constructs record it as `cdk-elasticache:cost` metadata), and the findings of
// the validation plugins (cdk-nag packs, CloudFormation Validate) from validation-report.json.
interface Template { Resources?: Record<string, { Type: string }> }
interface CostMetadata { status: string; monthlyUsd?: number; pricedMonthlyUsd: number; unknown: string[] }
type StackMetadata = Record<string, Array<{ type: string; data: unknown }>>;
interface StackArtifact { type: string; properties?: { templateFile: string }; metadata?: StackMetadata; additionalMetadataFile?: string }
interface Violation { ruleName: string; severity?: string; violatingConstructs?: Array<{ constructPath: string }> }
interface Report { pluginReports?: Array<{ pluginName: string; conclusion: string; violations?: Violation[] }> }

/** Prints the summary; returns the number of findings. `plugins` names the validation plugins that ran. */
export function summarize(outdir: string, plugins: string[] = []): number {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  const stacks = Object.entries<StackArtifact>(manifest.artifacts ?? {})
    .filter(([, a]) => a.type === 'aws:cloudformation:stack');
  console.log(`Synthesized ${stacks.length} stack(s) to ${outdir}`);
  for (const [name, artifact] of stacks) {
    const template: Template = JSON.parse(fs.readFileSync(path.join(outdir, artifact.properties!.templateFile), 'utf8'));
    const byType = new Map<string, number>();
    for (const r of Object.values(template.Resources ?? {})) byType.set(r.Type, (byType.get(r.Type) ?? 0) + 1);
    const total = [...byType.values()].reduce((a, b) => a + b, 0);
    console.log(`\n${name}: ${total} resources`);
    for (const [type, count] of [...byType].sort((a, b) => a[0].localeCompare(b[0]))) {
      console.log(`  ${String(count).padStart(3)}  ${type}`);
    }
    // aws-cdk-lib writes construct metadata to a file of its own (additionalMetadataFile), older versions inline.
    const metadata: StackMetadata = artifact.additionalMetadataFile
      ? JSON.parse(fs.readFileSync(path.join(outdir, artifact.additionalMetadataFile), 'utf8')) : artifact.metadata ?? {};
    printCosts(metadata);
  }
  const reportFile = path.join(outdir, 'validation-report.json');
  let findings = 0;
  if (fs.existsSync(reportFile)) {
    const report: Report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
    console.log(`\nValidation by ${plugins.length ? plugins.join(', ') : 'the registered plugins'}:`);
    // The report lists only plugins that found something.
    if ((report.pluginReports ?? []).length === 0) console.log('  no findings');
    for (const plugin of report.pluginReports ?? []) {
      const violations = plugin.violations ?? [];
      findings += violations.length;
      console.log(`  ${plugin.pluginName}: ${violations.length === 0 ? 'no findings' : `${violations.length} finding(s)`}`);
      for (const v of violations) {
        console.log(`    ${v.severity ?? 'error'} ${v.ruleName}: ${(v.violatingConstructs ?? []).map((c) => c.constructPath).join(', ')}`);
      }
    }
  } else {
    console.log('\nValidation: no validation-report.json (no plugin ran)');
  }
  return findings;
}

/** One line per cache and a total; a cache without a sourced price says why, and the total says it is partial. */
function printCosts(metadata: StackMetadata): void {
  const costs = Object.entries(metadata).flatMap(([p, entries]) => entries
    .filter((e) => e.type === 'cdk-elasticache:cost').map((e) => [p.replace(/^\//, ''), e.data as CostMetadata] as const));
  if (costs.length === 0) return;
  console.log('\n  Estimated monthly on-demand cost (USD, 730 h a month; prices and sources in docs/cost.md):');
  const width = Math.max(...costs.map(([p]) => p.length));
  const text = (c: CostMetadata): string => c.status === 'complete' ? `$${c.pricedMonthlyUsd.toFixed(2)}`
    : `${c.status}${c.pricedMonthlyUsd > 0 ? `, at least $${c.pricedMonthlyUsd.toFixed(2)}` : ''}: ${c.unknown[0]}`;
  for (const [p, c] of costs) {
    console.log(`    ${p.padEnd(width)}  ${text(c)}`);
    const scaled = metadata[`/${p}`]?.find((e) => e.type === 'cdk-elasticache:cost-at-scaling-maximum');
    if (scaled) console.log(`    ${''.padEnd(width)}  up to ${text(scaled.data as CostMetadata)} with auto scaling at its maximum`);
  }
  const priced = costs.reduce((sum, [, c]) => sum + c.pricedMonthlyUsd, 0);
  const open = costs.filter(([, c]) => c.status !== 'complete').length;
  console.log(`    ${'total'.padEnd(width)}  ${open === 0 ? `$${priced.toFixed(2)}`
    : `partial, at least $${priced.toFixed(2)} (${open} of ${costs.length} caches not fully priced)`}`);
}

if (require.main === module) {
  const findings = summarize(process.argv[2] ?? 'cdk.out', process.argv.slice(3));
  process.exit(findings === 0 ? 0 : 1);
}
