import { Token } from 'aws-cdk-lib';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import { ReplicationGroupProps } from './props';
import { seedsFromS3 } from './restore-rules';
import { ReplicationGroupSettings } from './settings';
import { ShardConfiguration } from './shard-configuration';
import { checkPropShapes, PropKind } from '../common/prop-types';
import { isResolved, RuleReport } from '../common/validation';

// NodeGroupConfiguration: "NodeGroupId ... Length Constraints: Minimum length of 1. Maximum length
// of 4. Pattern: \d+"; "ReplicaAvailabilityZones ... The number of Availability Zones in this list
// must match the value of ReplicaCount or ReplicasPerNodeGroup if not specified"; "Slots ...
// Keyspaces range from 0 to 16,383. The string is in the format startkey-endkey. Example: "0-3999"".
const API_NODE_GROUP = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_NodeGroupConfiguration.html';
// CreateReplicationGroup: NodeGroupConfiguration "is required when seeding a Valkey or Redis OSS
// (cluster mode enabled) cluster from a S3 rdb file. You must configure each node group (shard)
// using this parameter because you must specify the slots for each node group."
const API_CREATE = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html';
const CFN_RG = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticache-replicationgroup.html';
// "When the cluster is stable, a single hash slot will be served by a single node".
const DOC_CLUSTER_SPEC = 'https://valkey.io/topics/cluster-spec/';
// cluster-require-full-coverage: "If this is set to yes, as it is by default, the cluster stops
// accepting writes if some percentage of the key space is not covered by any node."
const DOC_CLUSTER_TUTORIAL = 'https://valkey.io/topics/cluster-tutorial/';

const SLOTS = 16384;

type NodeGroup = elasticache.CfnReplicationGroup.NodeGroupConfigurationProperty;

const SHAPES: Record<string, PropKind> = {
  slots: 'string',
  replicaCount: 'number',
  primaryAvailabilityZone: 'string',
  replicaAvailabilityZones: 'string-list',
  nodeGroupId: 'string',
};

/** The field shapes of each entry (the list itself is checked with the other props). */
export function checkShardConfigurationShapes(r: RuleReport, shards: unknown): boolean {
  if (!Array.isArray(shards)) return true;
  let ok = true;
  shards.forEach((entry, i) => {
    const own = new RuleReport();
    if (!checkPropShapes(own, entry, SHAPES, [])) ok = false;
    for (const f of own.all) {
      const field = f.property === 'props' ? '' : `.${f.property}`;
      r.fail(`shardConfigurations[${i}]${field}`, f.value, f.property === 'props' ? 'each entry is an object (a ShardConfiguration)' : f.rule);
    }
  });
  return ok;
}

/**
 * The documented rules of per-shard configuration, and of seeding cluster mode from S3 (which
 * needs the slots of every shard). Unresolved tokens are skipped.
 */
export function validateShardConfigurations(r: RuleReport, props: ReplicationGroupProps, t: ReplicationGroupSettings): void {
  const shards = props.shardConfigurations;
  const s3 = seedsFromS3(props.restoreFrom);
  if (shards === undefined && !(s3 && t.clusterMode)) return;
  if (shards !== undefined && Token.isUnresolved(shards)) return;
  if (shards !== undefined && !t.clusterMode) {
    // ElastiCache accepts one node group without cluster mode too; this construct places those
    // nodes with preferredAvailabilityZones (PreferredCacheClusterAZs), so there is one way to say it.
    r.fail('shardConfigurations', shards, 'per-shard configuration is for cluster mode; with cluster mode disabled, place the nodes with preferredAvailabilityZones');
    return;
  }
  // The node groups are listed one by one, so their number and replica count must be known.
  const property = shards !== undefined ? 'shardConfigurations' : 'restoreFrom';
  if (!isResolved(t.shards)) r.fail('shards', t.shards, `${property} needs a shard count known at synth time (a configuration per shard)`, API_CREATE);
  if (!isResolved(t.replicasPerShard)) r.fail('replicasPerShard', t.replicasPerShard, `${property} needs a replica count known at synth time`, API_CREATE);
  if (shards === undefined) return;
  if (shards.length === 0) {
    r.fail('shardConfigurations', [], 'name at least one shard, or leave it out', CFN_RG);
    return;
  }
  // "The new replication group will have the number of node groups specified by the parameter
  // NumNodeGroups or the number of node groups configured by NodeGroupConfiguration": one number.
  if (isResolved(t.shards) && shards.length !== t.shards) {
    r.fail('shardConfigurations', `${shards.length} entries`, `give one configuration per shard: ${shards.length} for ${t.shards} shards (shards defaults to their number)`, API_CREATE);
  }
  shards.forEach((c, i) => validateShard(r, c, i, t));
  validateNodeGroupIds(r, shards);
  validateSlots(r, shards, s3);
}

function validateShard(r: RuleReport, c: ShardConfiguration, i: number, t: ReplicationGroupSettings): void {
  const at = `shardConfigurations[${i}]`;
  if (c.replicaCount !== undefined && isResolved(c.replicaCount)) {
    if (!Number.isInteger(c.replicaCount) || c.replicaCount < 0 || c.replicaCount > 5) {
      r.fail(`${at}.replicaCount`, c.replicaCount, 'a shard has 0 to 5 read replicas, a whole number', API_CREATE);
    } else if (isResolved(t.replicasPerShard) && c.replicaCount !== t.replicasPerShard) {
      // The construct's own rule: member cluster ids, alarms and cost estimates assume one count.
      r.fail(`${at}.replicaCount`, c.replicaCount, `every shard has replicasPerShard (${t.replicasPerShard}) replicas: set replicasPerShard instead`);
    }
  }
  const replicas = c.replicaCount ?? t.replicasPerShard;
  const zones = c.replicaAvailabilityZones;
  if (zones !== undefined && isResolved(zones) && isResolved(replicas) && zones.length !== replicas) {
    r.fail(`${at}.replicaAvailabilityZones`, zones, `name one zone per replica: ${replicas} for this shard, not ${zones.length}`, API_NODE_GROUP);
  }
}

