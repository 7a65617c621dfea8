// The local change history (issue 10): every write Roster makes, per tenant, kept by main on
// disk. An entry says when, which user, what changed (before and after; a password only as
// "changed", never its value) and how it ended. Entries are read back through these schemas, so
// one damaged line is skipped, never trusted.
import { z } from 'zod';
import type { JsonValue, User } from './auth0.ts';
import { tenantIdSchema } from './tenant.ts';
import { userIdSchema } from './users.ts';

export const HISTORY_ACTIONS = [
  'update',
  'create',
  'delete',
  'block',
  'unblock',
  'assign-roles',
  'remove-roles',
  'clear-brute-force-blocks',
  'send-verification-email',
  'password-change-ticket',
  'unlink-identity',
  'undo',
] as const;
export type HistoryAction = (typeof HISTORY_ACTIONS)[number];

const jsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(jsonValueSchema),
    z.record(z.string(), jsonValueSchema),
  ]),
);

/**
 * One changed attribute: `name`, `user_metadata.plan` (a top-level metadata key, the unit PATCH
 * merges), `roles`. `before` absent means the attribute did not exist; `after` absent means it
 * was removed. `secret` marks a password: changed, values never kept.
 */
export const fieldChangeSchema = z.strictObject({
  field: z.string().min(1).max(300),
  before: jsonValueSchema.optional(),
  after: jsonValueSchema.optional(),
  secret: z.literal(true).optional(),
});
export type FieldChange = z.output<typeof fieldChangeSchema>;

export const historyEntrySchema = z.strictObject({
  id: z.string().regex(/^chg_[A-Za-z0-9]{16}$/),
  at: z.iso.datetime(),
  tenantId: tenantIdSchema,
  userId: z.string().min(1).max(512),
  /** The user's email or name at the time, for the list. */
  userLabel: z.string().max(300).optional(),
  action: z.enum(HISTORY_ACTIONS),
  changes: z.array(fieldChangeSchema).max(500),
  outcome: z.discriminatedUnion('ok', [
    z.strictObject({ ok: z.literal(true), updatedAt: z.string().max(64).optional() }),
    z.strictObject({ ok: z.literal(false), code: z.string().max(64), message: z.string().max(2000) }),
  ]),
  /** On an undo: the entry it reverted. */
  undoOf: z.string().max(40).optional(),
});
export type HistoryEntry = z.output<typeof historyEntrySchema>;

export const listHistoryArgs = z.strictObject({
  tenantId: tenantIdSchema,
  userId: userIdSchema.optional(),
  limit: z.int().min(1).max(1000).optional(),
});
export type ListHistoryArgs = z.output<typeof listHistoryArgs>;

export const undoChangeArgs = z.strictObject({
  tenantId: tenantIdSchema,
  entryId: z.string().regex(/^chg_[A-Za-z0-9]{16}$/, 'Not a change id.'),
  /** Restore even though the attributes changed again since (the admin saw the conflict). */
  force: z.boolean().optional(),
});
export type UndoChangeArgs = z.output<typeof undoChangeArgs>;

/** An entry as the Changes panel shows it. */
export interface HistoryEntryView extends HistoryEntry {
  /** A root-attribute or metadata change that succeeded: a new PATCH can restore it. */
  undoable: boolean;
  /** The id of the undo that reverted it. */
  undoneBy?: string;
}

export interface UndoResult {
  entry: HistoryEntryView;
  user: User;
}
