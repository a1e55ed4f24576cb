/**
 * The rotation steps for the passwords of ElastiCache (Valkey / Redis OSS) users, run by the stack's
 * rotation function (cache-secret-rotation.lambda.ts).
 *
 * The secret's SecretString is JSON: `{ "username": "<name>", "password": "<password>" }` (other keys
 * are kept as they are); its tag `cdk-elasticache:user-id` names the ElastiCache user. A user holds up
 * to two passwords ("You are allowed up to two", ModifyUser, Passwords:
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_ModifyUser.html), so setSecret
 * gives the user the current and the new password (both valid while clients switch); finishSecret makes
 * the new version AWSCURRENT, then leaves the user the new one alone. The steps themselves are
 * rotation-steps.ts.
 *
 * One function serves every cache of a stack and VPC placement. testSecret AUTHs on the cache named by the
 * secret's tag `cdk-elasticache:rotation-cache` (`replication-group:<id>` or `serverless-cache:<name>`,
 * written by the cache that rotates the user), at the endpoint ElastiCache reports of it.
 *
 * Environment (all optional):
 * - CACHE_ENDPOINT: `host:port` to AUTH on instead; CACHE_TLS: 'true' (default) or 'false' for it
 * - MAX_WAIT_SECONDS: how long a step waits for the user to be `active` (default 600)
 * - POLL_INTERVAL_SECONDS: how often it looks (default 15)
 */
import {
  DescribeReplicationGroupsCommand,
  DescribeServerlessCachesCommand,
  DescribeUsersCommand,
  ElastiCacheClient,
  ModifyUserCommand,
  User,
} from '@aws-sdk/client-elasticache';
import {
  authEndpoint, cacheSettings, CacheSettings, checkAuth, replicationGroupEndpoint, retryWhileBusy, socketAddress, Subject, waitFor,
} from './rotation-common';
import { CURRENT, rotationHandler, rotationSpec } from './rotation-steps';

/** The tag that names the ElastiCache user of a secret (see cache-user.ts). */
export const USER_ID_TAG = 'cdk-elasticache:user-id';
/** The tag that names the cache testSecret AUTHs on (see user-password-rotation.ts). */
const CACHE_TAG = 'cdk-elasticache:rotation-cache';

// Created on first use, once per container; aws-sdk-client-mock stubs the client class in tests.
let cacheClient: ElastiCacheClient | undefined;
const elasticache = () => (cacheClient ??= new ElastiCacheClient({}));

interface CacheUser extends CacheSettings, Subject {
  readonly userId: string;
  /** The tag's value: `replication-group:<id>` or `serverless-cache:<name>`. */
  readonly cache?: string;
}

export const USER_PASSWORD_ROTATION = rotationSpec({
  keys: ['password', 'username'],
  settings: cacheSettings,
  target: (settings, metadata, secretId): CacheUser => {
    const userId = metadata.Tags?.find((t) => t.Key === USER_ID_TAG)?.Value;
    if (!userId) {
      throw new Error(`Secret ${secretId} has no ${USER_ID_TAG} tag naming its ElastiCache user`);
    }
    const cache = metadata.Tags?.find((t) => t.Key === CACHE_TAG)?.Value;
    return { ...settings, userId, cache, name: `user ${userId}` };
  },
  set: async ({ target, current, pending }) => {
    const old = await current();
    const next = await pending();
    // Both passwords: clients that hold the current one keep signing in while others switch.
    await modifyPasswords(target, [old.password, next.password]);
  },
  test: async ({ target, pending }) => {
    const next = await pending();
    // The new password is in force once the modification reached every cache of the user's groups.
    const user = await waitUntilActive(target, Date.now() + target.maxWaitMs);
    const { endpoint, useTls } = authEndpoint(target, await reportedEndpoint(target.cache));
    if (!endpoint) {
      console.log(`testSecret: CACHE_ENDPOINT is not set and no ${CACHE_TAG} cache reports an endpoint, skipping the AUTH check`);
      return;
    }
    // A switched-off user (the `default` user a group needs) refuses every password, the right one too.
    if (/(^|\s)off(\s|$)/.test(user.AccessString ?? '')) {
      console.log(`testSecret: user ${target.userId} is switched off, skipping the AUTH check`);
      return;
    }
    await checkAuth(endpoint, useTls, [next.username, next.password], 'password');
    console.log(`testSecret: the new password authenticates user ${target.userId} on ${endpoint}`);
  },
  // Clients now read the new password: the user keeps it alone, which drops the old one.
  finish: ({ target }, secret) => modifyPasswords(target, [secret.password]),
  // A finishSecret that failed after moving the stage left the old password too: drop it now.
  finishAgain: async ({ target, versionId, finished }) => {
    const user = await waitUntilActive(target, Date.now() + target.maxWaitMs);
    if ((user.Authentication?.PasswordCount ?? 1) <= 1) {
      console.log(`finishSecret: version ${versionId} is already ${CURRENT} and user ${target.userId} has one password, nothing to do`);
      return;
    }
    await modifyPasswords(target, [(await finished()).password]);
  },
});

/** A rotation function for these secrets alone (the shared one is cache-secret-rotation.lambda.ts). */
export const handler = rotationHandler(USER_PASSWORD_ROTATION);

/** Sets the user's passwords once it is active, retrying while ElastiCache says it is busy. */
function modifyPasswords(user: CacheUser, passwords: string[]): Promise<void> {
  return retryWhileBusy(user, 'InvalidUserStateFault', 'a password change', async (deadline) => {
    await waitUntilActive(user, deadline);
    await elasticache().send(new ModifyUserCommand({ UserId: user.userId, AuthenticationMode: { Type: 'password', Passwords: passwords } }));
    console.log(`Gave user ${user.userId} ${passwords.length === 1 ? 'one password' : `${passwords.length} passwords`}`);
  });
}

function waitUntilActive(user: CacheUser, deadline: number): Promise<User> {
  return waitFor(user, 'active', deadline, async () => {
    const found = (await elasticache().send(new DescribeUsersCommand({ UserId: user.userId }))).Users?.[0];
    if (!found) throw new Error(`ElastiCache user ${user.userId} does not exist`);
    return { status: found.Status, value: found };
  });
}

/** The endpoint and TLS setting of the tagged cache, as ElastiCache reports them (none without a tag). */
async function reportedEndpoint(cache: string | undefined): Promise<{ readonly endpoint?: string; readonly useTls: boolean }> {
  const separator = cache?.indexOf(':') ?? -1;
  const kind = cache?.slice(0, separator);
  const id = cache?.slice(separator + 1);
  if (kind === 'replication-group') {
    const group = (await elasticache().send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: id }))).ReplicationGroups?.[0];
    return { endpoint: group && replicationGroupEndpoint(group), useTls: group?.TransitEncryptionEnabled ?? true };
  }
  if (kind === 'serverless-cache') {
    const found = (await elasticache().send(new DescribeServerlessCachesCommand({ ServerlessCacheName: id }))).ServerlessCaches?.[0];
    // Serverless caches accept TLS connections only.
    return { endpoint: socketAddress(found?.Endpoint), useTls: true };
  }
  if (cache) throw new Error(`${CACHE_TAG} must be replication-group:<id> or serverless-cache:<name>, got ${cache}`);
  return { useTls: true };
}
