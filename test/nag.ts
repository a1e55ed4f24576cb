import { AwsSolutionsChecks, HIPAASecurityChecks, NagPack, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { IConstruct } from 'constructs';

/** A cdk-nag finding: rule, severity, the resource and what is wrong. */
export interface Finding { readonly rule: string; readonly severity: string; readonly path?: string; readonly description: string }

/** The four packs the constructs must pass with defaults, no suppressions. */
export const NAG_PACKS: Array<[string, () => NagPack]> = [
  ['AwsSolutions', () => new AwsSolutionsChecks(undefined, { verbose: true })],
  ['HIPAA.Security', () => new HIPAASecurityChecks(undefined, { verbose: true })],
  ['NIST.800.53.R5', () => new NIST80053R5Checks(undefined, { verbose: true })],
  ['PCI.DSS.321', () => new PCIDSS321Checks(undefined, { verbose: true })],
];

/** Every error and warning a pack reports under `scope`, without synthesizing or throwing. */
export function nagFindings(pack: NagPack, scope: IConstruct, under?: string): Finding[] {
  const report = pack.validateScope(scope);
  return report.violations
    .flatMap((v) => v.violatingResources.map((r) => ({
      rule: v.ruleName, severity: v.severity ?? 'error', path: r.constructPath, description: v.description,
    })))
    .filter((f) => under === undefined || (f.path ?? '').startsWith(under));
}
