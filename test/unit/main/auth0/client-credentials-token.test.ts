import { describe, expect, it } from 'vitest';
import type { AccessToken } from '../../../../main/auth0/access-token.ts';
import { BoundSecret } from '../../../../main/auth0/bound-secret.ts';
import { ClientCredentialsTokenSource } from '../../../../main/auth0/client-credentials-token.ts';
import { DEFAULT_RETRY_POLICY } from '../../../../main/auth0/send-with-retries.ts';
import { AppError } from '../../../../main/errors.ts';
import { silentLogger } from '../../../../main/log.ts';
import { FakeClock, FakeHttp, fixedRandom, jsonResponse, makeJwt, type Responder } from '../fakes.ts';

const ACME = { origin: 'https://acme.auth0.com', audience: 'https://acme.auth0.com/api/v2/' };

function valueOf(token: AccessToken): string {
  return token.secret.revealFor(token.secret.origin, token.secret.audience);
}

function setup(respond: Responder, secret = 'the-secret', binding = ACME) {
  const clock = new FakeClock();
  const http = new FakeHttp(respond);
  let secretReads = 0;
  const source = new ClientCredentialsTokenSource({
    send: {
      http,
      clock,
      random: fixedRandom(),
      policy: DEFAULT_RETRY_POLICY,
      log: silentLogger,
      host: 'acme.auth0.com',
      reach: 'public',
    },
    tokenUrl: 'https://acme.auth0.com/oauth/token',
    audience: 'https://acme.auth0.com/api/v2/',
    clientId: 'client123',
    readSecret: async () => {
      secretReads += 1;
      return new BoundSecret(secret, binding);
    },
  });
  return { clock, http, source, secretReads: () => secretReads };
}

function issue(clock: FakeClock, scope = 'read:users update:users', lifetimeSeconds = 86_400) {
  const now = Math.floor(clock.now() / 1000);
  const token = makeJwt({ iat: now, exp: now + lifetimeSeconds, scope, gty: 'client-credentials' });
  return jsonResponse(200, { access_token: token, expires_in: lifetimeSeconds, scope, token_type: 'Bearer' });
}

describe('ClientCredentialsTokenSource', () => {
  it('posts the client credentials grant with the audience and reads scopes and expiry from the JWT', async () => {
    const { clock, http, source } = setup(() => issue(clock, 'read:users delete:users'));
    const token = await source.getToken();
    expect(http.requests).toHaveLength(1);
    const [request] = http.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('https://acme.auth0.com/oauth/token');
    expect(request?.form).toEqual({
      grant_type: 'client_credentials',
      client_id: 'client123',
      client_secret: 'the-secret',
      audience: 'https://acme.auth0.com/api/v2/',
    });
    expect(token.scopes).toEqual(['delete:users', 'read:users']);
    expect(token.expiresAt).toBe(clock.now() + 86_400_000);
  });

  it('makes one request for 20 concurrent callers (single flight)', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { clock, http, source } = setup(async () => {
      await gate;
      return issue(clock);
    });
    const callers = Array.from({ length: 20 }, () => source.getToken());
    release();
    const tokens = await Promise.all(callers);
    expect(http.requests).toHaveLength(1);
    expect(new Set(tokens.map(valueOf)).size).toBe(1);
  });

  it('serves the cached token until shortly before expiry, then asks again', async () => {
    const { clock, http, source, secretReads } = setup(() => issue(clock, 'read:users', 3600));
    const first = await source.getToken();
    clock.time += 3600_000 - 61_000;
    expect(valueOf(await source.getToken())).toBe(valueOf(first));
    expect(http.requests).toHaveLength(1);
    clock.time += 2_000;
    await source.getToken();
    expect(http.requests).toHaveLength(2);
    expect(secretReads()).toBe(2);
  });

  it('fetches a new token after invalidate, but ignores an invalidate of an older token', async () => {
    const { clock, http, source } = setup(() => {
      clock.time += 1000;
      return issue(clock);
    });
    const first = await source.getToken();
    source.invalidate(first);
    const second = await source.getToken();
    expect(valueOf(second)).not.toBe(valueOf(first));
    source.invalidate(first);
    expect(valueOf(await source.getToken())).toBe(valueOf(second));
    expect(http.requests).toHaveLength(2);
  });

  it('never sends the secret to a token endpoint of another origin or for another audience', async () => {
    for (const binding of [
      { origin: 'https://other.auth0.com', audience: ACME.audience },
      { origin: ACME.origin, audience: 'https://other.auth0.com/api/v2/' },
    ]) {
      const { clock, http, source } = setup(() => issue(clock), 'the-secret', binding);
      await expect(source.getToken()).rejects.toMatchObject({ code: 'credentials_origin_mismatch' });
      expect(http.requests).toHaveLength(0);
    }
  });

  it('binds the token it obtains to the origin and audience of its secret', async () => {
    const { clock, source } = setup(() => issue(clock));
    const token = await source.getToken();
    expect(token.secret.binding).toEqual(ACME);
    expect(() => token.secret.revealFor('https://evil.example/api/v2/users', ACME.audience)).toThrow(
      expect.objectContaining({ code: 'credentials_origin_mismatch' }),
    );
  });

  it('says in words that the client ID or secret was refused (invalid_credentials)', async () => {
    const { source } = setup(() => jsonResponse(401, { error: 'access_denied', error_description: 'Unauthorized' }));
    const error = await source.getToken().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'invalid_credentials', status: 401, auth0ErrorCode: 'access_denied' });
    expect((error as AppError).message).toContain(
      'The tenant refused this client ID and client secret (401 access_denied)',
    );
    expect((error as AppError).message).toContain('Applications');
  });

  it('explains a missing client grant and a forbidden grant type', async () => {
    const noGrant = setup(() =>
      jsonResponse(403, { error: 'access_denied', error_description: 'Client is not authorized to access "x".' }),
    );
    await expect(noGrant.source.getToken()).rejects.toMatchObject({
      code: 'invalid_credentials',
      message: expect.stringContaining('Machine To Machine Applications'),
    });
    const wrongGrant = setup(() =>
      jsonResponse(403, { error: 'unauthorized_client', error_description: 'Grant type' }),
    );
    await expect(wrongGrant.source.getToken()).rejects.toMatchObject({
      code: 'invalid_credentials',
      auth0ErrorCode: 'unauthorized_client',
      message: expect.stringContaining('Client Credentials grant'),
    });
  });

  it('waits out a 429 on the token endpoint and then succeeds', async () => {
    const { clock, http, source } = setup((_request, index) =>
      index === 0 ? jsonResponse(429, { error: 'too_many_requests' }, { 'retry-after': '3' }) : issue(clock),
    );
    await source.getToken();
    expect(http.requests).toHaveLength(2);
    expect(clock.sleeps).toEqual([3000]);
  });

  it('lets one caller cancel without cancelling the request the others wait on', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { clock, http, source } = setup(async () => {
      await gate;
      return issue(clock);
    });
    const controller = new AbortController();
    const impatient = source.getToken(controller.signal);
    const patient = source.getToken();
    controller.abort();
    await expect(impatient).rejects.toMatchObject({ code: 'cancelled' });
    release();
    await expect(patient).resolves.toMatchObject({ scopes: ['read:users', 'update:users'] });
    expect(http.requests).toHaveLength(1);
  });
});
