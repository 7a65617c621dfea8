// The renderer is served from app://roster/, never file:// (Electron security checklist 18):
// a file:// page could read any file, and it would share an origin with every other file.
import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { Protocol } from 'electron';
import { avatarImageSources } from '../../common/pictures.ts';

export const APP_SCHEME = 'app';
export const APP_HOST = 'roster';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/** What the served pages' policy depends on, read as each response is made. */
export interface AppPageOptions {
  /** True while some tenant has "Load all pictures" on (TenantService.anyLoadsAllPictures). */
  loadAllPictures: () => boolean;
}

/**
 * No inline or remote script, no network from the page at all (all requests go through main),
 * nothing framed. Images only from the known avatar hosts (common/pictures.ts, the rule the
 * renderer applies to each picture), so that a picture the renderer's rule would refuse cannot
 * load even if the renderer were wrong, and so that a Gravatar redirect cannot leave the list.
 * While some tenant has "Load all pictures" on, the page served allows any https image: a
 * policy is fixed per document, so main reloads the window when that changes (main/index.ts) and
 * the per-tenant choice is the renderer's rule.
 */
export function contentSecurityPolicy(options: { loadAllPictures: boolean }): string {
  const images = options.loadAllPictures ? ['https:'] : avatarImageSources();
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data: ${images.join(' ')}`,
    "font-src 'self'",
    "connect-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The policy of a window where no tenant loads all pictures. */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy({ loadAllPictures: false });

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** Must run before the app is ready: app:// is a standard, secure scheme. */
export function registerAppScheme(protocol: Protocol): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** True for a URL of the app's own pages. Node's URL gives custom schemes the origin "null". */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/**
 * Maps a request URL to a file under root, or null when it would leave root (`..`, encoded
 * slashes or backslashes, another host).
 */
export function resolveAppPath(root: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\') || pathname.split('/').includes('..')) return null;
  const base = resolve(root);
  const file = resolve(base, `.${pathname === '/' ? '/index.html' : pathname}`);
  return file.startsWith(base + sep) ? file : null;
}

export async function serveAppRequest(
  root: string,
  request: Request,
  options: AppPageOptions = { loadAllPictures: () => false },
): Promise<Response> {
  const headers = {
    'Content-Security-Policy': contentSecurityPolicy({ loadAllPictures: options.loadAllPictures() }),
    'X-Content-Type-Options': 'nosniff',
  };
  if (request.method !== 'GET') return new Response('Method not allowed', { status: 405, headers });
  const file = resolveAppPath(root, request.url);
  if (!file) return new Response('Not found', { status: 404, headers });
  try {
    const body = await readFile(file);
    const type = MIME_TYPES[extname(file)] ?? 'application/octet-stream';
    return new Response(new Uint8Array(body), { status: 200, headers: { ...headers, 'Content-Type': type } });
  } catch {
    return new Response('Not found', { status: 404, headers });
  }
}

export function handleAppProtocol(protocol: Protocol, root: string, options: AppPageOptions): void {
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(root, request, options));
}
