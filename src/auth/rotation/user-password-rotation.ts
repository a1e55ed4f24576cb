import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, IDependable } from 'constructs';
import { createRotationHost } from './rotation-host';
import { UserPasswordRotationFunction } from './user-password-rotation-function';
import { CacheConnectionEnv } from '../../connection/contract';
import type { CacheUser } from '../cache-user';

/** What the rotation needs to know of the cache that hosts it. */
export interface RotationHostCache extends ec2.IConnectable {
  /** `host:port` the function AUTHs against to test a new password. */
  readonly endpoint: string;
  readonly transitEncryption: boolean;
}

/** Properties of a {@link UserPasswordRotation}. */
export interface UserPasswordRotationProps {
  /** Users with generated passwords this rotation has claimed. */
  readonly users: CacheUser[];
  readonly cache: RotationHostCache;
  /** The first rotation runs once this exists (the cache resource). */
  readonly after: IDependable;
  readonly vpc: ec2.IVpc;
  readonly cacheSubnets: ec2.SelectedSubnets;
  /** Key of the function's logs and dead-letter topic. */
  readonly encryptionKey: kms.IKey;
}

/**
 * Rotates the generated passwords of ElastiCache users on their schedules: one Lambda function in
 * the VPC gives a user its current and its new password (ElastiCache users hold up to two), checks
 * the new one with a real AUTH, makes it current, then leaves the user the new one alone.
 */
export class UserPasswordRotation extends Construct {
  public readonly function: UserPasswordRotationFunction;

  constructor(scope: Construct, id: string, props: UserPasswordRotationProps) {
    super(scope, id);
    const host = createRotationHost(this, {
      what: 'user password',
      vpc: props.vpc,
      cacheSubnets: props.cacheSubnets,
      cache: props.cache,
      encryptionKey: props.encryptionKey,
      secrets: props.users.map((u) => u.passwordSecret!),
      secretKeys: props.users.map((u) => u.encryptionKey!),
      statements: [new iam.PolicyStatement({
        actions: ['elasticache:DescribeUsers', 'elasticache:ModifyUser'],
        resources: props.users.map((u) => u.userArn),
      })],
    });

    this.function = new UserPasswordRotationFunction(this, 'Function', {
      ...host.functionOptions,
      description: `Rotates the passwords of ElastiCache users ${props.users.map((u) => u.userId).join(', ')}`.slice(0, 256),
      environment: {
        [CacheConnectionEnv.ENDPOINT]: props.cache.endpoint,
        [CacheConnectionEnv.TLS]: String(props.cache.transitEncryption),
      },
    });
    // The function can only start once its policies are attached.
    this.function.node.addDependency(...host.policies);

    for (const user of props.users) {
      const schedule = (user.passwordSecret as secretsmanager.Secret).addRotationSchedule('Schedule', {
        rotationLambda: this.function,
        automaticallyAfter: user.rotationInterval,
      });
      // The first rotation starts at once: wait until the cache (and so the user's group) exists.
      schedule.node.addDependency(props.after);
    }
  }
}
