import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as kms from 'aws-cdk-lib/aws-kms';
import { defaultParameterGroupName } from './parameter-group';
import { ReplicationGroupProps } from './props';
import { restoreProperties } from './restore-rules';
import { nodePlacement, ReplicationGroupSettings } from './settings';
import { CacheAuth } from '../auth/cache-auth';
import { CacheEngine } from '../common/engine';
import { CacheNetwork } from '../common/network';
import { CacheIpSettings } from '../common/network-type-rules';
import { ICacheParameterGroup } from '../groups/parameter-group';

/** What the L1 is made from: the checked settings and the companions already made. */
export interface ReplicationGroupResourceInput {
  readonly replicationGroupId: string;
  readonly description: string;
  readonly engine: CacheEngine;
  readonly settings: ReplicationGroupSettings;
  readonly props: ReplicationGroupProps;
  readonly network: CacheNetwork;
  readonly ip: CacheIpSettings;
  readonly parameterGroup?: ICacheParameterGroup;
  readonly encryptionKey?: kms.IKey;
  readonly auth: CacheAuth;
  readonly logDeliveryConfigurations?: elasticache.CfnReplicationGroup.LogDeliveryConfigurationRequestProperty[];
}

/** The CfnReplicationGroup properties: one shape for cluster mode (node groups), one without (clusters). */
export function replicationGroupResourceProps(i: ReplicationGroupResourceInput): elasticache.CfnReplicationGroupProps {
  const { settings: s, props, engine } = i;
  const placement = nodePlacement(s, props);
  return {
    replicationGroupId: i.replicationGroupId,
    replicationGroupDescription: i.description,
    engine: engine.name,
    engineVersion: engine.version,
    cacheNodeType: s.nodeType,
    clusterMode: s.clusterModeSetting,
    cacheParameterGroupName: i.parameterGroup?.parameterGroupName ?? defaultParameterGroupName(engine, s.clusterModeSetting),
    ...(s.clusterMode ? {
      numNodeGroups: s.shards,
      replicasPerNodeGroup: s.replicasPerShard,
      nodeGroupConfiguration: placement.nodeGroupConfiguration,
    } : {
      numCacheClusters: 1 + s.replicasPerShard,
      preferredCacheClusterAZs: placement.preferredCacheClusterAZs,
    }),
    automaticFailoverEnabled: s.automaticFailover,
    multiAzEnabled: s.multiAz,
    port: s.port,
    cacheSubnetGroupName: i.network.subnetGroup.subnetGroupName,
    securityGroupIds: i.network.securityGroups.map((sg) => sg.securityGroupId),
    ...i.ip,
    transitEncryptionEnabled: s.transitEncryption,
    transitEncryptionMode: props.transitEncryptionMode,
    atRestEncryptionEnabled: s.atRestEncryption,
    kmsKeyId: s.atRestEncryption ? i.encryptionKey?.keyArn : undefined,
    authToken: i.auth.authToken?.tokenValue.unsafeUnwrap(),
    userGroupIds: i.auth.userGroup ? [i.auth.userGroup.userGroupId] : undefined,
    snapshotRetentionLimit: s.snapshotRetentionDays,
    snapshotWindow: props.backupWindow,
    preferredMaintenanceWindow: props.maintenanceWindow,
    autoMinorVersionUpgrade: props.autoMinorVersionUpgrade ?? true,
    dataTieringEnabled: s.dataTiering || undefined,
    notificationTopicArn: props.notificationTopic?.topicArn,
    logDeliveryConfigurations: i.logDeliveryConfigurations,
    ...restoreProperties(props.restoreFrom),
  };
}
