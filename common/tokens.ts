// The token inspector (issue 11): what the renderer sends to `tokens:inspect`, what main answers,
// and the rules both sides share (times in words, the profile compared with the token's claims).
import { z } from 'zod';
import type { User } from './auth0.ts';
import { CONTROL_CHARACTERS, tenantIdSchema } from './tenant.ts';

export const TOKEN_VERDICTS = [
  'valid',
  'expired',
  'not_yet_valid',
  'wrong_audience',
  'wrong_issuer',
  'bad_signature',
  'unknown_kid',
  'unsupported_algorithm',
  'malformed',
] as const;
export type TokenVerdict = (typeof TOKEN_VERDICTS)[number];
export type TokenKind = 'access' | 'id';
/** What the inspector took the text for: `unknown` when it is no token at all (`hello world`). */
export type InspectedKind = TokenKind | 'unknown';

/**
 * Whatever was pasted, within reason: main judges it (a token that is not a JWT gets the
 * `malformed` verdict with an explanation, not an argument error). A `Bearer ` prefix is dropped.
 */
export const inspectedTokenSchema = z
  .string()
  .max(16_384, 'A token is at most 16 KB.')
  .transform((value) => value.trim().replace(/^Bearer\s+/i, ''))
  .pipe(
    z
      .string()
      .min(1, 'Paste a token.')
      .refine((value) => !CONTROL_CHARACTERS.test(value), 'The token contains control characters.'),
  );

export const inspectTokenArgs = z.strictObject({
  tenantId: tenantIdSchema,
  token: inspectedTokenSchema,
  /**
   * What the admin expects in `aud`: an API identifier for an access token, the application's
   * client ID for an ID token. Absent: the Management API and /userinfo audiences of this tenant
   * are recognised, and any other audience is reported, not refused.
   */
  expectedAudience: z
    .string()
    .trim()
    .min(1)
    .max(512)
    .refine((value) => !CONTROL_CHARACTERS.test(value), 'The audience contains control characters.')
    .optional(),
  /** Also ask the tenant's legacy POST /tokeninfo (ID tokens only; deprecated by Auth0). */
  tokeninfo: z.boolean().optional(),
});
export type InspectTokenArgs = z.output<typeof inspectTokenArgs>;

/** A claim whose value in the token differs from the user's profile now. */
export interface ProfileDifference {
  field: string;
  inToken: unknown;
  now: unknown;
}

export type TokeninfoAnswer =
  { status: 'ok'; profile: Record<string, unknown> } | { status: 'failed'; message: string; httpStatus?: number };

export interface TokenInspection {
  kind: InspectedKind;
  verdict: TokenVerdict;
  /** One or two sentences for an admin: what the verdict means and what to do. */
  message: string;
  /** The decoded JOSE header and claims (empty when the token could not be decoded). */
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  /** True when Roster checked the signature against the tenant's published keys. */
  signatureVerified: boolean;
  /** When main judged it (ISO 8601), so times in words are relative to the same moment. */
  checkedAt: string;
  /** GET /userinfo, for a valid access token that carries `openid`. */
  userinfo?: Record<string, unknown>;
  /**
   * GET /api/v2/users/{sub}: for an ID token, and for any token whose signature the tenant's keys
   * proved but that /userinfo would not take (expired, not valid yet, another audience, no openid).
   */
  user?: User;
  /** The user's role names now, when the token carries a roles claim. */
  roles?: string[];
  /** Why the profile is missing although the token is valid (a 401 from /userinfo, explained). */
  profileError?: string;
  /** Whether /tokeninfo may be asked (an ID token the tenant could verify). */
  tokeninfoOffered: boolean;
  tokeninfo?: TokeninfoAnswer;
  /** Claims that the profile contradicts: the token is older than the profile. */
  differences: ProfileDifference[];
}

const UNITS: [number, string][] = [
  [86_400_000, 'day'],
  [3_600_000, 'h'],
  [60_000, 'min'],
  [1000, 's'],
];

/** "3 h", "12 min", "2 days": the largest unit that fits, rounded down. */
export function describeDuration(ms: number): string {
  const magnitude = Math.abs(ms);
  for (const [size, unit] of UNITS) {
    if (magnitude >= size || size === 1000) {
      const count = Math.floor(magnitude / size);
      return unit === 'day' ? `${count} ${count === 1 ? 'day' : 'days'}` : `${count} ${unit}`;
    }
  }
  return '0 s';
}

/** "in 3 h" or "3 h ago", relative to `now` (both in milliseconds). */
export function relativeTime(at: number, now: number): string {
  const delta = at - now;
  if (Math.abs(delta) < 1000) return 'now';
  return delta > 0 ? `in ${describeDuration(delta)}` : `${describeDuration(delta)} ago`;
}

/** The time claims of a JWT, in seconds since the epoch. */
export const TIME_CLAIMS = ['exp', 'nbf', 'iat', 'auth_time'] as const;

/**
 * A roles claim, as an Action adds one: `roles`, or a namespaced `https://example.com/roles`
 * (Auth0 requires custom claims to be namespaced).
 */
export function rolesClaim(claims: Record<string, unknown>): { key: string; roles: string[] } | null {
  for (const [key, value] of Object.entries(claims)) {
    if ((key === 'roles' || key.endsWith('/roles')) && Array.isArray(value)) {
      return { key, roles: value.filter((item): item is string => typeof item === 'string') };
    }
  }
  return null;
}

/** Profile claims an ID token or /userinfo carries (OIDC standard claims Auth0 fills). */
export const PROFILE_CLAIMS = [
  'email',
  'email_verified',
  'name',
  'nickname',
  'given_name',
  'family_name',
  'picture',
  'phone_number',
  'updated_at',
];

/**
 * The claims the profile now contradicts. Only keys present on both sides are compared: a claim
 * the token lacks may simply not have been asked for (its scope).
 */
export function compareProfile(
  claims: Record<string, unknown>,
  profile: Record<string, unknown>,
  currentRoles?: string[],
): ProfileDifference[] {
  const differences: ProfileDifference[] = [];
  for (const field of PROFILE_CLAIMS) {
    const inToken = claims[field];
    const now = profile[field];
    if (inToken === undefined || now === undefined) continue;
    if (field === 'updated_at' ? !sameInstant(inToken, now) : inToken !== now) {
      differences.push({ field, inToken, now });
    }
  }
  const roles = rolesClaim(claims);
  if (roles && currentRoles) {
    const before = [...roles.roles].sort();
    const after = [...currentRoles].sort();
    if (before.join('\n') !== after.join('\n')) differences.push({ field: roles.key, inToken: before, now: after });
  }
  return differences;
}

/** `updated_at` is an ISO string in profiles and /userinfo; old ID tokens carried seconds. */
function sameInstant(a: unknown, b: unknown): boolean {
  const toMs = (value: unknown) =>
    typeof value === 'number' ? value * 1000 : typeof value === 'string' ? Date.parse(value) : NaN;
  return toMs(a) === toMs(b);
}
