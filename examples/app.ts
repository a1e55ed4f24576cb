import { App, Validations } from 'aws-cdk-lib';
import { VALIDATE_AGAINST_DEFAULT_RULES } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { ExampleStack } from './example-stack';
import { summarize } from '../scripts/summarize-cdk-out';

/** The example app with cdk-nag's four packs and CloudFormation's own rules enforced at synth. */
export function buildExampleApp(outdir: string): { app: App; stack: ExampleStack; plugins: string[] } {
  const app = new App({ outdir, context: { [VALIDATE_AGAINST_DEFAULT_RULES]: true } });
  const packs = [
    new AwsSolutionsChecks(app, { verbose: true }),
    new HIPAASecurityChecks(app, { verbose: true }),
    new NIST80053R5Checks(app, { verbose: true }),
    new PCIDSS321Checks(app, { verbose: true }),
  ];
  Validations.of(app).addPlugins(...packs);
  const stack = new ExampleStack(app, 'CdkElastiCacheExample', {
    env: { account: process.env.CDK_DEFAULT_ACCOUNT ?? '123456789012', region: process.env.CDK_DEFAULT_REGION ?? 'us-east-1' },
  });
  return { app, stack, plugins: [...packs.map((p) => p.name), 'CloudFormation Validate'] };
}

// The README's main job: synthesize to cdk.out; any finding fails the synthesis.
if (require.main === module) {
  const outdir = process.env.CDK_OUTDIR ?? 'cdk.out';
  const { app, plugins } = buildExampleApp(outdir);
  let failed = false;
  try {
    app.synth();
  } catch (e) {
    failed = true;
    console.error((e as Error).message);
  }
  const findings = summarize(outdir, plugins);
  process.exit(failed || findings > 0 ? 1 : 0);
}
