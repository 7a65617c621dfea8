import { decodeJwt, decodeProtectedHeader, type ProtectedHeaderParameters } from 'jose';
import type { User } from '../../common/auth0.ts';
import { ACCESS_TOKEN_LIFETIME_S, type AccessClaims } from '../auth/tokens.ts';
import type { EmulatorContext } from '../context.ts';
import { AuthenticationError } from '../http/api-error.ts';
import { json, type Reply, type RequestContext, type Route } from '../http/types.ts';

function field(body: unknown, name: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** client_secret_post (form or JSON body) or client_secret_basic (Authorization header). */
function clientCredentials(context: RequestContext): { id?: string; secret?: string } {
  const basic = /^Basic\s+(\S+)$/i.exec(context.headers.authorization ?? '');
  if (basic) {
    const [id, secret] = Buffer.from(basic[1] as string, 'base64')
      .toString('utf8')
      .split(':');
    return { id: decodeURIComponent(id ?? ''), secret: decodeURIComponent(secret ?? '') };
  }
  return { id: field(context.body, 'client_id'), secret: field(context.body, 'client_secret') };
}

/** POST /oauth/token, client credentials only (FACTS.md, Token: statuses and error bodies). */
async function issueToken(emulator: EmulatorContext, context: RequestContext): Promise<Reply> {
  const grantType = field(context.body, 'grant_type');
  if (!grantType) throw new AuthenticationError(400, 'invalid_request', 'Missing required parameter: grant_type');
  const credentials = clientCredentials(context);
  const client = emulator.store.meta.clients.find((candidate) => candidate.client_id === credentials.id);
  // A wrong secret answers access_denied/Unauthorized (ISSUE), though the OAS example says invalid_client.
  if (!client || client.client_secret !== credentials.secret)
    throw new AuthenticationError(401, 'access_denied', 'Unauthorized');
  if (grantType !== 'client_credentials') {
    throw new AuthenticationError(400, 'unsupported_grant_type', `Unsupported grant type: ${grantType}`);
  }
  if (!client.grant_types.includes('client_credentials')) {
    throw new AuthenticationError(
      403,
      'unauthorized_client',
      "Grant type 'client_credentials' not allowed for the client.",
    );
  }
  const audience = field(context.body, 'audience');
  if (!audience) {
    throw new AuthenticationError(
      403,
      'access_denied',
      'No audience parameter was provided, and no default audience has been configured',
    );
  }
  // The canonical audience, and for convenience the same API under the emulator's own base URL.
  const known = [emulator.tokens.managementAudience, `${emulator.baseUrl}/api/v2/`];
  if (!known.includes(audience)) throw new AuthenticationError(403, 'access_denied', `Service not found: ${audience}`);
  if (client.management_scopes === null) {
    throw new AuthenticationError(
      403,
      'access_denied',
      `Client is not authorized to access "${audience}". You need to create a "client-grant" associated to this API. ` +
        'See: https://auth0.com/docs/api/v2#!/Client_Grants/post_client_grants',
    );
  }
  // A requested `scope` narrows the grant to the scopes it shares with it.
  const requested = field(context.body, 'scope')?.split(' ').filter(Boolean);
  const scopes = requested
    ? client.management_scopes.filter((scope) => requested.includes(scope))
    : client.management_scopes;
  const accessToken = await emulator.tokens.mintClientToken(
    client.client_id,
    emulator.tokens.managementAudience,
    scopes,
  );
  return json(200, {
    access_token: accessToken,
    expires_in: ACCESS_TOKEN_LIFETIME_S,
    scope: scopes.join(' '),
    token_type: 'Bearer',
  });
}

/** OIDC claims of a user as /userinfo returns them (REC: updated_at as an ISO string). */
export function userInfoClaims(user: User): Record<string, unknown> {
  const claims: Record<string, unknown> = { sub: user.user_id };
  for (const key of [
    'name',
    'nickname',
    'given_name',
    'family_name',
    'picture',
    'email',
    'email_verified',
    'updated_at',
  ]) {
    if (user[key] !== undefined) claims[key] = user[key];
  }
  return claims;
}

/**
 * A refused /userinfo call: a plain-text body and the reason in WWW-Authenticate only (FACTS.md).
 * Auth0's realm is "Users" (auth0/react-native-auth0#241 quotes the header of an expired token:
 * `Bearer realm="Users", error="invalid_token", error_description="The token has expired"`).
 * Without any token there is no error code (RFC 6750 3.1).
 */
function unauthorizedUserInfo(description: string | null): Reply {
  return {
    status: 401,
    raw: 'Unauthorized',
    contentType: 'text/plain; charset=utf-8',
    headers: {
      'www-authenticate':
        description === null
          ? 'Bearer realm="Users"'
          : `Bearer realm="Users", error="invalid_token", error_description="${description}"`,
    },
  };
}

/** The reason a verified-and-refused token gets: expiry is told apart from everything else. */
function refusalOf(token: string): string {
  try {
    const { exp } = decodeJwt(token);
    if (typeof exp === 'number' && exp * 1000 <= Date.now()) return 'The token has expired';
  } catch {
    return 'Invalid token';
  }
  return 'Invalid token';
}

/** GET /userinfo: limited to a burst of 10, then 5 per minute per user (FACTS.md). */
function userInfoRoute(emulator: EmulatorContext): Route['handler'] {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return async (context) => {
    const token = /^Bearer\s+(\S+)$/i.exec(context.headers.authorization ?? '')?.[1];
    if (!token) return unauthorizedUserInfo(null);
    const claims = await emulator.tokens.verify(token, `${emulator.tokens.issuer}userinfo`);
    if (claims === 'audience') return unauthorizedUserInfo('Invalid audience');
    if (typeof claims === 'string') return unauthorizedUserInfo(refusalOf(token));
    if (!(claims.scope ?? '').split(' ').includes('openid'))
      return unauthorizedUserInfo('Token is missing the openid scope');
    const subject = claims.sub ?? '';
    const now = Date.now();
    const bucket = buckets.get(subject) ?? { tokens: 10, at: now };
    bucket.tokens = Math.min(10, bucket.tokens + ((now - bucket.at) / 60_000) * 5);
    bucket.at = now;
    buckets.set(subject, bucket);
    if (bucket.tokens < 1) throw new AuthenticationError(429, 'too_many_requests', 'Too Many Requests');
    bucket.tokens -= 1;
    const user = emulator.store.getUser(subject);
    if (!user) return unauthorizedUserInfo('The user does not exist');
    return json(200, userInfoClaims(user));
  };
}

/**
 * An ID token of any application of the tenant: RS256 with the tenant's key, or HS256 with the
 * secret of the application named in `aud` (the one that would have signed it).
 */
async function verifyIdToken(emulator: EmulatorContext, idToken: string): Promise<AccessClaims | null> {
  let header: ProtectedHeaderParameters;
  let audiences: string[];
  try {
    header = decodeProtectedHeader(idToken);
    const { aud } = decodeJwt(idToken);
    audiences = Array.isArray(aud) ? aud : aud === undefined ? [] : [aud];
  } catch {
    return null;
  }
  const client = emulator.store.meta.clients.find((candidate) => audiences.includes(candidate.client_id));
  if (!client) return null;
  const claims =
    header.alg === 'HS256'
      ? await emulator.tokens.verifyHs256(idToken, client.client_id, client.client_secret)
      : await emulator.tokens.verify(idToken, client.client_id);
  return typeof claims === 'string' ? null : claims;
}

/** POST /tokeninfo: legacy and deprecated, kept for the token inspector; returns the profile of an ID token's user. */
async function tokenInfo(emulator: EmulatorContext, context: RequestContext): Promise<Reply> {
  // Newer tenants (OIDC-conformant pipeline) no longer have the endpoint. Its answer there is not
  // documented: the emulator answers as for any path it does not serve.
  if (!emulator.legacyTokenInfo) throw new AuthenticationError(404, 'not_found', 'Not Found');
  const idToken = field(context.body, 'id_token');
  if (!idToken) throw new AuthenticationError(400, 'invalid_request', 'id_token is required');
  const claims = await verifyIdToken(emulator, idToken);
  const user = claims ? emulator.store.getUser(claims.sub ?? '') : undefined;
  if (user) {
    const { app_metadata: _app, ...profile } = user;
    return json(200, profile);
  }
  throw new AuthenticationError(401, 'invalid_token', 'invalid token');
}

export function authRoutes(emulator: EmulatorContext): Route[] {
  const kind = 'authentication' as const;
  return [
    { kind, method: 'POST', path: '/oauth/token', handler: (context) => issueToken(emulator, context) },
    { kind, method: 'GET', path: '/.well-known/jwks.json', handler: () => json(200, emulator.tokens.jwks) },
    {
      kind,
      method: 'GET',
      path: '/.well-known/openid-configuration',
      handler: () =>
        json(200, {
          issuer: emulator.tokens.issuer,
          token_endpoint: `${emulator.tokens.issuer}oauth/token`,
          userinfo_endpoint: `${emulator.tokens.issuer}userinfo`,
          jwks_uri: `${emulator.tokens.issuer}.well-known/jwks.json`,
          id_token_signing_alg_values_supported: ['HS256', 'RS256'],
          grant_types_supported: ['client_credentials', 'authorization_code', 'refresh_token'],
        }),
    },
    { kind, method: 'GET', path: '/userinfo', handler: userInfoRoute(emulator) },
    { kind, method: 'POST', path: '/tokeninfo', handler: (context) => tokenInfo(emulator, context) },
  ];
}
