import { extend, int, oneOf, yesNo } from './parameter-types';
import { VALKEY7 } from './redis7';

// "Valkey 8.0 / 8.1 / 8.2 parameter changes" (family valkey8) and "Valkey 9.1 and Valkey 9.0
// parameter changes" (family valkey9). 8.1's additions "don't apply to Valkey 8.0", 8.2's "don't
// apply to Valkey 8.1", though all share valkey8: `since` records the version.
// https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html
const SOURCE = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Valkey.8';

const GONE = 'removed in Valkey 8.0';

/** Family valkey8: Valkey 8.0, 8.1 and 8.2. */
export const VALKEY8 = extend(VALKEY7, {
  source: SOURCE,
  add: {
    'maxmemory-samples': int({ min: 1, max: 64 }),
    'extended-redis-compatibility': yesNo(),
    'commandlog-request-larger-than': int({ since: '8.1' }),
    'commandlog-large-request-max-len': int({ min: 0, max: 1024, since: '8.1' }),
    'commandlog-reply-larger-than': int({ since: '8.1' }),
    'commandlog-large-reply-max-len': int({ min: 0, max: 1024, since: '8.1' }),
    'search-fanout-target-mode': oneOf(['throughput', 'client'], { since: '8.2' }),
    'search-default-timeout-ms': int({ min: 1, max: 60000, since: '8.2' }),
    'search-enable-partial-results': yesNo({ since: '8.2' }),
  },
  remove: {
    'lazyfree-lazy-eviction': GONE,
    'lazyfree-lazy-expire': GONE,
    'lazyfree-lazy-server-del': GONE,
    'lazyfree-lazy-user-del': GONE,
    'replica-lazy-flush': GONE,
  },
});

/**
 * Family valkey9: Valkey 9.0 and 9.1 ("Parameter group family: valkey9"). The docs list one new
 * parameter; the rest carry over from valkey8 as every family carries over its predecessor's.
 */
export const VALKEY9 = extend(VALKEY8, {
  source: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Valkey.9.0',
  add: {
    // "Number of databases available in cluster mode. Set at cluster creation time." 1 to 10,000,
    // "No (set at creation)": the group this construct makes is new with the cluster, so it may hold it.
    'cluster-databases': int({ min: 1, max: 10000, modifiable: 'conditional', applies: 'creation' }),
  },
});
