import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import { Construct } from 'constructs';
import { CacheNetworkProps } from './network-props';

/** Private subnets, isolated first: a cache never needs a route to the internet. */
export function defaultCacheSubnets(vpc: ec2.IVpc): ec2.SubnetSelection {
  return vpc.isolatedSubnets.length > 0
    ? { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }
    : { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
}

/** The subnet group and security groups of a cache, as CloudFormation needs them. */
export class CacheNetwork extends Construct {
  public readonly subnetGroup: elasticache.CfnSubnetGroup;
  public readonly securityGroups: ec2.ISecurityGroup[];
  public readonly subnets: ec2.SelectedSubnets;

  constructor(scope: Construct, id: string, props: CacheNetworkProps & { readonly description: string }) {
    super(scope, id);
    this.subnets = props.vpc.selectSubnets(props.vpcSubnets ?? defaultCacheSubnets(props.vpc));
    this.subnetGroup = new elasticache.CfnSubnetGroup(this, 'SubnetGroup', {
      description: props.description,
      subnetIds: this.subnets.subnetIds,
    });
    this.securityGroups = props.securityGroups ?? [
      new ec2.SecurityGroup(this, 'SecurityGroup', {
        vpc: props.vpc,
        description: props.description,
        allowAllOutbound: false,
      }),
    ];
  }
}
