// Electron security checklist, applied to every web contents and the default session:
// no navigation away from the app (13), no new windows (14), no <webview> (12), every
// permission request denied (5) but one: the app's own top-level page may write text to the
// clipboard (Copy IDs, Copy JSON), which Chromium asks as `clipboard-sanitized-write`.
import type { App, Session, WebContents } from 'electron';
import type { Logger } from '../log.ts';
import { commandLineProblem } from './environment.ts';
import { safeOpenExternal } from './open-external.ts';
import { isAppUrl } from './protocol.ts';

export function hardenWebContents(contents: WebContents, log: Logger): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    log.warn('navigation refused', { url });
  });
  contents.on('will-redirect', (event, url) => {
    event.preventDefault();
    log.warn('redirect refused', { url });
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('webview refused');
  });
  contents.setWindowOpenHandler(({ url }) => {
    // A link with target=_blank to Auth0's docs opens in the browser; anything else goes nowhere.
    void safeOpenExternal(url).then((opened) => {
      if (!opened) log.warn('window.open refused', { url });
    });
    return { action: 'deny' };
  });
}

/** Writing to the clipboard; reading it (`clipboard-read`) stays refused. */
const CLIPBOARD_WRITE = 'clipboard-sanitized-write';

/** Whether the app's own page, in its top-level frame, asks to write to the clipboard. */
export function isGrantedPermission(permission: string, url: string, isMainFrame: boolean): boolean {
  return permission === CLIPBOARD_WRITE && isMainFrame && isAppUrl(url);
}

export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(isGrantedPermission(permission, details.requestingUrl, details.isMainFrame)),
  );
  // Chromium checks before it asks: the clipboard write is checked, not requested.
  session.setPermissionCheckHandler((_contents, permission, _origin, details) =>
    isGrantedPermission(permission, details.requestingUrl ?? '', details.isMainFrame),
  );
}

export function hardenApp(app: App, log: Logger): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, log));
}

export interface StartGuard {
  isPackaged: boolean;
  argv: readonly string[];
  /** Tells the person who started Roster why it stopped (stderr and an error box). */
  report(message: string): void;
  exit(code: number): void;
}

/**
 * Electron checklist (debugging): a packaged Roster started with a debugging switch exits before
 * a window, a tenant or a secret is loaded. Called first thing in main (main/index.ts). Returns
 * whether start-up may go on.
 */
export function refuseDebuggingSwitches(guard: StartGuard): boolean {
  const problem = commandLineProblem(guard.isPackaged, guard.argv);
  if (problem === null) return true;
  guard.report(problem);
  guard.exit(1);
  return false;
}
