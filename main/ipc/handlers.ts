// Each channel of the contract, mapped to the service that answers it.
import type { App } from 'electron';
import type { AppSettingsService } from '../app/app-settings.ts';
import { AppError } from '../errors.ts';
import { getAppInfo } from '../app/info.ts';
import { safeOpenExternal } from '../app/open-external.ts';
import type { TenantService } from '../tenants/tenant-service.ts';
import type { TokenInspector } from '../tokens/token-inspector.ts';
import type { SyncService } from '../sync/sync-service.ts';
import type { OnlineReads } from '../users/online-reads.ts';
import type { UsersService } from '../users/users-service.ts';
import type { HistoryService } from '../history/history-service.ts';
import { createHistoryHandlers } from './history-handlers.ts';
import type { Handlers } from './router.ts';
import { createExportHandlers } from './export-handlers.ts';
import { createSettingsHandlers } from './settings-handlers.ts';
import { createSyncHandlers } from './sync-handlers.ts';
import { createTenantHandlers } from './tenant-handlers.ts';
import { createTokenHandlers } from './tokens-handlers.ts';
import { createUserHandlers } from './user-handlers.ts';

export interface HandlerDeps {
  app: App;
  tenants: TenantService;
  users: UsersService;
  reads: OnlineReads;
  tokens: TokenInspector;
  sync: SyncService;
  history: HistoryService;
  settings: AppSettingsService;
}

export function createHandlers({ app, tenants, users, reads, tokens, sync, history, settings }: HandlerDeps): Handlers {
  return {
    ...createTenantHandlers(tenants),
    ...createUserHandlers(users, reads),
    ...createExportHandlers(users),
    ...createTokenHandlers(tokens),
    ...createSyncHandlers(sync),
    ...createHistoryHandlers(history, users),
    ...createSettingsHandlers(settings),
    'app:info': () => getAppInfo(app),
    'app:open-external': async ({ url }) => {
      if (!(await safeOpenExternal(url))) {
        throw new AppError('invalid_argument', 'Roster only opens https links to Auth0’s documentation and dashboard.');
      }
    },
  };
}
