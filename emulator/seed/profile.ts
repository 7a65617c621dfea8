import { createHash } from 'node:crypto';

/**
 * Auth0's default picture: Gravatar of the email, falling back to an initials avatar on Auth0's CDN.
 * REC (TestUserManager_Create, TestJobManager_ImportUsers): created users link s.gravatar.com, imported
 * ones secure.gravatar.com.
 */
export function defaultPicture(email: string | undefined, name: string, gravatarHost = 's.gravatar.com'): string {
  const initials = initialsOf(name);
  const fallback = `https%3A%2F%2Fcdn.auth0.com%2Favatars%2F${initials}.png`;
  if (email === undefined) return `https://cdn.auth0.com/avatars/${initials}.png`;
  const hash = createHash('md5').update(email.trim().toLowerCase()).digest('hex');
  return `https://${gravatarHost}/avatar/${hash}?s=480&r=pg&d=${fallback}`;
}

/**
 * The fallback avatar's letters. REC: a one-word name gives its first two letters ("chuck@example.com"
 * gives "ch", "auzironian@example.com" "au"); a name of several words gives the first letter of the
 * first two words ("Jane Doe" gives "jd"). Not recorded, so the likeliest: digits and symbols are
 * skipped, and a name with no letter (a phone number) gives "u".
 */
export function initialsOf(name: string): string {
  const words = name
    .trim()
    .toLowerCase()
    .split(/\s+/)
    .map((word) => word.replace(/[^a-z]/g, ''))
    .filter(Boolean);
  const [first, second] = words;
  if (!first) return 'u';
  return second ? `${first[0]}${second[0]}` : first.slice(0, 2);
}

export function localPart(email: string): string {
  return email.split('@')[0] ?? email;
}

/** ISO 8601 with milliseconds, as Auth0 writes dates. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString();
}
