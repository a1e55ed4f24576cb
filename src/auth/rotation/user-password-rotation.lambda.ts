/**
 * Secrets Manager rotation function for the passwords of ElastiCache (Valkey / Redis OSS) users.
 *
 * The secret's SecretString is JSON: `{ "username": "<name>", "password": "<password>" }` (other keys
 * are kept as they are); its tag `cdk-elasticache:user-id` names the ElastiCache user. A user holds up
 * to two passwords ("You are allowed up to two", ModifyUser, Passwords:
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_ModifyUser.html), so setSecret
 * gives the user the current and the new password (both valid while clients switch); finishSecret makes
 * the new version AWSCURRENT, then leaves the user the new one alone.
 *
 * Environment:
 * - CACHE_ENDPOINT: `host:port` of a cache whose user group holds the users; when set, testSecret really AUTHs
 * - CACHE_TLS: 'true' (default) or 'false'
 * - MAX_WAIT_SECONDS: how long a step waits for the user to be `active` (default 600)
 * - POLL_INTERVAL_SECONDS: how often it looks (default 15)
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { DescribeUsersCommand, ElastiCacheClient, ModifyUserCommand, User } from '@aws-sdk/client-elasticache';
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
/** The tag that names the ElastiCache user of a secret (see cache-user.ts). */
const USER_ID_TAG = 'cdk-elasticache:user-id';

// Created on first use, once per container; aws-sdk-client-mock stubs the client classes in tests.
let secretsClient: SecretsManagerClient | undefined;
let cacheClient: ElastiCacheClient | undefined;
const secrets = () => (secretsClient ??= new SecretsManagerClient({}));
const elasticache = () => (cacheClient ??= new ElastiCacheClient({}));

interface Config {
  readonly endpoint?: string;
  readonly useTls: boolean;
  readonly maxWaitMs: number;
  readonly pollMs: number;
}

