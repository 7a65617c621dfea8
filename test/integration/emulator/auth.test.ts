// The Authentication API side: /oauth/token, JWKS, /userinfo and /tokeninfo (FACTS.md, Token).
import { createRemoteJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../../emulator/index.ts';
import { fetchToken, managementApi, startTestEmulator } from './helpers.ts';

let emulator: EmulatorHandle;
let clients: { id: string; secret: string }[];

async function token(fields: Record<string, string>, asJson = false, headers: Record<string, string> = {}) {
  const response = await fetch(`${emulator.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': asJson ? 'application/json' : 'application/x-www-form-urlencoded', ...headers },
    body: asJson ? JSON.stringify(fields) : new URLSearchParams(fields),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

function audience(): string {
  return `https://${emulator.domain}/api/v2/`;
}

beforeAll(async () => {
  emulator = await startTestEmulator({ users: 20 });
  clients = [{ id: emulator.clientId, secret: emulator.clientSecret }];
});
afterAll(() => emulator.stop());

describe('POST /oauth/token', () => {
  it('issues an RS256 JWT with the claims of a client-credentials token, from form or JSON', async () => {
    for (const asJson of [false, true]) {
      const { status, body } = await token(
        {
          grant_type: 'client_credentials',
          client_id: emulator.clientId,
          client_secret: emulator.clientSecret,
          audience: audience(),
        },
        asJson,
      );
      expect(status).toBe(200);
      expect(body.token_type).toBe('Bearer');
      expect(body.expires_in).toBe(86400);
      const jwks = createRemoteJWKSet(new URL(`${emulator.url}/.well-known/jwks.json`));
      const { payload, protectedHeader } = await jwtVerify(body.access_token as string, jwks, {
        issuer: `https://${emulator.domain}/`,
        audience: audience(),
      });
      expect(protectedHeader.alg).toBe('RS256');
      expect(payload.sub).toBe(`${emulator.clientId}@clients`);
      expect(payload.azp).toBe(emulator.clientId);
      expect(payload.gty).toBe('client-credentials');
      expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(86400);
      expect(payload.scope).toBe(body.scope);
      expect(String(body.scope).split(' ')).toEqual(
        expect.arrayContaining(['read:users', 'update:users', 'delete:users', 'create:users']),
      );
    }
  });

  it('accepts client_secret_basic and narrows scopes to those requested', async () => {
    const basic = Buffer.from(`${clients[0]?.id}:${clients[0]?.secret}`).toString('base64');
    const { status, body } = await token(
      { grant_type: 'client_credentials', audience: audience(), scope: 'read:users read:nothing' },
      false,
      { authorization: `Basic ${basic}` },
    );
    expect(status).toBe(200);
    expect(body.scope).toBe('read:users');
  });

  it('gives the read-only client read scopes only', async () => {
    const { body } = await token({
      grant_type: 'client_credentials',
      client_id: emulator.readOnlyClientId,
      client_secret: emulator.readOnlyClientSecret,
      audience: audience(),
    });
    const scopes = String(body.scope).split(' ');
    expect(scopes).toContain('read:users');
    expect(scopes.every((scope) => scope.startsWith('read:'))).toBe(true);
  });

  it('answers the Authentication API error bodies', async () => {
    const base = {
      grant_type: 'client_credentials',
      client_id: emulator.clientId,
      client_secret: emulator.clientSecret,
      audience: audience(),
    };
    expect(await token({ ...base, client_secret: 'wrong' })).toEqual({
      status: 401,
      body: { error: 'access_denied', error_description: 'Unauthorized' },
    });
    expect(await token({ ...base, grant_type: 'password' })).toMatchObject({
      status: 400,
      body: { error: 'unsupported_grant_type' },
    });
    expect(await token({ ...base, audience: 'https://elsewhere.example/' })).toMatchObject({
      status: 403,
      body: { error: 'access_denied', error_description: 'Service not found: https://elsewhere.example/' },
    });
    const { grant_type, client_id, client_secret } = base;
    expect(await token({ grant_type, client_id, client_secret })).toMatchObject({
      status: 403,
      body: { error: 'access_denied' },
    });
  });

  it('refuses a client with no grant on the API and a client without the client_credentials grant', async () => {
    const noGrant = emulator.clients.find(
      (client) => client.scopes === null && client.grantTypes.includes('client_credentials'),
    );
    const spa = emulator.clients.find((client) => !client.grantTypes.includes('client_credentials'));
    const request = (client: typeof noGrant) =>
      token({
        grant_type: 'client_credentials',
        client_id: client?.clientId as string,
        client_secret: client?.clientSecret as string,
        audience: audience(),
      });
    const refused = await request(noGrant);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('access_denied');
    expect(refused.body.error_description).toMatch(
      /^Client is not authorized to access ".+"\. You need to create a "client-grant" associated to this API/,
    );
    expect(await request(spa)).toMatchObject({ status: 403, body: { error: 'unauthorized_client' } });
  });
});

describe('user tokens for the token inspector', () => {
  it('serves /userinfo and the legacy /tokeninfo for a minted user', async () => {
    const tokens = await emulator.mintUserTokens();
    expect(tokens).not.toBeNull();
    const info = await fetch(`${emulator.url}/userinfo`, {
      headers: { authorization: `Bearer ${tokens?.access_token}` },
    });
    expect(info.status).toBe(200);
    const claims = (await info.json()) as Record<string, unknown>;
    expect(claims.sub).toBe(tokens?.user_id);
    expect(typeof claims.updated_at).toBe('string');
    const tokenInfo = await fetch(`${emulator.url}/tokeninfo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id_token: tokens?.id_token }),
    });
    expect(tokenInfo.status).toBe(200);
    expect(((await tokenInfo.json()) as { user_id: string }).user_id).toBe(tokens?.user_id);
  });

  it('limits /userinfo to a burst of 10 per user', async () => {
    const tokens = await emulator.mintUserTokens();
    const statuses: number[] = [];
    for (let call = 0; call < 11; call += 1) {
      const response = await fetch(`${emulator.url}/userinfo`, {
        headers: { authorization: `Bearer ${tokens?.access_token}` },
      });
      statuses.push(response.status);
      await response.arrayBuffer();
    }
    // The earlier test already spent one call of this user's burst.
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(1);
    expect(statuses.slice(0, 9).every((status) => status === 200)).toBe(true);
  });

  it('answers /userinfo with a bad token as plain-text 401 and WWW-Authenticate', async () => {
    const info = await fetch(`${emulator.url}/userinfo`, { headers: { authorization: 'Bearer nope' } });
    expect(info.status).toBe(401);
    expect(await info.text()).toBe('Unauthorized');
    expect(info.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);
  });
});

describe('bearer checks on the Management API', () => {
  it('refuses a token signed by another key', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const kid = (await exportJWK(publicKey)).n?.slice(0, 8);
    const forged = await new SignJWT({ scope: 'read:users' })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer(`https://${emulator.domain}/`)
      .setAudience(audience())
      .setSubject('x@clients')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
    const response = await managementApi(emulator, forged)('GET', '/users');
    expect(response.status).toBe(401);
    expect(response.body).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'Token has expired or signature is invalid.',
    });
  });

  it('refuses a token of another tenant', async () => {
    const other = await startTestEmulator({ users: 10 });
    try {
      const response = await managementApi(emulator, await fetchToken(other))('GET', '/users');
      expect(response.status).toBe(401);
    } finally {
      await other.stop();
    }
  });
});
