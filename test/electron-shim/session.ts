/** What Electron passes a permission handler about the frame that asks. */
export interface PermissionDetails {
  requestingUrl: string;
  isMainFrame: boolean;
}

type PermissionRequestHandler = (
  contents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details: PermissionDetails,
) => void;
type PermissionCheckHandler = (
  contents: unknown,
  permission: string,
  requestingOrigin: string,
  details: PermissionDetails,
) => boolean;

/** Electron's session.defaultSession: records the handlers main installs, so tests can ask them. */
export const sessionShim = {
  permissionRequestHandler: null as PermissionRequestHandler | null,
  permissionCheckHandler: null as PermissionCheckHandler | null,
  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.permissionRequestHandler = handler;
  },
  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    this.permissionCheckHandler = handler;
  },
  /** What main answers to a frame that asks for a permission (Electron grants all by default). */
  requestPermission(permission: string, details: PermissionDetails): Promise<boolean> {
    const handler = this.permissionRequestHandler;
    if (!handler) return Promise.resolve(true);
    return new Promise((resolve) => handler(null, permission, resolve, details));
  },
  /** What main answers when Chromium checks a permission before asking (granted by default). */
  checkPermission(permission: string, details: PermissionDetails): boolean {
    const handler = this.permissionCheckHandler;
    if (!handler) return true;
    let origin = '';
    try {
      origin = new URL(details.requestingUrl).origin;
    } catch {
      // No URL: no origin, as Electron gives an empty one.
    }
    return handler(null, permission, origin, details);
  },
};
