// How the text of a term or range bound reads as a number, boolean or date. Auth0 runs its search
// on Elasticsearch, which parses values for typed fields and, like it, we read partial dates as the
// whole period they name: `2017-11` is all of November 2017 (UTC).
import type { RangeBound } from './ast.ts';

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

export function parseNumberValue(text: string): number | null {
  return NUMBER.test(text) ? Number(text) : null;
}

export function parseBooleanValue(text: string): boolean | null {
  if (text === 'true') return true;
  if (text === 'false') return false;
  return null;
}

/** A span of time, in epoch milliseconds: every instant t with start <= t < next. */
export interface DatePeriod {
  start: number;
  next: number;
}

// yyyy[-MM[-dd[Thh[:mm[:ss[.fff]]][zone]]]]: Elasticsearch's strict_date_optional_time, which is
// the format of every date Auth0 stores. Without a zone the time is UTC.
const PARTIAL_DATE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?$/;

/** The period a (possibly partial) date names, or null when the text is not such a date. */
export function parseDatePeriod(text: string): DatePeriod | null {
  const match = PARTIAL_DATE.exec(text);
  if (!match) return null;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const parts = [year, month, day, hour, minute, second].map((part) => (part === undefined ? undefined : Number(part)));
  const [y, mo = 1, d = 1, h = 0, mi = 0, s = 0] = parts as [number, ...(number | undefined)[]];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return null;
  const ms = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
  const offset = zoneOffsetMs(zone);
  if (offset === null) return null;
  const start = utc(y, mo - 1, d, h, mi, s, ms) - offset;
  // The smallest unit written decides the length of the period.
  let next: number;
  if (fraction !== undefined) next = start + 1;
  else if (second !== undefined) next = start + 1000;
  else if (minute !== undefined) next = start + 60_000;
  else if (hour !== undefined) next = start + 3_600_000;
  else if (day !== undefined) next = utc(y, mo - 1, d + 1, 0, 0, 0, 0) - offset;
  else if (month !== undefined) next = utc(y, mo, 1, 0, 0, 0, 0) - offset;
  else next = utc(y + 1, 0, 1, 0, 0, 0, 0) - offset;
  return { start, next };
}

function daysInMonth(year: number, month: number): number {
  return new Date(utc(year, month, 0, 0, 0, 0, 0)).getUTCDate();
}

/** Date.UTC, but years 0..99 stay years 0..99 instead of becoming 1900..1999. */
function utc(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  date.setUTCHours(hour, minute, second, ms);
  return date.getTime();
}

function zoneOffsetMs(zone: string | undefined): number | null {
  if (zone === undefined || zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) return null;
  return sign * (hours * 60 + minutes) * 60_000;
}

/**
 * The instants a date range covers: every t with from <= t < to (open ends are infinite), or null
 * when a bound is not a date. Elasticsearch rounds a partial date bound to the edge of its period,
 * so an inclusive end takes in its whole period and an exclusive end leaves it out whole:
 * `[2017-11 TO 2017-12]` is Nov 1 00:00 up to Dec 31 23:59:59.999 (both months), `[2017-11 TO 2017-12}`
 * is November only, `{2017-11 TO 2017-12}` is empty, `{2017-11 TO *]` starts on Dec 1.
 */
export function dateRangeInterval(lower: RangeBound, upper: RangeBound): { from: number; to: number } | null {
  let from = -Infinity;
  let to = Infinity;
  if (lower.value !== null) {
    const period = parseDatePeriod(lower.value);
    if (!period) return null;
    from = lower.inclusive ? period.start : period.next;
  }
  if (upper.value !== null) {
    const period = parseDatePeriod(upper.value);
    if (!period) return null;
    to = upper.inclusive ? period.next : period.start;
  }
  return { from, to };
}
