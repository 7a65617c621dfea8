// The `sort` parameter of GET /api/v2/users: `field:1` ascending, `field:-1` descending, not on
// metadata (FACTS.md). Users without the field come last in both directions, as Elasticsearch
// sorts missing values by default; ties keep the input order.
import type { User } from '../../common/auth0.ts';
import { PROFILE_FIELDS, type ProfileField } from '../../common/query/index.ts';
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
  if (name === 'app_metadata' || name === 'user_metadata' || /^(app|user)_metadata\./.test(name)) {
    throw new QueryError(`Sorting by app_metadata or user_metadata is not supported: ${name}`);
  }
  const field = PROFILE_FIELDS.get(name);
  if (!field?.sortable) throw new QueryError(`Cannot sort by ${name}: sort by a profile field such as created_at`);
  return { field, direction };
}

type SortKey = string | number | null;

export function sortUsers(users: readonly User[], sort: string | SortSpec): User[] {
  const spec = typeof sort === 'string' ? parseSort(sort) : sort;
  const keyOf = sortKey(spec.field);
  const keys = users.map(keyOf);
  const order = users.map((_, index) => index);
  order.sort((a, b) => {
    const left = keys[a] as SortKey;
    const right = keys[b] as SortKey;
    if (left === right) return a - b;
    if (left === null) return 1;
    if (right === null) return -1;
    return (left < right ? -1 : 1) * spec.direction;
  });
  return order.map((index) => users[index] as User);
}

function sortKey(field: ProfileField): (user: User) => SortKey {
  const { name } = field;
  switch (field.kind) {
    case 'text':
      return (user) => {
        const value = user[name];
        if (typeof value !== 'string') return null;
        return field.caseInsensitive ? value.toLowerCase() : value;
      };
    case 'date':
      return (user) => {
        const value = user[name];
        const time = typeof value === 'string' ? Date.parse(value) : NaN;
        return Number.isNaN(time) ? null : time;
      };
    case 'number':
      return (user) => (typeof user[name] === 'number' ? (user[name] as number) : null);
    case 'boolean':
      return (user) => (typeof user[name] === 'boolean' ? Number(user[name]) : null);
  }
}
