/**
 * The ElastiCache on-demand prices this library can source, each with where it was read and when.
 * Only prices found in a public document are here; every other node type, engine or Region is
 * "unpriced", and an estimate that needs it says so instead of guessing.
 *
 * AWS's own pricing page (https://aws.amazon.com/elasticache/pricing/) renders its price tables
 * in the browser, so the figures below come from pages that quote them; each entry names its page.
 * Update an entry by replacing its price, source and date together.
 */

/** The engine a price applies to, as CloudFormation spells it. */
export type PricedEngine = 'valkey' | 'redis' | 'memcached';

/** Where a price was read. */
export interface PriceSource {
  /** The page or document the price was read from. */
  readonly url: string;
  /** The day it was read (ISO 8601). */
  readonly read: string;
  /** What the page says about the price, when it needs a word (region, engine, rounding). */
  readonly note?: string;
}

/** The on-demand price of one node-hour. */
export interface NodeHourPrice {
  readonly region: string;
  readonly nodeType: string;
  readonly engines: readonly PricedEngine[];
  readonly usdPerHour: number;
  readonly source: PriceSource;
}

/** The two dimensions of ElastiCache Serverless. */
export interface ServerlessPrice {
  readonly region: string;
  readonly engines: readonly PricedEngine[];
  /** USD per GB-hour of data stored. */
  readonly usdPerGbHour: number;
  /** USD per million ECPUs. */
  readonly usdPerMillionEcpu: number;
  readonly source: PriceSource;
}

const READ = '2026-12-03';

// dragonflydb.io's ElastiCache "Instance Overview" pages list one on-demand price per node type for
// US East (N. Virginia) and US West (Oregon) without naming an engine. AWS says Valkey node-based
// caches cost "up to 20% lower" (https://amazonaws.cn/en/elasticache/faqs), so these prices are
// applied to Redis OSS and Memcached only, and Valkey nodes stay unpriced.
const dragonfly = (nodeType: string): PriceSource => ({
  url: `https://dragonflydb.io/finops/elasticache/${nodeType}`,
  read: READ,
  note: 'third-party page quoting the on-demand price; names no engine, so Valkey (priced lower by AWS) is not derived from it',
});
const NODE_ENGINES: readonly PricedEngine[] = ['redis', 'memcached'];
const nodePrices = (nodeType: string, usdPerHour: number): NodeHourPrice[] => ['us-east-1', 'us-west-2']
  .map((region) => ({ region, nodeType, engines: NODE_ENGINES, usdPerHour, source: dragonfly(nodeType) }));

/** On-demand node-hour prices. */
export const NODE_HOUR_PRICES: readonly NodeHourPrice[] = [
  ...nodePrices('cache.t3.micro', 0.017),
  ...nodePrices('cache.t3.medium', 0.068),
  ...nodePrices('cache.t2.micro', 0.017),
  ...nodePrices('cache.t2.small', 0.034),
  ...nodePrices('cache.t2.medium', 0.068),
];

/** Serverless prices (data stored and ECPUs). */
export const SERVERLESS_PRICES: readonly ServerlessPrice[] = [
  {
    region: 'us-east-1',
    engines: ['redis', 'memcached'],
    usdPerGbHour: 0.125,
    usdPerMillionEcpu: 0.0034,
    source: {
      url: 'https://www.usage.ai/blogs/aws/database-savings-plans/elasticache/serverless-pricing/',
      read: READ,
      note: 'US East (N. Virginia), from the AWS Database Blog\'s worked example '
        + '(https://aws.amazon.com/blogs/database/unlock-on-demand-cost-optimized-performance-with-amazon-elasticache-serverless/); '
        + 'the same two figures in https://www.gomomento.com/blog/a-look-into-elasticache-serverless-pricing/ (2024-02-21)',
    },
  },
  {
    region: 'us-east-1',
    engines: ['valkey'],
    usdPerGbHour: 0.084,
    usdPerMillionEcpu: 0.0023,
    source: {
      url: 'https://www.usage.ai/blogs/aws/database-savings-plans/elasticache/serverless-pricing/',
      read: READ,
      note: 'US East (N. Virginia); the page takes the Valkey rates from pump.co (March 2025) and rounds them; '
        + 'AWS states Valkey serverless is priced 33% lower (https://amazonaws.cn/en/elasticache/faqs)',
    },
  },
  {
    region: 'eu-west-1',
    engines: ['redis'],
    usdPerGbHour: 0.14,
    usdPerMillionEcpu: 0.0038,
    source: {
      url: 'https://sodkiewiczm.medium.com/elasticache-serverless-is-it-bad-or-just-not-for-you-0167a87f885c',
      read: READ,
      note: '"eu-west-1 rates" of ElastiCache Serverless (Redis, the only serverless engine then), post of 2023-12-06',
    },
  },
];

/** The node-hour price of a node type for an engine in a Region, if one is sourced. */
export function nodeHourPrice(region: string, nodeType: string, engine: PricedEngine): NodeHourPrice | undefined {
  return NODE_HOUR_PRICES.find((p) => p.region === region && p.nodeType === nodeType && p.engines.includes(engine));
}

/** The serverless prices of an engine in a Region, if sourced. */
export function serverlessPrice(region: string, engine: PricedEngine): ServerlessPrice | undefined {
  return SERVERLESS_PRICES.find((p) => p.region === region && p.engines.includes(engine));
}
