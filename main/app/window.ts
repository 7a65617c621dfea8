import { BrowserWindow, nativeTheme } from 'electron';

export interface MainWindowOptions {
  preloadPath: string;
  url: string;
}

/** The one BrowserWindow factory: every window Roster opens has these web preferences. */
export function createMainWindow({ preloadPath, url }: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 880,
    minHeight: 560,
    show: false,
    title: 'Roster',
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#17181c' : '#f7f7f8',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // A middle click would otherwise open a link in a new window (electronegativity AUXCLICK).
      disableBlinkFeatures: 'Auxclick',
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(url);
  return window;
}
