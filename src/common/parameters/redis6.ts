import { extend, fixed, int, oneOf, str, yesNo } from './parameter-types';
import { REDIS_4_0 } from './redis-base';

// "Redis OSS 5.0.0 / 5.0.3 parameter changes" and "Redis OSS 6.x parameter changes" (family redis6.x).
// https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html
const SOURCE = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Redis.6-x';

const REDIS_5_0 = extend(REDIS_4_0, {
  add: {
    'stream-node-max-bytes': int({ min: 0 }),
    'stream-node-max-entries': int({ min: 0 }),
    'active-defrag-max-scan-fields': int({ min: 1, max: 1000000 }),
    'lua-replicate-commands': yesNo(),
    'replica-ignore-maxmemory': fixed('boolean'),
    // 5.0 renames the slave-* parameters.
    'replica-lazy-flush': fixed('boolean'),
    'client-output-buffer-limit-replica-hard-limit': fixed('integer', 'its value follows the node type'),
    'client-output-buffer-limit-replica-soft-limit': fixed('integer', 'its value follows the node type'),
    'client-output-buffer-limit-replica-soft-seconds': fixed('integer'),
    'replica-allow-chaining': fixed('string'),
    'min-replicas-to-write': int(),
    'min-replicas-max-lag': int(),
    'close-on-replica-write': yesNo(),
    // 5.0.3
    'rename-commands': str(),
  },
  rename: {
    'slave-lazy-flush': 'replica-lazy-flush',
    'client-output-buffer-limit-slave-hard-limit': 'client-output-buffer-limit-replica-hard-limit',
    'client-output-buffer-limit-slave-soft-limit': 'client-output-buffer-limit-replica-soft-limit',
    'client-output-buffer-limit-slave-soft-seconds': 'client-output-buffer-limit-replica-soft-seconds',
    'slave-allow-chaining': 'replica-allow-chaining',
    'min-slaves-to-write': 'min-replicas-to-write',
    'min-slaves-max-lag': 'min-replicas-max-lag',
    'close-on-slave-write': 'close-on-replica-write',
  },
  remove: { 'repl-timeout': 'not available beginning with Redis OSS 5.0' },
});

/** Family redis6.x: Redis OSS 6.0 and 6.2. */
export const REDIS6 = extend(REDIS_5_0, {
  source: SOURCE,
  add: {
    // "Either update the users or reboot the cluster to update the existing Redis OSS users."
    'acl-pubsub-default': oneOf(['resetchannels', 'allchannels'], { applies: 'reboot' }),
    'cluster-allow-reads-when-down': str(),
    'tracking-table-max-keys': int(),
    'acllog-max-len': int(),
    // "You can increase this value up to 10".
    'active-expire-effort': int({ min: 1, max: 10 }),
    'lazyfree-lazy-user-del': str(),
  },
  remove: { 'lua-replicate-commands': 'removed in Redis OSS 6.x' },
});
