import { Errors, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import {
  CacheIpDiscovery, CacheNetworkType, MemcachedCluster, MemcachedClusterProps, ReplicationGroup, ReplicationGroupProps,
} from '../../src';
import { newStack } from '../helpers';

type Props = Omit<ReplicationGroupProps & MemcachedClusterProps, 'vpc'>;
type Build = (props: Props, vpcProps?: ec2.VpcProps) => { template: Template; stack: ReturnType<typeof newStack>['stack'] };

const DUAL_STACK_VPC: ec2.VpcProps = { ipProtocol: ec2.IpProtocol.DUAL_STACK };

const constructs: [string, string, Build][] = [
  ['ReplicationGroup', 'AWS::ElastiCache::ReplicationGroup', (props, vpcProps) => {
    const { stack, vpc } = newStack(vpcProps);
    new ReplicationGroup(stack, 'Cache', { vpc, ...props });
    return { stack, template: Template.fromStack(stack) };
  }],
  ['MemcachedCluster', 'AWS::ElastiCache::CacheCluster', (props, vpcProps) => {
    const { stack, vpc } = newStack(vpcProps);
    new MemcachedCluster(stack, 'Cache', { vpc, ...props });
    return { stack, template: Template.fromStack(stack) };
  }],
];

function cacheProperties(template: Template, type: string): Record<string, unknown> {
  return Object.values(template.findResources(type))[0].Properties;
}

function cacheId(template: Template, type: string): string {
  const p = cacheProperties(template, type);
  return (p.ReplicationGroupId ?? p.ClusterName) as string;
}

/** Makes the VPC's isolated subnets IPv6-only, as an escape hatch would (ec2.Subnet has no prop for it). */
function ipv6Only(vpc: ec2.Vpc): void {
  for (const subnet of vpc.isolatedSubnets) {
    const cfn = subnet.node.defaultChild as ec2.CfnSubnet;
    cfn.ipv6Native = true;
    cfn.cidrBlock = undefined;
  }
}

describe.each(constructs)('%s', (_name, type, build) => {
  test('the default emits no NetworkType or IpDiscovery', () => {
    const props = cacheProperties(build({}).template, type);
    expect(props.NetworkType).toBeUndefined();
    expect(props.IpDiscovery).toBeUndefined();
  });

  test('IPV4 given explicitly emits nothing either (NetworkType is create-only)', () => {
    const props = cacheProperties(build({ networkType: CacheNetworkType.IPV4, ipDiscovery: CacheIpDiscovery.IPV4 }).template, type);
    expect(props.NetworkType).toBeUndefined();
    expect(props.IpDiscovery).toBeUndefined();
  });

  test('dual stack in a dual-stack VPC: NetworkType dual_stack, IPv4 discovery by default', () => {
    build({ networkType: CacheNetworkType.DUAL_STACK }, DUAL_STACK_VPC).template.hasResourceProperties(type, {
      NetworkType: 'dual_stack', IpDiscovery: 'ipv4',
    });
  });

  test('dual stack with IPv6 discovery', () => {
    build({ networkType: CacheNetworkType.DUAL_STACK, ipDiscovery: CacheIpDiscovery.IPV6 }, DUAL_STACK_VPC).template
      .hasResourceProperties(type, { NetworkType: 'dual_stack', IpDiscovery: 'ipv6' });
  });

  test('IPv6-only subnets: NetworkType ipv6 with IPv6 discovery', () => {
    const { stack, vpc } = newStack(DUAL_STACK_VPC);
    ipv6Only(vpc);
    if (type === 'AWS::ElastiCache::ReplicationGroup') {
      new ReplicationGroup(stack, 'Cache', { vpc, networkType: CacheNetworkType.IPV6 });
    } else {
      new MemcachedCluster(stack, 'Cache', { vpc, networkType: CacheNetworkType.IPV6 });
    }
    Template.fromStack(stack).hasResourceProperties(type, { NetworkType: 'ipv6', IpDiscovery: 'ipv6' });
  });

  test('an IPv4-only VPC is refused for dual stack and IPv6', () => {
    expect(() => build({ networkType: CacheNetworkType.DUAL_STACK })).toThrow(
      /networkType: 'dual_stack' is invalid: .*both an IPv4 and an IPv6 CIDR.*Test\/Vpc\/isolatedSubnet1.*network-type\.html/);
    expect(() => build({ networkType: CacheNetworkType.IPV6 })).toThrow(/networkType: 'ipv6' is invalid: .*IPv6-only subnets/);
  });

  test('dual-stack subnets are not IPv6-only', () => {
    expect(() => build({ networkType: CacheNetworkType.IPV6 }, DUAL_STACK_VPC)).toThrow(/networkType: 'ipv6' is invalid: .*IPv6-only subnets/);
  });

  test('IPv6-only subnets are refused for the default IPv4', () => {
    const { stack, vpc } = newStack(DUAL_STACK_VPC);
    ipv6Only(vpc);
    const make = () => type === 'AWS::ElastiCache::ReplicationGroup'
      ? new ReplicationGroup(stack, 'Cache', { vpc }) : new MemcachedCluster(stack, 'Cache', { vpc });
    expect(make).toThrow(/networkType: 'ipv4' is invalid: .*an IPv4 CIDR \(these subnets are IPv6-only\)/);
  });

  test('imported subnets are not checked (their address families are not known)', () => {
    const { stack } = newStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
      vpcId: 'vpc-1', availabilityZones: ['us-east-1a', 'us-east-1b'], isolatedSubnetIds: ['subnet-a', 'subnet-b'],
    });
    const props = { vpc, networkType: CacheNetworkType.DUAL_STACK };
    expect(() => type === 'AWS::ElastiCache::ReplicationGroup'
      ? new ReplicationGroup(stack, 'Cache', props) : new MemcachedCluster(stack, 'Cache', props)).not.toThrow();
  });

  test('an IPv6 CIDR attached by AWS::EC2::SubnetCidrBlock is not second-guessed', () => {
    const { stack, vpc } = newStack();
    for (const [i, subnet] of vpc.isolatedSubnets.entries()) {
      new ec2.CfnSubnetCidrBlock(stack, `V6${i}`, { subnetId: subnet.subnetId, ipv6CidrBlock: `2001:db8:0:${i}::/64` });
    }
    const props = { vpc, networkType: CacheNetworkType.DUAL_STACK };
    expect(() => type === 'AWS::ElastiCache::ReplicationGroup'
      ? new ReplicationGroup(stack, 'Cache', props) : new MemcachedCluster(stack, 'Cache', props)).not.toThrow();
  });

  const invalid: [string, Props, RegExp][] = [
    ['a Xen node type (m4)', { networkType: CacheNetworkType.DUAL_STACK, nodeType: 'cache.m4.large' },
      /networkType: 'dual_stack' is invalid: IPv6 needs a node type built on the Nitro system; m4 node types \(cache.m4.large\).*ec2-nitro-instances/],
    ['a Xen node type (r4)', { networkType: CacheNetworkType.DUAL_STACK, nodeType: 'cache.r4.large' },
      /networkType: 'dual_stack' is invalid: IPv6 needs a node type built on the Nitro system; r4/],
    ['IPv6 discovery on IPv4', { ipDiscovery: CacheIpDiscovery.IPV6 },
      /ipDiscovery: 'ipv6' is invalid: an IPv4-only cache has no IPv6 addresses.*network-type\.html/],
    ['IPv4 discovery on IPv6', { networkType: CacheNetworkType.IPV6, ipDiscovery: CacheIpDiscovery.IPV4 },
      /ipDiscovery: 'ipv4' is invalid: an IPv6-only cache has no IPv4 addresses/],
    ['an unknown network type', { networkType: 'ipv5' as CacheNetworkType }, /networkType: 'ipv5' is invalid: it is one of ipv4, ipv6, dual_stack/],
    ['an unknown discovery', { ipDiscovery: 'both' as CacheIpDiscovery }, /ipDiscovery: 'both' is invalid: it is one of ipv4, ipv6/],
    ['null network type', { networkType: null as unknown as CacheNetworkType }, /networkType: null is invalid/],
  ];
  test.each(invalid)('%s fails', (_case, props, message) => {
    let error: unknown;
    try {
      build(props, DUAL_STACK_VPC);
    } catch (e) {
      error = e;
    }
    expect(Errors.isValidationError(error)).toBe(true);
    expect((error as Error).message).toMatch(message);
  });

  test('Nitro node types (t4g, m5, r6g) pass', () => {
    for (const nodeType of ['cache.t4g.small', 'cache.m5.large', 'cache.r6g.large']) {
      expect(() => build({ networkType: CacheNetworkType.DUAL_STACK, nodeType }, DUAL_STACK_VPC)).not.toThrow();
    }
  });

  test('a token network type is passed through unchecked', () => {
    const networkType = Token.asString({ resolve: () => 'dual_stack' }) as CacheNetworkType;
    build({ networkType }).template.hasResourceProperties(type, { NetworkType: 'dual_stack' });
  });

  test('discovery with TLS on dual stack warns that it has no effect', () => {
    const { stack } = build({ networkType: CacheNetworkType.DUAL_STACK, ipDiscovery: CacheIpDiscovery.IPV6 }, DUAL_STACK_VPC);
    Annotations.fromStack(stack).hasWarning('/Test/Cache', Match.stringLikeRegexp('ipDiscovery has no effect with TLS'));
  });

  test('networkType changes the generated id (create-only); ipDiscovery does not', () => {
    const base = cacheId(build({}, DUAL_STACK_VPC).template, type);
    expect(cacheId(build({ networkType: CacheNetworkType.IPV4 }, DUAL_STACK_VPC).template, type)).toEqual(base);
    const dual = cacheId(build({ networkType: CacheNetworkType.DUAL_STACK }, DUAL_STACK_VPC).template, type);
    expect(dual).not.toEqual(base);
    expect(dual.startsWith(base.slice(0, 20))).toBe(true);
    expect(cacheId(build({ networkType: CacheNetworkType.DUAL_STACK, ipDiscovery: CacheIpDiscovery.IPV6 }, DUAL_STACK_VPC).template, type))
      .toEqual(dual);
  });
});
