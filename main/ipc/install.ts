import { ipcMain } from 'electron';
import type { Logger } from '../log.ts';
import { IpcRouter, type Handlers } from './router.ts';
import { createSenderPolicy } from './sender-policy.ts';

/** The one place that hands Electron's ipcMain to the router (lint keeps it here). */
export function installIpc(options: { handlers: Handlers; devServerUrl: string | undefined; log: Logger }): IpcRouter {
  const router = new IpcRouter(ipcMain, createSenderPolicy(options.devServerUrl), options.log);
  router.handleAll(options.handlers);
  return router;
}
