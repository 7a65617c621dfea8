// The emulator's side of the token inspector: user tokens shaped by mintUserTokens' options, and
// /userinfo and /tokeninfo answering them as Auth0 does (FACTS.md, Token).
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTROL_SECRET_HEADER, type EmulatorHandle } from '../../../emulator/index.ts';
import { fetchToken, managementApi, startTestEmulator } from './helpers.ts';

let emulator: EmulatorHandle;
let userIds: string[];

beforeAll(async () => {
  emulator = await startTestEmulator({ users: 30, seed: 21 });
  const { body } = await managementApi(emulator, await fetchToken(emulator))('GET', '/users?per_page=10');
  userIds = (body as { user_id: string }[]).map((user) => user.user_id);
});
afterAll(() => emulator.stop());

const userinfo = (token: string | undefined) =>
  fetch(`${emulator.url}/userinfo`, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });
const tokeninfo = (target: EmulatorHandle, idToken: string | undefined) =>
  fetch(`${target.url}/tokeninfo`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id_token: idToken }),
  });

describe('mintUserTokens options', () => {
  it('makes tokens as a login would: RS256, the SPA as azp and ID token audience, userinfo in aud with openid', async () => {
    const tokens = await emulator.mintUserTokens(userIds[0]);
    const access = decodeJwt(tokens?.access_token ?? '');
    const id = decodeJwt(tokens?.id_token ?? '');
    expect(decodeProtectedHeader(tokens?.id_token ?? '')).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    expect(access).toMatchObject({
      iss: `https://${emulator.domain}/`,
      sub: userIds[0],
      aud: [`https://${emulator.domain}/api/v2/`, `https://${emulator.domain}/userinfo`],
      azp: tokens?.client_id,
      scope: 'openid profile email',
    });
    expect(id).toMatchObject({ aud: tokens?.client_id, sub: userIds[0] });
    expect((id.exp ?? 0) - (id.iat ?? 0)).toBe(36_000);
  });

  it('takes expiry (negative: already expired), audience, issuer, scope, nbf and custom claims', async () => {
    const expired = await emulator.mintUserTokens(userIds[1], { expiresInSeconds: -600 });
    const claims = decodeJwt(expired?.access_token ?? '');
    expect((claims.exp ?? 0) * 1000).toBeLessThan(Date.now() - 590_000);
    expect(claims.iat ?? 0).toBeLessThan(claims.exp ?? 0);

    const shaped = await emulator.mintUserTokens(userIds[1], {
      audience: 'https://api.example.com',
      issuer: 'https://elsewhere.auth0.com/',
      scope: 'read:orders',
      notBeforeInSeconds: 120,
      claims: { 'https://example.com/roles': ['admin'] },
    });
    const access = decodeJwt(shaped?.access_token ?? '');
    expect(access).toMatchObject({
      aud: 'https://api.example.com',
      iss: 'https://elsewhere.auth0.com/',
      scope: 'read:orders',
      'https://example.com/roles': ['admin'],
    });
    expect((access.nbf ?? 0) - (access.iat ?? 0)).toBe(120);
    expect(decodeJwt(shaped?.id_token ?? '').aud).toBe('https://api.example.com');
    expect(await emulator.mintUserTokens('auth0|nobody')).toBeNull();
  });

  it('takes the same options, snake_case, at POST /__emulator/user-tokens and refuses bad ones', async () => {
    const control = (body: unknown) =>
      fetch(`${emulator.url}/__emulator/user-tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [CONTROL_SECRET_HEADER]: emulator.controlSecret },
        body: JSON.stringify(body),
      });
    const minted = (await (await control({ user_id: userIds[2], expires_in_seconds: 60, scope: 'openid' })).json()) as {
      access_token: string;
    };
    const claims = decodeJwt(minted.access_token);
    expect(claims.scope).toBe('openid');
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(60);
    expect(await (await control({ expires_in_seconds: 'soon' })).json()).toEqual({
      error: 'invalid_request',
      error_description: 'expires_in_seconds must be an integer',
    });
    expect((await control({ claims: [1] })).status).toBe(400);
  });
});

describe('/userinfo refusals', () => {
  it('says why in WWW-Authenticate, with a plain-text body', async () => {
    const expired = await emulator.mintUserTokens(userIds[3], { expiresInSeconds: -60 });
    const noOpenid = await emulator.mintUserTokens(userIds[3], { scope: 'profile' });
    const otherApi = await emulator.mintUserTokens(userIds[3], {
      audience: 'https://api.example.com',
      scope: 'read:x',
    });
    const cases: [string | undefined, string][] = [
      [undefined, 'Bearer realm="Users"'],
      [expired?.access_token, 'Bearer realm="Users", error="invalid_token", error_description="The token has expired"'],
      [noOpenid?.access_token, 'Bearer realm="Users", error="invalid_token", error_description="Invalid audience"'],
      [otherApi?.access_token, 'Bearer realm="Users", error="invalid_token", error_description="Invalid audience"'],
      ['nope', 'Bearer realm="Users", error="invalid_token", error_description="Invalid token"'],
    ];
    for (const [token, challenge] of cases) {
      const response = await userinfo(token);
      expect(response.status, challenge).toBe(401);
      expect(await response.text()).toBe('Unauthorized');
      expect(response.headers.get('www-authenticate')).toBe(challenge);
    }
  });

  it('refuses a token with openid whose user is gone', async () => {
    const tokens = await emulator.mintUserTokens(userIds[4]);
    const api = managementApi(emulator, await fetchToken(emulator));
    expect((await api('DELETE', `/users/${encodeURIComponent(userIds[4] ?? '')}`)).status).toBe(204);
    const response = await userinfo(tokens?.access_token);
    expect(response.headers.get('www-authenticate')).toContain('error_description="The user does not exist"');
  });
});

describe('/tokeninfo', () => {
  it('returns the profile without app_metadata, refuses an expired ID token', async () => {
    const tokens = await emulator.mintUserTokens(userIds[5]);
    const profile = (await (await tokeninfo(emulator, tokens?.id_token)).json()) as Record<string, unknown>;
    expect(profile.user_id).toBe(userIds[5]);
    expect(profile).not.toHaveProperty('app_metadata');
    const expired = await emulator.mintUserTokens(userIds[5], { expiresInSeconds: -60 });
    const refused = await tokeninfo(emulator, expired?.id_token);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ error: 'invalid_token', error_description: 'invalid token' });
  });

  it('checks an HS256 ID token with the secret of its application', async () => {
    const tokens = await emulator.mintUserTokens(userIds[6], { idTokenAlgorithm: 'HS256' });
    expect(decodeProtectedHeader(tokens?.id_token ?? '')).toEqual({ alg: 'HS256', typ: 'JWT' });
    const accepted = await tokeninfo(emulator, tokens?.id_token);
    expect(accepted.status).toBe(200);
    expect(((await accepted.json()) as { user_id: string }).user_id).toBe(userIds[6]);
    const [header, payload] = (tokens?.id_token ?? '').split('.');
    expect((await tokeninfo(emulator, `${header}.${payload}.${'A'.repeat(43)}`)).status).toBe(401);
  });

  it('answers 404 on a tenant without the legacy endpoint', async () => {
    const newer = await startTestEmulator({ users: 10, legacyTokenInfo: false });
    try {
      const tokens = await newer.mintUserTokens();
      const response = await tokeninfo(newer, tokens?.id_token);
      expect(response.status).toBe(404);
    } finally {
      await newer.stop();
    }
  });
});
