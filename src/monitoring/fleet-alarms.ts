import { createHash } from 'crypto';
import { Annotations, Duration, Lazy, Names, Stack, Tags } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct } from 'constructs';
import { CacheMonitoringTarget } from './cache-nodes';
import { AlarmSpec, conditionText } from './thresholds';

/**
 * The resource tag whose value names a cache's alarm group. Letters only: Metrics Insights needs
 * double quotes around any other key, and ElastiCache copies a replication group's tags to its
 * nodes ("When you add or remove tags on replication groups, those actions will be replicated to
 * all nodes in the replication group", ElastiCache API reference, AddTagsToResource).
 */
export const ALARM_GROUP_TAG = 'CdkElastiCacheAlarms';

/**
 * Metrics Insights alarms per account and Region: "A default of 200 alarms using the Metrics
 * Insights query per account per Region" (CloudWatch user guide, alarm-limits.html).
 */
export const METRICS_INSIGHTS_ALARM_QUOTA = 200;

/** Where the mechanism is documented, for alarm descriptions and people. */
export const FLEET_SOURCES = {
  /** "the alarm automatically adjusts as resources are added to or removed from your monitored group" */
  ALARMS: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Metrics_Insights_Alarm.html',
  /** Tag filters need "resource tags for telemetry"; AWS::ElastiCache::CacheCluster and ::ReplicationGroup are supported. */
  TAGS: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/UsingResourceTagsForTelemetry.html',
} as const;

// Metrics Insights aggregates with AVG, COUNT, MAX, MIN and SUM only (query language reference).
const FUNCTION: Record<string, string> = { Average: 'AVG', Maximum: 'MAX', Minimum: 'MIN', Sum: 'SUM', SampleCount: 'COUNT' };

/** One cache joining a group: what its alarms look like and where they notify. */
export interface FleetAlarmMember {
  readonly target: CacheMonitoringTarget;
  readonly specs: AlarmSpec[];
  readonly topic: sns.ITopic;
  /** The L1 resource to tag (a replication group or a Memcached cluster); none for a cache made elsewhere. */
  readonly resource?: IConstruct;
}

interface Group {
  readonly id: string;
  readonly alarms: FleetAlarm[];
  readonly caches: string[];
}

/**
 * The alarms that follow the fleet, one set per stack and alarm group: every cache of a stack
 * whose alarms have the same thresholds and topic shares one Metrics Insights alarm per metric,
 * over every node tagged with the group (`GROUP BY` node, so each node is its own contributor).
 * Nodes added by scaling or resharding join when they report; removed nodes just stop
 * contributing, so no alarm waits in INSUFFICIENT_DATA for a node that is gone.
 */
export class FleetAlarms extends Construct {
  /** The stack's fleet alarms, made on first use. */
  public static of(scope: IConstruct): FleetAlarms {
    const stack = Stack.of(scope);
    const id = 'CdkElastiCacheFleetAlarms';
    return (stack.node.tryFindChild(id) as FleetAlarms | undefined) ?? new FleetAlarms(stack, id);
  }

