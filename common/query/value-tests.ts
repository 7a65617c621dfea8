// How one indexed value (field-readers.ts) is compared with a term, wildcard or range, per field
// kind (common/query/fields.ts). Values of case-insensitive fields arrive lower-cased and profile
// dates as epoch milliseconds. Every test checks the value's type: a text term never matches a number.
import type { RangeBound } from './ast.ts';
import type { FieldKind } from './fields.ts';
import { dateRangeInterval, parseBooleanValue, parseDatePeriod, parseNumberValue } from './values.ts';
import { wildcardMatcher } from './wildcard.ts';

export type ValueTest = (value: unknown) => boolean;

/** Metadata has no declared type: each value is compared as what it is (string, number, boolean). */
export type ValueKind = FieldKind | 'metadata';

const never: ValueTest = () => false;

export function termTest(kind: ValueKind, caseInsensitive: boolean, text: string): ValueTest {
  switch (kind) {
    case 'text': {
      const needle = caseInsensitive ? text.toLowerCase() : text;
      return (value) => value === needle;
    }
    case 'number': {
      const number = parseNumberValue(text);
      return number === null ? never : (value) => value === number;
    }
    case 'boolean': {
      const flag = parseBooleanValue(text);
      return flag === null ? never : (value) => value === flag;
    }
    case 'date': {
      const period = parseDatePeriod(text);
      return period ? instantTest(period.start, period.next) : never;
    }
    case 'metadata': {
      const number = parseNumberValue(text);
      const flag = parseBooleanValue(text);
      return (value) => value === text || (number !== null && value === number) || (flag !== null && value === flag);
    }
  }
}

/** Strings only (the checker refuses wildcards elsewhere); a lone `*` matches any value. */
export function wildcardTest(kind: ValueKind, caseInsensitive: boolean, segments: readonly string[]): ValueTest {
  if (segments.every((segment) => segment === '')) return () => true;
  if (kind !== 'text' && kind !== 'metadata') return never;
  const parts = caseInsensitive ? segments.map((segment) => segment.toLowerCase()) : segments;
  const matches = wildcardMatcher(parts);
  return (value) => typeof value === 'string' && matches(value);
}

export function rangeTest(kind: ValueKind, caseInsensitive: boolean, lower: RangeBound, upper: RangeBound): ValueTest {
  switch (kind) {
    case 'text':
      return textRangeTest(caseInsensitive, lower, upper);
    case 'number':
      return numberRangeTest(lower, upper) ?? never;
    case 'date':
      return dateRangeTest(lower, upper) ?? never;
    case 'boolean':
      return never;
    case 'metadata': {
      const numbers = numberRangeTest(lower, upper) ?? never;
      const dates = dateRangeTest(lower, upper);
      const texts = textRangeTest(false, lower, upper);
      // A metadata string that is a date is indexed as a date (Elasticsearch's date detection).
      return (value) => {
        if (typeof value === 'number') return numbers(value);
        if (typeof value !== 'string') return false;
        const date = dates ? parseDatePeriod(value) : null;
        return date && dates ? dates(date.start) : texts(value);
      };
    }
  }
}

export function textRangeTest(caseInsensitive: boolean, lower: RangeBound, upper: RangeBound): ValueTest {
  const fold = (text: string | null) => (text !== null && caseInsensitive ? text.toLowerCase() : text);
  const low = fold(lower.value);
  const high = fold(upper.value);
  return (text) => {
    if (typeof text !== 'string') return false;
    if (low !== null && (lower.inclusive ? text < low : text <= low)) return false;
    if (high !== null && (upper.inclusive ? text > high : text >= high)) return false;
    return true;
  };
}

export function numberRangeTest(lower: RangeBound, upper: RangeBound): ValueTest | null {
  const low = lower.value === null ? -Infinity : parseNumberValue(lower.value);
  const high = upper.value === null ? Infinity : parseNumberValue(upper.value);
  if (low === null || high === null) return null;
  return (value) =>
    typeof value === 'number' &&
    (lower.inclusive ? value >= low : value > low) &&
    (upper.inclusive ? value <= high : value < high);
}

function dateRangeTest(lower: RangeBound, upper: RangeBound): ValueTest | null {
  const interval = dateRangeInterval(lower, upper);
  return interval && instantTest(interval.from, interval.to);
}

/** Epoch milliseconds t with from <= t < to. */
function instantTest(from: number, to: number): ValueTest {
  return (value) => typeof value === 'number' && value >= from && value < to;
}
