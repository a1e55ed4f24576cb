import * as fs from 'fs';
import * as path from 'path';

// Prints what a synthesized cloud assembly holds: stacks, resources by type, and the findings of
// the validation plugins (cdk-nag packs, CloudFormation Validate) from validation-report.json.
interface Template { Resources?: Record<string, { Type: string }> }
interface Violation { ruleName: string; severity?: string; violatingConstructs?: Array<{ constructPath: string }> }
interface Report { pluginReports?: Array<{ pluginName: string; conclusion: string; violations?: Violation[] }> }

/** Prints the summary; returns the number of findings. `plugins` names the validation plugins that ran. */
export function summarize(outdir: string, plugins: string[] = []): number {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  const stacks = Object.entries<{ type: string; properties?: { templateFile: string } }>(manifest.artifacts ?? {})
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

if (require.main === module) {
  const findings = summarize(process.argv[2] ?? 'cdk.out', process.argv.slice(3));
  process.exit(findings === 0 ? 0 : 1);
}
