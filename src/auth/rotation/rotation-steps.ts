/**
 * The skeleton every Secrets Manager rotation function here shares: the four steps, the version-stage
 * checks and the idempotency rules of
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_lambda-functions.html
 * ("Secrets Manager might call a step more than once"). A handler supplies only what differs: how
 * setSecret puts the new secret in force, how testSecret checks it, how finishSecret retires the old one.
 * Bundled into the rotation function (cache-secret-rotation.lambda.ts) by esbuild.
 */
import {
  DescribeSecretCommand,
  DescribeSecretCommandOutput,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerRotationEvent } from 'aws-lambda';
import { generateSecret } from './rotation-common';

export const CURRENT = 'AWSCURRENT';
export const PENDING = 'AWSPENDING';

// Created on first use, once per container; aws-sdk-client-mock stubs the client class in tests.
let secretsClient: SecretsManagerClient | undefined;
const secrets = () => (secretsClient ??= new SecretsManagerClient({}));

/** A version's JSON value, whose keys `K` are non-empty strings. */
export type SecretValue<K extends string> = Record<string, unknown> & Record<K, string>;

/** One invocation: the version being rotated to, and readers for the secret's versions. */
export interface Rotation<T, K extends string> {
  readonly secretId: string;
  readonly versionId: string;
  /** What the secret signs in to (the replication group, the user), with the function's settings. */
  readonly target: T;
  /** This version, AWSPENDING: the new secret. */
  pending(): Promise<SecretValue<K>>;
  /** The AWSCURRENT version: the old secret while rotating. */
  current(): Promise<SecretValue<K>>;
  /** This version once finishSecret made it AWSCURRENT. */
  finished(): Promise<SecretValue<K>>;
}

export interface RotationSpec<S, T, K extends string> {
  /** The keys of the SecretString that must be non-empty strings; the first is the one rotation replaces. */
  readonly keys: readonly [K, ...K[]];
  /** The function's settings, from the environment: read before any call, so a misconfigured function fails first. */
  readonly settings: () => S;
  /** What the secret signs in to, from the settings and the secret's metadata (may fail on it); `name` goes in the log. */
  readonly target: (settings: S, metadata: DescribeSecretCommandOutput, secretId: string) => T & { readonly name: string };
  /** setSecret: put the pending secret in force beside the current one, so running clients keep signing in. */
  readonly set: (rotation: Rotation<T, K>) => Promise<void>;
  /** testSecret: check that the pending secret signs in. */
  readonly test: (rotation: Rotation<T, K>) => Promise<void>;
  /** finishSecret, once the pending version is AWSCURRENT: retire the old secret. */
  readonly finish: (rotation: Rotation<T, K>, secret: SecretValue<K>) => Promise<void>;
  /**
   * finishSecret for a version already AWSCURRENT: a finishSecret that failed after moving the stage
   * may have left the old secret in force. Without it, nothing is done.
   */
  readonly finishAgain?: (rotation: Rotation<T, K>) => Promise<void>;
}

/** The Lambda handler of a rotation function. */
export function rotationHandler<S, T, K extends string>(spec: RotationSpec<S, T, K>) {
  return chooseRotation([spec], () => spec);
}

// Each spec is its own S, T and K; the chooser only picks one.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnySpec = RotationSpec<any, any, any>;

/**
 * The handler of a function that rotates several kinds of secret: `choose` picks the spec from the
 * secret's metadata (its tags), read once. Every spec's settings are read first, so a misconfigured
 * function fails before any call.
 */
export function chooseRotation(specs: readonly AnySpec[], choose: (metadata: DescribeSecretCommandOutput, secretId: string) => AnySpec) {
  return async (event: SecretsManagerRotationEvent): Promise<void> => {
    const { SecretId: secretId } = event;
    const settings = new Map(specs.map((spec) => [spec, spec.settings()]));

    const metadata = await secrets().send(new DescribeSecretCommand({ SecretId: secretId }));
    if (!metadata.RotationEnabled) {
      throw new Error(`Secret ${secretId} does not have rotation enabled`);
    }
    const spec = choose(metadata, secretId);
    return runStep(spec, settings.get(spec) ?? spec.settings(), metadata, event);
  };
}

/** A spec with its types inferred, for `rotationHandler` and `chooseRotation`. */
export function rotationSpec<S, T, K extends string>(spec: RotationSpec<S, T, K>): RotationSpec<S, T, K> {
  return spec;
}

