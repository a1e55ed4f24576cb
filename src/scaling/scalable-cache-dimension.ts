import { Annotations, ArnFormat, Stack } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { CacheScalingCapacity, CacheScalingDimension, CacheUtilizationScalingProps } from './props';
import {
  countFailures, DEFAULT_NODE_QUOTA, groupFailures, LIMITS, MAX_NODES, maximumNodes, nodeFamilyWarning, orderFailures, ScalingSubject,
  scheduleFailures, targetFailures, templateCountFailures,
} from './scaling-rules';
import { AAS_ELASTICACHE, API_SCHEDULED_ACTION, DOC_CREATE_CME, DOC_POLICIES, DOC_PREREQUISITES } from './sources';
import { isResolved, RuleReport } from '../common/validation';
import type { ReplicationGroup } from '../replication-group/replication-group';

/** Properties of a scalable dimension of a replication group. */
export interface ScalableReplicationGroupProps extends CacheScalingCapacity {
  /** The group whose shards or replicas scale. */
  readonly replicationGroup: ReplicationGroup;
}

const DIMENSIONS: Record<CacheScalingDimension, { readonly cfn: string; readonly method: string }> = {
  [CacheScalingDimension.SHARDS]: { cfn: 'elasticache:replication-group:NodeGroups', method: 'autoScaleShards' },
  [CacheScalingDimension.REPLICAS]: { cfn: 'elasticache:replication-group:Replicas', method: 'autoScaleReplicas' },
};
// "ElastiCache Auto Scaling automatically generates this role, AWSServiceRoleForApplicationAutoScaling_ElastiCacheRG"
// (principal elasticache.application-autoscaling.amazonaws.com); AWS's own CloudFormation example passes its ARN.
const SERVICE_LINKED_ROLE = 'aws-service-role/elasticache.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ElastiCacheRG';
const ROLE_ID = 'ElastiCacheAutoScalingServiceLinkedRole';

/**
 * Shards or replicas of a replication group under Application Auto Scaling: one scalable target,
 * its target-tracking policies (one per metric) and scheduled actions. Step scaling is not offered:
 * "StepScaling — Not supported for … Amazon ElastiCache" (AWS::ApplicationAutoScaling::ScalingPolicy).
 */
export abstract class ScalableCacheDimension extends appscaling.BaseScalableAttribute {
  /** Which count scales. */
  public readonly dimension: CacheScalingDimension;
  /** The fewest shards or replicas per shard scaling leaves. */
  public readonly minCapacity: number;
  /** The most shards or replicas per shard scaling adds. */
  public readonly maxCapacity: number;
  private readonly group: ReplicationGroup;
  private readonly trackedMetrics = new Set<string>();
  private readonly scheduledActions = new Set<string>();

  protected constructor(scope: Construct, id: string, props: ScalableReplicationGroupProps, dimension: CacheScalingDimension) {
    super(scope, id, checkedTargetProps(scope, props, dimension));
    this.dimension = dimension;
    this.group = props.replicationGroup;
    this.minCapacity = props.minCapacity ?? 1;
    this.maxCapacity = props.maxCapacity;
    warnAboutTarget(this, props, dimension);
    // The target names the group by Ref, so CloudFormation already orders it after the group;
    // the explicit dependency keeps that true if the id ever comes from elsewhere.
    this.node.addDependency(this.group.resource);
    // A Global Datastore may join the group after this call: check again when synthesizing.
    this.node.addValidation({
      validate: () => globalIdOf(this.group) === undefined ? []
        : [`${DIMENSIONS[dimension].method}: auto scaling is not supported for a group in a Global Datastore. See ${DOC_PREREQUISITES}`],
    });
    this.group._registerAutoScaling(this);
  }

  /** The group tiers data to SSD (r6gd), which rules out the memory metric. */
  protected get dataTiering(): boolean {
    return this.group.resource.dataTieringEnabled === true;
  }

