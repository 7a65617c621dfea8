// The change history channels (issue 10): the list for the Changes panel, and undo.
import { undoChange } from '../history/undo-change.ts';
import type { HistoryService } from '../history/history-service.ts';
import type { UsersService } from '../users/users-service.ts';
import type { Handlers } from './router.ts';

export function createHistoryHandlers(
  history: HistoryService,
  users: UsersService,
): Pick<Handlers, 'history:list' | 'history:undo'> {
  return {
    'history:list': (args) => history.list(args),
    'history:undo': (args, { signal }) => undoChange({ history, users }, args, signal),
  };
}
