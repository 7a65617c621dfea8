// What a user list column shows for a user, shared by the renderer (cells) and main (exports):
// a built-in column (connection, status) or any root field or metadata path.
import type { User } from './auth0.ts';

/** A column: a root field, a metadata path (`app_metadata.plan.tier`), `connection` or `status`. */
export const COLUMN_KEY_PATTERN = /^[A-Za-z0-9_]+(\.[A-Za-z0-9_-]+)*$/;

export function valueAt(user: User, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((current, key) => (current as Record<string, unknown> | undefined)?.[key], user);
}

export function connectionOf(user: User): string {
  return user.identities?.[0]?.connection ?? user.user_id.split('|')[0] ?? '';
}

export function statusOf(user: User): 'blocked' | 'unverified' | 'active' {
  if (user.blocked) return 'blocked';
  if (user.email && !user.email_verified) return 'unverified';
  return 'active';
}

/** The column's value: computed for `connection` and `status`, else the attribute at the path. */
export function columnValue(user: User, key: string): unknown {
  if (key === 'connection') return connectionOf(user);
  if (key === 'status') return statusOf(user);
  return valueAt(user, key);
}

/** The column's value as text ('' when absent; objects and arrays as JSON). */
export function cellText(user: User, key: string): string {
  const value = columnValue(user, key);
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
