/**
 * Secrets Manager rotation function for the AUTH token of an ElastiCache (Valkey / Redis OSS) replication group.
 *
 * The secret's SecretString is JSON: `{ "token": "<auth token>" }` (other keys are kept as they are).
 * setSecret applies the new token with ElastiCache's ROTATE strategy, so the old and the new token are
 * both valid while clients switch; finishSecret makes the new version AWSCURRENT, then SETs the token,
 * which drops the old one. The steps themselves are rotation-steps.ts.
 *
 * Environment:
 * - REPLICATION_GROUP_ID (required)
 * - CACHE_ENDPOINT: `host:port` of the primary or configuration endpoint; when set, testSecret really AUTHs
 * - CACHE_TLS: 'true' (default) or 'false'
 * - MAX_WAIT_SECONDS: how long a step waits for the group to be `available` (default 600)
 * - POLL_INTERVAL_SECONDS: how often it looks (default 15)
 */
import {
  DescribeReplicationGroupsCommand,
  ElastiCacheClient,
  ModifyReplicationGroupCommand,
} from '@aws-sdk/client-elasticache';
import { cacheSettings, CacheSettings, checkAuth, retryWhileBusy, Subject, waitFor } from './rotation-common';
import { rotationHandler } from './rotation-steps';

// Created on first use, once per container; aws-sdk-client-mock stubs the client class in tests.
let cacheClient: ElastiCacheClient | undefined;
const elasticache = () => (cacheClient ??= new ElastiCacheClient({}));

interface Group extends CacheSettings, Subject {
  readonly groupId: string;
}

export const handler = rotationHandler({
  keys: ['token'],
  settings: () => {
    const groupId = process.env.REPLICATION_GROUP_ID;
    if (!groupId) throw new Error('REPLICATION_GROUP_ID is not set');
    return { groupId, ...cacheSettings() };
  },
  target: (settings): Group => ({ ...settings, name: `replication group ${settings.groupId}` }),
  // ROTATE keeps the old token valid next to the new one, so running clients are not cut off.
  set: async ({ target, pending }) => modifyAuthToken(target, (await pending()).token, 'ROTATE'),
  test: async ({ target, pending }) => {
    const { token } = await pending();
    // The new token is in force only once the ROTATE modification has finished.
    await waitUntilAvailable(target, Date.now() + target.maxWaitMs);
    if (!target.endpoint) {
      console.log('testSecret: CACHE_ENDPOINT is not set, skipping the AUTH check');
      return;
    }
    await checkAuth(target.endpoint, target.useTls, [token], 'token');
    console.log(`testSecret: the new token authenticates on ${target.endpoint}`);
  },
  // Clients now read the new token: SET it alone, which drops the old one.
  finish: ({ target }, secret) => modifyAuthToken(target, secret.token, 'SET'),
});

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

function waitUntilAvailable(group: Group, deadline: number): Promise<void> {
  return waitFor(group, 'available', deadline, async () => {
    const result = await elasticache().send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: group.groupId }));
    return { status: result.ReplicationGroups?.[0]?.Status, value: undefined };
  });
}
