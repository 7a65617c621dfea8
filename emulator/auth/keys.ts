import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
}

/**
 * A new tenant signing key (RS256, like Auth0's default). It lives in memory only: a restart or a
 * rotation gives a new one, and tokens signed with the old one are refused, as after a rotation
 * in Auth0 with the previous key revoked.
 */
export async function generateSigningKey(): Promise<SigningKey> {
  const pair = await generateKeyPair('RS256', { extractable: true });
  const privateJwk = await exportJWK(pair.privateKey);
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicPart } = privateJwk;
  const kid = await calculateJwkThumbprint(publicPart);
  const publicJwk: JWK = { ...publicPart, kid, alg: 'RS256', use: 'sig' };
  return {
    kid,
    privateKey: (await importJWK({ ...privateJwk, alg: 'RS256' }, 'RS256')) as CryptoKey,
    publicKey: (await importJWK({ ...publicPart, alg: 'RS256' }, 'RS256')) as CryptoKey,
    publicJwk,
  };
}
