// Which users' pictures the window loads (issue 19). A user's `picture` is any URL the end user
// (or an app writing the profile) chose; loading it tells that server the admin's address, when
// they looked and which browser they run. So, as mail clients do, Roster loads pictures only from
// the hosts Auth0 itself fills `picture` with, and shows initials for the rest, unless the admin
// turns on "Load all pictures" for the tenant. The renderer decides with picturePolicy(); main's
// Content-Security-Policy (main/app/protocol.ts) allows the same hosts with avatarImageSources().

/**
 * Where Auth0 points `picture` (Auth0 docs: "Normalized User Profile", "Sample User Profiles",
 * "Change User Pictures"): the Gravatar of the email with Auth0's initials image as Gravatar's
 * fallback, or the social provider's own picture. Microsoft Account, Office 365 / Entra ID and
 * Sign in with Apple hand Auth0 no picture URL: those users get the Gravatar default too (Auth0's
 * samples show secure.gravatar.com with Google's silhouette as the fallback).
 */
export const AVATAR_HOSTS: readonly { host: string; subdomains: boolean; source: string }[] = [
  // s.gravatar.com (created users), secure.gravatar.com (imports, Microsoft), www. and 0-2.
  { host: 'gravatar.com', subdomains: true, source: 'Gravatar' },
  // The initials fallback in Auth0's Gravatar links: cdn.auth0.com/avatars/jd.png.
  { host: 'cdn.auth0.com', subdomains: false, source: 'Auth0' },
  // Google: lh3 to lh6, e.g. https://lh3.googleusercontent.com/a/…=s96-c.
  { host: 'lh3.googleusercontent.com', subdomains: false, source: 'Google' },
  { host: 'lh4.googleusercontent.com', subdomains: false, source: 'Google' },
  { host: 'lh5.googleusercontent.com', subdomains: false, source: 'Google' },
  { host: 'lh6.googleusercontent.com', subdomains: false, source: 'Google' },
  // Google's silhouette: the Gravatar fallback in Auth0's Microsoft and Office 365 profiles.
  { host: 'ssl.gstatic.com', subdomains: false, source: 'Google' },
  // GitHub: avatars.githubusercontent.com/u/{id}?v=4 (avatars0 to 3 in older profiles).
  { host: 'avatars.githubusercontent.com', subdomains: false, source: 'GitHub' },
  { host: 'avatars0.githubusercontent.com', subdomains: false, source: 'GitHub' },
  { host: 'avatars1.githubusercontent.com', subdomains: false, source: 'GitHub' },
  { host: 'avatars2.githubusercontent.com', subdomains: false, source: 'GitHub' },
  { host: 'avatars3.githubusercontent.com', subdomains: false, source: 'GitHub' },
  // Facebook: platform-lookaside.fbsbx.com/platform/profilepic/… now, scontent-*.fbcdn.net before.
  { host: 'platform-lookaside.fbsbx.com', subdomains: false, source: 'Facebook' },
  { host: 'fbcdn.net', subdomains: true, source: 'Facebook' },
  // X (Twitter): uploaded pictures on pbs.twimg.com, the default one on abs.twimg.com.
  { host: 'pbs.twimg.com', subdomains: false, source: 'X' },
  { host: 'abs.twimg.com', subdomains: false, source: 'X' },
  // LinkedIn: media.licdn.com/dms/image/…, media-exp1.licdn.com in older profiles.
  { host: 'licdn.com', subdomains: true, source: 'LinkedIn' },
];

export type PictureVerdict =
  | { load: true; url: string }
  | { load: false; reason: 'none' | 'not_https' }
  | { load: false; reason: 'unknown_host' | 'internal'; host: string };

/** The CSP `img-src` sources of the avatar hosts (a wildcard source matches subdomains only). */
export function avatarImageSources(): string[] {
  return AVATAR_HOSTS.map(({ host, subdomains }) => `https://${subdomains ? '*.' : ''}${host}`);
}

export function isAvatarHost(hostname: string): boolean {
  return AVATAR_HOSTS.some(({ host, subdomains }) => (subdomains ? hostname.endsWith(`.${host}`) : hostname === host));
}

/**
 * Names that are never a public picture host: IP literals (the WHATWG parser has already turned
 * 127.1, 0x7f000001 and the like into dotted quads), one-label intranet names, and the special-use
 * and private-use names. Refused even with "Load all pictures": an image is a GET that the page
 * cannot be stopped from sending to the admin's own network.
 */
function isInternalName(hostname: string): boolean {
  if (hostname.startsWith('[') || /^[0-9.]+$/.test(hostname) || !hostname.includes('.')) return true;
  return /(^|\.)(localhost|local|internal|lan|home\.arpa)$/.test(hostname);
}

/** Gravatar answers a hash with no avatar by redirecting to its `d` URL: that must pass too. */
function gravatarFallback(url: URL): string | null {
  if (!url.hostname.endsWith('.gravatar.com')) return null;
  const fallback = url.searchParams.get('d') ?? url.searchParams.get('default');
  return fallback && /^[a-z][a-z0-9+.-]*:/i.test(fallback) ? fallback : null;
}

/**
 * Whether to load a user's picture: https on the default port, no credentials in the URL, a known
 * avatar host (or, with `loadAll`, any public name), and for Gravatar a fallback that passes too.
 */
export function picturePolicy(picture: string | undefined, options: { loadAll: boolean }): PictureVerdict {
  if (!picture) return { load: false, reason: 'none' };
  let url: URL;
  try {
    url = new URL(picture);
  } catch {
    return { load: false, reason: 'not_https' };
  }
  if (url.protocol !== 'https:' || url.port !== '' || url.username || url.password) {
    return { load: false, reason: 'not_https' };
  }
  const hostname = url.hostname;
  if (isInternalName(hostname) || hostname.endsWith('.')) return { load: false, reason: 'internal', host: hostname };
  if (!options.loadAll && !isAvatarHost(hostname)) return { load: false, reason: 'unknown_host', host: hostname };
  const fallback = gravatarFallback(url);
  if (fallback) {
    const verdict = picturePolicy(fallback, options);
    if (!verdict.load) return verdict;
  }
  return { load: true, url: url.href };
}
