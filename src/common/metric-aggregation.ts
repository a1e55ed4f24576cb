/** How the nodes' values combine into one value for the cache. */
export enum MetricAggregation {
  /** The highest node: one hot node shows. */
  MAX = 'MAX',
  /** The lowest node. */
  MIN = 'MIN',
  /** All nodes added up. */
  SUM = 'SUM',
  /** The mean over nodes. */
  AVG = 'AVG',
}
