// Which user fields Auth0 v3 search knows, and how it compares them (../shared/auth0/FACTS.md,
// GET /api/v2/users, and Auth0's "User Search Query Syntax" page). The one place these rules live:
// the checker, the emulator's evaluator and the offline cache's SQL all read them from here.

export type FieldKind = 'text' | 'number' | 'boolean' | 'date';

export interface ProfileField {
  name: string;
  kind: FieldKind;
  /** Auth0 lower-cases the normalized fields email, name, given_name, family_name, nickname. */
  caseInsensitive: boolean;
  /** Searched by a bare term (one without `field:`). */
  bare: boolean;
  /** Accepted by the `sort` parameter. */
  sortable: boolean;
}

function field(
  name: string,
  kind: FieldKind,
  options: Partial<Omit<ProfileField, 'name' | 'kind'>> = {},
): ProfileField {
  return { name, kind, caseInsensitive: false, bare: false, sortable: true, ...options };
}

/**
 * A bare term searches the identifying text fields of the normalized profile. Auth0 documents only
 * that it does not search user_metadata; we also leave out app_metadata (the older wording of the
 * same page said "app_metadata/user_metadata"), dates, numbers, booleans and last_ip.
 */
export const PROFILE_FIELDS: ReadonlyMap<string, ProfileField> = new Map(
  [
    field('user_id', 'text', { bare: true }),
    field('email', 'text', { caseInsensitive: true, bare: true }),
    field('username', 'text', { bare: true }),
    field('name', 'text', { caseInsensitive: true, bare: true }),
    field('given_name', 'text', { caseInsensitive: true, bare: true }),
    field('family_name', 'text', { caseInsensitive: true, bare: true }),
    field('nickname', 'text', { caseInsensitive: true, bare: true }),
    field('phone_number', 'text', { bare: true }),
    field('last_ip', 'text'),
    // FACTS lists only the five normalized fields as case-insensitive, so the domain is compared as
    // stored (Auth0 stores emails lower-cased, which makes this rarely matter).
    field('email.domain', 'text', { sortable: false }),
    field('organization_id', 'text', { sortable: false }),
    field('multifactor', 'text', { sortable: false }),
    field('identities.connection', 'text', { sortable: false }),
    field('identities.provider', 'text', { sortable: false }),
    field('identities.user_id', 'text', { sortable: false }),
    field('identities.isSocial', 'boolean', { sortable: false }),
    field('email_verified', 'boolean'),
    field('phone_verified', 'boolean'),
    field('blocked', 'boolean'),
    field('logins_count', 'number'),
    field('created_at', 'date'),
    field('updated_at', 'date'),
    field('last_login', 'date'),
    field('last_password_reset', 'date'),
  ].map((rule) => [rule.name, rule]),
);

export const BARE_TERM_FIELDS: readonly ProfileField[] = [...PROFILE_FIELDS.values()].filter((rule) => rule.bare);

/** Profile attributes that exist but that Auth0 does not index for search. */
export const UNSEARCHABLE_FIELDS: ReadonlySet<string> = new Set(['picture']);

export type MetadataRoot = 'app_metadata' | 'user_metadata';

export type ResolvedField =
  | { type: 'profile'; rule: ProfileField }
  /** `path` is what follows the root (`['plan', 'tier']`); empty for the whole object. */
  | { type: 'metadata'; root: MetadataRoot; path: readonly string[] }
  | { type: 'unsearchable'; name: string }
  | { type: 'unknown'; name: string; suggestion: string | null };

export function resolveField(name: string): ResolvedField {
  const rule = PROFILE_FIELDS.get(name);
  if (rule) return { type: 'profile', rule };
  const [root, ...path] = name.split('.');
  if (root === 'app_metadata' || root === 'user_metadata') return { type: 'metadata', root, path };
  if (UNSEARCHABLE_FIELDS.has(name)) return { type: 'unsearchable', name };
  return { type: 'unknown', name, suggestion: suggestField(name) };
}

/** The closest known field name, for "did you mean". */
function suggestField(name: string): string | null {
  const candidates = [...PROFILE_FIELDS.keys(), 'app_metadata', 'user_metadata'];
  let best: string | null = null;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const distance = name.toLowerCase() === candidate ? 0 : editDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(substitution, (previous[j] as number) + 1, (current[j - 1] as number) + 1));
    }
    previous = current;
  }
  return previous[b.length] as number;
}
