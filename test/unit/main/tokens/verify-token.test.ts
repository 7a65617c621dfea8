// Each verdict of the token inspector, with the sentence an admin reads for it.
import { beforeAll, describe, expect, it } from 'vitest';
import { kindOf, verifyToken, type VerifyContext } from '../../../../main/tokens/verify-token.ts';
import {
  DOMAIN,
  idTokenClaims,
  keysOf,
  makeTenantKey,
  MANAGEMENT_AUDIENCE,
  NOW,
  NOW_S,
  sign,
  signHs256,
  tamper,
  unsigned,
  userAccessClaims,
  type TenantKey,
} from './token-factory.ts';

let key: TenantKey;
let other: TenantKey;

beforeAll(async () => {
  key = await makeTenantKey('key-1');
  other = await makeTenantKey('key-other');
});

function context(overrides: Partial<VerifyContext> = {}): VerifyContext {
  return { keys: keysOf(key), domain: DOMAIN, extraIssuers: [], now: NOW, ...overrides };
}

describe('verifyToken', () => {
  it('valid access token: names the user, the audience and when it expires, in words', async () => {
    const result = await verifyToken(await sign(userAccessClaims(), key), context());
    expect(result).toMatchObject({ kind: 'access', verdict: 'valid', signatureVerified: true });
    expect(result.message).toMatch(/^Valid access token for auth0\|63d17c4a8869daf88ed7db97, signed by this tenant/);
    expect(result.message).toContain('issued 1 h ago');
    expect(result.message).toContain('expires in 3 h (2026-03-01T15:00:00Z)');
    expect(result.claims.scope).toBe('openid profile email');
    expect(result.header).toMatchObject({ alg: 'RS256', kid: 'key-1' });
  });

  it('valid ID token: says the audience was not checked until a client ID is named', async () => {
    const token = await sign(idTokenClaims(), key);
    const unnamed = await verifyToken(token, context());
    expect(unnamed).toMatchObject({ kind: 'id', verdict: 'valid' });
    expect(unnamed.message).toMatch(/audience, the application, was not checked: enter the client ID/);
    const named = await verifyToken(token, context({ expectedAudience: 'spa-client' }));
    expect(named.verdict).toBe('valid');
    expect(named.message).not.toMatch(/not checked/);
  });

  it('a machine token is valid and said to have no user behind it', async () => {
    const claims = { ...userAccessClaims(), sub: 'm2m@clients', gty: 'client-credentials', aud: MANAGEMENT_AUDIENCE };
    const result = await verifyToken(await sign(claims, key), context());
    expect(result.verdict).toBe('valid');
    expect(result.message).toContain('the application m2m (client credentials: there is no user behind it)');
  });

  it('expired: how long ago, and what the application must do', async () => {
    const claims = { ...userAccessClaims(), iat: NOW_S - 90_000, exp: NOW_S - 2 * 3600 };
    const result = await verifyToken(await sign(claims, key), context());
    expect(result).toMatchObject({ verdict: 'expired', signatureVerified: true });
    expect(result.message).toBe(
      'Its expiry time (exp) passed 2 h ago, at 2026-03-01T10:00:00Z. Auth0 and every API refuse it: the application must renew it (refresh token or a new login).',
    );
  });

  it('tolerates a minute of clock skew at expiry', async () => {
    const claims = { ...userAccessClaims(), exp: NOW_S - 30 };
    expect((await verifyToken(await sign(claims, key), context())).verdict).toBe('valid');
  });

  it('not yet valid: nbf or iat in the future, blamed on the clock', async () => {
    const future = await verifyToken(await sign({ ...userAccessClaims(), nbf: NOW_S + 600 }, key), context());
    expect(future.verdict).toBe('not_yet_valid');
    // The headline says "Not valid yet"; the sentence does not say it again (issue 18).
    expect(future.message).toMatch(
      /^Its not-before time \(nbf\) is 2026-03-01T12:10:00Z, in 10 min\. Check this computer's clock/,
    );
    expect(future.message).not.toMatch(/not valid yet/i);
    const issuedLater = await verifyToken(await sign({ ...userAccessClaims(), iat: NOW_S + 7200 }, key), context());
    expect(issuedLater.verdict).toBe('not_yet_valid');
    expect(issuedLater.message).toContain('It claims to be issued at 2026-03-01T14:00:00Z, in 2 h');
  });

  it('wrong audience: a named audience the token lacks, or an API of another tenant', async () => {
    const token = await sign(idTokenClaims(), key);
    const named = await verifyToken(token, context({ expectedAudience: 'another-client' }));
    expect(named.verdict).toBe('wrong_audience');
    expect(named.message).toBe(
      'Issued for spa-client, not for the application (client ID) another-client. Whoever expects another-client must refuse it: ask for a token with that audience.',
    );
    const foreign = {
      ...userAccessClaims(),
      aud: ['https://other.auth0.com/api/v2/', 'https://other.auth0.com/userinfo'],
    };
    const result = await verifyToken(await sign(foreign, key), context());
    expect(result.verdict).toBe('wrong_audience');
    expect(result.message).toBe(
      `Issued for https://other.auth0.com/api/v2/, an API of another Auth0 tenant, not of ${DOMAIN}.`,
    );
  });

  it('wrong issuer: names both issuers and is judged before any key is fetched', async () => {
    const keys = keysOf(key);
    const claims = { ...userAccessClaims(), iss: 'https://other.auth0.com/' };
    const result = await verifyToken(await sign(claims, other), context({ keys }));
    expect(result.verdict).toBe('wrong_issuer');
    expect(result.message).toMatch(
      /^Issued by "https:\/\/other\.auth0\.com\/", not by this tenant \(https:\/\/acme\.eu\.auth0\.com\/\)/,
    );
    expect(keys.lookups).toEqual([]);
  });

  it('accepts the custom domain as issuer', async () => {
    const claims = { ...userAccessClaims(), iss: 'https://login.acme.com/' };
    const result = await verifyToken(await sign(claims, key), context({ extraIssuers: ['https://login.acme.com/'] }));
    expect(result.verdict).toBe('valid');
  });

  it('bad signature: a changed claim, or a key swapped under the same kid', async () => {
    const tampered = tamper(await sign(userAccessClaims(), key), { sub: 'auth0|someone-else' });
    const result = await verifyToken(tampered, context());
    expect(result).toMatchObject({ verdict: 'bad_signature', signatureVerified: false });
    expect(result.message).toBe(
      "The signature does not match the tenant's key key-1: the token was changed after Auth0 signed it, or forged. Do not trust anything it claims.",
    );
    const forged = await sign(userAccessClaims(), other, { kid: 'key-1' });
    expect((await verifyToken(forged, context())).verdict).toBe('bad_signature');
  });

  it('unknown kid: the key is not published (after the lookup refetched)', async () => {
    const result = await verifyToken(await sign(userAccessClaims(), other), context());
    expect(result.verdict).toBe('unknown_kid');
    expect(result.message).toBe(
      `Signed with key key-other, which the tenant does not publish at https://${DOMAIN}/.well-known/jwks.json (fetched again just now). The key was revoked after a rotation, or the token was signed elsewhere.`,
    );
  });

  it('unsupported algorithm: none, ES256, and HS256 that Roster cannot check without the secret', async () => {
    const none = await verifyToken(unsigned(userAccessClaims(), { alg: 'none', typ: 'JWT' }), context());
    expect(none).toMatchObject({ verdict: 'unsupported_algorithm' });
    expect(none.message).toBe('The token is not signed (alg "none"). Auth0 never issues unsigned tokens: refuse it.');
    const es = await verifyToken(unsigned(userAccessClaims(), { alg: 'ES256', kid: 'key-1' }) + 'c2ln', context());
    expect(es.message).toMatch(/^Signed with ES256, which Auth0 does not use/);

    const hs = await verifyToken(await signHs256(idTokenClaims()), context());
    expect(hs).toMatchObject({ kind: 'id', verdict: 'unsupported_algorithm', signatureVerified: false });
    expect(hs.message).toMatch(
      /^Signed with HS256, a shared secret \(the application's client secret\)\. Roster does not hold that secret, so it cannot check the signature/,
    );
    const hsExpired = await verifyToken(await signHs256({ ...idTokenClaims(), exp: NOW_S - 7200 }), context());
    expect(hsExpired.verdict).toBe('expired');
    expect(hsExpired.message).toContain(
      "(Its HS256 signature, made with the application's client secret, was not checked.)",
    );
  });

  it('malformed: opaque, cut, encrypted, undecodable, or without expiry', async () => {
    const cases: [string, RegExp][] = [
      ['kXk5Gm3qv2QZ8yKpYt0', /^Not a JWT: one part, no dots\. Auth0 issues such opaque access tokens/],
      ['hello world', /^Not a token: it contains spaces/],
      ['héllo', /^Not a token: it holds characters no token has/],
      ['not-a-token', /^Not a JWT, and at 11 characters too short for an opaque access token/],
      ['aaa.bbb', /^Not a JWT: it has 2 parts separated by dots, not 3/],
      ['a.b.c.d.e', /^An encrypted token \(JWE, five parts\)/],
      ['!!!.###.sig', /^Not a JWT: its header or payload is not base64url-encoded JSON/],
    ];
    for (const [token, message] of cases) {
      const result = await verifyToken(token, context());
      expect(result.verdict, token).toBe('malformed');
      expect(result.message, token).toMatch(message);
      expect(result.claims).toEqual({});
    }
    // Only text that could be an opaque access token is called one (issue 18: `hello world` was).
    expect((await verifyToken('kXk5Gm3qv2QZ8yKpYt0', context())).kind).toBe('access');
    for (const text of ['hello world', 'héllo', 'not-a-token', 'aaa.bbb']) {
      expect((await verifyToken(text, context())).kind, text).toBe('unknown');
    }
    const { exp: _exp, ...noExpiry } = userAccessClaims();
    const result = await verifyToken(await sign(noExpiry, key), context());
    expect(result.verdict).toBe('malformed');
    expect(result.message).toMatch(/has no expiry \(exp\)/);
  });
});

describe('kindOf', () => {
  it('tells access tokens from ID tokens as Auth0 shapes them', () => {
    expect(kindOf({}, { scope: 'openid', aud: 'x' })).toBe('access');
    expect(kindOf({ typ: 'at+jwt' }, { aud: 'x' })).toBe('access');
    expect(kindOf({}, { aud: 'https://api.example.com' })).toBe('access');
    expect(kindOf({}, { aud: 'spa-client', nonce: 'n' })).toBe('id');
  });
});
