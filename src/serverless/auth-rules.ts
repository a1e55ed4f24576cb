import { ServerlessCacheEngine } from './engine';
import { ServerlessConnectionType } from './props';
import { CacheAuthentication, CacheUserAuthType, clientUsers } from '../auth/authentication';
import { authenticationRules } from '../auth/authentication-rules';
import { CacheUserEngine } from '../auth/cache-user';
import { DOC_RBAC } from '../auth/user-rules';
import { CacheEngine } from '../common/engine';
import { RuleReport } from '../common/validation';
import { CacheAuthMode } from '../connection/contract';

// "RBAC is also the only way to control access to serverless caches"; CreateServerlessCache has no AuthToken.
const DOC_RBAC_SERVERLESS = DOC_RBAC;
// UserGroupId: "Available for Valkey and Redis OSS only."
const CFN = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticache-serverlesscache.html';
// "Public endpoints are available on ElastiCache Serverless for Valkey 9.0 or later." / "To use a
// custom user group, first create a user group where all users use IAM authentication".
const DOC_PUBLIC = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/serverless-public-endpoints-chapter.html';
// Only @aws-cdk/aws-elasticache-alpha states it: "Redis cache can only use Redis user groups."
const ALPHA = 'https://github.com/aws/aws-cdk/blob/main/packages/%40aws-cdk/aws-elasticache-alpha/lib/serverless-cache.ts';

/**
 * The node-based engine whose user rules a serverless engine shares: users of the engine's name,
 * and IAM authentication (every serverless Valkey / Redis OSS version is 7 or later).
 */
export function userRulesEngine(engine: ServerlessCacheEngine): CacheEngine {
  return engine.name === 'redis' ? CacheEngine.REDIS_7_1 : CacheEngine.LATEST;
}

/** The authentication a serverless cache gets when none is given. */
export function defaultAuthentication(engine: ServerlessCacheEngine): CacheAuthentication {
  return engine.isRedisLike ? CacheAuthentication.rbac({ users: [{ userName: 'app' }] }) : CacheAuthentication.none();
}

/** The authentication rules of a serverless cache, and those of its users. */
export function validateServerlessAuth(r: RuleReport, engine: ServerlessCacheEngine, auth: CacheAuthentication,
  connectionType: ServerlessConnectionType, authGiven: boolean): void {
  if (auth.mode === CacheAuthMode.TOKEN) {
    r.fail('authentication', 'authToken', 'serverless caches take no AUTH token: use CacheAuthentication.rbac() or CacheAuthentication.iam()', DOC_RBAC_SERVERLESS);
    return;
  }
  if (!engine.isRedisLike) {
    if (auth.mode !== CacheAuthMode.NONE) {
      r.fail('authentication', auth.mode, 'user groups are for Valkey and Redis OSS only: a serverless Memcached cache takes no authentication', CFN);
    }
    return;
  }
  r.addAll(authenticationRules(userRulesEngine(engine), auth, true));
  const group = auth.userGroupOptions?.group;
  if (engine.name === 'redis' && group?.engine === CacheUserEngine.VALKEY) {
    r.fail('authentication', group.node.path, 'a Redis OSS serverless cache takes a Redis OSS user group, not a Valkey one '
      + '(stated by @aws-cdk/aws-elasticache-alpha; no AWS page states it)', ALPHA);
  }
  if (connectionType === ServerlessConnectionType.PUBLIC) {
    if (engine.name !== 'valkey' || Number(engine.majorVersion) < 9) {
      r.fail('connectionType', connectionType, `a public endpoint needs Valkey 9 or later, not ${engine}`, DOC_PUBLIC);
    }
    if (!allIam(auth)) {
      // Name what the user set: the default authentication is not theirs to have got wrong.
      r.fail(authGiven ? 'authentication' : 'connectionType', authGiven ? auth.mode : connectionType, 'a public endpoint needs a user group whose users all use IAM authentication (a group made '
        + 'here holds a switched-off password user `default`): bring one with CacheAuthentication.userGroup(), e.g. the system-managed '
        + 'default.iam-user-group imported with its IAM users', DOC_PUBLIC);
    }
  }
}

/** Whether every user of the cache's group is known to sign in with IAM. */
function allIam(auth: CacheAuthentication): boolean {
  const group = auth.userGroupOptions?.group;
  if (!group) return false;
  const users = [...clientUsers(group), ...group.users];
  return users.length > 0 && users.every((u) => u.authType === CacheUserAuthType.IAM);
}
