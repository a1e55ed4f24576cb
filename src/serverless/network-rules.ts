import { Annotations, Reference, Token, Tokenization } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { ServerlessConnectionType } from './props';
import { CacheNetworkType } from '../common/network-type';
import { checkSubnetFamilies } from '../common/network-type-rules';
import { checkEnum } from '../common/prop-types';
import { isResolved, RuleReport } from '../common/validation';

// SubnetIds: "All the subnetIds must belong to the same VPC." (CreateServerlessCache)
const API_CREATE = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateServerlessCache.html';
// "IPv4 – Subnets must have IPv4 address space. Dual stack subnets … are also supported." / "IPv6 –
// Subnets must be IPv6-only." / "Dual stack – Subnets must have both IPv4 and IPv6 address space."
const DOC_NET = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/serverless-network-type.html';
// No AWS page states a subnet count; AWS's agent toolkit checks "Subnets span 2+ AZs — At least 2
// subnets in different AZs", and ElastiCache picks 2-3 zones when given none: a warning.
const TOOLKIT = 'https://github.com/aws/agent-toolkit-for-aws/blob/main/skills/specialized-skills/database-skills/amazon-elasticache/references/create-secure-cache.md';
const CFN = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticache-serverlesscache.html';

/**
 * The network rules of a serverless cache's subnets; returns the NetworkType CloudFormation takes
 * (undefined on IPv4, the default, so the template keeps its shape).
 */
export function validateServerlessNetwork(scope: IConstruct, r: RuleReport, vpc: ec2.IVpc, subnets: ec2.ISubnet[],
  networkType: CacheNetworkType | undefined, connectionType: ServerlessConnectionType | undefined): string | undefined {
  checkEnum(r, 'connectionType', connectionType, Object.values(ServerlessConnectionType), CFN);
  const foreign = subnets.filter((s) => isForeign(vpc, s));
  if (foreign.length > 0) {
    r.fail('vpcSubnets', foreign.map((s) => s.node.path), `the subnets must all belong to the cache's VPC '${vpc.node.path}'`, API_CREATE);
  }
  const zones = new Set(subnets.map((s) => s.availabilityZone).filter(isResolved));
  if (subnets.length > 0 && subnets.every((s) => isResolved(s.availabilityZone)) && zones.size < 2) {
    Annotations.of(scope).addWarningV2('cdk-elasticache:serverless-one-zone',
      `The cache's subnets are in ${zones.size} Availability Zone; AWS's ElastiCache checklist asks for subnets in at least 2 zones. See ${TOOLKIT}`);
  }
  if (networkType === undefined || !isResolved(networkType)) return networkType;
  const before = r.all.length;
  checkEnum(r, 'networkType', networkType, Object.values(CacheNetworkType), DOC_NET);
  if (r.all.length > before) return undefined;
  checkSubnetFamilies(scope, r, networkType, subnets, DOC_NET);
  return networkType === CacheNetworkType.IPV4 ? undefined : networkType;
}

/** True when the subnet's VPC is known and is not `vpc`. */
function isForeign(vpc: ec2.IVpc, subnet: ec2.ISubnet): boolean {
  const cfn = subnet.node.tryFindChild('Subnet');
  if (!(cfn instanceof ec2.CfnSubnet)) return false;
  const vpcId = cfn.vpcId;
  if (!Token.isUnresolved(vpcId)) return !Token.isUnresolved(vpc.vpcId) && vpcId !== vpc.vpcId;
  const tokens = Tokenization.reverseString(vpcId);
  const ref = tokens.length === 1 ? tokens.firstToken : undefined;
  if (!ref || !Reference.isReference(ref) || !(ref.target instanceof ec2.CfnVPC)) return false;
  const own = vpc.node.tryFindChild('Resource');
  return own instanceof ec2.CfnVPC && ref.target !== own;
}