  /** A target-tracking policy on a predefined metric, once per metric. */
  protected trackUtilization(method: string, metric: appscaling.PredefinedMetric, props: CacheUtilizationScalingProps,
    consoleRange: number[], rangeSource: string): void {
    const report = new RuleReport();
    if (typeof props !== 'object' || props === null) {
      report.fail(method, props, 'the properties are an object with targetUtilizationPercent', DOC_POLICIES);
      report.throwIfAny(this, method);
    }
    report.addAll(targetFailures(`${method}.targetUtilizationPercent`, props.targetUtilizationPercent));
    // "For each cluster, you can create only one Auto Scaling policy for each target metric."
    if (this.trackedMetrics.has(metric)) {
      report.fail(method, metric, `this ${this.dimension} target already has a policy on ${metric}: one policy per metric`, DOC_POLICIES);
    }
    if (props.disableScaleIn !== undefined && typeof props.disableScaleIn !== 'boolean') {
      report.fail(`${method}.disableScaleIn`, props.disableScaleIn, 'disableScaleIn is true or false', DOC_POLICIES);
    }
    report.throwIfAny(this, `${this.dimension} auto scaling`);
    const target = props.targetUtilizationPercent;
    if (isResolved(target) && (target < consoleRange[0] || target > consoleRange[1])) {
      Annotations.of(this).addWarningV2('cdk-elasticache:auto-scaling-target-range',
        `${method}.targetUtilizationPercent ${target} is outside ${consoleRange[0]}-${consoleRange[1]}, the range the ElastiCache `
        + `guide gives for this metric (the API may accept it). See ${rangeSource}`);
    }
    this.trackedMetrics.add(metric);
    this.doScaleToTrackMetric(metricId(metric), {
      predefinedMetric: metric,
      targetValue: target,
      scaleInCooldown: props.scaleInCooldown,
      scaleOutCooldown: props.scaleOutCooldown,
      disableScaleIn: props.disableScaleIn,
      policyName: props.policyName,
    });
  }

  /**
   * Sets the bounds on a schedule (for a known busy hour), e.g.
   * `scaleOnSchedule('Evening', { schedule: Schedule.cron({ hour: '18', minute: '0' }), minCapacity: 4 })`.
   * Each bound stays within the group's limits (1 to 500 shards, 0 to 5 replicas per shard).
   */
  public scaleOnSchedule(id: string, action: appscaling.ScalingSchedule): void {
    const report = new RuleReport();
    if (typeof action !== 'object' || action === null) {report.fail(`scaleOnSchedule('${id}')`, action, 'the action is an object with a schedule', API_SCHEDULED_ACTION);} else {
      report.addAll(scheduleFailures(id, action.minCapacity, action.maxCapacity, this.dimension, this.scheduledActions));
      if (!report.failed && action.maxCapacity !== undefined) {
        checkNodeCount(report, this, this.group, this.dimension, `scaleOnSchedule('${id}').maxCapacity`, action.maxCapacity);
      }
    }
    report.throwIfAny(this, `${this.dimension} auto scaling`);
    this.scheduledActions.add(id);
    this.doScaleOnSchedule(id, action);
  }
}

/** The group's facts as the rules read them. */
function subjectOf(group: ReplicationGroup): ScalingSubject {
  return {
    engine: group.engine,
    nodeType: group.nodeType,
    clusterMode: group.clusterMode,
    dataTiering: group.resource.dataTieringEnabled === true,
    shards: group.shards,
    replicasPerShard: group.replicasPerShard,
    globalReplicationGroupId: globalIdOf(group),
  };
}

/** Set when the group is a Global Datastore's primary (GlobalDatastore) or secondary (an escape hatch). */
function globalIdOf(group: ReplicationGroup): string | undefined {
  return group.resource.globalReplicationGroupId ?? group._globalDatastore?.globalReplicationGroupId;
}

