// What a PATCH changed, attribute by attribute, and the PATCH that reverts it. Metadata is
// recorded per top-level key, the unit Auth0's merge works in (FACTS.md), so an undo restores
// only those keys and leaves the ones another admin changed alone.
import type { JsonValue, Metadata, User } from '../../common/auth0.ts';
import type { FieldChange, HistoryEntry } from '../../common/history.ts';
import { jsonEqual } from '../../common/metadata.ts';
import type { UpdateUserBody } from '../../common/users.ts';

/** Body keys that say how to apply a change, not what the user holds. */
const INSTRUCTIONS = new Set(['connection', 'client_id', 'verify_email', 'verify_phone_number']);
/** Attributes PATCH sets at the root, and which an undo may send back. */
export const UNDOABLE_ROOT = new Set([
  'blocked',
  'email_verified',
  'email',
  'phone_number',
  'phone_verified',
  'given_name',
  'family_name',
  'name',
  'nickname',
  'picture',
  'username',
]);
/** Booleans cannot be sent as null: absent reads as false. */
const BOOLEANS = new Set(['blocked', 'email_verified', 'phone_verified']);
const METADATA = ['user_metadata', 'app_metadata'] as const;

function change(field: string, before: unknown, after: unknown): FieldChange {
  const entry: FieldChange = { field };
  if (before !== undefined) entry.before = before as JsonValue;
  if (after !== undefined) entry.after = after as JsonValue;
  return entry;
}

/**
 * The attributes a PATCH body touched, with their values before and after. `after` is the user
 * Auth0 returned, or undefined when the request failed (then the intended values are recorded).
 */
export function describeUpdate(before: User | undefined, after: User | undefined, body: UpdateUserBody): FieldChange[] {
  const changes: FieldChange[] = [];
  const secondary = typeof body.connection === 'string' && before?.identities?.[0]?.connection !== body.connection;
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined || INSTRUCTIONS.has(key)) continue;
    if (key === 'password') {
      changes.push({ field: 'password', secret: true });
      continue;
    }
    if (key === 'user_metadata' || key === 'app_metadata') {
      changes.push(...describeMetadata(key, before?.[key], after, value as Metadata));
      continue;
    }
    if (secondary) {
      // A secondary identity's attribute lives in its profileData; recorded, not undone.
      changes.push(change(`identity ${String(body.connection)}: ${key}`, undefined, value ?? undefined));
      continue;
    }
    changes.push(change(key, before?.[key], after ? after[key] : (value ?? undefined)));
  }
  return changes;
}

function describeMetadata(
  kind: (typeof METADATA)[number],
  before: Metadata | undefined,
  after: User | undefined,
  patch: Metadata,
): FieldChange[] {
  // `{}` clears the whole object: every key that was there is removed.
  const keys = Object.keys(patch).length === 0 ? Object.keys(before ?? {}) : Object.keys(patch);
  return keys.map((key) => {
    const intended = Object.keys(patch).length === 0 ? undefined : (patch[key] ?? undefined);
    const now = after ? after[kind]?.[key] : intended;
    return change(`${kind}.${key}`, before?.[key], now);
  });
}

/** A change history entry holds only attributes an undo can restore. */
export function canUndoChanges(changes: FieldChange[]): boolean {
  return (
    changes.length > 0 &&
    changes.every(
      (item) =>
        !item.secret && (UNDOABLE_ROOT.has(item.field) || METADATA.some((kind) => item.field.startsWith(`${kind}.`))),
    )
  );
}

/** The current value of a recorded field on a user. */
export function valueOf(user: User, field: string): JsonValue | undefined {
  for (const kind of METADATA) {
    if (field.startsWith(`${kind}.`)) return user[kind]?.[field.slice(kind.length + 1)];
  }
  return user[field] as JsonValue | undefined;
}

/** Fields that changed again on the server since the entry was written (its `after` no longer holds). */
export function driftSince(entry: HistoryEntry, current: User): FieldChange[] {
  return entry.changes
    .filter((item) => !jsonEqual(valueOf(current, item.field), item.after))
    .map((item) => change(item.field, item.after, valueOf(current, item.field)));
}

/** The PATCH that puts every recorded field back to its `before`. */
export function revertBody(entry: HistoryEntry): UpdateUserBody {
  const body: Record<string, unknown> = {};
  for (const item of entry.changes) {
    const kind = METADATA.find((candidate) => item.field.startsWith(`${candidate}.`));
    if (kind) {
      const metadata = (body[kind] ?? {}) as Metadata;
      metadata[item.field.slice(kind.length + 1)] = item.before ?? null;
      body[kind] = metadata;
    } else if (BOOLEANS.has(item.field)) {
      body[item.field] = item.before ?? false;
    } else {
      body[item.field] = item.before ?? null;
    }
  }
  return body as UpdateUserBody;
}
