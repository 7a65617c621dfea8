// The `sort` parameter of GET /api/v2/users: `field:1` ascending, `field:-1` descending, not on
// metadata (FACTS.md). Users without the field come last in both directions, as Elasticsearch
// sorts missing values by default; ties keep the input order. Case-insensitive fields sort by
// their lower-cased value, dates by time.
import type { User } from '../../common/auth0.ts';
import { PROFILE_FIELDS, type ProfileField } from '../../common/query/index.ts';
import { profileReader, type Indexed } from './field-readers.ts';
import { QueryError } from './query-error.ts';

export interface SortSpec {
  field: ProfileField;
  direction: 1 | -1;
}

// Auth0's OpenAPI document gives `sort` this pattern; the message copies the shape of its query
// validation errors (FACTS.md, invalid_query_string).
const SORT_PATTERN = /^(([a-zA-Z0-9_.]+)):(1|-1)$/;
const SORT_PATTERN_TEXT = '^(([a-zA-Z0-9_\\.]+))\\:(1|-1)$';
const SORT_DESCRIPTION =
  'Field to sort by. Use field:order where order is 1 for ascending and -1 for descending. e.g. created_at:1';

export function parseSort(sort: string): SortSpec {
  const match = SORT_PATTERN.exec(sort);
  if (!match) {
    throw new QueryError(
      `Query validation error: 'String does not match pattern ${SORT_PATTERN_TEXT}' on property sort (${SORT_DESCRIPTION}).`,
    );
  }
  const name = match[2] as string;
  const direction = match[3] === '1' ? 1 : -1;
  // The wording of these two refusals is ours: Auth0 documents that metadata cannot be sorted on,
  // not what it answers.
  if (/^(app|user)_metadata(\.|$)/.test(name)) {
    throw new QueryError(`Sorting by app_metadata or user_metadata is not supported: ${name}`);
  }
  const field = PROFILE_FIELDS.get(name);
  if (!field?.sortable) throw new QueryError(`Cannot sort by ${name}: sort by a profile field such as created_at`);
  return { field, direction };
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

/** Sorts row numbers in place by `keys[row]`; missing keys last, ties by row. */
export function sortRows(rows: number[], keys: readonly Indexed[], direction: 1 | -1): number[] {
  return rows.sort((a, b) => {
    const left = keys[a];
    const right = keys[b];
    if (left === right) return a - b;
    if (left === undefined) return 1;
    if (right === undefined) return -1;
    return (left < right ? -1 : 1) * direction;
  });
}
