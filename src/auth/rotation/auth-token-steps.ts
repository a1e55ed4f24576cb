/**
 * The rotation steps for the AUTH token of an ElastiCache (Valkey / Redis OSS) replication group, run by
 * the stack's rotation function (cache-secret-rotation.lambda.ts).
 *
 * The secret's SecretString is JSON: `{ "token": "<auth token>" }` (other keys are kept as they are).
 * setSecret applies the new token with ElastiCache's ROTATE strategy, so the old and the new token are
 * both valid while clients switch; finishSecret makes the new version AWSCURRENT, then SETs the token,
 * which drops the old one. The steps themselves are rotation-steps.ts.
 *
 * One function serves every replication group of a stack and VPC placement, so the group comes from the
 * secret: its tag `cdk-elasticache:replication-group-id`, written by the construct that made both. A tag,
 * not a key of the secret's value: DescribeSecret (which every step calls anyway) returns it without
 * decrypting anything, and it survives every rotation, as the user secrets' `cdk-elasticache:user-id` does.
 * testSecret AUTHs on the endpoint DescribeReplicationGroups reports (TLS as the group has it).
 *
 * Environment (all optional):
 * - REPLICATION_GROUP_ID: the group of a secret without the tag
 * - CACHE_ENDPOINT: `host:port` to AUTH on instead of the reported endpoint; CACHE_TLS: 'true' (default) or 'false' for it
 * - MAX_WAIT_SECONDS: how long a step waits for the group to be `available` (default 600)
 * - POLL_INTERVAL_SECONDS: how often it looks (default 15)
 */
import {
  DescribeReplicationGroupsCommand,
  ElastiCacheClient,
  ModifyReplicationGroupCommand,
  ReplicationGroup,
} from '@aws-sdk/client-elasticache';
import {
  authEndpoint, cacheSettings, CacheSettings, checkAuth, replicationGroupEndpoint, retryWhileBusy, Subject, waitFor,
} from './rotation-common';
import { rotationHandler, rotationSpec } from './rotation-steps';

/** The tag that names the replication group of an AUTH token secret (see auth-token-rotation.ts). */
export const GROUP_ID_TAG = 'cdk-elasticache:replication-group-id';

// Created on first use, once per container; aws-sdk-client-mock stubs the client class in tests.
let cacheClient: ElastiCacheClient | undefined;
const elasticache = () => (cacheClient ??= new ElastiCacheClient({}));

interface Group extends CacheSettings, Subject {
  readonly groupId: string;
}

export const AUTH_TOKEN_ROTATION = rotationSpec({
  keys: ['token'],
  settings: cacheSettings,
  target: (settings, metadata, secretId): Group => {
    const groupId = metadata.Tags?.find((t) => t.Key === GROUP_ID_TAG)?.Value || process.env.REPLICATION_GROUP_ID;
    if (!groupId) {
      throw new Error(`Secret ${secretId} has no ${GROUP_ID_TAG} tag naming its replication group, and REPLICATION_GROUP_ID is not set`);
    }
    return { ...settings, groupId, name: `replication group ${groupId}` };
  },
  // ROTATE keeps the old token valid next to the new one, so running clients are not cut off.
  set: async ({ target, pending }) => modifyAuthToken(target, (await pending()).token, 'ROTATE'),
  test: async ({ target, pending }) => {
    const { token } = await pending();
    // The new token is in force only once the ROTATE modification has finished.
    const group = await waitUntilAvailable(target, Date.now() + target.maxWaitMs);
    const { endpoint, useTls } = authEndpoint(target, { endpoint: replicationGroupEndpoint(group), useTls: group.TransitEncryptionEnabled ?? true });
    if (!endpoint) {
      console.log(`testSecret: CACHE_ENDPOINT is not set and ${target.name} reports no endpoint, skipping the AUTH check`);
      return;
    }
    await checkAuth(endpoint, useTls, [token], 'token');
    console.log(`testSecret: the new token authenticates on ${endpoint}`);
  },
  // Clients now read the new token: SET it alone, which drops the old one.
  finish: ({ target }, secret) => modifyAuthToken(target, secret.token, 'SET'),
});

/** A rotation function for these secrets alone (the shared one is cache-secret-rotation.lambda.ts). */
export const handler = rotationHandler(AUTH_TOKEN_ROTATION);

/** Applies a token once the group is available, retrying while ElastiCache says the group is busy. */
function modifyAuthToken(group: Group, token: string, strategy: 'ROTATE' | 'SET'): Promise<void> {
  return retryWhileBusy(group, 'InvalidReplicationGroupStateFault', `${strategy} of the AUTH token`, async (deadline) => {
    await waitUntilAvailable(group, deadline);
    await elasticache().send(new ModifyReplicationGroupCommand({
      ReplicationGroupId: group.groupId,
      AuthToken: token,
      AuthTokenUpdateStrategy: strategy,
      ApplyImmediately: true,
    }));
    console.log(`Applied the AUTH token to replication group ${group.groupId} with strategy ${strategy}`);
  });
}

function waitUntilAvailable(group: Group, deadline: number): Promise<ReplicationGroup> {
  return waitFor(group, 'available', deadline, async () => {
    const found = (await elasticache().send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: group.groupId }))).ReplicationGroups?.[0];
    return { status: found?.Status, value: found ?? {} };
  });
}
