// Electron security checklist, applied to every web contents and the default session:
// no navigation away from the app (13), no new windows (14), no <webview> (12), every
// permission request denied (5).
import type { App, Session, WebContents } from 'electron';
import type { Logger } from '../log.ts';
import { safeOpenExternal } from './open-external.ts';

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

export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

export function hardenApp(app: App, log: Logger): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, log));
}
