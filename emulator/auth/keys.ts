import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
  /** The private key as JWK, kept only so that persistence can restore the same key. */
  privateJwk: JWK;
}

/** A tenant signing key (RS256, like Auth0's default), restored from a persisted JWK when there is one. */
export async function loadSigningKey(persisted?: JWK): Promise<SigningKey> {
  let privateJwk = persisted;
  if (!privateJwk) {
    const pair = await generateKeyPair('RS256', { extractable: true });
    privateJwk = await exportJWK(pair.privateKey);
  }
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicPart } = privateJwk;
  const kid = await calculateJwkThumbprint(publicPart);
  const publicJwk: JWK = { ...publicPart, kid, alg: 'RS256', use: 'sig' };
  return {
    kid,
    privateKey: (await importJWK({ ...privateJwk, alg: 'RS256' }, 'RS256')) as CryptoKey,
    publicKey: (await importJWK({ ...publicPart, alg: 'RS256' }, 'RS256')) as CryptoKey,
    publicJwk,
    privateJwk,
  };
}
