// Tokens as a tenant signs them, made with jose in the test: an RS256 key pair published as the
// tenant's JWKS, and any claims, header, algorithm or key a case needs.
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose';
import type { KeyLookup } from '../../../../main/tokens/jwks-cache.ts';

export const DOMAIN = 'acme.eu.auth0.com';
export const ISSUER = `https://${DOMAIN}/`;
export const MANAGEMENT_AUDIENCE = `https://${DOMAIN}/api/v2/`;
export const USERINFO_AUDIENCE = `https://${DOMAIN}/userinfo`;
export const NOW = Date.parse('2026-03-01T12:00:00Z');
export const NOW_S = NOW / 1000;

export interface TenantKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function makeTenantKey(kid = 'key-1'): Promise<TenantKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

/** A KeyLookup over fixed keys that counts its lookups. */
export function keysOf(...keys: TenantKey[]): KeyLookup & { lookups: (string | undefined)[] } {
  const lookups: (string | undefined)[] = [];
  return {
    lookups,
    jwksUrl: `https://${DOMAIN}/.well-known/jwks.json`,
    async keyFor(kid) {
      lookups.push(kid);
      return keys.find((key) => key.kid === kid)?.publicJwk ?? null;
    },
  };
}

export const userAccessClaims = (): JWTPayload => ({
  iss: ISSUER,
  sub: 'auth0|63d17c4a8869daf88ed7db97',
  aud: [MANAGEMENT_AUDIENCE, USERINFO_AUDIENCE],
  azp: 'spa-client',
  scope: 'openid profile email',
  iat: NOW_S - 3600,
  exp: NOW_S + 3 * 3600,
});

export const idTokenClaims = (): JWTPayload => ({
  iss: ISSUER,
  sub: 'auth0|63d17c4a8869daf88ed7db97',
  aud: 'spa-client',
  email: 'jane@example.com',
  name: 'Jane Doe',
  email_verified: true,
  updated_at: '2026-02-01T10:00:00.000Z',
  iat: NOW_S - 60,
  exp: NOW_S + 10 * 3600,
});

export function sign(claims: JWTPayload, key: TenantKey, header: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.kid, ...header })
    .sign(key.privateKey);
}

export function signHs256(claims: JWTPayload, secret = 'the-client-secret-of-the-spa-0123456789'): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(secret));
}

/** The same token with one claim changed and the signature kept: what tampering looks like. */
export function tamper(token: string, changes: Record<string, unknown>): string {
  const [header, payload, signature] = token.split('.');
  const claims = { ...JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')), ...changes };
  return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
}

export function unsigned(claims: JWTPayload, header: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part(header)}.${part(claims)}.`;
}
