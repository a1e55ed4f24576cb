import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { CachePlacementProps } from './network-props';
import { CacheSubnetGroup, defaultCacheSubnets, ICacheSubnetGroup } from '../groups/subnet-group';

/** The subnet group and security groups of a cache, as CloudFormation needs them. */
export class CacheNetwork extends Construct {
  public readonly subnetGroup: ICacheSubnetGroup;
  public readonly securityGroups: ec2.ISecurityGroup[];
  /**
   * The subnets of the subnet group, where the cache's functions (secret rotation) run too. For a
   * group imported by name, whose subnets are not known, the VPC's default cache subnets.
   */
  public readonly subnets: ec2.SelectedSubnets;
  /** The subnet group's subnets; empty when they are not known (a group imported by name). */
  public readonly subnetGroupSubnets: ec2.ISubnet[];

  /** The zones of the subnet group's subnets; empty when they are not known (a group imported by name). */
  public get subnetGroupZones(): string[] {
    return this.subnetGroupSubnets.map((s) => s.availabilityZone);
  }

  constructor(scope: Construct, id: string, props: CachePlacementProps & { readonly description: string }) {
    super(scope, id);
    const own = props.subnetGroup ? undefined
      : new CacheSubnetGroup(this, 'SubnetGroup', { vpc: props.vpc, vpcSubnets: props.vpcSubnets, description: props.description });
    const known = own ?? (props.subnetGroup instanceof CacheSubnetGroup ? props.subnetGroup : undefined);
    this.subnetGroup = props.subnetGroup ?? own!;
    this.subnets = known?.subnets ?? props.vpc.selectSubnets(defaultCacheSubnets(props.vpc));
    this.subnetGroupSubnets = known ? this.subnets.subnets : [];
    this.securityGroups = props.securityGroups ?? [
      new ec2.SecurityGroup(this, 'SecurityGroup', {
        vpc: props.vpc,
        description: props.description,
        allowAllOutbound: false,
      }),
    ];
  }
}