/** One step of one rotation, once the secret's metadata is known. */
async function runStep<S, T, K extends string>(spec: RotationSpec<S, T, K>, settings: S, metadata: DescribeSecretCommandOutput,
  event: SecretsManagerRotationEvent): Promise<void> {
  const { SecretId: secretId, ClientRequestToken: versionId, Step: step } = event;
  const target = spec.target(settings, metadata, secretId);
  console.log(`${step}: ${target.name}, secret version ${versionId}`);
  const read = (version: { VersionId?: string; VersionStage: string }) => readSecret(secretId, version, spec.keys);
  const rotation: Rotation<T, K> = {
    secretId,
    versionId,
    target,
    pending: () => read({ VersionId: versionId, VersionStage: PENDING }),
    current: () => read({ VersionStage: CURRENT }),
    finished: () => read({ VersionId: versionId, VersionStage: CURRENT }),
  };

  const stages = metadata.VersionIdsToStages?.[versionId];
  if (!stages) {
    throw new Error(`Secret version ${versionId} is not a version of secret ${secretId}`);
  }
  if (stages.includes(CURRENT)) {
    if (step === 'finishSecret' && spec.finishAgain) return spec.finishAgain(rotation);
    console.log(`${step}: version ${versionId} is already ${CURRENT}, nothing to do`);
    return;
  }
  if (!stages.includes(PENDING)) {
    throw new Error(`Secret version ${versionId} of secret ${secretId} is not ${PENDING} (stages: ${stages.join(', ') || 'none'})`);
  }

  switch (step) {
    case 'createSecret':
      return createSecret(rotation, spec.keys[0]);
    case 'setSecret':
      return spec.set(rotation);
    case 'testSecret':
      return spec.test(rotation);
    case 'finishSecret':
      return finishSecret(rotation, metadata, spec.finish);
    default:
      throw new Error(`Unknown rotation step: ${String(step)}`);
  }
}

/** Stores a new secret under `key` as AWSPENDING, keeping the current version's other keys. */
async function createSecret<K extends string>(rotation: Rotation<unknown, K>, key: K): Promise<void> {
  const { secretId, versionId } = rotation;
  // Secrets Manager may call a step more than once: keep a pending version that already exists.
  try {
    await secrets().send(new GetSecretValueCommand({ SecretId: secretId, VersionId: versionId, VersionStage: PENDING }));
    console.log(`createSecret: version ${versionId} already exists, keeping it`);
    return;
  } catch (err) {
    if ((err as Error).name !== 'ResourceNotFoundException') throw err;
  }

  const current = await rotation.current();
  let secret: string;
  do {
    secret = generateSecret();
  } while (secret === current[key]);

  await secrets().send(new PutSecretValueCommand({
    SecretId: secretId,
    ClientRequestToken: versionId,
    SecretString: JSON.stringify({ ...current, [key]: secret }),
    VersionStages: [PENDING],
  }));
  console.log(`createSecret: stored a new ${key} as version ${versionId}`);
}

/** Moves AWSCURRENT to the pending version, then lets the handler retire the old secret. */
async function finishSecret<T, K extends string>(rotation: Rotation<T, K>, metadata: DescribeSecretCommandOutput,
  finish: RotationSpec<unknown, T, K>['finish']): Promise<void> {
  const { secretId, versionId } = rotation;
  // The handler already returned if versionId were AWSCURRENT, so this is the version to move the stage from.
  const currentVersion = Object.entries(metadata.VersionIdsToStages ?? {})
    .find(([, stages]) => stages.includes(CURRENT))?.[0];

  // Read before moving the stage, so a failed read leaves the secret as it was.
  const pending = await rotation.pending();
  await secrets().send(new UpdateSecretVersionStageCommand({
    SecretId: secretId,
    VersionStage: CURRENT,
    MoveToVersionId: versionId,
    RemoveFromVersionId: currentVersion,
  }));
  console.log(`finishSecret: version ${versionId} is now ${CURRENT}`);
  await finish(rotation, pending);
}

/** A version's JSON value, checked to hold `keys` as non-empty strings. */
async function readSecret<K extends string>(secretId: string, version: { VersionId?: string; VersionStage: string },
  keys: readonly K[]): Promise<SecretValue<K>> {
  const result = await secrets().send(new GetSecretValueCommand({ SecretId: secretId, ...version }));
  const label = version.VersionId ?? version.VersionStage;
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(result.SecretString ?? '');
  } catch {
    // Never echo the secret string: it holds the secret.
    throw new Error(`Secret ${secretId} version ${label} is not JSON`);
  }
  for (const key of keys) {
    if (typeof value !== 'object' || value === null || typeof value[key] !== 'string' || value[key] === '') {
      throw new Error(`Secret ${secretId} version ${label} has no "${key}" string`);
    }
  }
  return value as SecretValue<K>;
}
