// The one way the window shows a moment (issue 18): in words relative to now ("3 days ago",
// "in 2 hours"), with the exact local time for a tooltip and the ISO value for <time datetime>.
// Formatters are built once: the list formats a time per visible cell while it scrolls.

const EXACT = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
// The window speaks English; the exact time follows the system's locale.
const WORDS = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];

export interface TimeInWords {
  /** "3 days ago", "in 2 hours", "now". */
  text: string;
  /** The exact local date and time, for a title. */
  exact: string;
  /** The moment as ISO 8601, for <time datetime>. */
  iso: string;
}

/**
 * A moment (ISO string or milliseconds) in words, relative to `now`; null for nothing or for a
 * value that is not a time, which callers show as it is.
 */
export function timeInWords(value: string | number | null | undefined, now: number = Date.now()): TimeInWords | null {
  if (value === null || value === undefined || value === '') return null;
  const at = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(at)) return null;
  const date = new Date(at);
  return { text: relativeWords(at - now), exact: EXACT.format(date), iso: date.toISOString() };
}

function relativeWords(deltaMs: number): string {
  const magnitude = Math.abs(deltaMs);
  if (magnitude < 45_000) return 'now';
  for (const [unit, size] of UNITS) {
    if (magnitude >= size || unit === 'second') {
      // Whole units, rounded toward zero: "expires in 9 hours" until the tenth hour is reached.
      return WORDS.format(Math.trunc(deltaMs / size), unit);
    }
  }
  return 'now';
}
