import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { CacheBudget, CacheBudgetOptions } from './budget';
import { CostEstimate } from './cost-estimate';
import { RuleReport } from '../common/validation';

/** The metadata type under which a cache records its estimate in the cloud assembly (read by `npm run example`). */
export const COST_METADATA_TYPE = 'cdk-elasticache:cost';
/** The metadata type of an auto scaled group's estimate with every scaled dimension at its maximum. */
export const SCALING_COST_METADATA_TYPE = 'cdk-elasticache:cost-at-scaling-maximum';

/** An estimate as construct metadata (plain data). */
export function costMetadata(estimate: CostEstimate): Record<string, unknown> {
  return {
    status: estimate.status,
    monthlyUsd: estimate.monthlyUsd,
    pricedMonthlyUsd: estimate.pricedMonthlyUsd,
    region: estimate.region,
    lines: estimate.lines,
    unknown: estimate.unknown,
  };
}

/**
 * What every cache construct does about cost: records its estimate as construct metadata (so
 * tools reading cdk.out see it), and makes the budget when one is asked for.
 */
export function applyCost(cache: Construct, estimate: CostEstimate, budget: CacheBudgetOptions | undefined,
  topic: sns.ITopic | undefined): CacheBudget | undefined {
  cache.node.addMetadata(COST_METADATA_TYPE, costMetadata(estimate));
  if (budget === undefined) return undefined;
  const report = new RuleReport();
  if (budget === null || typeof budget !== 'object') {report.fail('budget', budget, 'it is an object, e.g. { monthlyLimit: 100 }');} else if (!topic) {
    report.fail('budget', budget, 'a budget notifies the cache\'s alarm topic, and this cache has none (alarms are off or unknown at synth time)');
  }
  report.throwIfAny(cache, 'budget');
  return new CacheBudget(cache, 'Budget', { ...budget, topic: topic! });
}
