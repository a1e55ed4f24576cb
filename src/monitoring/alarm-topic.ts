import { ArnFormat, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct, IConstruct } from 'constructs';
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
  /**
   * The stack's default alarm topic, made by the first cache that needs one, so a stack of many caches
   * has one topic and one key, not one of each per cache. `emails` are added to it, each address once:
   * every address receives the alarms of every cache that uses the topic (a cache that wants its own
   * recipients passes its own `alarmTopic`).
   */
  public static forStack(scope: IConstruct, emails: string[] = []): CacheAlarmTopic {
    const stack = Stack.of(scope);
    const found = stack.node.tryFindChild(STACK_TOPIC_ID) as CacheAlarmTopic | undefined;
    const topic = found ?? new CacheAlarmTopic(stack, STACK_TOPIC_ID, { displayName: `ElastiCache alarms of ${stack.stackName}`.slice(0, 100) });
    topic.addEmails(emails);
    return topic;
  }

  /** The topic alarms publish to. */
  public readonly topic: sns.Topic;
  /** The key the topic is encrypted with. */
  public readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: CacheAlarmTopicProps = {}) {
    super(scope, id);
    const stack = Stack.of(this);
    checkEmails(props.emails ?? []);

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

    this.addEmails(props.emails ?? []);
  }

  /** Subscribes e-mail addresses, each once: an address already subscribed is left as it is. */
  public addEmails(emails: string[]): void {
    checkEmails(emails);
    for (const email of emails) {
      // EmailSubscription names its construct after the address; a second one would collide.
      if (Token.isUnresolved(email) || !this.topic.node.tryFindChild(email)) this.topic.addSubscription(new subscriptions.EmailSubscription(email));
    }
  }
}

/** The construct id of the stack's default topic, at the stack's root. */
const STACK_TOPIC_ID = 'CacheAlarmTopic';

function checkEmails(emails: string[]): void {
  for (const email of emails) {
    if (!Token.isUnresolved(email) && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) fail('emails', email, 'it is not an e-mail address');
  }
}