/** Every rule of the scalable target, checked before it exists; throws one ValidationError on the group. */
function checkedTargetProps(scope: Construct, props: ScalableReplicationGroupProps,
  dimension: CacheScalingDimension): appscaling.BaseScalableAttributeProps {
  const { method } = DIMENSIONS[dimension];
  const group = (props as { replicationGroup?: ReplicationGroup } | undefined)?.replicationGroup;
  const report = new RuleReport();
  if (typeof props !== 'object' || props === null || group === undefined) {
    report.fail(method, props, 'the properties are an object with maxCapacity (and the replicationGroup)', DOC_POLICIES);
    report.throwIfAny(scope, method);
  }
  if (group!.autoScaling[dimension] !== undefined) {
    report.fail(method, 'called twice', `the group's ${dimension} are already auto scaled: one scalable target per dimension`, AAS_ELASTICACHE);
  }
  const g = subjectOf(group!);
  report.addAll(groupFailures(g));
  const min = props.minCapacity ?? 1;
  const max = props.maxCapacity;
  if (max === undefined) report.fail(`${method}.maxCapacity`, undefined, 'maxCapacity is required', DOC_POLICIES);
  const bounds = [...countFailures(`${method}.minCapacity`, min, dimension), ...countFailures(`${method}.maxCapacity`, max, dimension)];
  report.addAll(bounds);
  if (bounds.length === 0 && max !== undefined) {
    const order = orderFailures(method, min, max);
    report.addAll(order);
    const current = dimension === CacheScalingDimension.SHARDS ? g.shards : g.replicasPerShard;
    if (order.length === 0) report.addAll(templateCountFailures(dimension, current, min, max));
    if (order.length === 0) checkNodeCount(report, group!, group!, dimension, `${method}.maxCapacity`, max);
  }
  report.throwIfAny(group!, `ReplicationGroup.${method}`);
  const stack = Stack.of(scope);
  const role = (stack.node.tryFindChild(ROLE_ID) as iam.IRole | undefined) ?? iam.Role.fromRoleArn(stack, ROLE_ID, stack.formatArn({
    service: 'iam', region: '', resource: 'role', resourceName: SERVICE_LINKED_ROLE, arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  }), { mutable: false });
  return {
    serviceNamespace: appscaling.ServiceNamespace.ELASTICACHE,
    resourceId: `replication-group/${group!.resource.ref}`,
    dimension: DIMENSIONS[dimension].cfn,
    role,
    minCapacity: min,
    maxCapacity: max,
  };
}

/**
 * The node count at the maxima: over the 500-node limit an error; over the default quota of 90 a
 * warning on `warnOn` ("ElastiCache default limits on Nodes per cluster still applies").
 */
function checkNodeCount(report: RuleReport, warnOn: IConstruct, group: ReplicationGroup, dimension: CacheScalingDimension,
  property: string, max: number): void {
  if (!isResolved(max)) return;
  const shards = dimension === CacheScalingDimension.SHARDS ? max : group.autoScaling.shards?.maxCapacity ?? group.shards;
  const replicas = dimension === CacheScalingDimension.REPLICAS ? max : group.autoScaling.replicas?.maxCapacity ?? group.replicasPerShard;
  if (!isResolved(shards) || !isResolved(replicas)) return;
  const nodes = maximumNodes(shards, replicas);
  const shape = `${shards} shards of ${1 + replicas} nodes`;
  if (nodes > MAX_NODES) {
    report.fail(property, max, `${shape} (${nodes}) exceed the ${MAX_NODES} nodes a replication group can have`, LIMITS.shards.source);
  } else if (nodes > DEFAULT_NODE_QUOTA) {
    Annotations.of(warnOn).addWarningV2('cdk-elasticache:auto-scaling-node-quota',
      `${property} ${max} lets the group reach ${nodes} nodes (${shape}), more than the default quota of ${DEFAULT_NODE_QUOTA} `
      + `nodes per cluster: request an increase ("Nodes per cluster per instance type") first, or scaling stops there. See ${DOC_CREATE_CME}`);
  }
}

function warnAboutTarget(scope: IConstruct, props: ScalableReplicationGroupProps, dimension: CacheScalingDimension): void {
  const warning = nodeFamilyWarning(subjectOf(props.replicationGroup));
  if (warning) Annotations.of(scope).addWarningV2('cdk-elasticache:auto-scaling-node-family', `${DIMENSIONS[dimension].method}: ${warning}`);
}

/** A policy's construct id from its metric: ElastiCachePrimaryEngineCPUUtilization → PrimaryEngineCPUUtilization. */
function metricId(metric: string): string {
  return metric.replace(/^ElastiCache/, '');
}
