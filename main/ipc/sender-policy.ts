import { isAppUrl } from '../app/protocol.ts';
import type { SenderPolicy } from './router.ts';

/**
 * Only the app's own top-level frame may call main: never an iframe, never a page that got in
 * by navigation. In development the Vite dev server's origin is the app's origin.
 */
export function createSenderPolicy(devServerUrl?: string): SenderPolicy {
  const devOrigin = devServerUrl ? new URL(devServerUrl).origin : null;
  return (frame) => {
    if (frame.parent !== null) return false;
    if (isAppUrl(frame.url)) return true;
    if (!devOrigin) return false;
    try {
      return new URL(frame.url).origin === devOrigin;
    } catch {
      return false;
    }
  };
}
