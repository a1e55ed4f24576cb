import { MemcachedClusterProps } from './props';
import { MemcachedSettings } from './validate';
import { CreateOnlyValues } from '../common/cache-id';
import { networkTypeCreateOnly } from '../common/network-type-rules';
import { subnetGroupIdentity } from '../groups/subnet-group';

/**
 * What CloudFormation can only change by replacing a Memcached cluster: the schema's
 * createOnlyProperties (ClusterName, Port, CacheSubnetGroupName, NetworkType, Engine); CacheNodeType
 * ("Changing the CacheNodeType of a Memcached instance is currently not supported ... we recommend
 * forcing a replacement"); NumCacheNodes when no preferred zones are listed ("if the
 * PreferredAvailabilityZone and PreferredAvailabilityZones properties were not previously specified
 * ... an update requires replacement"); and in-transit encryption, set only at creation.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticache-cachecluster.html
 */
export const MEMCACHED_CREATE_ONLY = [
  'port', 'nodeType', 'nodes (without preferredAvailabilityZones)', 'transitEncryption', 'vpcSubnets / subnetGroup (the subnet group)',
  'networkType',
];

/** The create-only settings that differ from the defaults. */
export function memcachedCreateOnly(props: MemcachedClusterProps, s: MemcachedSettings): CreateOnlyValues {
  return {
    port: s.port !== 11212 ? s.port : undefined,
    nodeType: s.nodeType !== 'cache.t4g.micro' ? s.nodeType : undefined,
    nodes: props.preferredAvailabilityZones === undefined && s.nodes !== 2 ? s.nodes : undefined,
    transitEncryption: s.transitEncryption ? undefined : false,
    networkType: networkTypeCreateOnly(props.networkType),
    subnetGroup: subnetGroupIdentity(props.subnetGroup),
  };
}
