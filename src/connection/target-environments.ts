import { Names, Stack, Token } from 'aws-cdk-lib';
import * as elasticbeanstalk from 'aws-cdk-lib/aws-elasticbeanstalk';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { IEnvironmentTarget } from './connect-target';
import { contractParameter, validateParameterPrefix } from './export-connection';
import { roleOf } from './managed-policy-grantee';
import { fail } from '../common/validation';

// One environment wrapper per function, container, instance…, so `connect()` can see two caches writing one name.
const wrappers = new WeakMap<object, IEnvironmentTarget>();

/** The one environment wrapper of `owner`, made with `make` the first time. */
export function environmentOf(owner: object, make: () => (name: string, value: string) => void): IEnvironmentTarget {
  let wrapper = wrappers.get(owner);
  if (!wrapper) {
    wrapper = { addEnvironment: make() };
    wrappers.set(owner, wrapper);
  }
  return wrapper;
}

const SSM_READ = ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath'];

/**
 * For compute without an environment of its own (EC2 instances, Auto Scaling groups): each
 * variable becomes the SSM String parameter `<path>/<NAME>`, so one `GetParametersByPath` of the
 * path gives the environment, names and all. The grantee may read the path.
 */
export function parameterStoreEnvironment(owner: Construct, path: string, grantee: iam.IGrantable): IEnvironmentTarget {
  if (!Token.isUnresolved(path)) validateParameterPrefix(path, 'parameterPath');
  return environmentOf(owner, () => {
    const root = new Construct(owner, 'CacheEnvironment');
    grantParameterRead(root, path, grantee, owner);
    const values = new Map<string, string>();
    return (name, value) => {
      const before = values.get(name);
      if (before === value) return;
      // A parameter cannot take a second value in one synthesis; the second write is a mistake.
      if (before !== undefined) fail(name, value, `${owner.node.path} already has ${name} in ${path}; connect each cache once, or give each its own prefix`);
      values.set(name, value);
      contractParameter(root, name, `${path}/${name}`, value, `${name} for ${owner.node.path}`);
    };
  });
}

/** `/cdk-elasticache/<stack name>/<the construct's path in its stack>`, in characters SSM allows. */
export function defaultParameterPath(owner: IConstruct): string {
  const stack = Stack.of(owner);
  const levels = owner.node.scopes.slice(owner.node.scopes.indexOf(stack) + 1).map((s) => s.node.id);
  const stackName = Token.isUnresolved(stack.stackName) ? Names.uniqueId(stack) : stack.stackName;
  return ['', 'cdk-elasticache', stackName, ...levels].map((l) => l.replace(/[^a-zA-Z0-9_.-]/g, '-')).join('/');
}

function grantParameterRead(scope: Construct, path: string, grantee: iam.IGrantable, owner: IConstruct): void {
  const stack = Stack.of(scope);
  const arn = (name: string) => stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: name });
  const statement = new iam.PolicyStatement({ actions: SSM_READ, resources: [arn(path.slice(1)), arn(`${path.slice(1)}/*`)] });
  // A customer-managed policy on a role, as connect() does (cdk-nag flags inline policies).
  const role = roleOf(grantee);
  if (role) {
    new iam.ManagedPolicy(scope, 'ReadPolicy', { description: `Lets ${owner.node.path} read its cache environment`, roles: [role], statements: [statement] });
  } else {
    grantee.grantPrincipal.addToPrincipalPolicy(statement);
  }
}

const BEANSTALK_ENVIRONMENT = 'aws:elasticbeanstalk:application:environment';

/** Environment properties of an Elastic Beanstalk environment: option settings in `aws:elasticbeanstalk:application:environment`. */
export function beanstalkEnvironment(environment: elasticbeanstalk.CfnEnvironment): IEnvironmentTarget {
  return environmentOf(environment, () => (name, value) => {
    const settings = environment.optionSettings ?? [];
    if (!Array.isArray(settings)) {
      fail('optionSettings', '(a token)', `connect() adds the connection contract to ${environment.node.path}'s option settings, so they must be a list`);
    }
    const others = settings.filter((s) => Token.isUnresolved(s)
      || !((s as elasticbeanstalk.CfnEnvironment.OptionSettingProperty).namespace === BEANSTALK_ENVIRONMENT
        && (s as elasticbeanstalk.CfnEnvironment.OptionSettingProperty).optionName === name));
    environment.optionSettings = [...others, { namespace: BEANSTALK_ENVIRONMENT, optionName: name, value }];
  });
}
