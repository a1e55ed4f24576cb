import * as ec2 from 'aws-cdk-lib/aws-ec2';

/** Where a cache lives in its VPC. */
export interface CacheNetworkProps {
  /** The VPC to place the cache in. */
  readonly vpc: ec2.IVpc;
  /**
   * The subnets of the cache's subnet group.
   * @default - the VPC's isolated subnets, or its private subnets with egress when it has no isolated ones
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * Security groups for the cache.
   * @default - a new security group with no ingress and no egress; open it with `connections`
   */
  readonly securityGroups?: ec2.ISecurityGroup[];
}
