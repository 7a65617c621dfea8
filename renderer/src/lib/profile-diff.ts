// What differs between two versions of a user, attribute by attribute and per top-level metadata
// key (the unit Auth0's PATCH merges): the conflict dialog shows the server's changes beside the
// administrator's with it.
import type { JsonValue, User } from '../../../common/auth0.ts';
import { jsonEqual } from '../../../common/metadata.ts';

export interface Difference {
  field: string;
  before: JsonValue | undefined;
  after: JsonValue | undefined;
}

/** Bookkeeping Auth0 moves on every write: not a change anyone made to the profile. */
const IGNORED = new Set(['updated_at', 'origin']);

export function userDifferences(before: User, after: User): Difference[] {
  const differences: Difference[] = [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of [...keys].sort()) {
    if (IGNORED.has(key)) continue;
    if (key === 'user_metadata' || key === 'app_metadata') {
      const left = before[key] ?? {};
      const right = after[key] ?? {};
      for (const inner of [...new Set([...Object.keys(left), ...Object.keys(right)])].sort()) {
        if (!jsonEqual(left[inner], right[inner])) {
          differences.push({ field: `${key}.${inner}`, before: left[inner], after: right[inner] });
        }
      }
      continue;
    }
    const left = before[key] as JsonValue | undefined;
    const right = after[key] as JsonValue | undefined;
    if (!jsonEqual(left, right)) differences.push({ field: key, before: left, after: right });
  }
  return differences;
}

/** The fields a PATCH body changes, named as userDifferences names them. */
export function bodyFields(body: Record<string, unknown>): string[] {
  return Object.entries(body).flatMap(([key, value]) => {
    if (key === 'connection' || key === 'verify_email') return [];
    if ((key === 'user_metadata' || key === 'app_metadata') && value && typeof value === 'object') {
      return Object.keys(value).map((inner) => `${key}.${inner}`);
    }
    return [key];
  });
}

/** The values a PATCH body sends, named as bodyFields names them (null: the value is removed). */
export function bodyValues(body: Record<string, unknown>): { field: string; value: JsonValue | undefined }[] {
  return Object.entries(body).flatMap(([key, value]) => {
    if (key === 'connection' || key === 'verify_email') return [];
    if ((key === 'user_metadata' || key === 'app_metadata') && value && typeof value === 'object') {
      return Object.entries(value).map(([inner, innerValue]) => ({
        field: `${key}.${inner}`,
        value: innerValue as JsonValue | undefined,
      }));
    }
    return [{ field: key, value: value as JsonValue | undefined }];
  });
}

export function shown(value: JsonValue | undefined): string {
  if (value === undefined) return '(absent)';
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}
