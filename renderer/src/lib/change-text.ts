// A change history entry's field change in words for the Changes panel (issue 18): role changes
// by name ("Editor → Administrator, Editor"), other values as JSON, a password as set.
import type { FieldChange } from '../../../common/history.ts';
import { shown } from './profile-diff.ts';

function roleList(value: FieldChange['before']): string {
  if (value === undefined) return '(not known)';
  if (!Array.isArray(value)) return shown(value);
  return value.length === 0 ? 'none' : value.map(String).join(', ');
}

/** "before → after" for one recorded field. */
export function changeText(change: FieldChange): string {
  if (change.secret) return 'set (never recorded)';
  if (change.field === 'roles') return `${roleList(change.before)} → ${roleList(change.after)}`;
  // The user's roles could not be read around the write: only what it assigned or removed is known.
  if (change.field === 'roles assigned' || change.field === 'roles removed') return roleList(change.after);
  return `${shown(change.before)} → ${shown(change.after)}`;
}
