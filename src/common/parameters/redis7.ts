import { extend, fixed, int, oneOf } from './parameter-types';
import { REDIS6 } from './redis6';

// "Valkey 7.2 and Redis OSS 7 parameter changes": families redis7 and valkey7. "Valkey 7.2
// parameters are the same as Redis OSS 7 parameters."
// https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html
const SOURCE = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Redis.7';

const LISTPACK = 'removed in Redis OSS 7, which uses listpack instead of ziplist';

/** Family redis7: Redis OSS 7.0 and 7.1. */
export const REDIS7 = extend(REDIS6, {
  source: SOURCE,
  add: {
    'cluster-allow-pubsubshard-when-down': oneOf(['yes', 'no']),
    'cluster-preferred-endpoint-type': oneOf(['ip', 'tls-dynamic']),
    'latency-tracking': oneOf(['yes', 'no']),
    'hash-max-listpack-entries': int({ min: 0 }),
    'hash-max-listpack-value': int({ min: 0 }),
    'zset-max-listpack-entries': int({ min: 0 }),
    'zset-max-listpack-value': int({ min: 0 }),
    'activerehashing': fixed('boolean', 'in Redis OSS 7 it is hidden and enabled; disabling it takes an AWS support case'),
  },
  remove: {
    'hash-max-ziplist-entries': `${LISTPACK}: use hash-max-listpack-entries`,
    'hash-max-ziplist-value': `${LISTPACK}: use hash-max-listpack-value`,
    'zset-max-ziplist-entries': `${LISTPACK}: use zset-max-listpack-entries`,
    'zset-max-ziplist-value': `${LISTPACK}: use zset-max-listpack-value`,
    'list-max-ziplist-size': LISTPACK,
  },
});

/** Family valkey7: Valkey 7.2, the same parameters as Redis OSS 7. */
export const VALKEY7 = REDIS7;
