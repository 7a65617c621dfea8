// The one audited way out of the app to the user's browser (Electron security checklist 15:
// never pass untrusted input to shell.openExternal). Only https URLs on Auth0's own sites.
import { shell } from 'electron';

const ALLOWED_HOSTS = ['auth0.com', 'manage.auth0.com', 'community.auth0.com', 'status.auth0.com', 'support.auth0.com'];

export function isAllowedExternalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password || parsed.port) return false;
  return ALLOWED_HOSTS.includes(parsed.hostname);
}

/** Opens an allowed URL in the default browser; returns false (and opens nothing) otherwise. */
export async function safeOpenExternal(url: string): Promise<boolean> {
  if (!isAllowedExternalUrl(url)) return false;
  await shell.openExternal(new URL(url).toString());
  return true;
}
