import { createHash } from 'node:crypto';

/** Auth0's default picture: Gravatar of the email, falling back to an initials avatar on Auth0's CDN. */
export function defaultPicture(email: string | undefined, name: string): string {
  const initials = initialsOf(name);
  const fallback = `https%3A%2F%2Fcdn.auth0.com%2Favatars%2F${initials}.png`;
  if (email === undefined) return `https://cdn.auth0.com/avatars/${initials}.png`;
  const hash = createHash('md5').update(email.trim().toLowerCase()).digest('hex');
  return `https://s.gravatar.com/avatar/${hash}?s=480&r=pg&d=${fallback}`;
}

function initialsOf(name: string): string {
  const letters = name
    .split(/[\s@._-]+/)
    .filter((part) => /^[a-z]/i.test(part))
    .map((part) => part[0]?.toLowerCase())
    .join('');
  return (letters.slice(0, 2) || 'u').padEnd(1, 'u');
}

export function localPart(email: string): string {
  return email.split('@')[0] ?? email;
}

/** ISO 8601 with milliseconds, as Auth0 writes dates. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString();
}
