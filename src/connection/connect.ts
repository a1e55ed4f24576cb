import { Names, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { CacheClientTarget } from './connect-target';
import { CacheAuthMode, CacheConnectionEnv } from './contract';
import { CacheConnectionExport, CacheConnectionExportOptions } from './export-connection';
import { ManagedPolicyGrantee, roleOf } from './managed-policy-grantee';
import { checkSameVpc } from './same-vpc';
import { fail } from '../common/validation';

/** Options of `connect()`. */
export interface CacheConnectOptions {
  /**
   * Prefix of the environment variables, for apps that use several caches: `orders` writes
   * `ORDERS_CACHE_ENDPOINT`, ….
   * @default - no prefix: `CACHE_ENDPOINT`, …
   */
  readonly prefix?: string;
  /**
   * The IAM-authenticated user to connect as (IAM authentication with several IAM users).
   * @default - the cache's first IAM user
   */
  readonly user?: string;
  /**
   * Put the grants in a customer-managed policy attached to the target's role, rather than the
   * role's inline default policy (cdk-nag's HIPAA, NIST and PCI packs flag inline policies).
   * Principals that are not roles always get the usual grants.
   * @default true
   */
  readonly managedPolicy?: boolean;
}

/** What a cache offers to the compute that connects to it. */
export interface ICacheConnectionSource extends IConstruct, ec2.IConnectable {
  /** The connection contract's variables (unprefixed names) for a client connecting as `user`. */
  connectionValues(user?: string): Record<string, string>;
  /**
   * Grants what a client connecting as `user` needs: reading the AUTH secret, or `elasticache:Connect`;
   * a grant of nothing without authentication.
   */
  grantClientAccess(grantee: iam.IGrantable, user?: string): iam.Grant;
  /**
   * Connects compute to the cache: ingress on the cache port, the connection contract's
   * environment variables, and what its authentication needs (the AUTH secret or `elasticache:Connect`).
   * @returns the environment variables written, by name
   */
  connect(target: CacheClientTarget, options?: CacheConnectOptions): Record<string, string>;
  /** Publishes the connection values as stack outputs and/or SSM parameters, for apps outside this CDK app. */
  exportConnection(options?: CacheConnectionExportOptions): CacheConnectionExport;
}

// Variable names already written per environment target, to catch two caches writing one name.
const written = new WeakMap<object, Map<string, string>>();

/**
 * Connects compute to a cache: ingress on the cache port from the compute's security groups, the
 * connection contract's environment variables, and the grants its authentication needs.
 * @returns the variables written, by name
 */
export function connectToCache(cache: ICacheConnectionSource, target: CacheClientTarget, options: CacheConnectOptions = {}): Record<string, string> {
  // From JavaScript a function or container is easily passed as it is: say which factory wraps it.
  if (!(target instanceof CacheClientTarget)) {
    fail('target', Construct.isConstruct(target) ? (target as IConstruct).node.path : target, 'it is a CacheClientTarget: wrap the compute, e.g. '
      + 'cache.connect(CacheClientTarget.lambdaFunction(fn)) or CacheClientTarget.ecsContainer(container, service)');
  }
  if (target._description) checkSameVpc(cache, target.connectable, target._description);
  const values = cache.connectionValues(options.user);
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) env[CacheConnectionEnv.withPrefix(name, options.prefix)] = value;

  if (target.environment) {
    const seen = written.get(target.environment) ?? new Map<string, string>();
    written.set(target.environment, seen);
    for (const name of Object.keys(env)) {
      const other = seen.get(name);
      if (other !== undefined && other !== cache.node.path) {
        fail('prefix', options.prefix, `'${cache.node.path}' and '${other}' would both write ${name} to the same target; give each cache its own prefix`);
      }
    }
    for (const [name, value] of Object.entries(env)) {
      target.environment.addEnvironment(name, value);
      seen.set(name, cache.node.path);
    }
  }
  // From the client side: across stacks aws-cdk-lib then puts the ingress rule in the client's stack.
  target.connectable.connections.allowToDefaultPort(cache, `Clients of ${cache.node.path}`);
  const role = (options.managedPolicy ?? true) ? roleOf(target.grantee) : undefined;
  // Memcached and `none` need no grant; the others get one managed policy per role and user.
  if (role && values[CacheConnectionEnv.AUTH] !== CacheAuthMode.NONE) {
    // One policy per role and user: connecting the same compute twice changes nothing.
    const { scope, id } = policyPlace(cache, role, options.user);
    if (!scope.node.tryFindChild(id)) {
      const grantee = new ManagedPolicyGrantee(scope, id, role, `Lets ${role.node.path} connect to ${cache.node.path}`);
      cache.grantClientAccess(grantee, options.user);
    }
  } else {
    cache.grantClientAccess(target.grantee, options.user);
  }
  return env;
}

/**
 * Where the policy that names the role goes: beside the cache in its own stack (as always), else
 * under the role, so the cache's stack never refers to the client's (which refers to the cache's).
 */
function policyPlace(cache: ICacheConnectionSource, role: iam.IRole, user?: string): { scope: IConstruct; id: string } {
  const suffix = user ? `-${user}` : '';
  if (Stack.of(role) === Stack.of(cache)) return { scope: cache, id: `ClientPolicy-${Names.uniqueId(role)}${suffix}` };
  return { scope: role, id: `CachePolicy-${Names.uniqueId(cache)}${suffix}` };
}
