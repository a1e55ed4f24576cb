import { Token } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { isDurable } from './durability';
import { ReplicationGroupProps } from './props';
import { restoreFingerprint } from './restore-rules';
import { ReplicationGroupSettings } from './settings';
import { CacheAuthentication } from '../auth/authentication';
import { CreateOnlyValues, generateReplaceableCacheId, warnFixedId } from '../common/cache-id';
import { CacheEngine } from '../common/engine';
import { networkTypeCreateOnly } from '../common/network-type-rules';
import { CacheAuthMode } from '../connection/contract';
import { subnetGroupIdentity } from '../groups/subnet-group';

/**
 * The properties CloudFormation can only change by replacing the group: the schema's
 * createOnlyProperties (AtRestEncryptionEnabled, KmsKeyId, Port, CacheSubnetGroupName, NetworkType,
 * DataTieringEnabled, SnapshotName, SnapshotArns, PreferredCacheClusterAZs, ReplicationGroupId),
 * and the documented conditional ones: "If ADDING the AuthToken, update requires Replacement", and
 * moving from an AUTH token to a user group (cloudformation-coverage-roadmap#2356), and durability
 * on or off: "Enabling durability on an existing non-durable cluster or disabling durability on an
 * existing durable cluster is not currently supported and will result in an error" (Durability;
 * SYNC and ASYNC switch in place, so both count as one value).
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticache-replicationgroup.html
 */
export const REPLICATION_GROUP_CREATE_ONLY = [
  'port', 'atRestEncryption', 'encryptionKey', 'vpcSubnets / subnetGroup (the subnet group)', 'dataTiering (nodeType r6gd)',
  'preferredAvailabilityZones (cluster mode disabled)', 'authentication (AUTH token added, or token to users)',
  'transitEncryption (before Valkey 7.2 / Redis OSS 7.0)', 'networkType', 'restoreFrom (SnapshotName / SnapshotArns)',
  'durability (on or off; SYNC and ASYNC switch in place)',
];

/** The create-only settings that differ from the defaults, named and given stable (non-token) values. */
export function replicationGroupCreateOnly(props: ReplicationGroupProps, s: ReplicationGroupSettings, auth: CacheAuthentication,
  engine: CacheEngine): CreateOnlyValues {
  return {
    // Before Valkey 7.2 / Redis OSS 7.0 there is no online TLS migration: TLS is set at creation.
    transitEncryption: !s.transitEncryption && !engine.isAtLeastRedis('7.0') ? false : undefined,
    port: s.port !== 6380 ? s.port : undefined,
    atRestEncryption: s.atRestEncryption ? undefined : false,
    encryptionKey: props.encryptionKey ? identity(props.encryptionKey, props.encryptionKey.keyArn) : undefined,
    dataTiering: s.dataTiering ? true : undefined,
    preferredCacheClusterAZs: !s.clusterMode && props.preferredAvailabilityZones ? stable(props.preferredAvailabilityZones) : undefined,
    auth: auth.mode === CacheAuthMode.TOKEN ? undefined : auth.mode === CacheAuthMode.NONE ? 'none' : 'users',
    networkType: networkTypeCreateOnly(props.networkType),
    restoreFrom: restoreFingerprint(props.restoreFrom),
    subnetGroup: subnetGroupIdentity(props.subnetGroup),
    durability: isDurable(props.durability) ? true : undefined,
  };
}

/** A construct's path when its value is a token (tokens are renumbered on every synth), else the value. */
export function identity(construct: IConstruct, value: string): string {
  return Token.isUnresolved(value) ? construct.node.path : value;
}

function stable(values: string[]): string[] | string {
  return Token.isUnresolved(values) || values.some((v) => Token.isUnresolved(v)) ? 'token' : values;
}

/**
 * The group's id: the user's, in lower case as ElastiCache stores it (with a warning listing what
 * would replace it), or a generated one that follows the create-only settings, so changing one
 * replaces the group under a new name instead of failing with "already exists".
 */
export function replicationGroupIdOf(scope: Construct, props: ReplicationGroupProps, s: ReplicationGroupSettings,
  auth: CacheAuthentication, engine: CacheEngine): string {
  if (props.replicationGroupId === undefined) return generateReplaceableCacheId(scope, replicationGroupCreateOnly(props, s, auth, engine));
  warnFixedId(scope, 'replicationGroupId', REPLICATION_GROUP_CREATE_ONLY);
  return Token.isUnresolved(props.replicationGroupId) ? props.replicationGroupId : props.replicationGroupId.toLowerCase();
}
