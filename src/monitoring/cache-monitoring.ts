import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { CacheAlarmOptions } from './alarm-options';
import { CacheAlarmTopic } from './alarm-topic';
import { CacheMonitoringTarget } from './cache-nodes';
import { CacheDashboard } from './dashboard';
import { RecommendedAlarms } from './recommended-alarms';
import { resolveAlarmSpecs } from './thresholds';
import { fail } from '../common/validation';

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
   * Create a CloudWatch dashboard of the cache.
   * @default false
   */
  readonly dashboard?: boolean;
}

/** Properties of CacheMonitoring. */
export interface CacheMonitoringProps extends CacheMonitoringOptions {
  /** The cache to monitor. */
  readonly target: CacheMonitoringTarget;
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
  /** The alarms, with look-ups by metric, kind and node; undefined when there are no alarms. */
  public readonly recommendedAlarms?: RecommendedAlarms;
  /** Every alarm (empty when alarms are off). */
  public readonly alarms: cloudwatch.Alarm[];
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
      this.recommendedAlarms = new RecommendedAlarms(this, 'Alarms', { target: props.target, topic: this.alarmTopic, options: props.alarms });
      this.alarms = this.recommendedAlarms.alarms;
    }

    if (props.dashboard) {
      this.dashboard = new CacheDashboard(this, 'Dashboard', { target: props.target, alarmOptions: props.alarms, alarms: this.alarms });
    }
  }
}
