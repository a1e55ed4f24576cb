import { Annotations, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { IConstruct } from 'constructs';

// "Your budget must have permissions to send a notification to your topic": SNS:Publish for
// budgets.amazonaws.com with aws:SourceAccount and aws:SourceArn arn:aws:budgets::<account>:*.
const DOC_BUDGETS_SNS = 'https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-sns-policy.html';
// An SSE-KMS topic takes messages from an AWS service only when the customer managed key's policy
// lets that service principal call kms:GenerateDataKey* and kms:Decrypt (the same rule the alarm
// topic follows for CloudWatch, see monitoring/alarm-topic.ts).
const DOC_SNS_KMS = 'https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services';

const granted = new WeakSet<sns.ITopic>();

/**
 * Lets AWS Budgets of this account publish to `topic` and, when the topic is encrypted with a key
 * of this app, use that key. Once per topic, however many budgets notify it. When the topic or its
 * key is imported, nothing can be added here, and a warning says what the owner must allow.
 */
export function allowBudgetsToPublish(scope: IConstruct, topic: sns.ITopic): void {
  if (granted.has(topic)) return;
  granted.add(topic);
  const stack = Stack.of(topic);
  const fromBudgetsHere = {
    StringEquals: { 'aws:SourceAccount': stack.account },
    ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:budgets::${stack.account}:*` },
  };
  const principal = new iam.ServicePrincipal('budgets.amazonaws.com');
  const onTopic = topic.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowBudgetsToPublish',
    principals: [principal],
    actions: ['sns:Publish'],
    resources: [topic.topicArn],
    conditions: fromBudgetsHere,
  }));
  const key = topic instanceof sns.Topic ? topic.masterKey : undefined;
  const onKey = key?.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowBudgetsToPublish',
    principals: [principal],
    actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
    resources: ['*'],
    conditions: fromBudgetsHere,
  }), /* allowNoOp */ true);
  const missing = [
    ...(onTopic.statementAdded ? [] : [`the topic policy must let budgets.amazonaws.com call SNS:Publish (${DOC_BUDGETS_SNS})`]),
    ...(key && !onKey?.statementAdded ? [`its KMS key policy must let budgets.amazonaws.com call kms:GenerateDataKey* and kms:Decrypt (${DOC_SNS_KMS})`] : []),
  ];
  if (missing.length > 0) {
    Annotations.of(scope).addWarningV2('cdk-elasticache:budget-topic-permissions',
      `The budget notifies ${topic.node.path}, which this app cannot change: ${missing.join('; and ')}.`);
  }
}
