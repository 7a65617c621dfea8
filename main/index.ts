// The main process: app lifecycle, the app:// protocol, the IPC router and the one window.
import { join } from 'node:path';
import * as nodeFs from 'node:fs/promises';
import { app, BrowserWindow, dialog, Menu, nativeTheme, protocol, session } from 'electron';
import type { AppSettings, ThemeChoice } from '../common/settings.ts';
import { AppSettingsService } from './app/app-settings.ts';
import { hardenApp, hardenSession, refuseDebuggingSwitches } from './app/harden.ts';
import { readEnvironment } from './app/environment.ts';
import { buildMenu } from './app/menu.ts';
import { APP_ENTRY, handleAppProtocol, registerAppScheme } from './app/protocol.ts';
import { createMainWindow } from './app/window.ts';
import { sendEvent } from './ipc/events.ts';
import { createHandlers } from './ipc/handlers.ts';
import { installIpc } from './ipc/install.ts';
import type { IpcRouter } from './ipc/router.ts';
import { createFileLogSink } from './log-file.ts';
import { createLogger } from './log.ts';
import { createServices, type Services } from './services.ts';
import { createKeytarKeychain, keychainServiceName } from './tenants/keychain.ts';

// First of all: a packaged Roster started with a debugging switch stops here, before it reads
// its environment, opens a window or loads a tenant (process.exit does not return).
refuseDebuggingSwitches({
  isPackaged: app.isPackaged,
  argv: process.argv,
  report: (message) => {
    process.stderr.write(`${message}\n`);
    dialog.showErrorBox('Roster cannot start', message);
  },
  exit: (code) => process.exit(code),
});

const here = import.meta.dirname;
const environment = readEnvironment(app.isPackaged, process.env);
const { devServerUrl } = environment;

// Before ready: the scheme's privileges, the sandbox for every renderer, the data folder.
registerAppScheme(protocol);
app.enableSandbox();
if (environment.userDataDir) app.setPath('userData', environment.userDataDir);
const toStderr = (line: string) => process.stderr.write(`${line}\n`);
const log = createLogger(createFileLogSink(app.getPath('userData'), toStderr).sink, {}, environment.logLevel);
hardenApp(app, log);

let router: IpcRouter | undefined;
let services: Services | undefined;

/**
 * Development and the e2e suite only: a known control secret for the demo emulator, so a test can
 * mint its users' tokens (POST /__emulator/user-tokens) for the token inspector. The installed
 * app never takes it, and the control endpoints answer loopback peers only anyway.
 */
function openMainWindow(): BrowserWindow {
  return createMainWindow({ preloadPath: join(here, '../preload/index.cjs'), url: devServerUrl ?? APP_ENTRY });
}

async function start(): Promise<void> {
  // The page's CSP allows any https image only while some tenant loads all pictures
  // (main/app/protocol.ts). A policy is fixed per page: when a tenant change turns that over,
  // the windows reload with the new one.
  const loadAllPictures = () => services?.tenants.anyLoadsAllPictures() ?? false;
  let servedLoadingAllPictures = false;
  handleAppProtocol(protocol, join(here, '../renderer'), {
    loadAllPictures: () => (servedLoadingAllPictures = loadAllPictures()),
  });
  hardenSession(session.defaultSession);
  services = await createServices({
    userDataDir: app.getPath('userData'),
    keychain: createKeytarKeychain(),
    keychainService: keychainServiceName(app.isPackaged, environment.keychainService),
    log,
    emit: (event, payload) => {
      for (const window of BrowserWindow.getAllWindows()) sendEvent(window.webContents, event, payload);
      if (event === 'tenants:changed' && loadAllPictures() !== servedLoadingAllPictures) {
        servedLoadingAllPictures = loadAllPictures();
        for (const window of BrowserWindow.getAllWindows()) window.webContents.reload();
      }
    },
    // The demo tenant: the emulator in this process, on 127.0.0.1, on a free port. Loaded only
    // when the demo runs, so that its seeding libraries stay out of every other start-up.
    startDemoEmulator: async (options) =>
      (await import('../emulator/index.ts')).startEmulator({
        ...options,
        ...(environment.demoControlSecret ? { controlSecret: environment.demoControlSecret } : {}),
      }),
  });
  servedLoadingAllPictures = loadAllPictures();
  const { tenants, users, reads, tokens, sync, history } = services;
  // The theme before the window: its background and native parts (menus, scroll bars, dialogs)
  // follow nativeTheme.themeSource, and the menu shows the choice.
  const setTheme = (theme: ThemeChoice) =>
    void settings.set({ theme }).catch((error: unknown) => log.error('settings not saved', { error }));
  const applySettings = (applied: AppSettings) => {
    nativeTheme.themeSource = applied.theme;
    Menu.setApplicationMenu(
      buildMenu({
        isMac: process.platform === 'darwin',
        isDev: !app.isPackaged,
        theme: applied.theme,
        setTheme,
        send: (command) => {
          const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
          if (window) sendEvent(window.webContents, 'menu:command', { command });
        },
      }),
    );
    for (const window of BrowserWindow.getAllWindows()) sendEvent(window.webContents, 'settings:changed', applied);
  };
  const settings = new AppSettingsService({
    userDataDir: app.getPath('userData'),
    fs: nodeFs,
    log: log.child({ area: 'settings' }),
    onchange: applySettings,
  });
  await settings.load();
  router = installIpc({
    handlers: createHandlers({ app, tenants, users, reads, tokens, sync, history, settings }),
    devServerUrl,
    log: log.child({ area: 'ipc' }),
  });
  openMainWindow();
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openMainWindow();
  });
  // Services write on the way out (the demo tenant's data): hold the quit until they are done,
  // or for a few seconds at most, then quit for real.
  let disposed = false;
  app.on('will-quit', (event) => {
    if (disposed) return;
    event.preventDefault();
    disposed = true;
    router?.dispose();
    const timeout = new Promise((resolve) => setTimeout(resolve, 5_000));
    void Promise.race([services?.dispose(), timeout])
      .catch((error: unknown) => log.error('shutting down failed', { error }))
      .finally(() => app.quit());
  });
  app.whenReady().then(start, (error: unknown) => {
    log.error('start-up failed', { error });
    app.exit(1);
  });
}
