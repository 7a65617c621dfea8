// The inspector with a fake network and fake tenants: where the token goes (the tenant's origin,
// /userinfo and /tokeninfo only), how refusals are explained, and the profile beside the claims.
import { beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../../../common/auth0.ts';
import type { HttpRequest } from '../../../../main/auth0/http-client.ts';
import type { ManagementApi } from '../../../../main/auth0/management-api.ts';
import { AppError } from '../../../../main/errors.ts';
import { JWKS_REFETCH_COOLDOWN_MS } from '../../../../main/tokens/jwks-cache.ts';
import { TokenInspector, type TenantAccess } from '../../../../main/tokens/token-inspector.ts';
import { captureLogger, FakeClock, FakeHttp, jsonResponse } from '../fakes.ts';
import {
  DOMAIN,
  idTokenClaims,
  makeTenantKey,
  NOW,
  sign,
  signHs256,
  userAccessClaims,
  type TenantKey,
} from './token-factory.ts';

const TENANT = 'ten_AAAAAAAAAAAAAAAA';
const ORIGIN = `https://${DOMAIN}`;
let key: TenantKey;
let rotated: TenantKey;

beforeAll(async () => {
  key = await makeTenantKey('key-1');
  rotated = await makeTenantKey('key-2');
});

const jane: User = {
  user_id: 'auth0|63d17c4a8869daf88ed7db97',
  email: 'jane.new@example.com',
  name: 'Jane Doe',
  email_verified: true,
  updated_at: '2026-02-20T09:00:00.000Z',
};

function tenants(user: User | AppError = jane, roles = ['admin']): TenantAccess & { apiCalls: string[] } {
  const apiCalls: string[] = [];
  const api = {
    async getUser(userId: string) {
      apiCalls.push(`getUser ${userId}`);
      if (user instanceof AppError) throw user;
      return user;
    },
    async getUserRoles(userId: string) {
      apiCalls.push(`getUserRoles ${userId}`);
      return { roles: roles.map((name, index) => ({ id: `rol_${index}`, name })), start: 0, limit: 100, total: 1 };
    },
  } as unknown as ManagementApi;
  return {
    apiCalls,
    profileOf: async () => ({ domain: DOMAIN, authMode: 'client_credentials' }),
    withApi: (_tenantId, call) => call(api),
  };
}

type Routes = Record<string, (request: HttpRequest) => ReturnType<typeof jsonResponse>>;

function setup(routes: Routes, access = tenants()) {
  const { log, lines } = captureLogger();
  const http = new FakeHttp((request) => {
    const route = routes[`${request.method} ${request.url}`];
    return route ? route(request) : jsonResponse(404, { error: 'not_found' });
  });
  const clock = new FakeClock(NOW);
  const inspector = new TokenInspector({ tenants: access, http, clock, log });
  return { inspector, http, lines, access, clock };
}

const jwks =
  (...keys: TenantKey[]) =>
  () =>
    jsonResponse(200, { keys: keys.map((item) => item.publicJwk) });

describe('TokenInspector', () => {
  it('puts /userinfo beside a valid access token, sending it to the tenant origin only', async () => {
    const token = await sign(userAccessClaims(), key);
    const { inspector, http, lines } = setup({
      [`GET ${ORIGIN}/.well-known/jwks.json`]: jwks(key),
      [`GET ${ORIGIN}/userinfo`]: () =>
        jsonResponse(200, { sub: jane.user_id, email: 'jane.new@example.com', updated_at: jane.updated_at }),
    });
    const result = await inspector.inspect({ tenantId: TENANT, token });
    expect(result).toMatchObject({ kind: 'access', verdict: 'valid', userinfo: { sub: jane.user_id } });
    expect(result.checkedAt).toBe(new Date(NOW).toISOString());
    const carrying = http.requests.filter((request) => JSON.stringify(request).includes(token));
    expect(carrying.map((request) => `${request.method} ${request.url}`)).toEqual([`GET ${ORIGIN}/userinfo`]);
    expect(carrying[0]?.headers?.authorization).toBe(`Bearer ${token}`);
    expect(lines.join('\n')).not.toContain(token.split('.')[2]);
    expect(lines.some((line) => line.includes('"verdict":"valid"'))).toBe(true);
  });

  it('explains a 401 from /userinfo from its WWW-Authenticate header', async () => {
    const { inspector } = setup({
      [`GET ${ORIGIN}/.well-known/jwks.json`]: jwks(key),
      [`GET ${ORIGIN}/userinfo`]: () => ({
        status: 401,
        headers: {
          'content-type': 'text/plain',
          'www-authenticate': 'Bearer realm="Users", error="invalid_token", error_description="The token has expired"',
        },
        body: 'Unauthorized',
      }),
    });
    const result = await inspector.inspect({ tenantId: TENANT, token: await sign(userAccessClaims(), key) });
    expect(result.verdict).toBe('valid');
    expect(result.userinfo).toBeUndefined();
    expect(result.profileError).toBe(
      'The tenant refused the token at /userinfo (401 invalid_token: The token has expired). The tenant no longer accepts this token: it expired, was issued for another audience, or its signing key was revoked.',
    );
  });

  it('explains the /userinfo rate limit with the wait', async () => {
    const { inspector } = setup({
      [`GET ${ORIGIN}/.well-known/jwks.json`]: jwks(key),
      [`GET ${ORIGIN}/userinfo`]: () => jsonResponse(429, { error: 'too_many_requests' }, { 'retry-after': '12' }),
    });
    const result = await inspector.inspect({ tenantId: TENANT, token: await sign(userAccessClaims(), key) });
    expect(result.profileError).toBe(
      "The tenant's /userinfo limit for this user was reached (burst 10, then 5 a minute). Try again in 12 s.",
    );
  });

  it('does not send a token /userinfo would refuse there: its user comes from the Management API', async () => {
    const { inspector, http, access } = setup({ [`GET ${ORIGIN}/.well-known/jwks.json`]: jwks(key) });
    const noOpenid = await inspector.inspect({
      tenantId: TENANT,
      token: await sign({ ...userAccessClaims(), scope: 'read:orders' }, key),
    });
    expect(noOpenid).toMatchObject({ verdict: 'valid', user: { user_id: jane.user_id } });
    expect(noOpenid.profileError).toBeUndefined();
    expect(http.requests.every((request) => request.url.endsWith('/jwks.json'))).toBe(true);
    expect(access.apiCalls).toContain(`getUser ${jane.user_id}`);
  });

  it('shows whose token it is for an expired, not-yet-valid or wrong-audience token with a good signature', async () => {
    const { inspector, http } = setup({ [`GET ${ORIGIN}/.well-known/jwks.json`]: jwks(key) });
    const claims = { ...userAccessClaims(), sub: jane.user_id };
    const tokens = {
      expired: await sign({ ...claims, exp: NOW / 1000 - 3600 }, key),
      not_yet_valid: await sign({ ...claims, nbf: NOW / 1000 + 3600 }, key),
      wrong_audience: await sign(claims, key),
    };
    for (const [verdict, token] of Object.entries(tokens)) {
      const expectedAudience = verdict === 'wrong_audience' ? 'https://orders.example.com' : undefined;
      const result = await inspector.inspect({
        tenantId: TENANT,
        token,
        ...(expectedAudience ? { expectedAudience } : {}),
      });
      expect(result.verdict, verdict).toBe(verdict);
      expect(result.signatureVerified, verdict).toBe(true);
      expect(result.user?.user_id, verdict).toBe(jane.user_id);
      expect(
        result.differences.map((difference) => difference.field),
        verdict,
      ).not.toContain('sub');
    }
    // None of them went to /userinfo, which refuses them.
    expect(http.requests.every((request) => request.url.endsWith('/jwks.json'))).toBe(true);
  });

  it('looks up no user for a token whose signature is not proven', async () => {
    const { inspector, access } = setup({ [`GET ${ORIGIN}/.well-known/jwks.json`]: jwks(rotated) });
    const forged = await sign({ ...userAccessClaims(), sub: jane.user_id }, key);
    const result = await inspector.inspect({ tenantId: TENANT, token: forged });
    expect(result.signatureVerified).toBe(false);
    expect(result.user).toBeUndefined();
    expect(access.apiCalls).toEqual([]);
  });

  it('an ID token: the Management API profile and roles, with what changed since it was issued', async () => {
    const claims = { ...idTokenClaims(), 'https://acme.com/roles': ['viewer'] };
    const { inspector, access } = setup({ [`GET ${ORIGIN}/.well-known/jwks.json`]: jwks(key) });
    const result = await inspector.inspect({ tenantId: TENANT, token: await sign(claims, key) });
    expect(result).toMatchObject({
      kind: 'id',
      verdict: 'valid',
      user: jane,
      roles: ['admin'],
      tokeninfoOffered: true,
    });
    expect(access.apiCalls).toEqual([`getUser ${jane.user_id}`, `getUserRoles ${jane.user_id}`]);
    expect(result.differences).toEqual([
      { field: 'email', inToken: 'jane@example.com', now: 'jane.new@example.com' },
      { field: 'updated_at', inToken: '2026-02-01T10:00:00.000Z', now: '2026-02-20T09:00:00.000Z' },
      { field: 'https://acme.com/roles', inToken: ['viewer'], now: ['admin'] },
    ]);
  });

  it('says when the token outlived its user', async () => {
    const gone = new AppError('not_found', 'The user does not exist.', { status: 404 });
    const { inspector } = setup({ [`GET ${ORIGIN}/.well-known/jwks.json`]: jwks(key) }, tenants(gone));
    const result = await inspector.inspect({ tenantId: TENANT, token: await sign(idTokenClaims(), key) });
    expect(result.profileError).toBe(
      `The user ${jane.user_id} no longer exists in this tenant: the token outlived its user.`,
    );
  });

  it('refetches the JWKS once on an unknown kid, after the cooldown, so a rotated key is found', async () => {
    let served = [key];
    const { inspector, http, clock } = setup({ [`GET ${ORIGIN}/.well-known/jwks.json`]: () => jwks(...served)() });
    expect((await inspector.inspect({ tenantId: TENANT, token: await sign(idTokenClaims(), key) })).verdict).toBe(
      'valid',
    );
    served = [key, rotated];
    clock.time += JWKS_REFETCH_COOLDOWN_MS;
    const result = await inspector.inspect({ tenantId: TENANT, token: await sign(idTokenClaims(), rotated) });
    expect(result.verdict).toBe('valid');
    const foreign = await makeTenantKey('key-3');
    clock.time += JWKS_REFETCH_COOLDOWN_MS;
    expect((await inspector.inspect({ tenantId: TENANT, token: await sign(idTokenClaims(), foreign) })).verdict).toBe(
      'unknown_kid',
    );
    // First fetch, the refetch for key-2, one refetch for key-3; the cached set served key-1 in between.
    expect(http.requests.filter((request) => request.url.endsWith('/jwks.json'))).toHaveLength(3);
  });

  it('asks /tokeninfo when told, marks it offered for HS256 ID tokens, and explains its 404', async () => {
    const { inspector, http } = setup({
      [`GET ${ORIGIN}/.well-known/jwks.json`]: jwks(key),
      [`POST ${ORIGIN}/tokeninfo`]: () => jsonResponse(404, { error: 'not_found', error_description: 'Not Found' }),
    });
    const hs = await signHs256(idTokenClaims());
    const offered = await inspector.inspect({ tenantId: TENANT, token: hs });
    expect(offered).toMatchObject({ verdict: 'unsupported_algorithm', tokeninfoOffered: true });
    const asked = await inspector.inspect({ tenantId: TENANT, token: hs, tokeninfo: true });
    expect(asked.tokeninfo).toMatchObject({ status: 'failed', httpStatus: 404 });
    expect(asked.tokeninfo?.status === 'failed' && asked.tokeninfo.message).toMatch(
      /^This tenant no longer has \/tokeninfo \(404\)\. Auth0 disabled the legacy endpoint/,
    );
    expect(http.requests.at(-1)?.json).toEqual({ id_token: hs });
  });

  it('refuses to send an access token or an invalid ID token to /tokeninfo', async () => {
    const { inspector, http } = setup({ [`GET ${ORIGIN}/.well-known/jwks.json`]: jwks(key) });
    const access = await sign(userAccessClaims(), key);
    await expect(inspector.inspect({ tenantId: TENANT, token: access, tokeninfo: true })).rejects.toMatchObject({
      code: 'invalid_argument',
    });
    expect(http.requests.some((request) => request.url.endsWith('/tokeninfo'))).toBe(false);
  });

  it('reports a tenant that publishes no keys in words', async () => {
    const { inspector } = setup({});
    await expect(
      inspector.inspect({ tenantId: TENANT, token: await sign(idTokenClaims(), key) }),
    ).rejects.toMatchObject({
      code: 'api_error',
      message: expect.stringMatching(/did not publish its signing keys \(404/),
    });
  });
});
