import { errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { User } from '../../common/auth0.ts';
import type { SigningKey } from './keys.ts';

export const ACCESS_TOKEN_LIFETIME_S = 86_400;
const ID_TOKEN_LIFETIME_S = 36_000;

export interface AccessClaims extends JWTPayload {
  scope?: string;
  azp?: string;
  gty?: string;
}

/** How a test wants a user's tokens made (the token inspector's cases). */
export interface UserTokenOptions {
  /** Lifetime from now; negative makes a token that expired that many seconds ago. */
  expiresInSeconds?: number;
  /** `aud`: the API of the access token (plus /userinfo with `openid`), the client ID of the ID token. */
  audience?: string;
  /** `iss`, instead of `https://{domain}/`. */
  issuer?: string;
  /** The access token's scope (default `openid profile email`). */
  scope?: string;
  /** `nbf` this many seconds from now. */
  notBeforeInSeconds?: number;
  /** Custom claims an Action would add, such as `https://example.com/roles`. */
  claims?: Record<string, unknown>;
  /** HS256 signs the ID token with the application's client secret (default RS256). */
  idTokenAlgorithm?: 'RS256' | 'HS256';
}

export type VerifyFailure = 'invalid' | 'expired' | 'audience';

/** Mints and checks this tenant's tokens. `issuer` is `https://{domain}/`. */
export class TokenIssuer {
  readonly issuer: string;
  readonly managementAudience: string;
  readonly #key: SigningKey;
  #verified = new Map<string, AccessClaims>();

  constructor(domain: string, key: SigningKey) {
    this.issuer = `https://${domain}/`;
    this.managementAudience = `https://${domain}/api/v2/`;
    this.#key = key;
  }

  get jwks(): { keys: object[] } {
    return { keys: [this.#key.publicJwk] };
  }

  async #sign(
    claims: JWTPayload,
    subject: string,
    audience: string | string[],
    lifetimeS: number,
    options: { issuer?: string; notBeforeInSeconds?: number; hs256Secret?: string } = {},
  ): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    // An already expired token (a negative lifetime) was issued one default lifetime before it lapsed.
    const issuedAt = lifetimeS > 0 ? now : now + lifetimeS - ACCESS_TOKEN_LIFETIME_S;
    // HS256 tokens are signed with a shared secret and name no key (there is none to publish).
    const header =
      options.hs256Secret === undefined
        ? { alg: 'RS256', typ: 'JWT', kid: this.#key.kid }
        : { alg: 'HS256', typ: 'JWT' };
    const jwt = new SignJWT(claims)
      .setProtectedHeader(header)
      .setIssuer(options.issuer ?? this.issuer)
      .setSubject(subject)
      .setAudience(audience)
      .setIssuedAt(issuedAt)
      .setExpirationTime(now + lifetimeS);
    if (options.notBeforeInSeconds !== undefined) jwt.setNotBefore(now + options.notBeforeInSeconds);
    return jwt.sign(
      options.hs256Secret === undefined ? this.#key.privateKey : new TextEncoder().encode(options.hs256Secret),
    );
  }

  /** A client-credentials access token (FACTS.md, Token): `sub={client_id}@clients`, `gty`, `azp`, `scope`. */
  mintClientToken(
    clientId: string,
    audience: string,
    scopes: string[],
    lifetimeS = ACCESS_TOKEN_LIFETIME_S,
  ): Promise<string> {
    return this.#sign(
      { azp: clientId, gty: 'client-credentials', scope: scopes.join(' ') },
      `${clientId}@clients`,
      audience,
      lifetimeS,
    );
  }

  /**
   * A user's access token, as a login through an application would issue it: for the API named by
   * `audience` (default: the Management API) and, when `openid` is in the scope, /userinfo too.
   */
  mintUserAccessToken(user: User, clientId: string, options: UserTokenOptions = {}): Promise<string> {
    const scope = options.scope ?? 'openid profile email';
    const api = options.audience ?? this.managementAudience;
    const userinfo = `${this.issuer}userinfo`;
    const audience = scope.split(' ').includes('openid') && api !== userinfo ? [api, userinfo] : api;
    return this.#sign(
      { azp: clientId, scope, ...options.claims },
      user.user_id,
      audience,
      options.expiresInSeconds ?? ACCESS_TOKEN_LIFETIME_S,
      options,
    );
  }

  /**
   * An ID token: the profile claims of OIDC's `profile` and `email` scopes, for the application
   * `audience`. With `idTokenAlgorithm: 'HS256'` it is signed with the application's client
   * secret, as Auth0 does for an application set to HS256.
   */
  mintIdToken(user: User, clientId: string, options: UserTokenOptions = {}, clientSecret = ''): Promise<string> {
    const claims: JWTPayload = {};
    for (const key of [
      'name',
      'nickname',
      'picture',
      'email',
      'email_verified',
      'given_name',
      'family_name',
      'updated_at',
    ]) {
      if (user[key] !== undefined) claims[key] = user[key];
    }
    claims.sid = crypto.randomUUID();
    return this.#sign(
      { ...claims, ...options.claims },
      user.user_id,
      options.audience ?? clientId,
      options.expiresInSeconds ?? ID_TOKEN_LIFETIME_S,
      options.idTokenAlgorithm === 'HS256' ? { ...options, hs256Secret: clientSecret } : options,
    );
  }

  /** An HS256 ID token, checked with the secret of the application it names as audience. */
  async verifyHs256(token: string, clientId: string, clientSecret: string): Promise<AccessClaims | VerifyFailure> {
    try {
      const { payload } = await jwtVerify<AccessClaims>(token, new TextEncoder().encode(clientSecret), {
        issuer: this.issuer,
        audience: clientId,
        algorithms: ['HS256'],
      });
      return payload;
    } catch (error) {
      if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'aud') return 'audience';
      return error instanceof errors.JWTExpired ? 'expired' : 'invalid';
    }
  }

  /** Verifies signature, issuer, expiry and audience; results are cached per token string until expiry. */
  async verify(token: string, audience: string): Promise<AccessClaims | VerifyFailure> {
    const cached = this.#verified.get(`${audience} ${token}`);
    if (cached && (cached.exp ?? 0) * 1000 > Date.now()) return cached;
    try {
      const { payload } = await jwtVerify<AccessClaims>(token, this.#key.publicKey, {
        issuer: this.issuer,
        audience,
        algorithms: ['RS256'],
      });
      if (this.#verified.size > 1000) this.#verified.clear();
      this.#verified.set(`${audience} ${token}`, payload);
      return payload;
    } catch (error) {
      if (error instanceof errors.JWTExpired || error instanceof errors.JWSSignatureVerificationFailed)
        return 'expired';
      if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'aud') return 'audience';
      return 'invalid';
    }
  }
}
