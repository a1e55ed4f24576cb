import { Duration, Token } from 'aws-cdk-lib';
import { RuleFailure } from '../../common/validation';

// Secrets Manager rotates "every 4 hours" at the shortest and AutomaticallyAfterDays is at most 1000.
// aws-cdk-lib reads a zero interval as "no automatic rotation", which would silently switch it off.
const SOURCE = 'https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_RotationRulesType.html';

/** A rotation interval from 4 hours to 1,000 days; `rotation: false` is the way to turn rotation off. */
export function rotationIntervalFailures(property: string, interval: Duration | undefined): RuleFailure[] {
  if (interval === undefined || Token.isUnresolved(interval.toSeconds())) return [];
  const hours = interval.toHours({ integral: false });
  if (hours >= 4 && hours <= 1000 * 24) return [];
  return [{
    property,
    value: interval.toHumanString(),
    rule: 'secrets rotate every 4 hours to 1,000 days; to stop rotating, set rotation: false',
    source: SOURCE,
  }];
}
