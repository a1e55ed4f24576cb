import { Names, Tags, Token } from 'aws-cdk-lib';
import * as budgets from 'aws-cdk-lib/aws-budgets';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { allowBudgetsToPublish } from './budget-topic';
import { RuleReport } from '../common/validation';

/** A monthly cost budget for one cache. */
export interface CacheBudgetOptions {
  /**
   * The monthly limit in USD, more than 0. Notifications go to the cache's alarm topic when the
   * forecast reaches 80 % of it and when actual costs reach 100 %.
   */
  readonly monthlyLimit: number;
}

/** Properties of a CacheBudget. */
export interface CacheBudgetProps extends CacheBudgetOptions {
  /** The topic the notifications go to. */
  readonly topic: sns.ITopic;
  /** What the error messages call the options, e.g. `budget`. @default 'budget' */
  readonly property?: string;
}

/**
 * The cost allocation tag a cache with a budget puts on its resources; the budget counts the
 * costs that carry it. AWS Budgets sees a tag only after it is activated as a cost allocation tag
 * (Billing console, Cost allocation tags), which can take up to 24 hours to show there.
 */
export const COST_TAG_KEY = 'cdk-elasticache:cache';

// Budget properties: BudgetType COST, TimeUnit MONTHLY, BudgetLimit { Amount, Unit }, FilterExpression.
const DOC_BUDGET = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-budgets-budget.html';

/**
 * An AWS Budgets COST budget of one cache: its resources are tagged `cdk-elasticache:cache` = a
 * value unique to the construct, the budget filters on that tag, and it notifies `topic` at 80 %
 * FORECASTED and 100 % ACTUAL of the monthly limit. The topic (and its KMS key) let
 * budgets.amazonaws.com publish.
 */
export class CacheBudget extends Construct {
  /** The tag value the cache's resources carry. */
  public readonly tagValue: string;
  /** The L1 budget. */
  public readonly resource: budgets.CfnBudget;

  /** `cache` is the construct whose resources the budget covers (the tag goes on all of them). */
  constructor(cache: Construct, id: string, props: CacheBudgetProps) {
    super(cache, id);
    const property = props.property ?? 'budget';
    const report = new RuleReport();
    const limit = (props as unknown as Record<string, unknown> | null)?.monthlyLimit;
    if (!(typeof limit === 'number' && Token.isUnresolved(limit))
      && (typeof limit !== 'number' || !Number.isFinite(limit) || limit <= 0)) {
      report.fail(`${property}.monthlyLimit`, limit, 'the monthly limit is a finite number of USD greater than 0', DOC_BUDGET);
    }
    report.throwIfAny(cache, 'budget');

    // Names.uniqueId: stable, unique in the app, and only characters tag values allow.
    this.tagValue = Names.uniqueId(cache).slice(0, 256);
    Tags.of(cache).add(COST_TAG_KEY, this.tagValue);
    allowBudgetsToPublish(cache, props.topic);

    const subscribers = [{ subscriptionType: 'SNS', address: props.topic.topicArn }];
    const notify = (notificationType: string, threshold: number): budgets.CfnBudget.NotificationWithSubscribersProperty => ({
      notification: { notificationType, comparisonOperator: 'GREATER_THAN', threshold, thresholdType: 'PERCENTAGE' },
      subscribers,
    });
    this.resource = new budgets.CfnBudget(this, 'Resource', {
      budget: {
        budgetType: 'COST',
        timeUnit: 'MONTHLY',
        budgetLimit: { amount: limit as number, unit: 'USD' },
        // The tag only: the budget sees what this cache's resources cost once the tag is activated
        // (https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/activating-tags.html).
        filterExpression: { tags: { key: COST_TAG_KEY, values: [this.tagValue], matchOptions: ['EQUALS'] } },
      },
      notificationsWithSubscribers: [notify('FORECASTED', 80), notify('ACTUAL', 100)],
    });
  }
}
