// Chromium cannot load a custom scheme registered by Electron, so the shim serves `app://host/`
// pages from `https://host.app.electron-shim.test/` and maps every URL main can see back, so
// that main's checks (sender frame, navigation) see what they would see under Electron.

const SUFFIX = '.electron-shim.test';

export function toBrowserUrl(url: string, customSchemes: ReadonlySet<string>): string {
  const parsed = new URL(url);
  const scheme = parsed.protocol.slice(0, -1);
  if (!customSchemes.has(scheme)) return url;
  return `https://${parsed.host}.${scheme}${SUFFIX}${parsed.pathname}${parsed.search}${parsed.hash}`;
}

/** The Electron-side URL of a browser URL (unchanged for ordinary URLs). */
export function toElectronUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (!parsed.hostname.endsWith(SUFFIX)) return url;
  const labels = parsed.hostname.slice(0, -SUFFIX.length).split('.');
  const scheme = labels.pop();
  return `${scheme}://${labels.join('.')}${parsed.pathname}${parsed.search}${parsed.hash}`;
}

export function customSchemeOf(url: string): string | null {
  const electronUrl = toElectronUrl(url);
  return electronUrl === url ? null : electronUrl.slice(0, electronUrl.indexOf(':'));
}
