import { fail } from './validation';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
const DOC_BACKUP = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html';

/** A window as [start, end) minutes from the start of the week (end may pass the week's end). */
interface Interval { readonly start: number; readonly end: number }

function clock(text: string): number | undefined {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

/** Parses a daily 'hh24:mi-hh24:mi' window (UTC) into its start and length in minutes. */
export function parseDailyWindow(property: string, value: string): { start: number; minutes: number } {
  const [from, to, extra] = value.split('-');
  const start = from !== undefined ? clock(from) : undefined;
  const end = to !== undefined ? clock(to) : undefined;
  if (start === undefined || end === undefined || extra !== undefined) {
    fail(property, value, "the window's format is hh24:mi-hh24:mi in UTC, e.g. '05:00-06:00'", DOC_BACKUP);
  }
  const minutes = (end - start + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  return { start, minutes };
}

/** Parses a weekly 'ddd:hh24:mi-ddd:hh24:mi' window (UTC) into its start and length in minutes. */
export function parseWeeklyWindow(property: string, value: string): { start: number; minutes: number } {
  const m = /^([a-z]{3}):(\d\d:\d\d)-([a-z]{3}):(\d\d:\d\d)$/i.exec(value);
  const d1 = m ? DAYS.indexOf(m[1].toLowerCase()) : -1;
  const d2 = m ? DAYS.indexOf(m[3].toLowerCase()) : -1;
  const t1 = m ? clock(m[2]) : undefined;
  const t2 = m ? clock(m[4]) : undefined;
  if (d1 < 0 || d2 < 0 || t1 === undefined || t2 === undefined) {
    fail(property, value,
      "the window's format is ddd:hh24:mi-ddd:hh24:mi in UTC with ddd one of sun, mon, tue, wed, thu, fri, sat, e.g. 'sun:23:00-mon:01:30'",
      DOC_BACKUP);
  }
  const start = d1 * MINUTES_PER_DAY + t1;
  const end = d2 * MINUTES_PER_DAY + t2;
  return { start, minutes: (end - start + MINUTES_PER_WEEK) % MINUTES_PER_WEEK };
}

function overlaps(a: Interval, b: Interval): boolean {
  // Compare on a doubled week so windows that wrap past Saturday midnight are caught too.
  for (const shift of [-MINUTES_PER_WEEK, 0, MINUTES_PER_WEEK]) {
    if (a.start < b.end + shift && b.start + shift < a.end) return true;
  }
  return false;
}

/** True when a daily window and a weekly window share any minute. */
export function dailyOverlapsWeekly(daily: { start: number; minutes: number }, weekly: { start: number; minutes: number }): boolean {
  const week: Interval = { start: weekly.start, end: weekly.start + weekly.minutes };
  for (let day = 0; day < 7; day++) {
    const start = day * MINUTES_PER_DAY + daily.start;
    if (overlaps({ start, end: start + daily.minutes }, week)) return true;
  }
  return false;
}
