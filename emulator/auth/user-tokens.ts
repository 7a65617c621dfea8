// Tokens a login would give a user, for the token inspector and its tests: an access token and
// an ID token from the tenant's SPA, shaped by UserTokenOptions (expired, another audience or
// issuer, a narrower scope, custom claims).
import type { EmulatorContext } from '../context.ts';
import type { UserTokenOptions } from './tokens.ts';

export type { UserTokenOptions } from './tokens.ts';

export interface UserTokens {
  user_id: string;
  client_id: string;
  access_token: string;
  id_token: string;
  token_type: 'Bearer';
}

/** For `userId` (default: the first user); null when there is no such user. */
export async function mintUserTokens(
  emulator: EmulatorContext,
  userId?: string,
  options: UserTokenOptions = {},
): Promise<UserTokens | null> {
  const user = userId === undefined ? emulator.store.users()[0] : emulator.store.getUser(userId);
  if (!user) return null;
  const spa = emulator.store.meta.clients.find((client) => client.grant_types.includes('authorization_code'));
  const client = spa ?? emulator.store.meta.clients[0];
  const clientId = client?.client_id ?? 'unknown';
  return {
    user_id: user.user_id,
    client_id: clientId,
    access_token: await emulator.tokens.mintUserAccessToken(user, clientId, options),
    id_token: await emulator.tokens.mintIdToken(user, clientId, options, client?.client_secret),
    token_type: 'Bearer',
  };
}

/** The control endpoint's body (snake_case, as the rest of the wire) as options, or a problem. */
export function userTokenOptionsFrom(body: Record<string, unknown>): UserTokenOptions | string {
  const options: UserTokenOptions = {};
  const { expires_in_seconds, audience, issuer, scope, not_before_in_seconds, claims, id_token_algorithm } = body;
  if (id_token_algorithm !== undefined) {
    if (id_token_algorithm !== 'RS256' && id_token_algorithm !== 'HS256')
      return 'id_token_algorithm must be RS256 or HS256';
    options.idTokenAlgorithm = id_token_algorithm;
  }
  if (expires_in_seconds !== undefined) {
    if (!Number.isInteger(expires_in_seconds)) return 'expires_in_seconds must be an integer';
    options.expiresInSeconds = expires_in_seconds as number;
  }
  if (not_before_in_seconds !== undefined) {
    if (!Number.isInteger(not_before_in_seconds)) return 'not_before_in_seconds must be an integer';
    options.notBeforeInSeconds = not_before_in_seconds as number;
  }
  for (const [name, value] of [
    ['audience', audience],
    ['issuer', issuer],
    ['scope', scope],
  ] as const) {
    if (value === undefined) continue;
    if (typeof value !== 'string') return `${name} must be a string`;
    options[name] = value;
  }
  if (claims !== undefined) {
    if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) return 'claims must be an object';
    options.claims = claims as Record<string, unknown>;
  }
  return options;
}
