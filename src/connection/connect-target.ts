import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';

/** Something that takes environment variables: a Lambda function, an ECS container, … */
export interface IEnvironmentTarget {
  /** Adds one environment variable. */
  addEnvironment(name: string, value: string): void;
}

// One environment wrapper per function or container, so `connect()` can see two caches writing one name.
const wrappers = new WeakMap<object, IEnvironmentTarget>();
function environmentOf(owner: object, add: (name: string, value: string) => void): IEnvironmentTarget {
  let wrapper = wrappers.get(owner);
  if (!wrapper) {
    wrapper = { addEnvironment: add };
    wrappers.set(owner, wrapper);
  }
  return wrapper;
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

/** Compute to connect to a cache with `connect()`. */
export class CacheClientTarget {
  /** A Lambda function in the cache's VPC. */
  public static lambda(fn: lambda.Function): CacheClientTarget {
    if (!fn.isBoundToVpc) {
      throw new Error(`connect: the function '${fn.node.path}' is not in a VPC; a cache is only reachable from inside its VPC (set vpc on the function)`);
    }
    return new CacheClientTarget({
      connectable: fn,
      grantee: fn,
      environment: environmentOf(fn, (name, value) => { fn.addEnvironment(name, value); }),
    });
  }

  /**
   * A container of an ECS task definition. The network side comes from `connectable`: the service
   * (or its security group) that runs the task; grants go to the task role.
   */
  public static ecsContainer(container: ecs.ContainerDefinition, connectable: ec2.IConnectable): CacheClientTarget {
    return new CacheClientTarget({
      connectable,
      grantee: container.taskDefinition.taskRole,
      environment: environmentOf(container, (name, value) => container.addEnvironment(name, value)),
    });
  }

  /** Any connectable compute, its principal and, optionally, where its environment goes. */
  public static custom(props: CacheClientTargetProps): CacheClientTarget {
    return new CacheClientTarget(props);
  }

  /** The security groups connections come from. */
  public readonly connectable: ec2.IConnectable;
  /** The principal that gets the grants. */
  public readonly grantee: iam.IGrantable;
  /** Where the environment goes, if anywhere. */
  public readonly environment?: IEnvironmentTarget;

  private constructor(props: CacheClientTargetProps) {
    this.connectable = props.connectable;
    this.grantee = props.grantee;
    this.environment = props.environment;
  }
}
