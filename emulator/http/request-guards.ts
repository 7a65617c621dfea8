// Who may talk to the emulator, and how. It runs inside Roster's main process (the demo tenant)
// and on developers' machines, so a web page the user visits must not drive it: a page on another
// name that resolves to 127.0.0.1 (DNS rebinding) is refused by its Host header, and the control
// endpoints, which change the emulator's behaviour and mint tokens, answer only at their one
// canonical path, to a loopback peer that sends the instance's secret, with a JSON body.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

export const CONTROL_PREFIX = '/__emulator/';
export const CONTROL_SECRET_HEADER = 'x-emulator-control-secret';
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function hostnameOf(host: string): string | null {
  try {
    return new URL(`http://${host}`).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return null;
  }
}

/**
 * An IP literal or `localhost` cannot be a rebound name; any other name must be the emulator's
 * own (the host it was started on, or its tenant domain).
 */
export function isOwnHost(hostHeader: string | undefined, ownHosts: readonly string[]): boolean {
  if (!hostHeader) return false;
  const hostname = hostnameOf(hostHeader);
  if (hostname === null) return false;
  if (isIP(hostname) !== 0 || hostname === 'localhost') return true;
  return ownHosts.some((own) => hostnameOf(own) === hostname);
}

/** Any path that names the control area, whatever prefix or doubled slashes it carries. */
export function touchesControl(pathname: string): boolean {
  return pathname.split('/').some((segment) => segment.toLowerCase().includes('__emulator'));
}

/** The only form a control request may take: `/__emulator/<name>`, exactly. */
export function isCanonicalControlPath(pathname: string): boolean {
  return /^\/__emulator\/[a-z-]+$/.test(pathname);
}

export function isControlPeer(request: IncomingMessage, secret: string): boolean {
  if (!LOOPBACK.has(request.socket.remoteAddress ?? '')) return false;
  const given = Buffer.from(String(request.headers[CONTROL_SECRET_HEADER] ?? ''));
  const expected = Buffer.from(secret);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A body-carrying control request must say it is JSON (no form or text/plain from a page). */
export function hasJsonBody(request: IncomingMessage): boolean {
  const method = request.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') return true;
  const type = String(request.headers['content-type'] ?? '')
    .split(';')[0]
    ?.trim()
    .toLowerCase();
  return type === 'application/json';
}

const LOOPBACK_BIND_ADDRESSES = new Set(['127.0.0.1', '::1', 'localhost']);

/** Said loudly: beyond loopback, anyone on the network can read the tenant's users and get tokens. */
export function exposureWarning(host: string | undefined): string | null {
  if (host === undefined || LOOPBACK_BIND_ADDRESSES.has(host) || host.startsWith('127.')) return null;
  const line = '!'.repeat(78);
  return [
    line,
    `WARNING: --host ${host} makes this emulator reachable beyond this machine.`,
    'Anyone who can reach it can read its users and, with the client secrets printed above, change them.',
    'Its HTTP is unencrypted. Bind to 127.0.0.1 (the default) unless you mean to share it.',
    line,
    '',
  ].join('\n');
}
