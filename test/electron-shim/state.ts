// What the pieces of the shim share: the one Chromium, the protocol handlers, fake outside
// sites for tests, and what the app asked of the shell.
import type { Browser } from 'playwright-core';
import { launchChromium } from './chromium.ts';
import { IpcMainShim } from './ipc-main.ts';
import { ProtocolShim } from './protocol.ts';

export interface FakeResponse {
  status?: number;
  contentType?: string;
  headers?: Record<string, string>;
  body: string;
}

export const shared = {
  ipcMain: new IpcMainShim(),
  protocol: new ProtocolShim(),
  fakeSites: new Map<string, (url: string) => FakeResponse>(),
  openedExternal: [] as string[],
  /** Paths the next save dialogs answer with, in order (tests push them). */
  savePaths: [] as string[],
  /** Every response a protocol handler gave, as the browser received it. */
  servedResponses: [] as { url: string; status: number; headers: Record<string, string> }[],
  browser: null as Promise<Browser> | null,
};

export function browser(): Promise<Browser> {
  shared.browser ??= launchChromium();
  return shared.browser;
}

export class ShimEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}
