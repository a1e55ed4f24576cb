import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerRotationEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { rotationHandler } from '../../src/auth/rotation/rotation-steps';

// The skeleton on its own, with a handler that only records what it is asked to do.
const sm = mockClient(SecretsManagerClient);
const SECRET_ID = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:skeleton-AbCdEf';
const OLD = 'version-old';
const NEW = 'version-new';
const calls: string[] = [];

const handler = rotationHandler({
  keys: ['key', 'label'],
  settings: () => ({ region: 'here' }),
  target: (settings) => ({ ...settings, name: 'the target' }),
  set: async ({ pending }) => { calls.push(`set ${(await pending()).key}`); },
  test: async ({ target }) => { calls.push(`test ${target.region}`); },
  finish: async (_rotation, secret) => { calls.push(`finish ${secret.key}`); },
});
const event = (Step: string, ClientRequestToken = NEW) =>
  ({ SecretId: SECRET_ID, ClientRequestToken, Step }) as SecretsManagerRotationEvent;
const givenStages = (stages: Record<string, string[]>) =>
  sm.on(DescribeSecretCommand).resolves({ RotationEnabled: true, VersionIdsToStages: stages });
const ROTATING = { [OLD]: ['AWSCURRENT'], [NEW]: ['AWSPENDING'] };

beforeEach(() => {
  sm.reset();
  calls.length = 0;
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

test('dispatches setSecret and testSecret to the handler, with the pending secret and the target', async () => {
  givenStages(ROTATING);
  sm.on(GetSecretValueCommand, { VersionId: NEW, VersionStage: 'AWSPENDING' }).resolves({ SecretString: '{"key":"new","label":"x"}' });
  await handler(event('setSecret'));
  await handler(event('testSecret'));
  expect(calls).toEqual(['set new', 'test here']);
});

test('fails on an unknown step, after the stage checks', async () => {
  givenStages(ROTATING);
  await expect(handler(event('rotateSecret'))).rejects.toThrow('Unknown rotation step: rotateSecret');
  await expect(handler(event('rotateSecret', 'missing'))).rejects.toThrow('Secret version missing is not a version of secret');
  expect(calls).toEqual([]);
});

test.each(['createSecret', 'setSecret', 'testSecret', 'finishSecret'])('%s fails on a version that is not AWSPENDING', async (step) => {
  givenStages({ [OLD]: ['AWSCURRENT'], [NEW]: [] });
  await expect(handler(event(step))).rejects.toThrow(`Secret version ${NEW} of secret ${SECRET_ID} is not AWSPENDING (stages: none)`);
  expect(calls).toEqual([]);
});

test('a finished version is a no-op for every step when the handler has no finishAgain', async () => {
  givenStages({ [NEW]: ['AWSCURRENT'], [OLD]: ['AWSPREVIOUS'] });
  for (const step of ['createSecret', 'setSecret', 'testSecret', 'finishSecret']) await handler(event(step));
  expect(calls).toEqual([]);
  expect(sm.calls().map((c) => c.args[0].constructor.name)).toEqual(Array(4).fill('DescribeSecretCommand'));
});

test('finishSecret for a finished version runs finishAgain, with this version as AWSCURRENT', async () => {
  const again = rotationHandler({
    keys: ['key'],
    settings: () => ({}),
    target: () => ({ name: 'the target' }),
    set: async () => undefined,
    test: async () => undefined,
    finish: async () => undefined,
    finishAgain: async ({ finished }) => { calls.push(`again ${(await finished()).key}`); },
  });
  givenStages({ [NEW]: ['AWSCURRENT'], [OLD]: ['AWSPREVIOUS'] });
  sm.on(GetSecretValueCommand, { VersionId: NEW, VersionStage: 'AWSCURRENT' }).resolves({ SecretString: '{"key":"new"}' });
  await again(event('finishSecret'));
  await again(event('setSecret'));
  expect(calls).toEqual(['again new']);
});

test('createSecret replaces the first key with a new secret and checks every key of the current version', async () => {
  givenStages(ROTATING);
  sm.on(GetSecretValueCommand, { VersionStage: 'AWSPENDING' }).rejects(new ResourceNotFoundException({ message: 'not found', $metadata: {} }));
  sm.on(GetSecretValueCommand, { VersionStage: 'AWSCURRENT' }).resolves({ SecretString: '{"key":"old","label":"kept","other":1}' });
  await handler(event('createSecret'));
  const stored = JSON.parse(sm.commandCalls(PutSecretValueCommand)[0].args[0].input.SecretString!);
  expect(stored).toEqual({ key: expect.stringMatching(/^[A-Za-z0-9]{64}$/), label: 'kept', other: 1 });

  sm.on(GetSecretValueCommand, { VersionStage: 'AWSCURRENT' }).resolves({ SecretString: '{"key":"old"}' });
  await expect(handler(event('createSecret'))).rejects.toThrow('version AWSCURRENT has no "label" string');
});

test('finishSecret moves AWSCURRENT from the current version, then hands the handler the new secret', async () => {
  givenStages(ROTATING);
  sm.on(GetSecretValueCommand, { VersionId: NEW, VersionStage: 'AWSPENDING' }).resolves({ SecretString: '{"key":"new","label":"x"}' });
  sm.on(UpdateSecretVersionStageCommand).callsFake(() => { calls.push('stage'); return {}; });
  await handler(event('finishSecret'));
  expect(sm).toHaveReceivedCommandWith(UpdateSecretVersionStageCommand, {
    SecretId: SECRET_ID, VersionStage: 'AWSCURRENT', MoveToVersionId: NEW, RemoveFromVersionId: OLD,
  });
  expect(calls).toEqual(['stage', 'finish new']);
});
