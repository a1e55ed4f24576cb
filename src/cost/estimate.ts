import { Token } from 'aws-cdk-lib';
import { CostEstimate, CostLine, HOURS_PER_MONTH } from './cost-estimate';
import { nodeHourPrice, PricedEngine, serverlessPrice } from './prices';

const SECONDS_PER_HOUR = 3600;
const known = (v: unknown): boolean => !Token.isUnresolved(v);

/** A node-based cache: nodes × node-hours × the node type's hourly price. */
export interface NodeCostInput {
  readonly region: string;
  readonly engine: PricedEngine;
  readonly nodeType: string;
  /** Every node that bills: shards × (1 + replicas per shard), or the Memcached node count; undefined when a token hides it. */
  readonly nodes?: number;
}

/** The estimate of a node-based cache. */
export function estimateNodeCost(input: NodeCostInput): CostEstimate {
  const unknown: string[] = [];
  if (!known(input.region)) unknown.push('The stack\'s Region is a token (an environment-agnostic stack), so no Region\'s prices apply.');
  if (!known(input.nodeType)) unknown.push('The node type is a token.');
  if (input.nodes === undefined || !known(input.nodes)) unknown.push('The node count (shards, replicas or nodes) is a token.');
  if (unknown.length > 0) return new CostEstimate([], unknown, known(input.region) ? input.region : undefined);
  const price = nodeHourPrice(input.region, input.nodeType, input.engine);
  if (!price) {
    return new CostEstimate([], [`No sourced on-demand price for ${input.nodeType} (${input.engine}) in ${input.region}; see docs/cost.md.`], input.region);
  }
  const nodes = input.nodes!;
  const quantity = nodes * HOURS_PER_MONTH;
  return new CostEstimate([{
    item: `${input.nodeType} node-hours (${input.engine}, ${nodes} node${nodes === 1 ? '' : 's'} × ${HOURS_PER_MONTH} h)`,
    quantity,
    unit: 'node-hour',
    unitPriceUsd: price.usdPerHour,
    monthlyUsd: quantity * price.usdPerHour,
    priceSource: sourceText(price.source),
    priceDate: price.source.read,
  }], [], input.region);
}

/** A serverless cache at its configured maximums. */
export interface ServerlessCostInput {
  readonly region: string;
  readonly engine: PricedEngine;
  /** The data storage maximum in GB, if set. */
  readonly storageMaxGb?: number;
  /** The ECPU per second maximum, if set. */
  readonly ecpuPerSecondMax?: number;
}

/**
 * The estimate of a serverless cache running at its maximums all month: the most it can bill
 * (storage max × 730 GB-hours, ECPU max × 3,600 × 730 ECPUs). A dimension without a maximum has
 * no upper bound, so it is unknown.
 */
export function estimateServerlessCost(input: ServerlessCostInput): CostEstimate {
  const unknown: string[] = [];
  if (!known(input.region)) {
    return new CostEstimate([], ['The stack\'s Region is a token (an environment-agnostic stack), so no Region\'s prices apply.']);
  }
  const price = serverlessPrice(input.region, input.engine);
  if (!price) return new CostEstimate([], [`No sourced serverless price for ${input.engine} in ${input.region}; see docs/cost.md.`], input.region);
  const lines: CostLine[] = [];
  const source = { priceSource: sourceText(price.source), priceDate: price.source.read };
  if (input.storageMaxGb === undefined) {unknown.push('No data storage maximum (usageLimits.dataStorageMax), so storage has no upper bound.');} else if (!known(input.storageMaxGb)) {unknown.push('The data storage maximum is a token.');} else {
    const quantity = input.storageMaxGb * HOURS_PER_MONTH;
    lines.push({
      item: `data stored at the maximum (${input.storageMaxGb} GB × ${HOURS_PER_MONTH} h, ${input.engine})`,
      quantity,
      unit: 'GB-hour',
      unitPriceUsd: price.usdPerGbHour,
      monthlyUsd: quantity * price.usdPerGbHour,
      ...source,
    });
  }
  if (input.ecpuPerSecondMax === undefined) {unknown.push('No ECPU maximum (usageLimits.ecpuPerSecondMax), so requests have no upper bound.');} else if (!known(input.ecpuPerSecondMax)) {unknown.push('The ECPU per second maximum is a token.');} else {
    const quantity = input.ecpuPerSecondMax * SECONDS_PER_HOUR * HOURS_PER_MONTH / 1_000_000;
    lines.push({
      item: `ECPUs at the maximum (${input.ecpuPerSecondMax} ECPU/s × 3600 s × ${HOURS_PER_MONTH} h, ${input.engine})`,
      quantity,
      unit: 'million ECPUs',
      unitPriceUsd: price.usdPerMillionEcpu,
      monthlyUsd: quantity * price.usdPerMillionEcpu,
      ...source,
    });
  }
  return new CostEstimate(lines, unknown, input.region);
}

function sourceText(s: { url: string; note?: string }): string {
  return s.note ? `${s.url} (${s.note})` : s.url;
}
