import { randomBytes } from 'node:crypto';
import { App } from 'aws-cdk-lib';
import { ExampleStack } from '../../examples/example-stack';

/** What a deployment would turn a CloudFormation value into, supplied by the test. */
export interface Deployed {
  /** `Fn::GetAtt [logicalId, attribute]` of a resource of this type. */
  getAtt(type: string, logicalId: string, attribute: string): string;
}

export interface SynthesizedApp {
  /** The example function's environment, intrinsics left in (as the template has them). */
  readonly variables: Record<string, unknown>;
  /** The template's resources. */
  readonly resources: Record<string, { Type: string; Properties?: any }>;
}

/** Synthesizes the example stack (no asset bundling: only the template is read). */
export function synthesizeExample(): SynthesizedApp {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new ExampleStack(app, 'CdkElastiCacheExample', { env: { account: '123456789012', region: 'us-east-1' } });
  const template = app.synth().getStackByName(stack.stackName).template;
  const resources = template.Resources as SynthesizedApp['resources'];
  const fn = resources[stack.getLogicalId(stack.api.function.node.defaultChild as never)];
  return { variables: fn.Properties.Environment.Variables, resources };
}

/** The ARN CloudFormation would give a secret (`Ref` of an AWS::SecretsManager::Secret). */
export const secretArnOf = (logicalId: string) => `arn:aws:secretsmanager:us-east-1:123456789012:secret:${logicalId}-AbCdEf`;

/**
 * Resolves the intrinsics of one template value as a deployment would: `Ref` of a secret is its
 * ARN, `Ref` of anything else its name, `Fn::GetAtt` what `deployed` says, `Fn::Join` joined.
 * Anything else throws, so a variable the contract gains is never silently passed unresolved.
 */
export function resolveValue(value: unknown, app: SynthesizedApp, deployed: Deployed): string {
  if (typeof value === 'string') return value;
  const intrinsic = value as Record<string, any>;
  const resourceOf = (id: string) => {
    const resource = app.resources[id];
    if (!resource) throw new Error(`no resource ${id} in the template`);
    return resource;
  };
  if ('Ref' in intrinsic) {
    const type = resourceOf(intrinsic.Ref).Type;
    return type === 'AWS::SecretsManager::Secret' ? secretArnOf(intrinsic.Ref) : intrinsic.Ref.toLowerCase();
  }
  if ('Fn::GetAtt' in intrinsic) {
    const [id, attribute] = intrinsic['Fn::GetAtt'] as [string, string];
    return deployed.getAtt(resourceOf(id).Type, id, attribute);
  }
  if ('Fn::Join' in intrinsic) {
    const [separator, parts] = intrinsic['Fn::Join'] as [string, unknown[]];
    return parts.map((p) => resolveValue(p, app, deployed)).join(separator);
  }
  throw new Error(`cannot resolve ${JSON.stringify(value)}`);
}

/** The example function's environment as Lambda would see it once deployed. */
export function deployedEnvironment(app: SynthesizedApp, deployed: Deployed): Record<string, string> {
  return Object.fromEntries(Object.entries(app.variables).map(([name, value]) => [name, resolveValue(value, app, deployed)]));
}

/**
 * Each secret's value as Secrets Manager would generate it from the template: the
 * SecretStringTemplate with a random string under GenerateStringKey.
 */
export function generatedSecrets(app: SynthesizedApp): Map<string, Record<string, string>> {
  const secrets = new Map<string, Record<string, string>>();
  for (const [id, resource] of Object.entries(app.resources)) {
    const generate = resource.Type === 'AWS::SecretsManager::Secret' ? resource.Properties?.GenerateSecretString : undefined;
    if (!generate) continue;
    const template = resolveValue(generate.SecretStringTemplate ?? '{}', app, { getAtt: () => { throw new Error(`secret ${id} has a GetAtt`); } });
    secrets.set(secretArnOf(id), { ...JSON.parse(template), [generate.GenerateStringKey]: randomBytes(24).toString('hex') });
  }
  return secrets;
}
