// `users:export`: the save dialog of the calling window, the list read the same way the list
// reads it, the file written whole by main, and progress to the calling window only.
import * as fs from 'node:fs/promises';
import { chooseExportPath } from '../app/save-dialog.ts';
import { writeFileAtomic } from '../tenants/atomic-write.ts';
import { exportUsers } from '../users/users-export.ts';
import type { UsersService } from '../users/users-service.ts';
import { sendEvent } from './events.ts';
import type { Handlers } from './router.ts';

export function createExportHandlers(users: UsersService): Pick<Handlers, 'users:export'> {
  return {
    'users:export': (args, { signal, sender, callId }) =>
      exportUsers(
        {
          list: ({ format: _format, columns: _columns, ...query }, listSignal) => users.list(query, listSignal),
          choosePath: (format) => chooseExportPath(sender, format, `users-${new Date().toISOString().slice(0, 10)}`),
          write: (path, data) => writeFileAtomic(fs, path, data),
          progress: (written, total) => sendEvent(sender, 'users:export-progress', { callId, written, total }),
        },
        args,
        signal,
      ),
  };
}
