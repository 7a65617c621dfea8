// How UsersService writes a change history entry (main/history) for each write it makes: the
// outcome too, so a failed write is on record with Auth0's error in words.
import type { FieldChange, HistoryAction } from '../../common/history.ts';
import type { CreateUserBody } from '../../common/users.ts';
import { AppError } from '../errors.ts';
import type { ChangeRecorder } from '../history/history-service.ts';

export interface Recorded {
  action: HistoryAction;
  userLabel?: string | undefined;
  undoOf?: string;
}

function withLabel({
  action,
  userLabel,
  undoOf,
}: Recorded): Pick<Recorded, 'action' | 'undoOf'> & { userLabel?: string } {
  return { action, ...(userLabel ? { userLabel: userLabel.slice(0, 300) } : {}), ...(undoOf ? { undoOf } : {}) };
}

export function recordSuccess(
  history: ChangeRecorder | undefined,
  tenantId: string,
  userId: string,
  recorded: Recorded,
  changes: FieldChange[],
  updatedAt?: string,
): void {
  history?.record({
    tenantId,
    userId,
    ...withLabel(recorded),
    changes,
    outcome: { ok: true, ...(updatedAt ? { updatedAt } : {}) },
  });
}

/** Cancelled or unanswered calls may or may not have reached Auth0: recorded all the same, with that outcome. */
export function recordFailure(
  history: ChangeRecorder | undefined,
  tenantId: string,
  userId: string,
  recorded: Recorded,
  changes: FieldChange[],
  error: unknown,
): void {
  const code = error instanceof AppError ? error.code : 'internal';
  const message = error instanceof AppError ? error.message : 'Something went wrong inside Roster.';
  history?.record({
    tenantId,
    userId,
    ...withLabel(recorded),
    changes,
    outcome: { ok: false, code, message: message.slice(0, 2000) },
  });
}

/** A new user's attributes as a change from nothing; the password only as "set". */
export function describeCreate(body: CreateUserBody): FieldChange[] {
  return Object.entries(body).flatMap(([field, value]): FieldChange[] => {
    if (value === undefined || field === 'verify_email') return [];
    if (field === 'password') return [{ field, secret: true }];
    return [{ field, after: value }];
  });
}
