// A stand-in for the `electron` module, good enough to run Roster's real main, preload and
// renderer where the Electron binary cannot be had: BrowserWindow is a Chromium page driven by
// playwright-core, the preload runs as an init script with contextBridge and ipcRenderer
// stand-ins, ipcMain is reached through an exposed binding, protocol.handle serves app://
// through request routing, and webContents.send reaches the page. Where Electron behaves in a
// particular way (arguments cloned, invoke rejecting on a thrown error, the sender frame's URL),
// the shim follows Electron. `__shim` is for tests only; main never touches it.
import { appShim } from './app.ts';
import { BrowserWindowShim } from './browser-window.ts';
import { sessionShim } from './session.ts';
import { shared, type FakeResponse } from './state.ts';

export const app = appShim;
export const BrowserWindow = BrowserWindowShim;
export const ipcMain = shared.ipcMain;
export const protocol = shared.protocol;
export const session = { defaultSession: sessionShim };

/** The save dialog answers with the paths tests queue in `shared.savePaths` (cancelled when empty). */
export const dialog = {
  async showSaveDialog(..._args: unknown[]): Promise<{ canceled: boolean; filePath?: string }> {
    const filePath = shared.savePaths.shift();
    return filePath ? { canceled: false, filePath } : { canceled: true };
  },
};

export const shell = {
  async openExternal(url: string): Promise<void> {
    shared.openedExternal.push(url);
  },
};

let applicationMenu: unknown = null;
export const Menu = {
  buildFromTemplate(template: unknown[]) {
    return { items: template };
  },
  setApplicationMenu(menu: unknown) {
    applicationMenu = menu;
  },
  getApplicationMenu() {
    return applicationMenu;
  },
};

export const nativeTheme = {
  themeSource: 'system' as 'system' | 'light' | 'dark',
  get shouldUseDarkColors() {
    return appShim.colorScheme === 'dark';
  },
  on() {
    return nativeTheme;
  },
};

export const __shim = {
  app: appShim,
  /** Queue the path the next save dialog answers with (none queued: the admin cancels). */
  savePaths: shared.savePaths,
  /** The first window once its page has loaded. */
  async firstWindow(timeoutMs = 20_000): Promise<BrowserWindowShim> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [window] = BrowserWindowShim.getAllWindows();
      if (window) {
        await window.ready;
        const page = window.page;
        await page.waitForLoadState('load');
        if (page.url() !== 'about:blank') return window;
      }
      if (Date.now() > deadline) throw new Error('No window loaded in time');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  },
  /** Serves a fake outside site at that origin (the test machine has no network). */
  fakeSite(origin: string, respond: (url: string) => FakeResponse): void {
    shared.fakeSites.set(origin, respond);
  },
  openedExternal: shared.openedExternal,
  servedResponses: shared.servedResponses,
  session: sessionShim,
  quit: () => appShim.quitAndWait(),
};
