// Undo (issue 10): a new PATCH that restores the recorded `before` values, after the same
// conflict check a save makes: the user is read again, and if a recorded attribute changed on
// the server since, the admin is told what and must confirm (`force`) before it is overwritten.
import type { UndoChangeArgs, UndoResult } from '../../common/history.ts';
import { AppError } from '../errors.ts';
import type { UsersService } from '../users/users-service.ts';
import { driftSince, revertBody } from './change-record.ts';
import type { HistoryService } from './history-service.ts';

const shown = (value: unknown): string => (value === undefined ? '(absent)' : JSON.stringify(value).slice(0, 80));

export async function undoChange(
  deps: { history: HistoryService; users: UsersService },
  { tenantId, entryId, force }: UndoChangeArgs,
  signal?: AbortSignal,
): Promise<UndoResult> {
  const entry = deps.history.get(tenantId, entryId);
  if (!entry) throw new AppError('not_found', 'This change is not in the tenant’s change history.');
  if (entry.undoneBy) throw new AppError('invalid_argument', 'This change was already undone.');
  if (!entry.undoable) {
    throw new AppError(
      'invalid_argument',
      'Only a successful change of root attributes or metadata can be undone (not a password, a role, a deletion or an action).',
    );
  }
  const ref = { tenantId, userId: entry.userId };
  const current = await deps.users.get(ref, signal);
  if (current.origin.source !== 'api') {
    throw new AppError('offline', 'The tenant cannot be reached, so Roster cannot check or undo this change now.');
  }
  const drift = driftSince(entry, current);
  if (drift.length > 0 && !force) {
    const list = drift
      .map((item) => `${item.field} is now ${shown(item.after)} (was ${shown(item.before)})`)
      .join('; ');
    throw new AppError(
      'conflict',
      `Since this change, the user changed on the server: ${list}. Undo anyway to restore the earlier values.`,
    );
  }
  const user = await deps.users.update(ref, revertBody(entry), signal, { undoOf: entry.id });
  const undo = deps.history
    .list({ tenantId, userId: entry.userId, limit: 20 })
    .find((item) => item.undoOf === entry.id);
  if (!undo) throw new AppError('internal', 'The change was undone, but the change history could not record it.');
  return { entry: undo, user };
}
