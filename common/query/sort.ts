// The `sort` parameter of GET /api/v2/users: `field:1` ascending, `field:-1` descending, not on
// metadata (FACTS.md). Users without the field come last in both directions, as Elasticsearch
// sorts missing values by default; ties keep the input order. Case-insensitive fields sort by
// their lower-cased value, dates by time. A field holding several values sorts by its smallest
// value ascending and its largest descending (Elasticsearch's default sort mode). The offline
// cache also sorts on metadata paths (parseCacheSort), with the same rules; values of different
// types order numbers, then text, then booleans.
import type { User } from '../auth0.ts';
import { PROFILE_FIELDS, resolveField, type MetadataRoot, type ProfileField } from './fields.ts';
import { profileReader, type Indexed, type Scalar } from './field-readers.ts';

/** A `sort` Auth0 would refuse; the message says what to write instead. */
export class SortError extends Error {
  override name = 'SortError';
}

export interface SortSpec {
  field: ProfileField;
  direction: 1 | -1;
}

export type CacheSortTarget =
  { type: 'profile'; field: ProfileField } | { type: 'metadata'; root: MetadataRoot; path: readonly string[] };

export interface CacheSortSpec {
  /** The field as written (`app_metadata.plan`). */
  name: string;
  target: CacheSortTarget;
  direction: 1 | -1;
}

// Auth0's OpenAPI document gives `sort` this pattern; the message copies the shape of its query
// validation errors (FACTS.md, invalid_query_string).
const SORT_PATTERN = /^(([a-zA-Z0-9_.]+)):(1|-1)$/;
const SORT_PATTERN_TEXT = '^(([a-zA-Z0-9_\\.]+))\\:(1|-1)$';
const SORT_DESCRIPTION =
  'Field to sort by. Use field:order where order is 1 for ascending and -1 for descending. e.g. created_at:1';

function splitSort(sort: string): { name: string; direction: 1 | -1 } {
  const match = SORT_PATTERN.exec(sort);
  if (!match) {
    throw new SortError(
      `Query validation error: 'String does not match pattern ${SORT_PATTERN_TEXT}' on property sort (${SORT_DESCRIPTION}).`,
    );
  }
  return { name: match[2] as string, direction: match[3] === '1' ? 1 : -1 };
}

/** Auth0's rules: profile fields only. Throws SortError. */
export function parseSort(sort: string): SortSpec {
  const { name, direction } = splitSort(sort);
  // The wording of these two refusals is ours: Auth0 documents that metadata cannot be sorted on,
  // not what it answers.
  if (/^(app|user)_metadata(\.|$)/.test(name)) {
    throw new SortError(`Sorting by app_metadata or user_metadata is not supported: ${name}`);
  }
  const field = PROFILE_FIELDS.get(name);
  if (!field?.sortable) throw new SortError(`Cannot sort by ${name}: sort by a profile field such as created_at`);
  return { field, direction };
}

/** The cache's rules: Auth0's, plus any metadata path below a root. Throws SortError. */
export function parseCacheSort(sort: string): CacheSortSpec {
  const { name, direction } = splitSort(sort);
  const resolved = resolveField(name);
  if (resolved.type === 'metadata') {
    if (resolved.path.length === 0) {
      throw new SortError(`Cannot sort by ${name}, an object: sort by one of its fields, for example ${name}.plan`);
    }
    return { name, direction, target: { type: 'metadata', root: resolved.root, path: resolved.path } };
  }
  return { name, direction, target: { type: 'profile', field: parseSort(sort).field } };
}

/** A sorted copy. */
export function sortUsers(users: readonly User[], sort: string | SortSpec): User[] {
  const spec = typeof sort === 'string' ? parseSort(sort) : sort;
  const keys = users.map(profileReader(spec.field, {}).read);
  return sortRows(
    users.map((_, row) => row),
    keys,
    spec.direction,
  ).map((row) => users[row] as User);
}

/** How two values order; compareScalars unless said otherwise. */
export type ScalarOrder = (left: Scalar, right: Scalar) => number;

/** The value a user sorts by: the smallest of several ascending, the largest descending. */
export function sortKey(value: Indexed, direction: 1 | -1, compare: ScalarOrder = compareScalars): Scalar | undefined {
  if (!Array.isArray(value)) return value;
  let best: Scalar | undefined;
  for (const element of value) {
    if (best === undefined || compare(element, best) * direction < 0) best = element;
  }
  return best;
}

const TYPE_RANK = { number: 0, string: 1, boolean: 2 } as Record<string, number>;

/** Numbers, then text (by UTF-16 code units), then false before true. */
export function compareScalars(left: Scalar, right: Scalar): number {
  const rank = (TYPE_RANK[typeof left] as number) - (TYPE_RANK[typeof right] as number);
  if (rank !== 0) return rank;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Sorts row numbers in place by `keys[row]`; missing keys last, ties by row. */
export function sortRows(
  rows: number[],
  keys: readonly Indexed[],
  direction: 1 | -1,
  compare: ScalarOrder = compareScalars,
): number[] {
  const sortKeys = keys.map((value) => sortKey(value, direction, compare));
  return rows.sort((a, b) => {
    const left = sortKeys[a];
    const right = sortKeys[b];
    if (left === undefined || right === undefined) {
      if (left === right) return a - b;
      return left === undefined ? 1 : -1;
    }
    return compare(left, right) * direction || a - b;
  });
}
