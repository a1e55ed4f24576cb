import { Annotations, Size, SizeRoundingBehavior, Token } from 'aws-cdk-lib';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import { IConstruct } from 'constructs';
import { ServerlessUsageLimits } from './props';
import { isResolved, RuleReport } from '../common/validation';

// DataStorage: "Unit — Required: Yes … Allowed values: GB"; Minimum / Maximum are integers.
const CFN_DS = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-elasticache-serverlesscache-datastorage.html';
// "To remove scaling limits using the CLI, set the Minimum and Maximum limit parameters to 0";
// limits are "minimum supported limits" and "a maximum usage", so a minimum above the maximum
// cannot hold (the aws-elasticache-alpha states it: "Data storage minimum cannot be greater than maximum").
const DOC_SCALING = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Scaling-serverless.html';
// No AWS page states the ranges; only @aws-cdk/aws-elasticache-alpha does: "Minimum data storage
// size (1 GB)", "Maximum data storage size (5000 GB)", "Minimum request rate limit (1000 ECPUs per
// second)", "Maximum request rate limit (15000000 ECPUs per second)". So they are warnings.
const ALPHA = 'https://github.com/aws/aws-cdk/blob/main/packages/%40aws-cdk/aws-elasticache-alpha/lib/serverless-cache.ts';
const RANGES = { storage: [1, 5000], ecpu: [1000, 15_000_000] } as const;

/** The limits in CloudFormation's units: whole GB and ECPU/s (undefined when not set). */
export interface UsageLimitValues {
  readonly storageMinGb?: number;
  readonly storageMaxGb?: number;
  readonly ecpuMin?: number;
  readonly ecpuMax?: number;
}

/**
 * Checks the limits and converts them. A Size counts in GiB (`Size.gibibytes(10)` is 10): CloudFormation
 * says GB, and which of the two the service applies is not documented; the storage alarm assumes
 * the smaller (10^9 bytes), so it fires early rather than late.
 */
export function usageLimitValues(scope: IConstruct, r: RuleReport, limits: ServerlessUsageLimits | undefined): UsageLimitValues {
  if (limits === undefined) return {};
  const gb = (name: keyof ServerlessUsageLimits): number | undefined => {
    const size = limits[name] as Size | undefined;
    if (size === undefined) return undefined;
    if (typeof size !== 'object' || typeof (size as Size).toGibibytes !== 'function') {
      r.fail(`usageLimits.${name}`, size, 'it is a Size, e.g. Size.gibibytes(10)', CFN_DS);
      return undefined;
    }
    if (size.isUnresolved()) return Token.asNumber(size.toGibibytes());
    let value: number;
    try {
      value = size.toGibibytes();
    } catch {
      r.fail(`usageLimits.${name}`, `${size.toMebibytes({ rounding: SizeRoundingBehavior.NONE })} MiB`, 'data storage is a whole number of GB (CloudFormation takes integers)', CFN_DS);
      return undefined;
    }
    return checkCount(r, name, value, CFN_DS);
  };
  const count = (name: keyof ServerlessUsageLimits): number | undefined => {
    const value = limits[name];
    if (value === undefined) return undefined;
    return checkCount(r, name, value, DOC_SCALING);
  };
  const values = {
    storageMinGb: gb('dataStorageMin'),
    storageMaxGb: gb('dataStorageMax'),
    ecpuMin: count('ecpuPerSecondMin'),
    ecpuMax: count('ecpuPerSecondMax'),
  };
  checkOrder(r, 'dataStorageMin', values.storageMinGb, 'dataStorageMax', values.storageMaxGb, ' GB');
  checkOrder(r, 'ecpuPerSecondMin', values.ecpuMin, 'ecpuPerSecondMax', values.ecpuMax, ' ECPU/s');
  warnOutOfRange(scope, 'dataStorage', [values.storageMinGb, values.storageMaxGb], RANGES.storage, 'GB');
  warnOutOfRange(scope, 'ecpuPerSecond', [values.ecpuMin, values.ecpuMax], RANGES.ecpu, 'ECPU/s');
  return values;
}

/** The CacheUsageLimits property, or undefined when no limit is set. */
export function cacheUsageLimits(v: UsageLimitValues): elasticache.CfnServerlessCache.CacheUsageLimitsProperty | undefined {
  const storage = v.storageMinGb !== undefined || v.storageMaxGb !== undefined
    ? { minimum: v.storageMinGb, maximum: v.storageMaxGb, unit: 'GB' } : undefined;
  const ecpu = v.ecpuMin !== undefined || v.ecpuMax !== undefined ? { minimum: v.ecpuMin, maximum: v.ecpuMax } : undefined;
  return storage || ecpu ? { dataStorage: storage, ecpuPerSecond: ecpu } : undefined;
}

function checkCount(r: RuleReport, name: string, value: unknown, source: string): number | undefined {
  if (typeof value === 'number' && Token.isUnresolved(value)) return value;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    r.fail(`usageLimits.${name}`, value, 'a limit is a whole number of at least 1 (leave it out for no limit: 0 means none)', source);
    return undefined;
  }
  return value;
}

function checkOrder(r: RuleReport, minName: string, min: number | undefined, maxName: string, max: number | undefined, unit: string): void {
  if (isResolved(min) && isResolved(max) && min! > max!) {
    r.fail(`usageLimits.${minName}`, min, `the minimum is at most the maximum (${maxName}: ${max}${unit})`, `${DOC_SCALING} and ${ALPHA}`);
  }
}

function warnOutOfRange(scope: IConstruct, what: string, values: Array<number | undefined>, [lo, hi]: readonly number[], unit: string): void {
  const outside = values.filter((v) => isResolved(v) && (v! < lo || v! > hi));
  if (outside.length === 0) return;
  Annotations.of(scope).addWarningV2(`cdk-elasticache:serverless-${what}-range`,
    `usageLimits ${what} ${outside.join(', ')} ${unit} is outside ${lo}-${hi} ${unit}, the range @aws-cdk/aws-elasticache-alpha allows `
    + `(no AWS page states one; ElastiCache may reject it at deploy time). See ${ALPHA}`);
}
