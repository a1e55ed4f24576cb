import { CacheOptionError, parseDuration } from '../src';
import { DurationMemo } from '../src/duration';

describe('parseDuration', () => {
  test.each([
    [250, 250],
    [0, 0],
    [1.6, 2],
    ['250ms', 250],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1d', 86_400_000],
    ['1.5s', 1_500],
    ['1h30m', 5_400_000],
    ['1m 30s', 90_000],
    [' 2s ', 2_000],
    ['500', 500],
  ] as const)('%p → %p ms', (input, expected) => {
    expect(parseDuration(input, 'ttl')).toBe(expected);
  });

  test.each([-1, NaN, Infinity, '', '5 minutes', '10x', 's', '1h foo', '-5s', 'ms'])('rejects %p, naming the option and the value', (input) => {
    expect(() => parseDuration(input as never, 'grace')).toThrow(CacheOptionError);
    expect(() => parseDuration(input as never, 'grace')).toThrow(/option 'grace'/);
  });

  test('the error quotes the bad value', () => {
    expect(() => parseDuration('5 minutes', 'ttl')).toThrow("Invalid duration for option 'ttl': \"5 minutes\"");
  });

  test('DurationMemo parses each string once and stays bounded', () => {
    const memo = new DurationMemo();
    expect(memo.resolve('5m', 'ttl')).toBe(300_000);
    expect(memo.resolve('5m', 'ttl')).toBe(300_000);
    for (let i = 0; i < 300; i++) expect(memo.resolve(`${i}ms`, 'ttl')).toBe(i);
    expect((memo as unknown as { parsed: Map<string, number> }).parsed.size).toBeLessThanOrEqual(256);
    expect(() => memo.resolve('nope', 'ttl')).toThrow(/option 'ttl'/);
  });
});
