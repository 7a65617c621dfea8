// What the cache stores for searching one user: one posting (field, value) per value Auth0 indexes,
// read with common/query's field readers so the cache indexes exactly what the emulator searches.
// Values keep their type in SQLite: text as TEXT, numbers and dates (epoch ms) as REAL, booleans as
// a one-byte BLOB, so SQLite's own type order (numbers < text < blobs) sorts them the way
// common/query's compareScalars does and a term for `true` never meets the number 1.
import type { User } from '../../common/auth0.ts';
import {
  parseDatePeriod,
  PROFILE_FIELDS,
  profileReader,
  type Indexed,
  type ProfileField,
  type Scalar,
} from '../../common/query/index.ts';

/** Field ids of the profile fields: fixed, in PROFILE_FIELDS order. Metadata paths are interned from 1000 on. */
export const PROFILE_FIELD_IDS: ReadonlyMap<string, number> = new Map(
  [...PROFILE_FIELDS.keys()].map((name, index) => [name, index + 1]),
);
export const FIRST_METADATA_FIELD_ID = 1000;

/** The twin of a metadata path holding its date-like strings as epoch ms, for ranges (see below). */
export function dateTwinName(path: string): string {
  return `${path}#date`;
}

export const TRUE_VALUE = new Uint8Array([1]);
export const FALSE_VALUE = new Uint8Array([0]);

export type StoredValue = string | number | Uint8Array;

export function storedValue(value: Scalar): StoredValue {
  if (typeof value === 'boolean') return value ? TRUE_VALUE : FALSE_VALUE;
  return value;
}

/** Reverses by code point, so a suffix of the value is a prefix of the reversed text. */
export function reverseText(text: string): string {
  let reversed = '';
  for (let index = text.length - 1; index >= 0; index--) {
    const code = text.charCodeAt(index);
    // Keep a surrogate pair (one code point) in its order.
    if (code >= 0xdc00 && code <= 0xdfff && index > 0) {
      const high = text.charCodeAt(index - 1);
      if (high >= 0xd800 && high <= 0xdbff) {
        reversed += text[index - 1] + (text[index] as string);
        index--;
        continue;
      }
    }
    reversed += text[index];
  }
  return reversed;
}

// `organization_id` is answered from memberships, which the user object does not carry.
const INDEXED_PROFILE_FIELDS: readonly ProfileField[] = [...PROFILE_FIELDS.values()].filter(
  (rule) => rule.name !== 'organization_id',
);
const READERS = INDEXED_PROFILE_FIELDS.map((rule) => ({
  id: PROFILE_FIELD_IDS.get(rule.name) as number,
  read: profileReader(rule, {}).read,
  text: rule.kind === 'text',
}));

/** Postings as parallel arrays: field ids and values (reversed postings hold reversed text). */
export interface UserPostings {
  fields: number[];
  values: StoredValue[];
  reversedFields: number[];
  reversedValues: string[];
}

/**
 * Every posting of `user`. `metadataFieldId` interns a metadata path (`app_metadata.plan.tier`)
 * or its date twin.
 */
export function userPostings(user: User, metadataFieldId: (path: string) => number): UserPostings {
  const out: UserPostings = { fields: [], values: [], reversedFields: [], reversedValues: [] };
  for (const reader of READERS) addIndexed(out, reader.id, reader.read(user), reader.text);
  addMetadata(out, user.app_metadata, 'app_metadata', metadataFieldId, true);
  addMetadata(out, user.user_metadata, 'user_metadata', metadataFieldId, false);
  return out;
}

function addIndexed(out: UserPostings, field: number, value: Indexed, reversible: boolean): void {
  if (value === undefined) return;
  if (Array.isArray(value)) {
    // A value may repeat in an array; the posting is the same.
    const seen = new Set<Scalar>();
    for (const element of value) {
      if (seen.has(element)) continue;
      seen.add(element);
      addScalar(out, field, element, reversible);
    }
  } else addScalar(out, field, value, reversible);
}

function addScalar(out: UserPostings, field: number, value: Scalar, reversible: boolean): void {
  out.fields.push(field);
  out.values.push(storedValue(value));
  if (reversible && typeof value === 'string') {
    out.reversedFields.push(field);
    out.reversedValues.push(reverseText(value));
  }
}

/**
 * Metadata as field-readers.ts reads it: each path through objects (arrays are walked through at
 * any level, so `orders.sku` reaches every order's sku), scalars only; null, empty arrays and empty
 * objects hold nothing. A key containing a dot cannot be named by a search path, so it is skipped.
 * Wildcards (suffix, reversed) are only allowed on app_metadata; a date-like string of
 * app_metadata also gets a date twin, because ranges compare it as a date.
 */
function addMetadata(
  out: UserPostings,
  root: unknown,
  rootName: string,
  fieldId: (path: string) => number,
  appMetadata: boolean,
): void {
  const seen = new Set<string>();
  const visit = (value: unknown, path: string): void => {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) {
      for (const element of value) visit(element, path);
      return;
    }
    if (typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (key === '' || key.includes('.')) continue;
        visit(child, `${path}.${key}`);
      }
      return;
    }
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return;
    if (path === rootName) return;
    const key = `${path}\u0000${typeof value}\u0000${String(value)}`;
    if (seen.has(key)) return;
    seen.add(key);
    const id = fieldId(path);
    addScalar(out, id, value, appMetadata);
    if (appMetadata && typeof value === 'string') {
      const date = parseDatePeriod(value);
      if (date) {
        out.fields.push(fieldId(dateTwinName(path)));
        out.values.push(date.start);
      }
    }
  };
  if (root !== null && typeof root === 'object' && !Array.isArray(root)) visit(root, rootName);
}
