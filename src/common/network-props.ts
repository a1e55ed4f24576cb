import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CacheIpDiscovery, CacheNetworkType } from './network-type';
import { ICacheSubnetGroup } from '../groups/subnet-group';

/** Where a cache lives in its VPC: the VPC, its subnets and security groups. */
export interface CachePlacementProps {
  /** The VPC to place the cache in. */
  readonly vpc: ec2.IVpc;
  /**
   * The subnets of the cache's subnet group.
   * @default - the VPC's isolated subnets, or its private subnets with egress when it has no isolated ones
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * A subnet group to place the cache in, instead of one made for it: a `CacheSubnetGroup` (in the
   * cache's VPC), or one made elsewhere, `CacheSubnetGroup.fromSubnetGroupName()`. Not with
   * `vpcSubnets`. The subnets of a group imported by name are not known here: preferred zones are
   * not checked against them, and the secret rotation function runs in the VPC's default cache
   * subnets (isolated, else private with egress). The subnet group is set at creation: bringing
   * another one replaces the cache.
   * @default - a new subnet group of `vpcSubnets`
   */
  readonly subnetGroup?: ICacheSubnetGroup;
  /**
   * Security groups for the cache.
   * @default - a new security group with no ingress and no egress; open it with `connections`
   */
  readonly securityGroups?: ec2.ISecurityGroup[];
}

/** Where a cache lives in its VPC, and the IP protocols it speaks. */
export interface CacheNetworkProps extends CachePlacementProps {
  /**
   * The IP protocols the cache accepts connections on. IPv6 and dual stack need a node type built
   * on the Nitro system (not t2, m4, r4); dual stack needs subnets with an IPv4 and an IPv6 CIDR
   * (`ec2.Vpc` with `ipProtocol: ec2.IpProtocol.DUAL_STACK`), IPv6 IPv6-only subnets. Set at
   * creation only: a change replaces the cache.
   * @default CacheNetworkType.IPV4
   */
  readonly networkType?: CacheNetworkType;
  /**
   * The IP version the discovery protocol advertises for the nodes (`CLUSTER SLOTS` / `SHARDS` /
   * `NODES`, Memcached's `config get cluster`); it matters for dual stack, where it can change
   * in place. With TLS, discovery returns hostnames and it has no effect.
   * @default - CacheIpDiscovery.IPV6 when networkType is IPV6, else IPV4
   */
  readonly ipDiscovery?: CacheIpDiscovery;
}
