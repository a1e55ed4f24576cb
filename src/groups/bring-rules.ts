import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { ICacheParameterGroup } from './parameter-group';
import { CacheSubnetGroup, ICacheSubnetGroup } from './subnet-group';
import { RuleFailure } from '../common/validation';

// "For Memcached [and Redis OSS], the parameter group family and the cluster you're assigning it to must be compatible."
const DOC_FAMILY = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Management.html';
// The service's error when the subnet group's VPC is not the cache's: "InvalidParameterCombination:
// Subnet group [default] belongs to a different VPC [vpc-…] than [vpc-…]".
const ERR_OTHER_VPC = 'https://github.com/aws-controllers-k8s/community/issues/1594';

/** What a cache was given of its network and parameters. */
export interface BroughtGroups {
  readonly vpc: ec2.IVpc;
  readonly vpcSubnets?: ec2.SubnetSelection;
  readonly subnetGroup?: ICacheSubnetGroup;
  readonly parameterGroup?: ICacheParameterGroup;
  readonly parameters?: { [name: string]: string };
}

/**
 * A brought subnet group names the cache's subnets: `vpcSubnets` beside it would be ignored, since
 * the cache takes its subnets only through CacheSubnetGroupName (`cfnSubnetGroupDoc`); and a group
 * the app made knows its VPC, which must be the cache's.
 */
export function subnetGroupFailures(props: BroughtGroups, cfnSubnetGroupDoc: string): RuleFailure[] {
  const group = props.subnetGroup;
  if (group === undefined) return [];
  if (typeof group.subnetGroupName !== 'string') {
    return [{ property: 'subnetGroup', value: group.node.path, rule: 'it is an ICacheSubnetGroup: a CacheSubnetGroup, or CacheSubnetGroup.fromSubnetGroupName()' }];
  }
  const failures: RuleFailure[] = [];
  if (props.vpcSubnets !== undefined) {
    failures.push({
      property: 'vpcSubnets',
      value: props.vpcSubnets,
      source: cfnSubnetGroupDoc,
      rule: 'the subnetGroup already names the subnets: leave vpcSubnets out, or give them to the CacheSubnetGroup',
    });
  }
  if (group instanceof CacheSubnetGroup && otherVpc(group.vpc, props.vpc)) {
    failures.push({
      property: 'subnetGroup',
      value: group.node.path,
      source: ERR_OTHER_VPC,
      rule: `the subnet group is in ${describeVpc(group.vpc)}, not in the cache's ${describeVpc(props.vpc)}`,
    });
  }
  return failures;
}

/**
 * A brought parameter group replaces the one `parameters` would make (a cache has one
 * CacheParameterGroupName, `cfnParameterGroupDoc`), and must be of the cache's family and, for a
 * replication group, cluster mode ("To create a … (cluster mode enabled) replication group, use
 * CacheParameterGroupName=default.redis3.2.cluster.on"), where the group knows them.
 * @param clusterMode the replication group's cluster mode; undefined for Memcached
 */
export function parameterGroupFailures(props: BroughtGroups, family: string, clusterMode: boolean | undefined,
  cfnParameterGroupDoc: string): RuleFailure[] {
  const group = props.parameterGroup;
  if (group === undefined) return [];
  if (typeof group.parameterGroupName !== 'string') {
    return [{ property: 'parameterGroup', value: group.node.path, rule: 'it is an ICacheParameterGroup: a CacheParameterGroup, or CacheParameterGroup.fromParameterGroupName()' }];
  }
  const failures: RuleFailure[] = [];
  const fail = (rule: string, source: string) => failures.push({ property: 'parameterGroup', value: group.node.path, rule, source });
  if (props.parameters !== undefined && Object.keys(props.parameters).length > 0) {
    fail('give either parameterGroup or parameters, not both: set the parameters on the CacheParameterGroup', cfnParameterGroupDoc);
  }
  if (typeof group.family === 'string' && !Token.isUnresolved(group.family) && group.family !== family) {
    fail(`the parameter group is of family ${group.family}; this cache needs one of family ${family}`, DOC_FAMILY);
  }
  if (clusterMode !== undefined && typeof group.clusterMode === 'boolean' && group.clusterMode !== clusterMode) {
    fail(`the parameter group has cluster-enabled ${group.clusterMode ? 'yes' : 'no'}, but the cache's cluster mode needs cluster-enabled ${clusterMode ? 'yes' : 'no'}`, cfnParameterGroupDoc);
  }
  return failures;
}

/** True only when the two are known to be different VPCs. */
function otherVpc(a: ec2.IVpc, b: ec2.IVpc): boolean {
  if (a === b) return false;
  const resolved = !Token.isUnresolved(a.vpcId) && !Token.isUnresolved(b.vpcId);
  if (resolved) return a.vpcId !== b.vpcId;
  // Two VPCs the app makes are two VPCs; a token id from elsewhere could name either.
  return a instanceof ec2.Vpc && b instanceof ec2.Vpc;
}

function describeVpc(vpc: ec2.IVpc): string {
  return Token.isUnresolved(vpc.vpcId) ? vpc.node.path : vpc.vpcId;
}
