import { describe, expect, it } from 'vitest';
import type { AccessToken } from '../../../../main/auth0/access-token.ts';
import { BoundSecret } from '../../../../main/auth0/bound-secret.ts';
import { PastedTokenSource, readPastedToken } from '../../../../main/auth0/pasted-token.ts';
import { FakeClock, makeJwt } from '../fakes.ts';

const ACME = { origin: 'https://acme.auth0.com', audience: 'https://acme.auth0.com/api/v2/' };
const bound = (value: string) => new BoundSecret(value, ACME);
const valueOf = (token: AccessToken) => token.secret.revealFor(ACME.origin, ACME.audience);

describe('PastedTokenSource', () => {
  const clock = new FakeClock();
  const exp = Math.floor(clock.now() / 1000) + 3600;
  const token = makeJwt({ exp, scope: 'read:users read:logs', aud: 'https://acme.auth0.com/api/v2/' });

  it('reads expiry and scopes from the JWT', () => {
    expect(readPastedToken(token)).toEqual({
      expiresAt: exp * 1000,
      scopes: ['read:logs', 'read:users'],
    });
  });

  it('refuses a value that is not a JWT with an expiry', () => {
    expect(() => readPastedToken('not.a.jwt')).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
    expect(() => readPastedToken(makeJwt({ scope: 'read:users' }))).toThrow(/no expiry/);
  });

  it('reads the keychain once, then answers token_expired in words once the token lapses', async () => {
    let reads = 0;
    const localClock = new FakeClock(clock.now());
    const source = new PastedTokenSource(async () => {
      reads += 1;
      return bound(token);
    }, localClock);
    expect(valueOf(await source.getToken())).toBe(token);
    expect(valueOf(await source.getToken())).toBe(token);
    expect(reads).toBe(1);
    localClock.time = exp * 1000;
    const error = await source.getToken().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'token_expired' });
    expect((error as Error).message).toContain('API Explorer');
    expect((error as Error).message).not.toContain(token);
  });

  it('after a 401, reads the keychain again and refuses the same token rather than sending it again', async () => {
    const stored = [token, token, makeJwt({ exp, scope: 'read:users' }, 'bmV3')];
    const source = new PastedTokenSource(async () => bound(stored.shift() ?? ''), clock);
    const first = await source.getToken();
    source.invalidate(first);
    await expect(source.getToken()).rejects.toMatchObject({ code: 'invalid_credentials', status: 401 });
    source.invalidate(first);
    expect(valueOf(await source.getToken())).toMatch(/\.bmV3$/);
  });

  it('is readable only for a request to the origin and audience it was pasted for', async () => {
    const source = new PastedTokenSource(async () => bound(token), clock);
    const pasted = await source.getToken();
    expect(() => pasted.secret.revealFor('https://evil.example/api/v2/users', ACME.audience)).toThrow(
      expect.objectContaining({ code: 'credentials_origin_mismatch' }),
    );
    expect(JSON.stringify(pasted)).not.toContain(token);
    expect(String(pasted.secret)).not.toContain(token);
  });
});
