import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { ServerlessAlarmOptions, serverlessAlarmSpecs, ServerlessAlarmTarget } from './alarms';
import { serverlessMetric } from './metrics';
import { fail } from '../common/validation';
import { CacheAlarmTopic } from '../monitoring/alarm-topic';

/** How a serverless cache monitors itself. */
export interface ServerlessMonitoringOptions {
  /**
   * The recommended alarms: override thresholds, turn single alarms on or off, or
   * `{ enabled: false }` for none (and no alarm topic).
   * @default - the recommended alarms
   */
  readonly alarms?: ServerlessAlarmOptions;
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
}

/** Properties of ServerlessCacheMonitoring. */
export interface ServerlessCacheMonitoringProps extends ServerlessMonitoringOptions, ServerlessAlarmTarget {
  /** The cache name: the metrics' `clusterId`. */
  readonly cacheName: string;
}

/**
 * The recommended alarms of one serverless cache, each sending ALARM and OK to the stack's shared encrypted SNS
 * topic (unless one is given or alarms are off), each treating missing data as not breaching
 * ("Set TreatMissingData: notBreaching for all", AWS's ElastiCache alarm pack).
 */
export class ServerlessCacheMonitoring extends Construct {
  /** The topic the alarms notify; undefined when there are no alarms. */
  public readonly alarmTopic?: sns.ITopic;
  /** The stack's shared default topic (with its key) the alarms notify; undefined when one was given or there are no alarms. */
  public readonly createdTopic?: CacheAlarmTopic;
  /** Every alarm, by option name (`throttledCmds`, `ecpu`, …). */
  public readonly alarmsByOption: Record<string, cloudwatch.Alarm>;
  /** Every alarm (empty when alarms are off). */
  public readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: ServerlessCacheMonitoringProps) {
    super(scope, id);
    const specs = serverlessAlarmSpecs(props, props.alarms);
    const emails = props.alarmEmails ?? [];
    this.alarmsByOption = {};
    if (specs.length === 0) {
      if (emails.length > 0) fail('monitoring.alarmEmails', emails, 'there are no alarms to notify about (alarms are off)');
      if (props.alarmTopic) fail('monitoring.alarmTopic', props.alarmTopic.topicArn, 'there are no alarms to notify it (alarms are off)');
      this.alarms = [];
      return;
    }
    if (props.alarmTopic) {
      this.alarmTopic = props.alarmTopic;
      for (const email of emails) props.alarmTopic.addSubscription(new subscriptions.EmailSubscription(email));
    } else {
      this.createdTopic = CacheAlarmTopic.forStack(this, emails);
      this.alarmTopic = this.createdTopic.topic;
    }
    const action = new actions.SnsAction(this.alarmTopic);
    this.alarms = specs.map((spec) => {
      const description = `ElastiCache Serverless ${props.cacheName}: ${spec.metricName} ${spec.statistic} `
        + `${spec.comparisonOperator === cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD ? '<' : '>'} ${spec.describe(spec.threshold)} `
        + `in ${spec.datapointsToAlarm} of ${spec.evaluationPeriods} ${spec.period.toMinutes()}-minute periods. ${spec.advice} Threshold source: ${spec.source}`;
      const alarm = new cloudwatch.Alarm(this, spec.option, {
        metric: serverlessMetric(spec.metricName, props.cacheName, { statistic: spec.statistic, period: spec.period }),
        threshold: spec.threshold,
        comparisonOperator: spec.comparisonOperator,
        evaluationPeriods: spec.evaluationPeriods,
        datapointsToAlarm: spec.datapointsToAlarm,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        // CloudWatch accepts descriptions of up to 1024 characters.
        alarmDescription: description.length <= 1024 ? description : `${description.slice(0, 1021)}...`,
      });
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
      this.alarmsByOption[spec.option] = alarm;
      return alarm;
    });
  }
}
