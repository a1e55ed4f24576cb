import { Reference, Token, Tokenization } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { fail } from '../common/validation';

const VPC_REACH = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/elasticache-vpc-accessing.html';

/**
 * Throws when the client's security groups and the cache's were made in two different VPCs, as
 * far as this app can tell (two VPC constructs, or two literal VPC ids): a cache is only reachable
 * from its own VPC unless the VPCs are peered, which the app may arrange in ways not visible here.
 */
export function checkSameVpc(cache: IConstruct & ec2.IConnectable, client: ec2.IConnectable, description: string): void {
  const cacheVpc = vpcOf(cache.connections.securityGroups);
  const clientVpc = vpcOf(client.connections.securityGroups);
  if (!cacheVpc || !clientVpc || typeof cacheVpc.key !== typeof clientVpc.key || cacheVpc.key === clientVpc.key) return;
  fail('vpc', clientVpc.name,
    `${description} is in the VPC '${clientVpc.name}' but the cache '${cache.node.path}' is in the VPC '${cacheVpc.name}'; `
    + 'a cache is only reachable from its own VPC unless the VPCs are peered (then connect with CacheClientTarget.custom)', VPC_REACH);
}

interface KnownVpc {
  /** The VPC construct, or the literal VPC id. */
  readonly key: IConstruct | string;
  /** Its path, or the id. */
  readonly name: string;
}

/** The VPC of the first security group made in this app whose VPC is known. */
function vpcOf(groups: ec2.ISecurityGroup[]): KnownVpc | undefined {
  for (const group of groups) {
    const cfn = group.node.defaultChild;
    const vpcId = cfn instanceof ec2.CfnSecurityGroup ? cfn.vpcId : undefined;
    if (vpcId === undefined) continue;
    if (!Token.isUnresolved(vpcId)) return { key: vpcId, name: vpcId };
    // `vpc.vpcId` of a VPC made in the app is a reference to its CfnVPC: the construct says which VPC.
    const tokens = Tokenization.reverseString(vpcId);
    const ref = tokens.length === 1 ? tokens.firstToken : undefined;
    if (ref && Reference.isReference(ref) && ref.target instanceof ec2.CfnVPC) {
      const vpc = ref.target.node.scope ?? ref.target;
      return { key: vpc, name: vpc.node.path };
    }
  }
  return undefined;
}
