import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elasticbeanstalk from 'aws-cdk-lib/aws-elasticbeanstalk';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { beanstalkEnvironment, defaultParameterPath, environmentOf, parameterStoreEnvironment } from './target-environments';
import { fail } from '../common/validation';

/** Something that takes environment variables: a Lambda function, an ECS container, … */
export interface IEnvironmentTarget {
  /** Adds one environment variable. */
  addEnvironment(name: string, value: string): void;
}

/** The compute a cache is connected to: who opens connections, who gets the grants, where the environment goes. */
export interface CacheClientTargetProps {
  /** The security groups connections come from. */
  readonly connectable: ec2.IConnectable;
  /** The principal that reads the AUTH secret or gets `elasticache:Connect`. */
  readonly grantee: iam.IGrantable;
  /**
   * Where the connection contract's variables are written.
   * @default - nowhere: only the network and the grants are set up
   */
  readonly environment?: IEnvironmentTarget;
}

/** Options of targets whose environment is written to SSM Parameter Store. */
export interface ParameterStoreTargetOptions {
  /**
   * The path the variables are written under, one String parameter per variable:
   * `<parameterPath>/CACHE_ENDPOINT`, …. Read them all with `GetParametersByPath`.
   * @default `/cdk-elasticache/<stack name>/<the construct's path in its stack>`
   */
  readonly parameterPath?: string;
}

/** What connects an Elastic Beanstalk environment: its instances' security group and role. */
export interface BeanstalkEnvironmentTargetProps {
  /** The security group of the environment's instances (`SecurityGroups` in `aws:autoscaling:launchconfiguration`). */
  readonly securityGroup: ec2.ISecurityGroup;
  /** The role of the environment's instance profile (`IamInstanceProfile` in `aws:autoscaling:launchconfiguration`). */
  readonly instanceRole: iam.IRole;
}

/** Compute to connect to a cache with `connect()`. */
export class CacheClientTarget {
  /** A Lambda function in the cache's VPC: the contract goes to its environment variables. */
  public static lambdaFunction(fn: lambda.Function): CacheClientTarget {
    if (!fn.isBoundToVpc) {
      fail('vpc', undefined, `the function '${fn.node.path}' is not in a VPC; a cache is only reachable from inside its VPC (set vpc on the function)`);
    }
    return new CacheClientTarget({
      connectable: fn,
      grantee: fn,
      environment: environmentOf(fn, () => (name, value) => { fn.addEnvironment(name, value); }),
    }, `the function '${fn.node.path}'`);
  }

  /**
   * A container of an ECS task definition. The network side comes from `connectable`: the service
   * (or its security group) that runs the task; grants go to the task role.
   */
  public static ecsContainer(container: ecs.ContainerDefinition, connectable: ec2.IConnectable): CacheClientTarget {
    return new CacheClientTarget({
      connectable,
      grantee: container.taskDefinition.taskRole,
      environment: environmentOf(container, () => (name, value) => container.addEnvironment(name, value)),
    }, `the container '${container.node.path}'`);
  }

  /**
   * An EC2 instance: ingress from its security groups, grants on its role, and the contract in
   * SSM Parameter Store (see `parameterPath`), which its role may read.
   */
  public static ec2Instance(instance: ec2.Instance, options: ParameterStoreTargetOptions = {}): CacheClientTarget {
    return CacheClientTarget.withParameterStore(instance, instance, instance, options, `the instance '${instance.node.path}'`);
  }

  /**
   * The instances of an Auto Scaling group: ingress from its security groups, grants on its role,
   * and the contract in SSM Parameter Store (see `parameterPath`), which its role may read.
   */
  public static autoScalingGroup(asg: autoscaling.AutoScalingGroup, options: ParameterStoreTargetOptions = {}): CacheClientTarget {
    return CacheClientTarget.withParameterStore(asg, asg, asg, options, `the Auto Scaling group '${asg.node.path}'`);
  }

  /**
   * An Elastic Beanstalk environment: the contract as environment properties (option settings in
   * `aws:elasticbeanstalk:application:environment`), ingress from its instances' security group,
   * grants on its instance role.
   */
  public static beanstalkEnvironment(environment: elasticbeanstalk.CfnEnvironment, props: BeanstalkEnvironmentTargetProps): CacheClientTarget {
    return new CacheClientTarget({
      connectable: props.securityGroup,
      grantee: props.instanceRole,
      environment: beanstalkEnvironment(environment),
    }, `the Elastic Beanstalk environment '${environment.node.path}'`);
  }

  /**
   * Any connectable compute, its principal and, optionally, where its environment goes. The VPC is
   * not checked: the way to connect from a peered VPC.
   */
  public static custom(props: CacheClientTargetProps): CacheClientTarget {
    return new CacheClientTarget(props);
  }

  private static withParameterStore(owner: Construct, connectable: ec2.IConnectable, grantee: iam.IGrantable,
    options: ParameterStoreTargetOptions, description: string): CacheClientTarget {
    const path = options.parameterPath ?? defaultParameterPath(owner);
    return new CacheClientTarget({ connectable, grantee, environment: parameterStoreEnvironment(owner, path, grantee) }, description, path);
  }

  /** The security groups connections come from. */
  public readonly connectable: ec2.IConnectable;
  /** The principal that gets the grants. */
  public readonly grantee: iam.IGrantable;
  /** Where the environment goes, if anywhere. */
  public readonly environment?: IEnvironmentTarget;
  /** The SSM path the variables are written under (EC2 instances, Auto Scaling groups). */
  public readonly parameterPath?: string;
  /**
   * What the target is, for messages (`the function 'App/Fn'`); set on the targets whose VPC
   * `connect()` checks against the cache's.
   * @internal
   */
  public readonly _description?: string;

  private constructor(props: CacheClientTargetProps, description?: string, parameterPath?: string) {
    this.connectable = props.connectable;
    this.grantee = props.grantee;
    this.environment = props.environment;
    this._description = description;
    this.parameterPath = parameterPath;
  }
}
