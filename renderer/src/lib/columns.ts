// The user list's columns: the built-in ones and any root field or metadata path the admin adds.
import type { User } from '../../../common/auth0.ts';
import { PROFILE_FIELDS } from '../../../common/query/index.ts';

export interface ColumnChoice {
  /** 'picture', 'name', 'email' ... or a path such as `app_metadata.plan.tier`. */
  key: string;
  width: number;
}

export interface ColumnInfo {
  key: string;
  label: string;
  /** The `sort` field this column sorts by, or null when it cannot sort at all. */
  sortField: string | null;
  minWidth: number;
}

const BUILT_IN: Record<string, ColumnInfo> = {
  picture: { key: 'picture', label: '', sortField: null, minWidth: 40 },
  name: { key: 'name', label: 'Name', sortField: 'name', minWidth: 84 },
  email: { key: 'email', label: 'Email', sortField: 'email', minWidth: 98 },
  connection: { key: 'connection', label: 'Connection', sortField: null, minWidth: 64 },
  logins_count: { key: 'logins_count', label: 'Logins', sortField: 'logins_count', minWidth: 48 },
  last_login: { key: 'last_login', label: 'Last login', sortField: 'last_login', minWidth: 80 },
  created_at: { key: 'created_at', label: 'Created', sortField: 'created_at', minWidth: 80 },
  status: { key: 'status', label: 'Status', sortField: 'blocked', minWidth: 70 },
};

export const DEFAULT_COLUMNS: readonly ColumnChoice[] = [
  { key: 'picture', width: 48 },
  { key: 'name', width: 190 },
  { key: 'email', width: 230 },
  { key: 'connection', width: 140 },
  { key: 'logins_count', width: 70 },
  { key: 'last_login', width: 110 },
  { key: 'created_at', width: 110 },
  { key: 'status', width: 96 },
];

/** Root fields that make sense as an added column (picture, identities and metadata roots have their own). */
export const ROOT_FIELD_COLUMNS = [...PROFILE_FIELDS.keys()].filter(
  (name) => !name.includes('.') && !(name in BUILT_IN),
);

/**
 * What every row reads whatever the columns: the cells of the built-in columns, the initials and
 * name shown for a user without a picture, and the id and email that selection copies.
 */
const ROW_FIELDS = [
  'user_id',
  'email',
  'email_verified',
  'name',
  'username',
  'phone_number',
  'picture',
  'identities',
  'blocked',
  'logins_count',
  'last_login',
  'created_at',
];

/**
 * The root attributes the list's rows need for these columns (a metadata path needs its whole
 * root): the `fields` of a list read from the offline cache, which then copies to the window only
 * what it shows, not every user's metadata.
 */
export function listFields(columns: readonly ColumnChoice[]): string[] {
  const fields = new Set(ROW_FIELDS);
  for (const { key } of columns) {
    if (key !== 'connection' && key !== 'status') fields.add(key.split('.')[0] as string);
  }
  return [...fields];
}

export function columnInfo(key: string): ColumnInfo {
  return BUILT_IN[key] ?? { key, label: key, sortField: key, minWidth: 60 };
}

/** Auth0 sorts online only on profile fields marked sortable in common/query (FACTS.md: not metadata). */
export function sortsOnline(field: string): boolean {
  return PROFILE_FIELDS.get(field)?.sortable === true;
}

export { cellText, connectionOf, statusOf, valueAt } from '../../../common/user-columns.ts';

export function initialsOf(user: User): string {
  const source = user.name ?? user.email ?? user.username ?? user.user_id;
  const parts = source
    .replace(/@.*/, '')
    .split(/[\s._-]+/)
    .filter(Boolean);
  return ((parts[0]?.[0] ?? '?') + (parts[1]?.[0] ?? '')).toUpperCase();
}

export function displayName(user: User): string {
  return user.name ?? user.email ?? user.username ?? user.phone_number ?? user.user_id;
}

/**
 * A column's grid track: a column at its default width gives way down to its minimum (its text
 * elides) so that a narrow window shows every column; a column the admin resized keeps its width.
 */
export function columnTrack(column: ColumnChoice): string {
  const least = columnLeast(column);
  return least === column.width ? `${least}px` : `minmax(${least}px, ${column.width}px)`;
}

/** The width a column keeps however narrow the table: its minimum, or the width it was dragged to. */
export function columnLeast(column: ColumnChoice): number {
  const atDefault = DEFAULT_COLUMNS.some((built) => built.key === column.key && built.width === column.width);
  return atDefault ? columnInfo(column.key).minWidth : column.width;
}

/** Words for a sort (`last_login:-1`), said in the list's caption: "Last login, newest first". */
export function describeSort(sort: string): string {
  const field = sort.replace(/:-?1$/, '');
  const descending = sort.endsWith(':-1');
  const column = Object.values(BUILT_IN).find((info) => info.sortField === field);
  const label = column?.label ?? field;
  if (field === 'blocked') return `${label}, ${descending ? 'blocked' : 'active'} first`;
  if (/_at$|last_login|_login$/.test(field)) return `${label}, ${descending ? 'newest' : 'oldest'} first`;
  if (field === 'logins_count') return `${label}, ${descending ? 'most' : 'fewest'} first`;
  return `${label}, ${descending ? 'Z to A' : 'A to Z'}`;
}
