import { streamingCredentials, StreamingCredentialsListener } from '../../src/aws';
import { CacheDependencyError } from '../../src/aws/errors';
import { loadSdk } from '../../src/aws/sdk';

const HOUR = 3_600_000;

function listener(): StreamingCredentialsListener & { next: jest.Mock; error: jest.Mock } {
  const next = jest.fn();
  const error = jest.fn();
  return { next, error, onNext: next, onError: error };
}

describe('streamingCredentials (fake timers)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  test("one provider call per tick serves every connection; the default period is the provider's", async () => {
    let n = 0;
    const provider = Object.assign(jest.fn(async () => ({ username: 'u', password: `p${++n}` })), { reauthenticateEveryMs: 2 * HOUR });
    const streaming = streamingCredentials(provider);
    const [a, b] = [listener(), listener()];
    const [initialA] = await streaming.subscribe(a);
    const [initialB, disposeB] = await streaming.subscribe(b);
    expect([initialA.password, initialB.password]).toEqual(['p1', 'p2']);
    await jest.advanceTimersByTimeAsync(2 * HOUR - 1);
    expect(a.next).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);
    expect(provider).toHaveBeenCalledTimes(3);
    expect(a.next).toHaveBeenCalledWith({ username: 'u', password: 'p3' });
    expect(b.next).toHaveBeenCalledWith({ username: 'u', password: 'p3' });
    disposeB.dispose();
    await jest.advanceTimersByTimeAsync(2 * HOUR);
    expect(a.next).toHaveBeenCalledTimes(2);
    expect(b.next).toHaveBeenCalledTimes(1);
    streaming.close();
  });

  test('11 hours without a provider hint; stops when the last connection goes', async () => {
    const provider = jest.fn(async () => ({ password: 'p' }));
    const streaming = streamingCredentials(provider);
    const [, subscription] = await streaming.subscribe(listener());
    expect(jest.getTimerCount()).toBe(1);
    await jest.advanceTimersByTimeAsync(11 * HOUR);
    expect(provider).toHaveBeenCalledTimes(2);
    subscription.dispose();
    expect(jest.getTimerCount()).toBe(0);
  });

  test('a failed refresh is reported and retried after retryDelay', async () => {
    const provider = jest.fn(async () => ({ password: 'p' }));
    const errors: Error[] = [];
    const streaming = streamingCredentials(provider, { every: '1h', retryDelay: '30s', onError: (e) => errors.push(e) });
    const l = listener();
    await streaming.subscribe(l);
    provider.mockRejectedValueOnce(new Error('throttled'));
    await jest.advanceTimersByTimeAsync(HOUR);
    expect(errors.map((e) => e.message)).toEqual(['throttled']);
    expect(l.next).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(30_000);
    expect(l.next).toHaveBeenCalledTimes(1);
    expect(l.error).not.toHaveBeenCalled(); // node-redis treats onError as fatal: never used for a retryable failure
    streaming.close();
  });

  test('the first credentials failing fails the subscription (the connect)', async () => {
    const streaming = streamingCredentials(async () => { throw new Error('no credentials'); });
    await expect(streaming.subscribe(listener())).rejects.toThrow('no credentials');
    expect(jest.getTimerCount()).toBe(0);
  });

  test('option errors name the option and the rule', () => {
    const provider = async () => ({});
    expect(() => streamingCredentials(provider, { every: '12h' })).toThrow(/option 'every': "12h". It must be above 0 and below 12 hours/);
    expect(() => streamingCredentials(provider, { every: 0 })).toThrow(/option 'every'/);
    expect(() => streamingCredentials(provider, { retryDelay: 0 })).toThrow(/option 'retryDelay'/);
    expect(() => streamingCredentials(provider, { retryDelay: 'soon' })).toThrow(/Invalid duration for option 'retryDelay'/);
  });
});

test('a missing AWS SDK package: an error saying what to install', async () => {
  const err = await loadSdk('@aws-sdk/client-not-installed', 'Doing X').catch((e: unknown) => e);
  expect(err).toBeInstanceOf(CacheDependencyError);
  expect((err as CacheDependencyError).packageName).toBe('@aws-sdk/client-not-installed');
  expect((err as Error).message).toBe("Doing X needs the package '@aws-sdk/client-not-installed', which cannot be loaded: "
    + 'install @aws-sdk/client-not-installed (preinstalled in the AWS Lambda Node.js runtimes).');
});
