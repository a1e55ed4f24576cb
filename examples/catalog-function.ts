import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

export interface CatalogFunctionProps {
  readonly vpc: ec2.IVpc;
  /** The handler's source file. */
  readonly entry: string;
}

/**
 * The example's app function, built the way the four cdk-nag packs ask: in the VPC, reserved
 * concurrency, a dead-letter topic, an encrypted log group, and customer-managed policies only.
 */
export class CatalogFunction extends Construct {
  public readonly function: nodejs.NodejsFunction;

  constructor(scope: Construct, id: string, props: CatalogFunctionProps) {
    super(scope, id);
    const key = new kms.Key(this, 'Key', { enableKeyRotation: true, removalPolicy: RemovalPolicy.DESTROY });
    const logGroup = new logs.LogGroup(this, 'Logs', { encryptionKey: key, retention: logs.RetentionDays.ONE_YEAR });
    key.grantEncryptDecrypt(new iam.ServicePrincipal('logs.amazonaws.com'));
    const deadLetters = new sns.Topic(this, 'DeadLetters', { masterKey: key, enforceSSL: true });

    const role = new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      roles: [role],
      statements: [
        new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
        new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [deadLetters.topicArn] }),
        new iam.PolicyStatement({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [key.keyArn] }),
      ],
    });
    const networkPolicy = new iam.ManagedPolicy(this, 'NetworkInterfacePolicy', {
      roles: [role],
      statements: [new iam.PolicyStatement({
        actions: ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DeleteNetworkInterface',
          'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'],
        resources: ['*'],
      })],
    });
    Validations.of(networkPolicy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'Lambda VPC networking needs ec2:*NetworkInterface* actions, which EC2 only grants on Resource "*".',
    });

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: props.entry,
      runtime: lambda.Runtime.NODEJS_24_X,
      // The grants cache.connect() adds go to managed policies; nothing may add inline ones.
      role: role.withoutPolicyUpdates(),
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [new ec2.SecurityGroup(this, 'SecurityGroup', { vpc: props.vpc, allowAllOutbound: false, description: 'Catalog API function' })],
      logGroup,
      timeout: Duration.seconds(10),
      memorySize: 512,
      reservedConcurrentExecutions: 10,
      deadLetterTopic: deadLetters,
      bundling: {
        // Inside this repository `cdk-elasticache-client` is the source (client/src); an app that installs the package needs no tsconfig.
        tsconfig: require.resolve('./lambda/tsconfig.json'),
        externalModules: ['@aws-sdk/*'],
      },
    });
    this.function.node.addDependency(policy, networkPolicy);
  }
}
