/**
 * Secrets Manager rotation function for the AUTH token of an ElastiCache (Valkey / Redis OSS) replication group.
 *
 * The secret's SecretString is JSON: `{ "token": "<auth token>" }` (other keys are kept as they are).
 * setSecret applies the new token with ElastiCache's ROTATE strategy, so the old and the new token are
 * both valid while clients switch; finishSecret makes the new version AWSCURRENT, then SETs the token,
 * which drops the old one.
 *
 * Environment:
 * - REPLICATION_GROUP_ID (required)
 * - CACHE_ENDPOINT: `host:port` of the primary or configuration endpoint; when set, testSecret really AUTHs
 * - CACHE_TLS: 'true' (default) or 'false'
 * - MAX_WAIT_SECONDS: how long a step waits for the group to be `available` (default 600)
 * - POLL_INTERVAL_SECONDS: how often it looks (default 15)
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DescribeReplicationGroupsCommand,
  ElastiCacheClient,
  ModifyReplicationGroupCommand,
} from '@aws-sdk/client-elasticache';
import {
  DescribeSecretCommand,
  DescribeSecretCommandOutput,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerRotationEvent } from 'aws-lambda';
import { checkAuth, generateSecret, seconds, tlsFromEnvironment } from './rotation-common';

const CURRENT = 'AWSCURRENT';
const PENDING = 'AWSPENDING';

// Created on first use, once per container; aws-sdk-client-mock stubs the client classes in tests.
let secretsClient: SecretsManagerClient | undefined;
let cacheClient: ElastiCacheClient | undefined;
const secrets = () => (secretsClient ??= new SecretsManagerClient({}));
const elasticache = () => (cacheClient ??= new ElastiCacheClient({}));

/** Settings read per invocation, so that tests can change the environment between calls. */
interface Config {
  readonly groupId: string;
  readonly endpoint?: string;
  readonly useTls: boolean;
  readonly maxWaitMs: number;
  readonly pollMs: number;
}

export const handler = async (event: SecretsManagerRotationEvent): Promise<void> => {
  const { SecretId: secretId, ClientRequestToken: versionId, Step: step } = event;
  const config = readConfig();
  console.log(`${step}: replication group ${config.groupId}, secret version ${versionId}`);

  const metadata = await secrets().send(new DescribeSecretCommand({ SecretId: secretId }));
  if (!metadata.RotationEnabled) {
    throw new Error(`Secret ${secretId} does not have rotation enabled`);
  }
  const stages = metadata.VersionIdsToStages?.[versionId];
  if (!stages) {
    throw new Error(`Secret version ${versionId} is not a version of secret ${secretId}`);
  }
  if (stages.includes(CURRENT)) {
    console.log(`${step}: version ${versionId} is already ${CURRENT}, nothing to do`);
    return;
  }
  if (!stages.includes(PENDING)) {
    throw new Error(`Secret version ${versionId} of secret ${secretId} is not ${PENDING} (stages: ${stages.join(', ') || 'none'})`);
  }

  switch (step) {
    case 'createSecret':
      return createSecret(secretId, versionId);
    case 'setSecret':
      return setSecret(config, secretId, versionId);
    case 'testSecret':
      return testSecret(config, secretId, versionId);
    case 'finishSecret':
      return finishSecret(config, secretId, versionId, metadata);
    default:
      throw new Error(`Unknown rotation step: ${String(step)}`);
  }
};

async function createSecret(secretId: string, versionId: string): Promise<void> {
  // Secrets Manager may call a step more than once: keep a pending version that already exists.
  try {
    await secrets().send(new GetSecretValueCommand({ SecretId: secretId, VersionId: versionId, VersionStage: PENDING }));
    console.log(`createSecret: version ${versionId} already exists, keeping it`);
    return;
  } catch (err) {
    if ((err as Error).name !== 'ResourceNotFoundException') throw err;
  }

  const current = await readSecret(secretId, { VersionStage: CURRENT });
  let token: string;
  do {
    token = generateSecret();
  } while (token === current.token);

  await secrets().send(new PutSecretValueCommand({
    SecretId: secretId,
    ClientRequestToken: versionId,
    SecretString: JSON.stringify({ ...current.value, token }),
    VersionStages: [PENDING],
  }));
  console.log(`createSecret: stored a new token as version ${versionId}`);
}

async function setSecret(config: Config, secretId: string, versionId: string): Promise<void> {
  const pending = await readSecret(secretId, { VersionId: versionId, VersionStage: PENDING });
  // ROTATE keeps the old token valid next to the new one, so running clients are not cut off.
  await modifyAuthToken(config, pending.token, 'ROTATE');
}

