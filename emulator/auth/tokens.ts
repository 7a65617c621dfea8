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

  async #sign(claims: JWTPayload, subject: string, audience: string | string[], lifetimeS: number): Promise<string> {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.#key.kid })
      .setIssuer(this.issuer)
      .setSubject(subject)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + lifetimeS)
      .sign(this.#key.privateKey);
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

  /** A user's access token for /userinfo (and the Management API audience), as a login would issue it. */
  mintUserAccessToken(user: User, clientId: string, scope = 'openid profile email'): Promise<string> {
    return this.#sign(
      { azp: clientId, scope },
      user.user_id,
      [this.managementAudience, `${this.issuer}userinfo`],
      ACCESS_TOKEN_LIFETIME_S,
    );
  }

  mintIdToken(user: User, clientId: string): Promise<string> {
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
    return this.#sign(claims, user.user_id, clientId, ID_TOKEN_LIFETIME_S);
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
