// main's services behind the real IPC router, as the renderer reaches them, with the network,
// keychain and events in hand. Used by the exploit tests.
import { IPC_CALL, IPC_CANCEL, type ChannelName } from '../../common/channels.ts';
import type { Result } from '../../common/result.ts';
import type { HttpClient } from '../../main/auth0/http-client.ts';
import { createTenantHandlers } from '../../main/ipc/tenant-handlers.ts';
import { createTokenHandlers } from '../../main/ipc/tokens-handlers.ts';
import { createUserHandlers } from '../../main/ipc/user-handlers.ts';
import { createSyncHandlers } from '../../main/ipc/sync-handlers.ts';
import { createExportHandlers } from '../../main/ipc/export-handlers.ts';
import { createHistoryHandlers } from '../../main/ipc/history-handlers.ts';
import { IpcRouter, type Handlers } from '../../main/ipc/router.ts';
import { createSenderPolicy } from '../../main/ipc/sender-policy.ts';
import type { Logger } from '../../main/log.ts';
import { createServices, type ServicesOptions } from '../../main/services.ts';
import type { Keychain } from '../../main/tenants/keychain.ts';
import { IpcMainShim } from '../electron-shim/ipc-main.ts';

export interface Harness {
  call(channel: ChannelName, args: unknown, requestId?: string): Promise<Result<unknown>>;
  cancel(requestId: string): void;
  events: { event: string; payload: unknown }[];
  dispose(): Promise<void>;
}

export async function startHarness(options: {
  userDataDir: string;
  keychain: Keychain;
  keychainService: string;
  http: HttpClient;
  log: Logger;
  startDemoEmulator?: ServicesOptions['startDemoEmulator'];
}): Promise<Harness> {
  const events: Harness['events'] = [];
  const services = await createServices({
    ...options,
    // As sendEvent does: the payload crosses a structured clone.
    emit: (event, payload) => events.push({ event, payload: structuredClone(payload) }),
  });
  const ipcMain = new IpcMainShim();
  const router = new IpcRouter(ipcMain as never, createSenderPolicy(), options.log);
  router.handleAll({
    ...createTenantHandlers(services.tenants),
    ...createUserHandlers(services.users, services.reads),
    ...createTokenHandlers(services.tokens),
    ...createSyncHandlers(services.sync),
    ...createExportHandlers(services.users),
    ...createHistoryHandlers(services.history, services.users),
  } as Handlers);
  const frame = { url: 'app://roster/index.html', parent: null };
  const sender = { id: 1 };
  let next = 0;
  return {
    events,
    call: (channel, args, requestId = `r${++next}`) =>
      ipcMain.invoke(IPC_CALL, { sender, senderFrame: frame }, [{ channel, args, requestId }]) as Promise<
        Result<unknown>
      >,
    cancel: (requestId) => ipcMain.emit(IPC_CANCEL, { sender }, requestId),
    async dispose() {
      router.dispose();
      await services.dispose();
    },
  };
}
