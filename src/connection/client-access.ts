import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { CacheAuthMode } from './contract';
import { fail } from '../common/validation';

/** What a cache knows of its users, for deciding how a client signs in. */
export interface ClientAccessFacts {
  /** For messages: `the replication group 'App/Cache'`. */
  readonly what: string;
  readonly authMode: CacheAuthMode;
  readonly authSecret?: secretsmanager.ISecret;
  readonly iamUserIds: string[];
  readonly authUserName?: string;
  /** The password users clients may sign in as, by user name, with their secrets. */
  readonly passwordUserSecrets: Record<string, secretsmanager.ISecret>;
}

/** How one client signs in: the mode, the user and the secret it reads. */
export interface ClientAccess {
  readonly mode: CacheAuthMode;
  readonly user?: string;
  readonly secret?: secretsmanager.ISecret;
}

/**
 * How a client authenticates as `user`: an IAM user of the cache, or one of its password users; by
 * default the cache's own mode (an RBAC group of IAM users only connects with IAM). One home for
 * every construct that has users (replication groups, serverless caches).
 */
export function clientAccessOf(c: ClientAccessFacts, user?: string): ClientAccess {
  // Imports may lack what their mode needs; a client could not connect, so say what to pass.
  const secret = (what: string): secretsmanager.ISecret => c.authSecret ?? fail('authSecret', undefined,
    `${c.what} uses ${what}, which clients read from a secret; pass authSecret (the secret holding it) when importing it`);
  const passwords = c.passwordUserSecrets;
  if (user !== undefined) {
    if (c.iamUserIds.includes(user)) return { mode: CacheAuthMode.IAM, user };
    if (passwords[user]) return { mode: CacheAuthMode.PASSWORD, user, secret: passwords[user] };
    if (user === c.authUserName) return { mode: CacheAuthMode.PASSWORD, user, secret: secret(`the password of user '${user}'`) };
    const users = [...c.iamUserIds, ...Object.keys(passwords)];
    throw new Error(`user: '${user}' is invalid: connect as one of the cache's users (${users.length ? users.join(', ') : `none: authentication is ${c.authMode}`}).`);
  }
  switch (c.authMode) {
    case CacheAuthMode.TOKEN: return { mode: CacheAuthMode.TOKEN, secret: secret('an AUTH token (authMode token, the default)') };
    case CacheAuthMode.NONE: return { mode: CacheAuthMode.NONE };
    default:
      if (c.authUserName && c.iamUserIds.includes(c.authUserName)) return { mode: CacheAuthMode.IAM, user: c.authUserName };
      if (c.authUserName) return { mode: CacheAuthMode.PASSWORD, user: c.authUserName, secret: secret(`the password of user '${c.authUserName}'`) };
      if (c.iamUserIds.length === 0) {
        fail('iamUserIds', [], `${c.what} uses ${c.authMode} authentication, so clients connect as one of its users; pass iamUserIds (IAM users) or authUserName and authSecret (a password user) when importing it`);
      }
      return { mode: CacheAuthMode.IAM, user: c.iamUserIds[0] };
  }
}
