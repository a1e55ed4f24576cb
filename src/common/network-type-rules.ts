import { Annotations, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { CacheIpDiscovery, CacheNetworkType } from './network-type';
import { checkEnum } from './prop-types';
import { isResolved, RuleReport } from './validation';

// "configure your cluster to accept: only IPv4 connections, only IPv6 connections, both IPv4 and
// IPv6 connections (dual-stack)"; "IPv6 is supported for workloads using Valkey 7.2 and onward, or
// Redis OSS 6.2 and onward [and] Memcached 1.6.6 onward, on all instances built on the Nitro
// system" (every engine version the constructs offer qualifies, so only the node type is checked);
// "ElastiCache clusters require a dual-stack subnet with both IPv4 and IPv6 addresses assigned to
// them to operate in dual-stack mode and an IPv6-only subnet to operate as IPv6-only"; "When you
// ... choose dual-stack as the network type, you then need to designate an IP discovery type".
const DOC = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/network-type.html';
// The EC2 list of instances built on the Nitro System: T3, T4g, M5 and later, R5 and later, C7gn,
// C8gn, I8ge are on it; the Xen-based M4, R4 and T2 of the node-type catalog are not.
const DOC_NITRO = 'https://docs.aws.amazon.com/ec2/latest/instancetypes/ec2-nitro-instances.html';
// "For TLS enabled clusters the IP Discovery parameter has no effect on the preferred IP protocol":
// discovery returns hostnames, and the client's DNS preference picks the protocol.
const DOC_TLS = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/BestPractices.html';

/** The node-type families of the catalog that are not built on the Nitro system. */
const XEN_FAMILIES = ['t2', 'm4', 'r4'];

/** The network type and IP discovery props, as CloudFormation takes them (undefined when left at IPv4). */
export interface CacheIpSettings {
  readonly networkType?: string;
  readonly ipDiscovery?: string;
}

/** What the network-type rules read. */
export interface NetworkTypeInput {
  readonly networkType?: CacheNetworkType;
  readonly ipDiscovery?: CacheIpDiscovery;
  readonly nodeType: string;
  readonly transitEncryption: boolean;
  readonly subnets: ec2.ISubnet[];
}

/** The network type for the id fingerprint: create-only, and undefined on the default (IPv4). */
export function networkTypeCreateOnly(networkType: CacheNetworkType | undefined): string | undefined {
  return networkType === undefined || networkType === CacheNetworkType.IPV4 ? undefined : networkType;
}

/**
 * Checks the network type and IP discovery against the node type and the subnets, and returns
 * them as CloudFormation takes them: nothing on the defaults, so an IPv4 cache's template keeps
 * its shape. Unresolved tokens and subnets whose address families are not known are skipped.
 */
export function cacheIpSettings(scope: IConstruct, r: RuleReport, input: NetworkTypeInput): CacheIpSettings {
  const type = input.networkType ?? CacheNetworkType.IPV4;
  const discovery = input.ipDiscovery;
  // A token (e.g. a parameter) is passed through: ElastiCache checks it at deploy time.
  if (!isResolved(type) || (discovery !== undefined && !isResolved(discovery))) {
    return { networkType: input.networkType, ipDiscovery: discovery };
  }
  const before = r.all.length;
  checkEnum(r, 'networkType', input.networkType, Object.values(CacheNetworkType), DOC);
  checkEnum(r, 'ipDiscovery', input.ipDiscovery, Object.values(CacheIpDiscovery), DOC);
  if (r.all.length > before) return {};

  const family = isResolved(input.nodeType) ? input.nodeType.split('.')[1] : undefined;
  if (type !== CacheNetworkType.IPV4 && family !== undefined && XEN_FAMILIES.includes(family)) {
    r.fail('networkType', type, `IPv6 needs a node type built on the Nitro system; ${family} node types (${input.nodeType}) are not`, DOC_NITRO);
  }
  if (discovery === CacheIpDiscovery.IPV6 && type === CacheNetworkType.IPV4) {
    r.fail('ipDiscovery', discovery, 'an IPv4-only cache has no IPv6 addresses to advertise: IPv6 discovery needs networkType IPV6 or DUAL_STACK', DOC);
  }
  if (discovery === CacheIpDiscovery.IPV4 && type === CacheNetworkType.IPV6) {
    r.fail('ipDiscovery', discovery, 'an IPv6-only cache has no IPv4 addresses to advertise: leave ipDiscovery out, or set IPV6', DOC);
  }
  if (discovery !== undefined && type === CacheNetworkType.DUAL_STACK && input.transitEncryption) {
    Annotations.of(scope).addWarningV2('cdk-elasticache:ip-discovery-with-tls',
      `ipDiscovery has no effect with TLS: discovery returns hostnames, and each client's DNS preference picks IPv4 or IPv6. See ${DOC_TLS}`);
  }
  checkSubnetFamilies(scope, r, type, input.subnets);

  const ipDiscovery = type === CacheNetworkType.IPV4 ? undefined
    : discovery ?? (type === CacheNetworkType.IPV6 ? CacheIpDiscovery.IPV6 : CacheIpDiscovery.IPV4);
  return { networkType: type === CacheNetworkType.IPV4 ? undefined : type, ipDiscovery };
}

/**
 * Dual stack needs subnets with IPv4 and IPv6 CIDRs, IPv6 IPv6-only subnets, IPv4 subnets with an IPv4 CIDR
 * (the same families for node-based and serverless caches).
 */
export function checkSubnetFamilies(scope: IConstruct, r: RuleReport, type: CacheNetworkType, subnets: ec2.ISubnet[], source = DOC): void {
  const fits = (f: SubnetFamilies) => type === CacheNetworkType.IPV4 ? f.ipv4
    : type === CacheNetworkType.IPV6 ? f.ipv6 && !f.ipv4 : f.ipv4 && f.ipv6;
  const misfits = subnets.filter((s) => {
    const f = subnetFamilies(s);
    return f !== undefined && !fits(f);
  });
  // An IPv6 CIDR can also be attached by an AWS::EC2::SubnetCidrBlock: then the subnet's own
  // properties do not tell, and the rule is skipped rather than guessed.
  if (misfits.length === 0 || Stack.of(scope).node.findAll().some((c) => c instanceof ec2.CfnSubnetCidrBlock)) return;
  const paths = misfits.map((s) => s.node.path).join(', ');
  const need = type === CacheNetworkType.IPV4 ? 'an IPv4 CIDR (these subnets are IPv6-only)'
    : type === CacheNetworkType.IPV6 ? 'IPv6-only subnets (ipv6Native, no IPv4 CIDR)'
      : 'subnets with both an IPv4 and an IPv6 CIDR (e.g. ec2.Vpc with ipProtocol: ec2.IpProtocol.DUAL_STACK)';
  r.fail('networkType', type, `networkType ${type} needs ${need}; ${paths} ${misfits.length === 1 ? 'does' : 'do'} not fit`, source);
}

interface SubnetFamilies {
  readonly ipv4: boolean;
  readonly ipv6: boolean;
}

/** The address families of a subnet made in this app (ec2.Subnet), read from its CfnSubnet; undefined when not known. */
function subnetFamilies(subnet: ec2.ISubnet): SubnetFamilies | undefined {
  if (!ec2.Subnet.isVpcSubnet(subnet)) return undefined;
  const cfn = subnet.node.tryFindChild('Subnet');
  if (!(cfn instanceof ec2.CfnSubnet) || !isResolved(cfn.ipv6Native ?? false)) return undefined;
  const ipv6Native = cfn.ipv6Native === true;
  return {
    ipv4: !ipv6Native && (cfn.cidrBlock !== undefined || cfn.ipv4IpamPoolId !== undefined),
    ipv6: ipv6Native || cfn.ipv6CidrBlock !== undefined || cfn.ipv6IpamPoolId !== undefined,
  };
}
