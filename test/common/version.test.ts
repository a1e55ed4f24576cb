import { compareVersions } from '../../src/common/version';

describe('compareVersions', () => {
  test.each<[string, string, number]>([
    ['9.1', '9.0', 1],
    ['9.0', '9.1', -1],
    ['6.2', '6.2.0', 0],
    ['8.10', '8.2', 1],
    ['1.6.6', '1.5.16', 1],
    ['1.6.12', '1.6.6', 1],
    ['7.2', '7.2', 0],
  ])('%s vs %s', (a, b, sign) => {
    expect(Math.sign(compareVersions(a, b))).toBe(sign);
  });
});
