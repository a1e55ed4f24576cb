import { Annotations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { alarmMetric, nodeConstructId, nodeLabel } from './alarm-metrics';
import { CacheAlarmKind, CacheAlarmOptions } from './alarm-options';
import { CacheMonitoringTarget, CacheNode, CacheNodeRole } from './cache-nodes';
import { AlarmSpec, conditionText, resolveAlarmSpecs } from './thresholds';

/** Properties of RecommendedAlarms. */
export interface RecommendedAlarmsProps {
  /** The cache to watch. */
  readonly target: CacheMonitoringTarget;
  /** Where every alarm sends its ALARM and OK notifications. */
  readonly topic: sns.ITopic;
  /**
   * Overrides of the recommended alarms.
   * @default - the recommended set
   */
  readonly options?: CacheAlarmOptions;
}

// More alarms than this in one stack get close to CloudFormation's 500 resources per template.
const MANY_ALARMS = 200;

/**
 * AWS's recommended ElastiCache alarms, created for every node (so one hot node or shard shows),
 * each sending ALARM and OK to the topic, each treating missing data as not breaching.
 *
 * Count with the defaults: Valkey / Redis OSS `nodes × 8` (+ `nodes` with replicas);
 * Memcached `nodes × 6`; each opt-in alarm adds `nodes`.
 */
export class RecommendedAlarms extends Construct {
  /** Every alarm, node by node. */
  public readonly alarms: cloudwatch.Alarm[] = [];
  private readonly records: Array<{ alarm: cloudwatch.Alarm; spec: AlarmSpec; node: CacheNode }> = [];

  constructor(scope: Construct, id: string, props: RecommendedAlarmsProps) {
    super(scope, id);
    const { target } = props;
    const specs = resolveAlarmSpecs(target, props.options);
    const action = new actions.SnsAction(props.topic);

    target.nodes.forEach((node, index) => {
      if (specs.length === 0) return;
      const scopeForNode = new Construct(this, nodeConstructId(node, index));
      for (const spec of specs) {
        const alarm = new cloudwatch.Alarm(scopeForNode, spec.kind, {
          metric: alarmMetric(node, spec),
          threshold: spec.threshold,
          comparisonOperator: spec.comparisonOperator,
          evaluationPeriods: spec.evaluationPeriods,
          datapointsToAlarm: spec.datapointsToAlarm,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          alarmDescription: describe(target, node, spec),
        });
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
        this.alarms.push(alarm);
        this.records.push({ alarm, spec, node });
      }
    });

    if (this.alarms.length > MANY_ALARMS) {
      Annotations.of(this).addWarningV2('cdk-elasticache:manyAlarms',
        `${this.alarms.length} alarms (${specs.length} per node × ${target.nodes.length} nodes): CloudFormation allows 500 resources per stack. Turn off alarms you do not need in the alarm options.`);
    }
  }

  /**
   * The alarms reading a metric, e.g. `DatabaseMemoryUsagePercentage` (warning and critical) or
   * `NetworkConntrackAllowanceExceeded` (the network allowance alarm).
   */
  public alarmsForMetric(metricName: string): cloudwatch.Alarm[] {
    return this.records.filter((r) => r.spec.metricName === metricName || r.spec.metricNames.includes(metricName)).map((r) => r.alarm);
  }

  /** The alarms of one kind, one per node. */
  public alarmsOfKind(kind: CacheAlarmKind): cloudwatch.Alarm[] {
    return this.records.filter((r) => r.spec.kind === kind).map((r) => r.alarm);
  }

  /**
   * The alarms of one node.
   * @param cacheClusterId the node's cache cluster id
   * @param cacheNodeId the node id; default: every node of the cluster
   */
  public alarmsForNode(cacheClusterId: string, cacheNodeId?: string): cloudwatch.Alarm[] {
    return this.records
      .filter((r) => r.node.cacheClusterId === cacheClusterId && (cacheNodeId === undefined || r.node.cacheNodeId === cacheNodeId))
      .map((r) => r.alarm);
  }
}

function describe(target: CacheMonitoringTarget, node: CacheNode, spec: AlarmSpec): string {
  const where = [
    `ElastiCache ${target.cacheName}, node ${nodeLabel(node)}`,
    node.shard ? `shard ${node.shard}` : undefined,
    node.role && node.role !== CacheNodeRole.NODE ? `created as ${node.role}` : undefined,
  ].filter(Boolean).join(', ');
  const lagNote = spec.kind === CacheAlarmKind.REPLICATION_LAG
    ? ' Only replicas report it; every node has this alarm because failover swaps roles.'
    : '';
  const text = `${where}: ${spec.metricName} ${conditionText(spec)}. ${spec.advice}${lagNote} Threshold source: ${spec.source}`;
  // CloudWatch accepts descriptions of up to 1024 characters.
  return text.length <= 1024 ? text : `${text.slice(0, 1021)}...`;
}