async function testSecret(config: Config, secretId: string, versionId: string): Promise<void> {
  const pending = await readSecret(secretId, { VersionId: versionId, VersionStage: PENDING });
  // The new token is in force only once the ROTATE modification has finished.
  await waitUntilAvailable(config, Date.now() + config.maxWaitMs);
  if (!config.endpoint) {
    console.log('testSecret: CACHE_ENDPOINT is not set, skipping the AUTH check');
    return;
  }
  await checkAuth(config.endpoint, config.useTls, [pending.token], 'token');
  console.log(`testSecret: the new token authenticates on ${config.endpoint}`);
}

async function finishSecret(config: Config, secretId: string, versionId: string, metadata: DescribeSecretCommandOutput): Promise<void> {
  // The handler already returned if versionId were AWSCURRENT, so this is the version to move the stage from.
  const currentVersion = Object.entries(metadata.VersionIdsToStages ?? {})
    .find(([, stages]) => stages.includes(CURRENT))?.[0];

  // Read before moving the stage, so a failed read leaves the secret as it was.
  const pending = await readSecret(secretId, { VersionId: versionId, VersionStage: PENDING });
  await secrets().send(new UpdateSecretVersionStageCommand({
    SecretId: secretId,
    VersionStage: CURRENT,
    MoveToVersionId: versionId,
    RemoveFromVersionId: currentVersion,
  }));
  console.log(`finishSecret: version ${versionId} is now ${CURRENT}`);

  // Clients now read the new token: SET it alone, which drops the old one.
  await modifyAuthToken(config, pending.token, 'SET');
}

/** Applies a token once the group is available, retrying while ElastiCache says the group is busy. */
async function modifyAuthToken(config: Config, token: string, strategy: 'ROTATE' | 'SET'): Promise<void> {
  const deadline = Date.now() + config.maxWaitMs;
  for (;;) {
    await waitUntilAvailable(config, deadline);
    try {
      await elasticache().send(new ModifyReplicationGroupCommand({
        ReplicationGroupId: config.groupId,
        AuthToken: token,
        AuthTokenUpdateStrategy: strategy,
        ApplyImmediately: true,
      }));
      console.log(`Applied the AUTH token to replication group ${config.groupId} with strategy ${strategy}`);
      return;
    } catch (err) {
      // Another change can start between our describe and our modify: wait for it and try again.
      if ((err as Error).name !== 'InvalidReplicationGroupStateFault') throw err;
      if (Date.now() >= deadline) {
        throw new Error(`Replication group ${config.groupId} stayed in a state that rejects ${strategy} of the AUTH token for ${config.maxWaitMs / 1000}s`);
      }
      console.log(`Replication group ${config.groupId} is busy, retrying ${strategy}`);
      await sleep(config.pollMs);
    }
  }
}

async function waitUntilAvailable(config: Config, deadline: number): Promise<void> {
  for (;;) {
    const result = await elasticache().send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: config.groupId }));
    const status = result.ReplicationGroups?.[0]?.Status;
    if (status === 'available') return;
    if (Date.now() >= deadline) {
      throw new Error(`Timed out after ${config.maxWaitMs / 1000}s waiting for replication group ${config.groupId} to be available (status: ${status ?? 'unknown'})`);
    }
    console.log(`Replication group ${config.groupId} is ${status ?? 'unknown'}, waiting`);
    await sleep(config.pollMs);
  }
}

async function readSecret(secretId: string, version: { VersionId?: string; VersionStage: string }) {
  const result = await secrets().send(new GetSecretValueCommand({ SecretId: secretId, ...version }));
  const label = version.VersionId ?? version.VersionStage;
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(result.SecretString ?? '');
  } catch {
    // Never echo the secret string: it holds the token.
    throw new Error(`Secret ${secretId} version ${label} is not JSON`);
  }
  if (typeof value !== 'object' || value === null || typeof value.token !== 'string' || value.token === '') {
    throw new Error(`Secret ${secretId} version ${label} has no "token" string`);
  }
  return { value, token: value.token };
}

function readConfig(): Config {
  const groupId = process.env.REPLICATION_GROUP_ID;
  if (!groupId) throw new Error('REPLICATION_GROUP_ID is not set');
  return {
    groupId,
    endpoint: process.env.CACHE_ENDPOINT || undefined,
    useTls: tlsFromEnvironment(),
    maxWaitMs: seconds('MAX_WAIT_SECONDS', 600) * 1000,
    pollMs: seconds('POLL_INTERVAL_SECONDS', 15) * 1000,
  };
}
