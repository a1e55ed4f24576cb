import { ArnFormat, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { fail } from '../common/validation';

/** Properties of a CacheAlarmTopic. */
export interface CacheAlarmTopicProps {
  /**
   * E-mail addresses to subscribe. Each address receives a confirmation e-mail first.
   * @default - no subscriptions
   */
  readonly emails?: string[];
  /**
   * The topic's display name (the sender name of e-mails).
   * @default - none
   */
  readonly displayName?: string;
  /**
   * What happens to the topic's KMS key when it leaves the stack. The key protects only
   * notifications in flight, so by default it is scheduled for deletion (after KMS's waiting period).
   * @default RemovalPolicy.DESTROY
   */
  readonly keyRemovalPolicy?: RemovalPolicy;
}

/**
 * An SNS topic for CloudWatch alarms, encrypted with its own KMS key (rotation on), that accepts
 * messages only over TLS and only from CloudWatch alarms of this account and Region.
 *
 * CloudWatch can publish to an SSE-KMS topic only when the key is customer managed and its key
 * policy lets `cloudwatch.amazonaws.com` call kms:GenerateDataKey* and kms:Decrypt; with the
 * AWS managed key `alias/aws/sns` alarm actions fail.
 * Sources: https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
 * and https://repost.aws/knowledge-center/cloudwatch-configure-alarm-sns
 *
 * Not for ElastiCache event notifications: "The Amazon SNS topic you are publishing to cannot be
 * encrypted" and its policy must use `aws:SourceOwner`
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ElastiCacheSNS.html), so this topic
 * grants ElastiCache nothing.
 */
export class CacheAlarmTopic extends Construct {
  /** The topic alarms publish to. */
  public readonly topic: sns.Topic;
  /** The key the topic is encrypted with. */
  public readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: CacheAlarmTopicProps = {}) {
    super(scope, id);
    const stack = Stack.of(this);
    for (const email of props.emails ?? []) {
      if (!Token.isUnresolved(email) && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) fail('emails', email, 'it is not an e-mail address');
    }

    // Alarms of this account and Region only: the confused-deputy conditions AWS documents for
    // service principals (aws:SourceAccount, aws:SourceArn; sns-key-management step 3 and
    // https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger).
    const alarmArns = stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const fromAlarmsHere = {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: { 'aws:SourceArn': alarmArns },
    };

    this.key = new kms.Key(this, 'Key', {
      description: `Encrypts the ElastiCache alarm topic ${this.node.path}`,
      enableKeyRotation: true,
      removalPolicy: props.keyRemovalPolicy ?? RemovalPolicy.DESTROY,
    });
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowCloudWatchAlarmsToPublish',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      resources: ['*'],
      conditions: fromAlarmsHere,
    }));

    this.topic = new sns.Topic(this, 'Topic', {
      displayName: props.displayName,
      masterKey: this.key,
      // Denies sns:Publish without TLS (aws:SecureTransport false).
      enforceSSL: true,
    });
    this.topic.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowCloudWatchAlarmsToPublish',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['sns:Publish'],
      resources: [this.topic.topicArn],
      conditions: fromAlarmsHere,
    }));

    for (const email of props.emails ?? []) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(email));
    }
  }
}
