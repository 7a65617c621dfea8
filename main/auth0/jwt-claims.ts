// The claims Roster reads from a token it holds, without verifying the signature: Roster is the
// token's client, not its audience, and the Management API verifies it.
import { decodeJwt } from 'jose';

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
