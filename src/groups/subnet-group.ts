import { IResource, RemovalPolicy, Resource, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import { Construct } from 'constructs';
import { checkPropShapes, PropKind } from '../common/prop-types';
import { isResolved, RuleReport } from '../common/validation';

// CacheSubnetGroupName: "Must contain no more than 255 alphanumeric characters or hyphens."
const API_CREATE_SUBNET_GROUP = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateCacheSubnetGroup.html';

/** A cache subnet group, made here or imported by name. */
export interface ICacheSubnetGroup extends IResource {
  /** The name of the subnet group. @attribute */
  readonly subnetGroupName: string;
}

/** Properties of a cache subnet group. */
export interface CacheSubnetGroupProps {
  /** The VPC of the subnets. */
  readonly vpc: ec2.IVpc;
  /**
   * The subnets of the group.
   * @default - the VPC's isolated subnets, or its private subnets with egress when it has no isolated ones
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * A description of the group.
   * @default - 'ElastiCache subnet group' and the construct's path
   */
  readonly description?: string;
  /**
   * The name of the group (stored in lower case).
   * @default - a name CloudFormation generates
   */
  readonly subnetGroupName?: string;
  /**
   * What happens to the group when it leaves the stack.
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** Private subnets, isolated first: a cache never needs a route to the internet. */
export function defaultCacheSubnets(vpc: ec2.IVpc): ec2.SubnetSelection {
  return vpc.isolatedSubnets.length > 0
    ? { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }
    : { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
}

const SHAPES: Record<string, PropKind> = {
  vpc: 'construct', vpcSubnets: 'object', description: 'string', subnetGroupName: 'string', removalPolicy: 'enum',
};

/**
 * An ElastiCache subnet group: the subnets a node-based cache places its nodes in. Share one
 * between caches, or make it apart from the cache so it outlives a replacement.
 *
 * @resource AWS::ElastiCache::SubnetGroup
 */
export class CacheSubnetGroup extends Resource implements ICacheSubnetGroup {
  /** Import a subnet group made elsewhere by its name; its subnets are not known here. */
  public static fromSubnetGroupName(scope: Construct, id: string, subnetGroupName: string): ICacheSubnetGroup {
    class Import extends Resource implements ICacheSubnetGroup {
      public readonly subnetGroupName = subnetGroupName;
    }
    return new Import(scope, id);
  }

  public readonly subnetGroupName: string;
  /** The VPC of the subnets. */
  public readonly vpc: ec2.IVpc;
  /** The subnets of the group. */
  public readonly subnets: ec2.SelectedSubnets;

  constructor(scope: Construct, id: string, props: CacheSubnetGroupProps) {
    super(scope, id);
    const report = new RuleReport();
    if (!checkPropShapes(report, props, SHAPES, ['vpc'])) report.throwIfAny(this, 'CacheSubnetGroup');
    const name = props.subnetGroupName;
    if (name !== undefined && isResolved(name) && !/^[A-Za-z0-9-]{1,255}$/.test(name)) {
      report.fail('subnetGroupName', name, 'a subnet group name is 1 to 255 letters, digits or hyphens', API_CREATE_SUBNET_GROUP);
    }
    report.throwIfAny(this, 'CacheSubnetGroup');

    this.vpc = props.vpc;
    this.subnets = props.vpc.selectSubnets(props.vpcSubnets ?? defaultCacheSubnets(props.vpc));
    // 'Default' (a default child, like 'Resource') leaves the logical id as if the L1 stood at this path,
    // so the caches' own groups, now made through this class, keep their logical ids.
    const resource = new elasticache.CfnSubnetGroup(this, 'Default', {
      description: props.description ?? `ElastiCache subnet group ${this.node.path}`,
      subnetIds: this.subnets.subnetIds,
      cacheSubnetGroupName: name,
    });
    if (props.removalPolicy !== undefined) resource.applyRemovalPolicy(props.removalPolicy);
    this.subnetGroupName = resource.ref;
  }
}

/**
 * What a cache's id fingerprint holds for a brought subnet group (its name is create-only): the
 * name, or the group's path when the name is a token; nothing for the cache's own group.
 */
export function subnetGroupIdentity(group: ICacheSubnetGroup | undefined): string | undefined {
  if (group === undefined) return undefined;
  return Token.isUnresolved(group.subnetGroupName) ? group.node.path : group.subnetGroupName;
}