function validateNodeGroupIds(r: RuleReport, shards: ShardConfiguration[]): void {
  const seen = new Set<string>();
  shards.forEach((c, i) => {
    const id = effectiveNodeGroupId(c, i);
    if (!isResolved(id)) return;
    if (!/^\d{1,4}$/.test(id)) r.fail(`shardConfigurations[${i}].nodeGroupId`, id, 'a node group id is 1 to 4 digits, e.g. 0001', API_NODE_GROUP);
    else if (seen.has(id)) r.fail(`shardConfigurations[${i}].nodeGroupId`, id, 'each node group id names one shard: they are unique (a shard without one takes its position, 0001, 0002, …)', API_NODE_GROUP);
    seen.add(id);
  });
}

interface SlotRange { readonly start: number; readonly end: number; readonly text: string }

function validateSlots(r: RuleReport, shards: ShardConfiguration[], s3: boolean): void {
  const ranges: SlotRange[] = [];
  let unknown = false;
  shards.forEach((c, i) => {
    if (c.slots === undefined || !isResolved(c.slots)) {
      unknown = true;
      return;
    }
    const m = /^(\d+)-(\d+)$/.exec(c.slots);
    const range = m ? { start: Number(m[1]), end: Number(m[2]), text: c.slots } : undefined;
    if (!range || range.start > range.end || range.end >= SLOTS) {
      r.fail(`shardConfigurations[${i}].slots`, c.slots, 'slots are startkey-endkey, from 0 to 16383, e.g. 0-5460', API_NODE_GROUP);
      unknown = true;
      return;
    }
    ranges.push(range);
  });
  const given = shards.filter((c) => c.slots !== undefined).length;
  if (s3 && given > 0 && given < shards.length) {
    r.fail('shardConfigurations[].slots', `${given} of ${shards.length} shards`,
      'seeding cluster mode from S3 needs the slots of every shard: name them on every shard, or on none (the construct then splits them evenly)', API_CREATE);
  }
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  let overlap = false;
  for (let k = 1; k < sorted.length; k++) {
    if (sorted[k].start <= sorted[k - 1].end) {
      r.fail('shardConfigurations[].slots', `${sorted[k - 1].text} and ${sorted[k].text}`, 'the ranges overlap: a hash slot belongs to one shard', DOC_CLUSTER_SPEC);
      overlap = true;
    }
  }
  if (!unknown && !overlap) {
    const covered = sorted.reduce((sum, s) => sum + s.end - s.start + 1, 0);
    if (covered !== SLOTS) {
      r.fail('shardConfigurations[].slots', sorted.map((s) => s.text).join(', '),
        `the shards hold ${covered} of the 16384 hash slots: the ranges must cover 0-16383, or the cluster stops accepting writes`, DOC_CLUSTER_TUTORIAL);
    }
  }
}

function effectiveNodeGroupId(c: ShardConfiguration, i: number): string {
  return c.nodeGroupId ?? String(i + 1).padStart(4, '0');
}

/** The zones named per shard, for the check that they are zones of the subnet group. */
export function shardZones(shards: ShardConfiguration[] | undefined): string[] | undefined {
  if (!shards || !Array.isArray(shards)) return undefined;
  const zones = shards.flatMap((c) => [
    ...(c.primaryAvailabilityZone !== undefined ? [c.primaryAvailabilityZone] : []),
    ...(c.replicaAvailabilityZones ?? []),
  ]);
  return zones.length > 0 ? [...new Set(zones)] : undefined;
}

/** The even split ElastiCache makes by default ("allocates keys equally"): shard i of n. */
export function evenSlots(i: number, n: number): string {
  const start = Math.floor(i * SLOTS / n);
  const end = Math.floor((i + 1) * SLOTS / n) - 1;
  return `${start}-${end}`;
}

/**
 * One NodeGroupConfiguration per shard. A shard's own zones win; a shard without any takes the
 * round-robin zones of preferredAvailabilityZones (the primary the next zone, its replicas the
 * zones after it). Slots are the given ones, or an even split when seeding from S3.
 * Call only with validated, resolved counts.
 */
export function nodeGroupConfigurations(s: ReplicationGroupSettings, props: ReplicationGroupProps): NodeGroup[] {
  const azs = props.preferredAvailabilityZones && props.preferredAvailabilityZones.length > 0 ? props.preferredAvailabilityZones : undefined;
  const azAt = (i: number) => azs![i % azs!.length];
  const split = seedsFromS3(props.restoreFrom);
  return Array.from({ length: s.shards }, (_, shard) => {
    const c: ShardConfiguration = props.shardConfigurations?.[shard] ?? {};
    const own = c.primaryAvailabilityZone !== undefined || c.replicaAvailabilityZones !== undefined;
    const replicaCount = c.replicaCount ?? s.replicasPerShard;
    return {
      nodeGroupId: effectiveNodeGroupId(c, shard),
      primaryAvailabilityZone: own ? c.primaryAvailabilityZone : azs && azAt(shard),
      replicaAvailabilityZones: own ? c.replicaAvailabilityZones : azs && Array.from({ length: replicaCount }, (__, r) => azAt(shard + r + 1)),
      replicaCount,
      slots: c.slots ?? (split ? evenSlots(shard, s.shards) : undefined),
    };
  });
}
