import type { User } from '../../common/auth0.ts';

export interface Projection {
  fields: Set<string> | null;
  include: boolean;
  /** IdP tokens on identities need `read:user_idp_tokens` (FACTS.md, Profile attributes). */
  idpTokens: boolean;
}

const IDP_TOKEN_KEYS = ['access_token', 'access_token_secret', 'refresh_token'];

export function projectionOf(query: Record<string, unknown>, idpTokens: boolean): Projection {
  const raw = typeof query.fields === 'string' ? query.fields : '';
  const names = raw
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  return { fields: names.length > 0 ? new Set(names) : null, include: query.include_fields !== false, idpTokens };
}

/** `fields` + `include_fields` keep or drop top-level attributes; users are copied only when something changes. */
export function projectUser(user: User, projection: Projection): User {
  let out: User = user;
  if (!projection.idpTokens && user.identities?.some((identity) => IDP_TOKEN_KEYS.some((key) => key in identity))) {
    out = {
      ...user,
      identities: user.identities.map((identity) => {
        const copy = { ...identity } as Record<string, unknown>;
        for (const key of IDP_TOKEN_KEYS) delete copy[key];
        return copy as unknown as typeof identity;
      }),
    };
  }
  const { fields, include } = projection;
  if (!fields) return out;
  const picked: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(out)) {
    if (fields.has(key) === include) picked[key] = value;
  }
  return picked as User;
}
