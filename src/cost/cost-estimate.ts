/**
 * Hours in a month for a monthly estimate: 365 × 24 / 12 = 730, the convention cost tools use to
 * turn hourly prices into monthly ones (infracost's and c3x's default, for example); a real month
 * has 672 to 744 hours.
 */
export const HOURS_PER_MONTH = 730;

/** How much of an estimate is known. */
export enum CostEstimateStatus {
  /** Every part is priced: `monthlyUsd` is the estimate. */
  COMPLETE = 'complete',
  /** Some parts are priced, others not (see `unknown`): `monthlyUsd` is undefined, `pricedMonthlyUsd` a lower bound. */
  PARTIAL = 'partial',
  /** Nothing could be priced (see `unknown`). */
  UNKNOWN = 'unknown',
}

/** One priced line of an estimate. */
export interface CostLine {
  /** What is priced, e.g. `cache.t3.micro node-hours (redis)`. */
  readonly item: string;
  /** How many units a month. */
  readonly quantity: number;
  /** The unit, e.g. `node-hour`, `GB-hour`, `million ECPUs`. */
  readonly unit: string;
  /** USD per unit. */
  readonly unitPriceUsd: number;
  /** quantity × unit price. */
  readonly monthlyUsd: number;
  /** Where the unit price was read (URL), with a note when the page needs one. */
  readonly priceSource: string;
  /** The day the price was read (ISO 8601). */
  readonly priceDate: string;
}

/**
 * The estimated monthly on-demand cost of a cache in USD, computed at synth time from the sourced
 * price table, with every line it used. Never a guess: a token, an unpriced node type or Region,
 * or a serverless cache without a maximum makes it PARTIAL or UNKNOWN, and `unknown` says why.
 * Not included: data tiering, reserved nodes, Savings Plans, backup storage, data transfer, the
 * Free Tier and extended support.
 */
export class CostEstimate {
  /** The estimate, when every part is priced (status COMPLETE). */
  public readonly monthlyUsd?: number;
  /** The sum of the priced lines (a lower bound when the status is PARTIAL). */
  public readonly pricedMonthlyUsd: number;
  /** Whether the estimate is complete, partial or unknown. */
  public readonly status: CostEstimateStatus;
  /** The priced lines. */
  public readonly lines: CostLine[];
  /** Why a part could not be priced, one sentence each. */
  public readonly unknown: string[];
  /** The Region the prices are for (undefined when the stack's Region is a token). */
  public readonly region?: string;

  constructor(lines: CostLine[], unknown: string[], region?: string) {
    this.lines = lines;
    this.unknown = unknown;
    this.region = region;
    this.pricedMonthlyUsd = lines.reduce((sum, l) => sum + l.monthlyUsd, 0);
    this.status = unknown.length === 0 ? CostEstimateStatus.COMPLETE
      : lines.length > 0 ? CostEstimateStatus.PARTIAL : CostEstimateStatus.UNKNOWN;
    this.monthlyUsd = this.status === CostEstimateStatus.COMPLETE ? this.pricedMonthlyUsd : undefined;
  }

  /** One line for people: `$23.36/month (complete)` or `unknown: …`. */
  public toString(): string {
    if (this.status === CostEstimateStatus.COMPLETE) return `$${this.pricedMonthlyUsd.toFixed(2)}/month`;
    const reasons = this.unknown.join(' ');
    return this.status === CostEstimateStatus.PARTIAL
      ? `partial: at least $${this.pricedMonthlyUsd.toFixed(2)}/month priced; ${reasons}`
      : `unknown: ${reasons}`;
  }
}
