import { Token } from 'aws-cdk-lib';
import { CacheRestoreSource } from './restore';
import { isResolved, RuleReport } from '../common/validation';

// "SnapshotArns: A list of Amazon Resource Names (ARN) that uniquely identify the Valkey or Redis
// OSS RDB snapshot files stored in Amazon S3 ... The Amazon S3 object name in the ARN cannot
// contain any commas. ... Example of an Amazon S3 ARN: arn:aws:s3:::my_bucket/snapshot1.rdb"
const CFN_RG = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticache-replicationgroup.html';
const DOC_KV = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/distributed-kv-caching-limits.html';

/** Whether the group is seeded from .rdb files in S3. */
export function seedsFromS3(source: CacheRestoreSource | undefined): boolean {
  return source instanceof CacheRestoreSource && source.objectArns !== undefined;
}

/** The CfnReplicationGroup properties of the restore source. */
export function restoreProperties(source: CacheRestoreSource | undefined): { snapshotName?: string; snapshotArns?: string[] } {
  if (!source) return {};
  return { snapshotName: source.snapshotName, snapshotArns: source.objectArns };
}

/** The source's create-only fingerprint value: the name or ARNs (tokens count as "set", see fingerprintOf). */
export function restoreFingerprint(source: CacheRestoreSource | undefined): unknown {
  if (!source) return undefined;
  return source.snapshotName !== undefined ? { snapshot: source.snapshotName } : { s3: source.objectArns };
}

/**
 * The documented rules of a restore source. Unresolved tokens are skipped.
 * @param distributedKv whether the node type is a distributed key-value caching one (i8ge)
 */
export function validateRestoreSource(r: RuleReport, source: unknown, distributedKv: boolean): void {
  if (source === undefined) return;
  if (!(source instanceof CacheRestoreSource)) {
    r.fail('restoreFrom', source, 'it is a CacheRestoreSource, e.g. CacheRestoreSource.snapshot(\'my-backup\')');
    return;
  }
  // "Snapshots, backups, restore, and replication: No" (distributed key-value caching limits).
  if (distributedKv) r.fail('restoreFrom', describeSource(source), 'distributed key-value caching nodes (i8ge) cannot restore data', DOC_KV);
  if (source.snapshotName !== undefined) {
    if (typeof source.snapshotName !== 'string') r.fail('restoreFrom.snapshotName', source.snapshotName, 'the snapshot name is a string', CFN_RG);
    else if (isResolved(source.snapshotName) && source.snapshotName.trim() === '') r.fail('restoreFrom.snapshotName', source.snapshotName, 'name the snapshot to restore', CFN_RG);
    return;
  }
  const arns = source.objectArns;
  if (Token.isUnresolved(arns)) return;
  if (!Array.isArray(arns) || arns.some((a) => typeof a !== 'string')) {
    r.fail('restoreFrom.objectArns', arns, 'the S3 object ARNs are a list of strings', CFN_RG);
    return;
  }
  if (arns.length === 0) r.fail('restoreFrom.objectArns', arns, 'name at least one .rdb file', CFN_RG);
  for (const arn of arns.filter(isResolved)) {
    // An object ARN: "arn:aws:s3:::my_bucket/snapshot1.rdb" (the bucket, a slash, the object key).
    const m = /^arn:aws[a-z-]*:s3:::([^/]+)\/(.+)$/.exec(arn);
    if (!m) {
      r.fail('restoreFrom.objectArns', arn, 'an S3 object ARN is arn:aws:s3:::bucket/key, e.g. arn:aws:s3:::my-bucket/dump.rdb', CFN_RG);
    } else if (m[2].includes(',')) {
      r.fail('restoreFrom.objectArns', arn, 'the S3 object name in the ARN cannot contain commas', CFN_RG);
    }
  }
}

function describeSource(source: CacheRestoreSource): unknown {
  return source.snapshotName ?? source.objectArns;
}