  private readonly groups = new Map<string, Group>();

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    this.node.addValidation({ validate: () => this.warnAboutQuota() });
  }

  /** Adds a cache to its group (made if new) and tags it; returns the group's id and alarms. */
  public join(member: FleetAlarmMember): { groupId: string; alarms: cloudwatch.AlarmBase[] } {
    const groupId = this.groupIdOf(member);
    let group = this.groups.get(groupId);
    if (!group) {
      group = { id: groupId, alarms: [], caches: [] };
      this.groups.set(groupId, group);
      this.createAlarms(group, member);
    }
    group.caches.push(member.target.cacheName);
    if (member.resource) Tags.of(member.resource).add(ALARM_GROUP_TAG, groupId);
    return { groupId, alarms: group.alarms };
  }

  /** Metrics Insights alarms this stack creates. */
  public get alarmCount(): number {
    return [...this.groups.values()].reduce((n, g) => n + g.alarms.length, 0);
  }

  /** Same stack, same thresholds and settings, same topic: same group. Names and advice do not count. */
  private groupIdOf(member: FleetAlarmMember): string {
    const specs = member.specs.map((s) => [s.kind, s.metricNames, s.statistic, s.period.toSeconds(), s.comparisonOperator,
      s.threshold, s.evaluationPeriods, s.datapointsToAlarm]);
    const key = JSON.stringify([this.node.path, specs, Names.uniqueId(member.topic)]);
    return `g${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
  }

  private createAlarms(group: Group, member: FleetAlarmMember): void {
    const scope = new Construct(this, group.id);
    const action = new actions.SnsAction(member.topic);
    const caches = () => group.caches.join(', ');
    const add = (id: string, props: FleetAlarmProps) => {
      const alarm = new FleetAlarm(scope, id, props);
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
      group.alarms.push(alarm);
    };
    for (const spec of member.specs) {
      // One query reads one metric: a spec over several counters (the network allowance) gets an
      // alarm per counter, which is the same condition while its threshold is "any above 0".
      for (const metricName of spec.metricNames) {
        add(spec.metricNames.length > 1 ? `${spec.kind}-${metricName}` : spec.kind, {
          query: insightsQuery(FUNCTION[spec.statistic], metricName, group.id),
          period: spec.period,
          threshold: spec.threshold,
          comparisonOperator: spec.comparisonOperator,
          evaluationPeriods: spec.evaluationPeriods,
          datapointsToAlarm: spec.datapointsToAlarm,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          alarmDescription: Lazy.string({
            produce: () => truncate(`ElastiCache ${caches()} (alarm group ${group.id}), any node: ${metricName} ${conditionText(spec)}. `
              + `${spec.advice} Threshold source: ${spec.source}. The alarm's contributors name the nodes.`),
          }),
        });
      }
    }
    // Without resource tags for telemetry the queries above match nothing and stay silent: this one
    // breaches when no node of the group reports at all (telemetry tags off, or every node down).
    add('NodesReporting', {
      query: insightsQuery('COUNT', 'CPUUtilization', group.id, false),
      period: Duration.minutes(1),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      alarmDescription: Lazy.string({
        produce: () => truncate(`ElastiCache ${caches()} (alarm group ${group.id}): no node reports CPUUtilization. Either the caches are down `
          + 'or "resource tags for telemetry" is off in this account and Region, so the group\'s alarms see no node: turn it on '
          + `(aws observabilityadmin start-telemetry-enrichment; ${FLEET_SOURCES.TAGS}).`),
      }),
    });
  }

  private warnAboutQuota(): string[] {
    const count = this.alarmCount;
    if (count > METRICS_INSIGHTS_ALARM_QUOTA / 2) {
      Annotations.of(this).addWarningV2('cdk-elasticache:metrics-insights-quota',
        `${count} Metrics Insights alarms in this stack (${this.groups.size} alarm groups): an account has ${METRICS_INSIGHTS_ALARM_QUOTA} per Region by `
        + 'default (CloudWatch alarm-limits.html). Give caches the same thresholds and topic to share groups, or ask for a higher quota.');
    }
    return [];
  }
}

/** A Metrics Insights query over one metric of every node tagged with the group. */
function insightsQuery(fn: string, metricName: string, groupId: string, perNode: boolean = true): string {
  const groupBy = perNode ? ' GROUP BY CacheClusterId, CacheNodeId' : '';
  return `SELECT ${fn}(${metricName}) FROM SCHEMA("AWS/ElastiCache", CacheClusterId, CacheNodeId) `
    + `WHERE tag.${ALARM_GROUP_TAG} = '${groupId}'${groupBy}`;
}

interface FleetAlarmProps {
  readonly query: string;
  readonly period: Duration;
  readonly threshold: number;
  readonly comparisonOperator: cloudwatch.ComparisonOperator;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly treatMissingData: cloudwatch.TreatMissingData;
  readonly alarmDescription: string;
}

/**
 * One Metrics Insights alarm: the template `cloudwatch.Alarm` writes for a query, without rendering
 * a MathExpression through the metric machinery (a third of the example's synth time over L1s went
 * to its 23 fleet alarms). Actions work as on any alarm (`addAlarmAction`, `addOkAction`, ...).
 */
class FleetAlarm extends cloudwatch.AlarmBase {
  public readonly alarmArn: string;
  public readonly alarmName: string;

  constructor(scope: Construct, id: string, props: FleetAlarmProps) {
    super(scope, id);
    const alarm = new cloudwatch.CfnAlarm(this, 'Resource', {
      alarmDescription: props.alarmDescription,
      comparisonOperator: props.comparisonOperator,
      threshold: props.threshold,
      datapointsToAlarm: props.datapointsToAlarm,
      evaluationPeriods: props.evaluationPeriods,
      treatMissingData: props.treatMissingData,
      alarmActions: Lazy.list({ produce: () => this.alarmActionArns }),
      insufficientDataActions: Lazy.list({ produce: () => this.insufficientDataActionArns }),
      okActions: Lazy.list({ produce: () => this.okActionArns }),
      metrics: [{ id: 'expr_1', expression: props.query, period: props.period.toSeconds(), returnData: true }],
    });
    this.alarmArn = alarm.attrArn;
    this.alarmName = alarm.ref;
  }
}

/** CloudWatch accepts descriptions of up to 1024 characters. */
function truncate(text: string): string {
  return text.length <= 1024 ? text : `${text.slice(0, 1021)}...`;
}
