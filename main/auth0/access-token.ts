// Access tokens and what they carry. Roster is the token's client, not its audience, so it
// reads the claims without verifying the signature: the Management API does that.
import { BoundSecret, type SecretBinding } from './bound-secret.ts';
import { readClaims } from './jwt-claims.ts';

export { readClaims, type TokenClaims } from './jwt-claims.ts';

export interface AccessToken {
  /** Readable only for a request to the origin it was issued by or entered for. */
  secret: BoundSecret;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  scopes: string[];
}

/** Where a tenant's token comes from: client credentials or a pasted token. Tokens never leave main. */
export interface TokenSource {
  getToken(signal?: AbortSignal): Promise<AccessToken>;
  /** Called after the API answered 401 to `token`: the next getToken must not return it again. */
  invalidate(token: AccessToken): void;
  dispose(): void;
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
  binding: SecretBinding,
): AccessToken {
  const claims = readClaims(value);
  const expiresAt = claims?.exp !== undefined ? claims.exp * 1000 : now + (response.expiresInSeconds ?? 0) * 1000;
  return { secret: new BoundSecret(value, binding), expiresAt, scopes: splitScopes(claims?.scope ?? response.scope) };
}
