import { CacheOptionError } from './errors';

/** Milliseconds, or a duration string: `'250ms'`, `'30s'`, `'5m'`, `'1h'`, `'1d'`, `'1h30m'`. */
export type Duration = number | string;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
// One "<number><unit>" part; sticky so consecutive parts must touch (whitespace allowed between).
const PART = /\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*/y;

/**
 * Parses a duration into whole milliseconds. `option` names the option in the error, so a bad
 * value is reported as e.g. "Invalid duration for option 'ttl': '5 minutes'".
 */
export function parseDuration(value: Duration, option: string): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value >= 0) return Math.round(value);
  } else if (typeof value === 'string') {
    const ms = parseString(value);
    if (ms !== undefined) return ms;
  }
  throw new CacheOptionError(`Invalid duration for option '${option}': ${JSON.stringify(value) ?? String(value)}. `
    + "Use milliseconds (a non-negative number) or a string such as '250ms', '30s', '5m', '1h', '1d'.");
}

/** Like `parseDuration`, but `undefined` stays `undefined` (an option that was not given). */
export function optionalDuration(value: Duration | undefined, option: string): number | undefined {
  return value === undefined ? undefined : parseDuration(value, option);
}

function parseString(text: string): number | undefined {
  if (/^\s*\d+\s*$/.test(text)) return Number(text); // bare digits: milliseconds
  let total = 0;
  let index = 0;
  PART.lastIndex = 0;
  while (index < text.length) {
    PART.lastIndex = index;
    const match = PART.exec(text);
    if (match === null) return undefined;
    total += Number(match[1]) * UNIT_MS[match[2]];
    index = PART.lastIndex;
  }
  return index === 0 ? undefined : Math.round(total);
}

/**
 * Per-call durations arrive as strings on every call (`{ ttl: '5m' }`); parsing once per distinct
 * string keeps regular expressions off the write path. Bounded so odd inputs cannot grow it.
 */
export class DurationMemo {
  private readonly parsed = new Map<string, number>();

  resolve(value: Duration, option: string): number {
    if (typeof value === 'number' && value >= 0 && Number.isFinite(value)) return Math.round(value);
    if (typeof value === 'string') {
      const hit = this.parsed.get(value);
      if (hit !== undefined) return hit;
      const ms = parseDuration(value, option);
      if (this.parsed.size >= 256) this.parsed.clear();
      this.parsed.set(value, ms);
      return ms;
    }
    return parseDuration(value, option);
  }
}
