import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct, IConstruct } from 'constructs';
import { CacheAlarmOptions } from './alarm-options';
import { CacheAlarmTopic } from './alarm-topic';
import { CacheMonitoringTarget } from './cache-nodes';
import { CacheDashboard } from './dashboard';
import { ALARM_GROUP_TAG, FleetAlarms } from './fleet-alarms';
import { RecommendedAlarms } from './recommended-alarms';
import { resolveAlarmSpecs } from './thresholds';
import { fail } from '../common/validation';

/** What one recommended alarm watches. */
export enum CacheAlarmScope {
  /**
   * One alarm per node and recommended alarm, fixed at synth time. Nodes added later (by auto
   * scaling or resharding) have none, and alarms of removed nodes wait in INSUFFICIENT_DATA.
   */
  NODE = 'NODE',
  /**
   * CloudWatch Metrics Insights alarms over every node of the cache, each node a contributor, so
   * nodes added later are alarmed without a deploy and removed ones drop out. Caches of one stack
   * with the same thresholds and topic share one set of alarms (fewer resources, and Metrics
   * Insights allows 200 such alarms per account and Region). The queries filter on a resource tag
   * the cache carries, so the account must have "resource tags for telemetry" turned on; a
   * `NodesReporting` alarm breaches while no node of the group reports.
   */
  FLEET = 'FLEET',
}

/** A resource tag: key and value. */
export interface CacheAlarmGroupTag {
  /** The tag key. */
  readonly key: string;
  /** The tag value. */
  readonly value: string;
}

/** How a cache construct monitors itself: the options its props take. */
export interface CacheMonitoringOptions {
  /**
   * The recommended alarms: override thresholds, turn single alarms on or off, or
   * `{ enabled: false }` for none (and no alarm topic).
   * @default - the recommended alarms
   */
  readonly alarms?: CacheAlarmOptions;
  /**
   * The topic alarms notify. It must let `cloudwatch.amazonaws.com` publish (and, when encrypted,
   * use its KMS key).
   * @default - the stack's encrypted CacheAlarmTopic, shared by its caches (CacheAlarmTopic.forStack)
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * E-mail addresses to subscribe to the alarm topic. On the stack's shared topic each address is
   * subscribed once and receives the alarms of every cache that uses that topic.
   * @default - none
   */
  readonly alarmEmails?: string[];
  /**
   * Metrics Insights alarms that follow the fleet, or per-node alarms fixed at synth time.
   * @default - CacheAlarmScope.FLEET for the caches of this library; NODE for CacheMonitoring on a cache made elsewhere
   */
  readonly alarmScope?: CacheAlarmScope;
  /**
   * Create a CloudWatch dashboard of the cache.
   * @default false
   */
  readonly dashboard?: boolean;
}

/** Properties of CacheMonitoring. */
export interface CacheMonitoringProps extends CacheMonitoringOptions {
  /** The cache to monitor. */
  readonly target: CacheMonitoringTarget;
  /**
   * The cache's L1 resource (CfnReplicationGroup or CfnCacheCluster), tagged with its alarm group
   * for `CacheAlarmScope.FLEET`. For a cache made elsewhere, tag it yourself with
   * `alarmGroupTag` instead.
   * @default - the default child of this construct's scope, if any
   */
  readonly resource?: IConstruct;
}

/**
 * Monitoring of one cache: the recommended alarms on every node, the stack's shared encrypted SNS topic they
 * notify (unless one is given or alarms are off), and optionally a dashboard.
 */
export class CacheMonitoring extends Construct {
  /** The topic the alarms notify; undefined when there are no alarms. */
  public readonly alarmTopic?: sns.ITopic;
  /** The stack's shared default topic (with its key) the alarms notify; undefined when one was given or there are no alarms. */
  public readonly createdTopic?: CacheAlarmTopic;
  /** The per-node alarms, with look-ups by metric, kind and node; undefined when there are none (or the scope is FLEET). */
  public readonly recommendedAlarms?: RecommendedAlarms;
  /** Every alarm of the cache (empty when alarms are off); with the FLEET scope, those its alarm group shares. */
  public readonly alarms: cloudwatch.AlarmBase[];
  /**
   * With `CacheAlarmScope.FLEET`: the resource tag that puts a cache's nodes in its alarm group.
   * The constructs of this library set it; a cache made elsewhere needs it set by you.
   */
  public readonly alarmGroupTag?: CacheAlarmGroupTag;
  /** The dashboard, when asked for. */
  public readonly dashboard?: CacheDashboard;

  constructor(scope: Construct, id: string, props: CacheMonitoringProps) {
    super(scope, id);
    const specs = resolveAlarmSpecs(props.target, props.alarms);
    const emails = props.alarmEmails ?? [];

    if (specs.length === 0) {
      if (emails.length > 0) fail('alarmEmails', emails, 'there are no alarms to notify about (alarms are off)');
      if (props.alarmTopic) fail('alarmTopic', props.alarmTopic.topicArn, 'there are no alarms to notify it (alarms are off)');
      this.alarms = [];
    } else {
      if (props.alarmTopic) {
        this.alarmTopic = props.alarmTopic;
        for (const email of emails) props.alarmTopic.addSubscription(new subscriptions.EmailSubscription(email));
      } else {
        this.createdTopic = CacheAlarmTopic.forStack(this, emails);
        this.alarmTopic = this.createdTopic.topic;
      }
      const resource = props.resource ?? scope.node.defaultChild;
      // FLEET by default for the caches of this library, which tag themselves; NODE for a cache
      // made elsewhere, which nobody has tagged.
      if ((props.alarmScope ?? (resource ? CacheAlarmScope.FLEET : CacheAlarmScope.NODE)) === CacheAlarmScope.FLEET) {
        const joined = FleetAlarms.of(this).join({ target: props.target, specs, topic: this.alarmTopic, resource });
        this.alarms = joined.alarms;
        this.alarmGroupTag = { key: ALARM_GROUP_TAG, value: joined.groupId };
      } else {
        this.recommendedAlarms = new RecommendedAlarms(this, 'Alarms', { target: props.target, topic: this.alarmTopic, options: props.alarms });
        this.alarms = this.recommendedAlarms.alarms;
      }
    }

    if (props.dashboard) {
      this.dashboard = new CacheDashboard(this, 'Dashboard', { target: props.target, alarmOptions: props.alarms, alarms: this.alarms });
    }
  }
}
