// The sync, cache and connectivity channels (issue 8): thin, each a call into SyncService. A
// sync's progress events carry the id of the call that started it (context.callId), and
// cancelling that call (context.signal) stops the sync with the previous cache intact.
import type { SyncService } from '../sync/sync-service.ts';
import type { Handlers } from './router.ts';

export type SyncChannel = Extract<
  keyof Handlers,
  `sync:${string}` | 'cache:forget' | 'cache:metadata-paths' | 'connectivity:set-offline'
>;

export function createSyncHandlers(sync: SyncService): Pick<Handlers, SyncChannel> {
  return {
    'sync:start': ({ tenantId }, { signal, callId }) => sync.full(tenantId, callId, signal),
    'sync:incremental': ({ tenantId }, { signal, callId }) => sync.incremental(tenantId, callId, signal),
    'sync:status': ({ tenantId, opened }) => sync.status(tenantId, opened ?? false),
    'sync:settings': ({ tenantId, settings }) => sync.settings(tenantId, settings),
    'cache:forget': ({ tenantId }) => sync.forget(tenantId),
    'cache:metadata-paths': ({ tenantId }) => sync.metadataPaths(tenantId),
    'connectivity:set-offline': ({ tenantId, offline }) => sync.setOffline(tenantId, offline),
  };
}
