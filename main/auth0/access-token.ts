// Access tokens and what they carry. Roster is the token's client, not its audience, so it
// reads the claims without verifying the signature: the Management API does that.
import { decodeJwt } from 'jose';

export interface AccessToken {
  value: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  scopes: string[];
}

/** Where a tenant's token comes from: client credentials or a pasted token. Tokens never leave main. */
export interface TokenSource {
  getToken(signal?: AbortSignal): Promise<AccessToken>;
  /** Called after the API answered 401 to `value`: the next getToken must not return it again. */
  invalidate(value: string): void;
  dispose(): void;
}

export interface TokenClaims {
  exp?: number;
  scope?: string;
  aud?: string | string[];
}

/** The claims of a JWT, or null when the value is not one. */
export function readClaims(value: string): TokenClaims | null {
  try {
    const claims = decodeJwt(value);
    return {
      ...(typeof claims.exp === 'number' ? { exp: claims.exp } : {}),
      ...(typeof claims.scope === 'string' ? { scope: claims.scope } : {}),
      ...(claims.aud !== undefined ? { aud: claims.aud } : {}),
    };
  } catch {
    return null;
  }
}

export function splitScopes(scope: string | undefined): string[] {
  return [...new Set((scope ?? '').split(' ').filter((item) => item.length > 0))].sort();
}

/**
 * An issued token: scopes and expiry from the JWT when it is one, else from the token
 * response's `scope` and `expires_in` (FACTS.md, Token).
 */
export function readIssuedToken(
  value: string,
  response: { scope?: string; expiresInSeconds?: number },
  now: number,
): AccessToken {
  const claims = readClaims(value);
  const expiresAt = claims?.exp !== undefined ? claims.exp * 1000 : now + (response.expiresInSeconds ?? 0) * 1000;
  return { value, expiresAt, scopes: splitScopes(claims?.scope ?? response.scope) };
}