export const handler = async (event: SecretsManagerRotationEvent): Promise<void> => {
  const { SecretId: secretId, ClientRequestToken: versionId, Step: step } = event;
  const config = readConfig();

  const metadata = await secrets().send(new DescribeSecretCommand({ SecretId: secretId }));
  if (!metadata.RotationEnabled) {
    throw new Error(`Secret ${secretId} does not have rotation enabled`);
  }
  const userId = metadata.Tags?.find((t) => t.Key === USER_ID_TAG)?.Value;
  if (!userId) {
    throw new Error(`Secret ${secretId} has no ${USER_ID_TAG} tag naming its ElastiCache user`);
  }
  console.log(`${step}: user ${userId}, secret version ${versionId}`);
  const stages = metadata.VersionIdsToStages?.[versionId];
  if (!stages) {
    throw new Error(`Secret version ${versionId} is not a version of secret ${secretId}`);
  }
  if (stages.includes(CURRENT)) {
    // A finishSecret that failed after moving the stage left the old password too: drop it now.
    if (step === 'finishSecret') return keepOnlyCurrent(config, secretId, versionId, userId);
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
      return setSecret(config, secretId, versionId, userId);
    case 'testSecret':
      return testSecret(config, secretId, versionId, userId);
    case 'finishSecret':
      return finishSecret(config, secretId, versionId, userId, metadata);
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
  let password: string;
  do {
    password = generateSecret();
  } while (password === current.password);
  await secrets().send(new PutSecretValueCommand({
    SecretId: secretId,
    ClientRequestToken: versionId,
    SecretString: JSON.stringify({ ...current.value, password }),
    VersionStages: [PENDING],
  }));
  console.log(`createSecret: stored a new password as version ${versionId}`);
}

async function setSecret(config: Config, secretId: string, versionId: string, userId: string): Promise<void> {
  const current = await readSecret(secretId, { VersionStage: CURRENT });
  const pending = await readSecret(secretId, { VersionId: versionId, VersionStage: PENDING });
  // Both passwords: clients that hold the current one keep signing in while others switch.
  await modifyPasswords(config, userId, [current.password, pending.password]);
}

async function testSecret(config: Config, secretId: string, versionId: string, userId: string): Promise<void> {
  const pending = await readSecret(secretId, { VersionId: versionId, VersionStage: PENDING });
  // The new password is in force once the modification reached every cache of the user's groups.
  const user = await waitUntilActive(config, userId, Date.now() + config.maxWaitMs);
  if (!config.endpoint) {
    console.log('testSecret: CACHE_ENDPOINT is not set, skipping the AUTH check');
    return;
  }
  // A switched-off user (the `default` user a group needs) refuses every password, the right one too.
  if (/(^|\s)off(\s|$)/.test(user.AccessString ?? '')) {
    console.log(`testSecret: user ${userId} is switched off, skipping the AUTH check`);
    return;
  }
  await checkAuth(config.endpoint, config.useTls, [pending.username, pending.password], 'password');
  console.log(`testSecret: the new password authenticates user ${userId} on ${config.endpoint}`);
}

async function finishSecret(config: Config, secretId: string, versionId: string, userId: string,
  metadata: DescribeSecretCommandOutput): Promise<void> {
  // The handler already returned if versionId were AWSCURRENT, so this is the version to move the stage from.
  const currentVersion = Object.entries(metadata.VersionIdsToStages ?? {}).find(([, stages]) => stages.includes(CURRENT))?.[0];
  // Read before moving the stage, so a failed read leaves the secret as it was.
  const pending = await readSecret(secretId, { VersionId: versionId, VersionStage: PENDING });
  await secrets().send(new UpdateSecretVersionStageCommand({
    SecretId: secretId,
    VersionStage: CURRENT,
    MoveToVersionId: versionId,
    RemoveFromVersionId: currentVersion,
  }));
  console.log(`finishSecret: version ${versionId} is now ${CURRENT}`);
  // Clients now read the new password: the user keeps it alone, which drops the old one.
  await modifyPasswords(config, userId, [pending.password]);
}

async function keepOnlyCurrent(config: Config, secretId: string, versionId: string, userId: string): Promise<void> {
  const user = await waitUntilActive(config, userId, Date.now() + config.maxWaitMs);
  if ((user.Authentication?.PasswordCount ?? 1) <= 1) {
    console.log(`finishSecret: version ${versionId} is already ${CURRENT} and user ${userId} has one password, nothing to do`);
    return;
  }
  const current = await readSecret(secretId, { VersionId: versionId, VersionStage: CURRENT });
  await modifyPasswords(config, userId, [current.password]);
}

/** Sets the user's passwords once it is active, retrying while ElastiCache says it is busy. */
async function modifyPasswords(config: Config, userId: string, passwords: string[]): Promise<void> {
  const deadline = Date.now() + config.maxWaitMs;
  for (;;) {
    await waitUntilActive(config, userId, deadline);
    try {
      await elasticache().send(new ModifyUserCommand({ UserId: userId, AuthenticationMode: { Type: 'password', Passwords: passwords } }));
      console.log(`Gave user ${userId} ${passwords.length === 1 ? 'one password' : `${passwords.length} passwords`}`);
      return;
    } catch (err) {
      // Another change can start between our describe and our modify: wait for it and try again.
      if ((err as Error).name !== 'InvalidUserStateFault') throw err;
      if (Date.now() >= deadline) {
        throw new Error(`User ${userId} stayed in a state that rejects a password change for ${config.maxWaitMs / 1000}s`);
      }
      console.log(`User ${userId} is busy, retrying`);
      await sleep(config.pollMs);
    }
  }
}

async function waitUntilActive(config: Config, userId: string, deadline: number): Promise<User> {
  for (;;) {
    const result = await elasticache().send(new DescribeUsersCommand({ UserId: userId }));
    const user = result.Users?.[0];
    if (!user) throw new Error(`ElastiCache user ${userId} does not exist`);
    if (user.Status === 'active') return user;
    if (Date.now() >= deadline) {
      throw new Error(`Timed out after ${config.maxWaitMs / 1000}s waiting for user ${userId} to be active (status: ${user.Status ?? 'unknown'})`);
    }
    console.log(`User ${userId} is ${user.Status ?? 'unknown'}, waiting`);
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
    // Never echo the secret string: it holds the password.
    throw new Error(`Secret ${secretId} version ${label} is not JSON`);
  }
  if (typeof value !== 'object' || value === null || typeof value.password !== 'string' || value.password === '') {
    throw new Error(`Secret ${secretId} version ${label} has no "password" string`);
  }
  if (typeof value.username !== 'string' || value.username === '') {
    throw new Error(`Secret ${secretId} version ${label} has no "username" string`);
  }
  return { value, password: value.password, username: value.username };
}

function readConfig(): Config {
  return {
    endpoint: process.env.CACHE_ENDPOINT || undefined,
    useTls: tlsFromEnvironment(),
    maxWaitMs: seconds('MAX_WAIT_SECONDS', 600) * 1000,
    pollMs: seconds('POLL_INTERVAL_SECONDS', 15) * 1000,
  };
}
