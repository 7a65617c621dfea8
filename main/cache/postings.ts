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

/** Every date starts with four digits: a cheap test before the full parse. */
const DATE_START = /^\d{4}/;

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
/**
 * Fields whose text is also stored reversed, so that a suffix wildcard (`*son`) is an index range:
 * the ones a bare term searches, and email.domain. A suffix on any other field (last_ip,
 * identities.*, app_metadata) scans that field's values instead: each reversed copy costs a row per
 * value on every full sync, and those searches are rare.
 */
export const REVERSED_FIELD_IDS: ReadonlySet<number> = new Set(
  [...PROFILE_FIELDS.values()]
    .filter((rule) => rule.bare || rule.name === 'email.domain')
    .map((rule) => PROFILE_FIELD_IDS.get(rule.name) as number),
);

const READERS = INDEXED_PROFILE_FIELDS.map((rule) => {
  const id = PROFILE_FIELD_IDS.get(rule.name) as number;
  return { id, read: profileReader(rule, {}).read, reversible: REVERSED_FIELD_IDS.has(id) };
});

/** Postings as parallel arrays: field ids and values (reversed postings hold reversed text). */
export interface UserPostings {
  fields: number[];
  values: StoredValue[];
  reversedFields: number[];
  reversedValues: string[];
}

/** One metadata path (`app_metadata.plan.tier`) as a node of the paths seen so far (catalog.ts). */
export interface PathNode {
  readonly path: string;
  /** Filled by the catalog: the path's field id, its date twin's, the paths below it. */
  id?: number;
  twinId?: number;
  children?: Map<string, PathNode>;
}

/**
 * Field ids of metadata paths, reached key by key, so that the walk below neither builds nor
 * hashes a path's text for every value (the hot loop of a full sync).
 */
export interface MetadataPaths {
  /** The node below `parent` (below the root named `key` when `parent` is null). */
  child(parent: PathNode | null, key: string): PathNode;
  /** The field id of `node`'s path, interned when new. */
  fieldId(node: PathNode): number;
  /** The field id of `node`'s date twin (dateTwinName), interned when new. */
  dateTwinId(node: PathNode): number;
}

/** Every posting of `user`; `paths` interns the metadata paths it holds. */
export function userPostings(user: User, paths: MetadataPaths): UserPostings {
  const out: UserPostings = { fields: [], values: [], reversedFields: [], reversedValues: [] };
  for (const reader of READERS) addIndexed(out, reader.id, reader.read(user), reader.reversible);
  addMetadata(out, user.app_metadata, paths.child(null, 'app_metadata'), paths, true);
  addMetadata(out, user.user_metadata, paths.child(null, 'user_metadata'), paths, false);
  return out;
}

function addIndexed(out: UserPostings, field: number, value: Indexed, reversible: boolean): void {
  if (value === undefined) return;
  // A value repeated in an array gives the same posting twice; the tables' keys keep one.
  if (Array.isArray(value)) for (const element of value) addScalar(out, field, element, reversible);
  else addScalar(out, field, value, reversible);
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
 * A date-like string of app_metadata also gets a date twin, because ranges compare it as a date
 * (user_metadata takes no ranges).
 */
function addMetadata(
  out: UserPostings,
  root: unknown,
  rootNode: PathNode,
  paths: MetadataPaths,
  appMetadata: boolean,
): void {
  const visit = (value: unknown, node: PathNode, isRoot: boolean): void => {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) {
      for (const element of value) visit(element, node, isRoot);
      return;
    }
    if (typeof value === 'object') {
      for (const key of Object.keys(value)) {
        if (key === '' || key.includes('.')) continue;
        visit((value as Record<string, unknown>)[key], paths.child(node, key), false);
      }
      return;
    }
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return;
    if (isRoot) return;
    addScalar(out, paths.fieldId(node), value, false);
    if (appMetadata && typeof value === 'string' && DATE_START.test(value)) {
      const date = parseDatePeriod(value);
      if (date) {
        out.fields.push(paths.dateTwinId(node));
        out.values.push(date.start);
      }
    }
  };
  if (root !== null && typeof root === 'object' && !Array.isArray(root)) visit(root, rootNode, true);
}

/** Fields that appear more than once in one user's postings (arrays, or values at several places). */
export function repeatedFields(fields: readonly number[]): number[] {
  const repeated: number[] = [];
  for (let index = 1; index < fields.length; index++) {
    const field = fields[index] as number;
    if (fields.lastIndexOf(field, index - 1) >= 0 && !repeated.includes(field)) repeated.push(field);
  }
  return repeated;
}
