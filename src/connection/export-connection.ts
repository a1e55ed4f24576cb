import { CfnOutput, Token } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { CacheConnectionEnv } from './contract';
import { fail } from '../common/validation';

const SSM_NAMES = 'https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html';

/** Options of `exportConnection()`: how apps outside this CDK app find the cache. */
export interface CacheConnectionExportOptions {
  /**
   * Write the connection contract's values as stack outputs.
   * @default true
   */
  readonly cfnOutputs?: boolean;
  /**
   * Export the outputs for other stacks as `<exportNamePrefix>-<VARIABLE>` with `_` as `-`
   * (export names allow only letters, digits, `:` and `-`): `shop-orders-CACHE-ENDPOINT`.
   * @default - outputs are not exported
   */
  readonly exportNamePrefix?: string;
  /**
   * Write one SSM String parameter per variable under this path, e.g. `/shop/orders-cache`
   * gives `/shop/orders-cache/CACHE_ENDPOINT`, ….
   * @default - no parameters
   */
  readonly parameterPrefix?: string;
}

/** What `exportConnection()` made. */
export interface CacheConnectionExport {
  /** The stack outputs, by variable name. */
  readonly outputs: Record<string, CfnOutput>;
  /** The SSM parameters, by variable name. */
  readonly parameters: Record<string, ssm.StringParameter>;
}

/** Writes a cache's connection values as stack outputs and/or SSM parameters. */
export function exportConnection(scope: Construct, values: Record<string, string>,
  options: CacheConnectionExportOptions = {}): CacheConnectionExport {
  const prefix = options.parameterPrefix;
  if (prefix !== undefined && !Token.isUnresolved(prefix)) validateParameterPrefix(prefix);
  const outputs: Record<string, CfnOutput> = {};
  const parameters: Record<string, ssm.StringParameter> = {};
  const root = new Construct(scope, 'Connection');
  for (const name of CacheConnectionEnv.ALL) {
    const value = values[name];
    if (value === undefined) continue;
    if (options.cfnOutputs ?? true) {
      outputs[name] = new CfnOutput(root, name, {
        value,
        description: `${name} of ${scope.node.path} (cdk-elasticache connection contract)`,
        exportName: options.exportNamePrefix ? `${options.exportNamePrefix}-${name.replace(/_/g, '-')}` : undefined,
      });
    }
    if (prefix !== undefined) {
      parameters[name] = contractParameter(root, `${name}Parameter`, `${prefix}/${name}`, value, `${name} of ${scope.node.path}`);
    }
  }
  return { outputs, parameters };
}

/** One SSM String parameter of the connection contract. */
export function contractParameter(scope: Construct, id: string, parameterName: string, value: string, what: string): ssm.StringParameter {
  return new ssm.StringParameter(scope, id, {
    parameterName,
    stringValue: value,
    description: `${what} (cdk-elasticache connection contract)`,
  });
}

/** Checks a parameter path that variable names are appended to, against SSM's naming rules. */
export function validateParameterPrefix(prefix: string, property = 'parameterPrefix'): void {
  const rule = (text: string): never => fail(property, prefix, text, SSM_NAMES);
  if (!prefix.startsWith('/')) rule('a parameter path starts with a slash (/)');
  if (prefix.endsWith('/')) rule('the path must not end with a slash: the variable name is appended after one');
  if (!/^[a-zA-Z0-9_.\-/]+$/.test(prefix)) rule('parameter names hold only a-z, A-Z, 0-9, _, ., - and /');
  if (/^\/?(aws|ssm)/i.test(prefix)) rule('parameter names cannot begin with "aws" or "ssm" (any case)');
  if (prefix.includes('//')) rule('the path has an empty level (//)');
  // Counting the variable's own level, hierarchies are at most fifteen levels deep.
  if (prefix.split('/').length > 15) rule('parameter hierarchies are at most 15 levels deep, counting the variable name');
  if (prefix.length + 1 + 'CACHE_AUTH_SECRET_ARN'.length > 1011) rule('a parameter name is at most 1011 characters, counting the variable name');
}
