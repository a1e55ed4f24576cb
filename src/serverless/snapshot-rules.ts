import { Annotations, Duration, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { isResolved, RuleReport } from '../common/validation';

// SnapshotRetentionLimit: "The maximum value allowed is 35 days."; DailySnapshotTime: "The daily
// time that a cache snapshot will be created" (SCHEMA: "The daily time range (in UTC)"); both
// "Available for Valkey, Redis OSS and Serverless Memcached only", so for all three serverless engines.
const CFN = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticache-serverlesscache.html';
// SnapshotArnsToRestore: "The ARN(s) of the snapshot that the new serverless cache will be created from."
const API_CREATE = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateServerlessCache.html';
// The ARN formats: serverlesscachesnapshot and snapshot resource types.
const ARNS = 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticache.html';
// ServerlessCacheSnapshotName: "Must be between 1 and 255 characters".
const CFN_SNAPSHOT = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticache-serverlesscachesnapshot.html';
// No AWS page states the format of DailySnapshotTime or the characters of a final snapshot name;
// @aws-cdk/aws-elasticache-alpha formats the time `HH:MM` and checks the name (letter first, letters,
// digits and hyphens, no `--`, no trailing hyphen). The time is an error (CloudFormation needs one
// form), the name characters a warning.
const ALPHA = 'https://github.com/aws/aws-cdk/blob/main/packages/%40aws-cdk/aws-elasticache-alpha/lib/serverless-cache.ts';

/** The retention in days (default 15), checked: whole days 0-35 (a token passes through). */
export function retentionDays(r: RuleReport, retention: Duration | undefined): number {
  const days = (retention ?? Duration.days(15)).toDays({ integral: false });
  if (isResolved(days) && (!Number.isInteger(days) || days < 0 || days > 35)) {
    r.fail('snapshotRetention', `${days} days`, 'snapshots are kept a whole number of days from 0 to 35', CFN);
  }
  return days;
}

/** The snapshot rules: the daily time, the restore ARNs and the final snapshot's name. */
export function validateSnapshots(scope: IConstruct, r: RuleReport, props: {
  readonly dailySnapshotTime?: string; readonly restoreFrom?: string[]; readonly finalSnapshotName?: string;
}): void {
  const time = props.dailySnapshotTime;
  if (isResolved(time) && !/^([01]\d|2[0-3]):[0-5]\d$/.test(time!)) {
    r.fail('dailySnapshotTime', time, 'the daily snapshot time is hh:mm in UTC, 00:00 to 23:59', `${CFN} and ${ALPHA}`);
  }
  const arns = props.restoreFrom;
  if (arns !== undefined && !Token.isUnresolved(arns)) {
    if (arns.length === 0) r.fail('restoreFrom', arns, 'name at least one snapshot ARN, or leave restoreFrom out', API_CREATE);
    for (const arn of arns.filter(isResolved)) {
      if (!/^arn:aws[a-z-]*:elasticache:[a-z0-9-]+:\d{12}:(serverlesscachesnapshot|snapshot):.+$/.test(arn)) {
        r.fail('restoreFrom', arn, 'a snapshot ARN is arn:aws:elasticache:region:account:serverlesscachesnapshot:name '
          + '(or :snapshot:name for a node-based backup)', `${API_CREATE} and ${ARNS}`);
      }
    }
  }
  const name = props.finalSnapshotName;
  if (isResolved(name)) {
    if (name!.length < 1 || name!.length > 255) r.fail('finalSnapshotName', name, 'a snapshot name is 1 to 255 characters', CFN_SNAPSHOT);
    if (!/^[a-zA-Z][a-zA-Z0-9-]*$/.test(name!) || name!.includes('--') || name!.endsWith('-')) {
      Annotations.of(scope).addWarningV2('cdk-elasticache:final-snapshot-name',
        `finalSnapshotName '${name}' does not begin with a letter and hold only letters, digits and single hyphens `
        + `(the rule @aws-cdk/aws-elasticache-alpha applies; no AWS page states it; a name ElastiCache refuses fails when the cache is deleted). See ${ALPHA}`);
    }
  }
}
