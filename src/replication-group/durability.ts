import { isSharded } from './cluster-mode';
import { DurabilityMode, ReplicationGroupProps } from './props';
import type { ReplicationGroupSettings } from './settings';
import { CacheEngine } from '../common/engine';
import { checkEnum } from '../common/prop-types';
import { isResolved, RuleReport } from '../common/validation';

const DOC_LIMITS = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Durability.Limitations.html';
// The English page lists "R7g, R6g, M7g, M6g, and C7gn"; the newer translations of the same page
// (ja_jp, zh_tw, es_es) list "R8g, R7g, R6g, M8g, M7g, M6g, C8gn and C7gn".
const DOC_LIMITS_JA = 'https://docs.aws.amazon.com/ja_jp/AmazonElastiCache/latest/dg/Durability.Limitations.html';
const DURABLE_FAMILIES = ['r8g', 'r7g', 'r6g', 'm8g', 'm7g', 'm6g', 'c8gn', 'c7gn'];

/** SYNC or ASYNC: the group keeps a Multi-AZ transactional log. */
export function isDurable(mode: DurabilityMode | undefined): boolean {
  return mode === DurabilityMode.SYNC || mode === DurabilityMode.ASYNC;
}

/** The documented limitations of durability, checked when it is on. */
export function validateDurability(r: RuleReport, props: ReplicationGroupProps, engine: CacheEngine, t: ReplicationGroupSettings): void {
  const mode = props.durability;
  if (mode === undefined) return;
  checkEnum(r, 'durability', mode, Object.values(DurabilityMode), DOC_LIMITS);
  if (!isDurable(mode)) return;
  const rule = (what: string) => `durability (${mode}) ${what}`;
  // "Durability for ElastiCache is supported on Valkey 9.0 or later."
  if (!engine.isValkeyAtLeast('9.0')) r.fail('engine', `${engine}`, rule('needs Valkey 9.0 or later'), DOC_LIMITS);
  // "… supported for the following instance type families: …"
  const family = isResolved(t.nodeType) ? t.nodeType.split('.')[1] : undefined;
  if (family !== undefined && !DURABLE_FAMILIES.includes(family)) {
    r.fail('nodeType', t.nodeType, rule(`needs a node of the R6g, R7g, R8g, M6g, M7g, M8g, C7gn or C8gn families, not ${family}`), DOC_LIMITS_JA);
  }
  // "Durability for ElastiCache is not supported for Cluster Mode Disabled (CMD) clusters."
  // Changing durability: "The cluster uses Cluster Mode Enabled (CME)", so not COMPATIBLE either.
  if (!isSharded(t.clusterModeSetting)) {
    r.fail('clusterMode', t.clusterModeSetting, rule('needs ClusterMode.ENABLED'), DOC_LIMITS);
  }
  // "… requires Multi-AZ enabled with at least one replica per shard."
  if (isResolved(t.replicasPerShard) && t.replicasPerShard < 1) {
    r.fail('replicasPerShard', t.replicasPerShard, rule('needs at least one replica per shard'), DOC_LIMITS);
  } else if (!t.multiAz) {
    r.fail('multiAz', false, rule('needs Multi-AZ'), DOC_LIMITS);
  }
  // "… requires and automatically enables encryption at-rest, and requires encryption in-transit
  // (TLS) to be enabled at cluster creation."
  if (!t.transitEncryption) r.fail('transitEncryption', false, rule('needs transit encryption (TLS)'), DOC_LIMITS);
  if (!t.atRestEncryption) r.fail('atRestEncryption', false, rule('needs encryption at rest (ElastiCache turns it on itself)'), DOC_LIMITS);
  // "Durability is not supported with Global Datastores, Outposts, Local Zones, or data tiering."
  if (t.dataTiering) r.fail('dataTiering', true, rule('is not supported with data tiering'), DOC_LIMITS);
}
