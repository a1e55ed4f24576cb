import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CacheLogDeliveryOptions } from './props';

/** The log group engine logs go to, and the delivery configurations that point the group at it. */
export class CacheLogDelivery extends Construct {
  public readonly logGroup: logs.LogGroup;
  public readonly configurations: elasticache.CfnReplicationGroup.LogDeliveryConfigurationRequestProperty[];

  constructor(scope: Construct, id: string, options: CacheLogDeliveryOptions, defaultKey: kms.IKey | undefined) {
    super(scope, id);
    const key = options.encryptionKey ?? defaultKey;
    // 'Default' keeps the log group's logical id what it was before this construct existed.
    this.logGroup = new logs.LogGroup(this, 'Default', {
      retention: options.retention ?? logs.RetentionDays.ONE_YEAR,
      encryptionKey: key,
      // The cache's removal policy decides in the end (common/removal.ts).
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudWatch Logs must be able to use the key for the encrypted log group.
    key?.grantEncryptDecrypt(new iam.ServicePrincipal(`logs.${Stack.of(this).region}.amazonaws.com`));
    const types = [
      ...(options.slowLog ?? true) ? ['slow-log'] : [],
      ...(options.engineLog ?? true) ? ['engine-log'] : [],
    ];
    this.configurations = types.map((logType) => ({
      destinationType: 'cloudwatch-logs',
      destinationDetails: { cloudWatchLogsDetails: { logGroup: this.logGroup.logGroupName } },
      logFormat: 'json',
      logType,
    }));
  }
}
