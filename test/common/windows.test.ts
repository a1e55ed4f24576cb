import { dailyOverlapsWeekly, parseDailyWindow, parseWeeklyWindow } from '../../src/common/windows';

const DAY = 24 * 60;
const WEEK = 7 * DAY;

describe('parseDailyWindow', () => {
  test.each<[string, number, number]>([
    ['05:00-06:00', 300, 60],
    ['00:00-23:59', 0, 1439],
    ['22:15-23:45', 1335, 90],
    // Across midnight: the length wraps around the day.
    ['23:30-00:30', 1410, 60],
    ['23:00-01:30', 1380, 150],
  ])('%s', (window, start, minutes) => {
    expect(parseDailyWindow('backupWindow', window)).toEqual({ start, minutes });
  });

  test.each(['5:00-6:00', '05:00', '24:00-01:00', '05:60-06:00', '05:00-06:00-07:00', '05:00 - 06:00', ''])('rejects %j', (window) => {
    expect(() => parseDailyWindow('backupWindow', window)).toThrow(/^backupWindow: .* is invalid: the window's format is hh24:mi-hh24:mi in UTC/);
  });

  test('the error names the property passed in and the value', () => {
    expect(() => parseDailyWindow('snapshotWindow', '25:00-26:00')).toThrow(/^snapshotWindow: '25:00-26:00' is invalid/);
  });
});

describe('parseWeeklyWindow', () => {
  test.each<[string, number, number]>([
    ['sun:05:00-sun:06:00', 300, 60],
    ['mon:00:00-mon:01:00', DAY, 60],
    ['tue:23:00-wed:01:00', 2 * DAY + 1380, 120],
    ['sat:22:00-sat:23:30', 6 * DAY + 1320, 90],
    // Across the week's end: Saturday night into Sunday morning.
    ['sat:23:00-sun:01:00', 6 * DAY + 1380, 120],
    ['sat:00:00-mon:00:00', 6 * DAY, 2 * DAY],
    // Upper-case day names are accepted.
    ['SUN:05:00-Sun:06:00', 300, 60],
  ])('%s', (window, start, minutes) => {
    expect(parseWeeklyWindow('maintenanceWindow', window)).toEqual({ start, minutes });
  });

  test.each(['sunday:05:00-sunday:06:00', 'sun:05:00-xyz:06:00', 'sun:24:00-mon:01:00', 'sun:5:00-sun:6:00', '05:00-06:00', 'sun:05:00'])(
    'rejects %j', (window) => {
      expect(() => parseWeeklyWindow('maintenanceWindow', window))
        .toThrow(/^maintenanceWindow: .* is invalid: the window's format is ddd:hh24:mi-ddd:hh24:mi in UTC with ddd one of sun, mon/);
    });

  test('lengths stay within the week', () => {
    const { minutes } = parseWeeklyWindow('maintenanceWindow', 'mon:01:00-mon:00:00');
    expect(minutes).toBe(WEEK - 60);
  });
});

describe('dailyOverlapsWeekly', () => {
  const overlaps = (daily: string, weekly: string) =>
    dailyOverlapsWeekly(parseDailyWindow('backupWindow', daily), parseWeeklyWindow('maintenanceWindow', weekly));

  test.each<[string, string, boolean]>([
    // Same day, overlapping or containing.
    ['05:00-06:00', 'tue:05:30-tue:06:30', true],
    ['05:00-08:00', 'wed:06:00-wed:07:00', true],
    ['06:00-07:00', 'wed:05:00-wed:08:00', true],
    ['05:00-06:00', 'sun:05:00-sun:06:00', true],
    // Apart.
    ['01:00-02:00', 'tue:05:00-tue:06:00', false],
    ['10:00-11:00', 'fri:05:00-fri:06:00', false],
    // Touching is not overlapping: one ends the minute the other starts.
    ['04:00-05:00', 'sun:05:00-sun:06:00', false],
    ['06:00-07:00', 'sun:05:00-sun:06:00', false],
    ['23:00-00:00', 'mon:00:00-mon:01:00', false],
    // A daily window across midnight.
    ['23:30-00:30', 'wed:00:00-wed:01:00', true],
    ['23:30-00:30', 'wed:00:30-wed:01:30', false],
    ['23:30-00:30', 'wed:22:30-wed:23:30', false],
    // A weekly window across the week's end (Saturday into Sunday).
    ['23:30-00:30', 'sat:23:00-sun:00:15', true],
    ['00:00-01:00', 'sat:23:00-sun:00:30', true],
    ['00:30-01:30', 'sat:23:00-sun:00:30', false],
    ['22:00-23:00', 'sat:23:00-sun:00:30', false],
    // A daily window across midnight meeting a weekly one on Sunday morning (the previous Saturday's window wraps).
    ['23:30-00:30', 'sun:00:00-sun:01:00', true],
    ['23:00-00:00', 'sun:00:00-sun:01:00', false],
    // A weekly window spanning days meets the daily window only where it reaches the daily time.
    ['12:00-13:00', 'mon:14:00-tue:11:00', false],
    ['12:00-13:00', 'mon:14:00-tue:12:30', true],
    ['03:00-04:00', 'mon:00:00-wed:00:00', true],
  ])('%s vs %s → %s', (daily, weekly, expected) => {
    expect(overlaps(daily, weekly)).toBe(expected);
  });
});
