// The token inspector as the app builds it (createServices, the real keychain, got) against the
// emulator over HTTP: /userinfo for access tokens, the Management API for ID tokens, /tokeninfo,
// every verdict from tokens the emulator really issued, and where each token was sent.
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle, type UserTokens } from '../../../emulator/index.ts';
import { fetchToken, managementApi } from '../emulator/helpers.ts';
import { systemClock, type Clock } from '../../../main/auth0/clock.ts';
import type { HttpRequest } from '../../../main/auth0/http-client.ts';
import { silentLogger } from '../../../main/log.ts';
import { createServices, type Services } from '../../../main/services.ts';
import { JWKS_REFETCH_COOLDOWN_MS } from '../../../main/tokens/jwks-cache.ts';
import { recordingHttp, requireSecretService, temporaryDirectory, uniqueKeychainService } from './support.ts';

const keychainService = uniqueKeychainService();
let emulator: EmulatorHandle;
let legacyless: EmulatorHandle;
let services: Services;
let tenantId: string;
let legacylessTenantId: string;
const sent: HttpRequest[] = [];
/** The system's time, moved on by a test that needs the JWKS cooldown to have passed. */
let skewMs = 0;
const clock: Clock = { now: () => systemClock.now() + skewMs, sleep: (ms, signal) => systemClock.sleep(ms, signal) };

async function addTenant(target: EmulatorHandle): Promise<string> {
  const { tenant } = await services.tenants.add({
    name: `Emulator ${target.domain}`,
    domain: target.domain,
    apiBaseUrl: target.url,
    auth: { mode: 'client_credentials', clientId: target.clientId, clientSecret: target.clientSecret },
    verify: false,
  });
  return tenant.id;
}

async function someUser(target: EmulatorHandle, index: number): Promise<string> {
  const api = managementApi(target, await fetchToken(target));
  const { body } = await api(
    'GET',
    `/users?per_page=1&page=${index}&q=${encodeURIComponent('identities.connection:"Username-Password-Authentication"')}`,
  );
  return (body as { user_id: string }[])[0]?.user_id ?? '';
}

async function mint(index: number, options: Parameters<EmulatorHandle['mintUserTokens']>[1] = {}): Promise<UserTokens> {
  const tokens = await emulator.mintUserTokens(await someUser(emulator, index), options);
  if (!tokens) throw new Error('no such user');
  return tokens;
}

beforeAll(async () => {
  const keychain = await requireSecretService(keychainService);
  emulator = await startEmulator({ users: 60, seed: 11 });
  legacyless = await startEmulator({ users: 20, seed: 12, legacyTokenInfo: false });
  const recording = recordingHttp();
  recording.onSend.push((request) => sent.push(request));
  services = await createServices({
    userDataDir: await temporaryDirectory('roster-int-tokens-'),
    keychain,
    keychainService,
    log: silentLogger,
    emit: () => undefined,
    http: recording.http,
    clock,
  });
  tenantId = await addTenant(emulator);
  legacylessTenantId = await addTenant(legacyless);
});

afterAll(async () => {
  for (const id of [tenantId, legacylessTenantId]) if (id) await services.tenants.remove(id);
  await services?.dispose();
  await emulator?.stop();
  await legacyless?.stop();
});

describe('tokens:inspect against the emulator', () => {
  it('a user access token: valid, with the claims of /userinfo', async () => {
    const tokens = await mint(0);
    const result = await services.tokens.inspect({ tenantId, token: tokens.access_token });
    expect(result).toMatchObject({ kind: 'access', verdict: 'valid', signatureVerified: true });
    expect(result.userinfo?.sub).toBe(tokens.user_id);
    expect(result.claims.aud).toEqual([`https://${emulator.domain}/api/v2/`, `https://${emulator.domain}/userinfo`]);
    expect(result.differences).toEqual([]);
    expect(result.tokeninfoOffered).toBe(false);
  });

  it('an ID token: valid, with the user from the Management API, and stale once the email changes', async () => {
    const tokens = await mint(1);
    const fresh = await services.tokens.inspect({
      tenantId,
      token: tokens.id_token,
      expectedAudience: tokens.client_id,
    });
    expect(fresh).toMatchObject({ kind: 'id', verdict: 'valid', tokeninfoOffered: true });
    expect(fresh.user?.user_id).toBe(tokens.user_id);
    expect(fresh.differences).toEqual([]);

    const api = managementApi(emulator, await fetchToken(emulator));
    const changed = await api('PATCH', `/users/${encodeURIComponent(tokens.user_id)}`, {
      email: `moved-${Date.now()}@example.com`,
    });
    expect(changed.status).toBe(200);
    const stale = await services.tokens.inspect({ tenantId, token: tokens.id_token });
    expect(stale.verdict).toBe('valid');
    expect(stale.differences.map((difference) => difference.field)).toEqual(['email', 'email_verified', 'updated_at']);
    expect(stale.differences[0]?.now).toBe((changed.body as { email: string }).email);
  });

  it('/tokeninfo: the legacy profile where the tenant has it, a 404 explained where it does not', async () => {
    const tokens = await mint(2);
    const asked = await services.tokens.inspect({ tenantId, token: tokens.id_token, tokeninfo: true });
    expect(asked.tokeninfo).toMatchObject({ status: 'ok', profile: { user_id: tokens.user_id } });

    const other = await legacyless.mintUserTokens();
    const gone = await services.tokens.inspect({
      tenantId: legacylessTenantId,
      token: other?.id_token ?? '',
      tokeninfo: true,
    });
    expect(gone.verdict).toBe('valid');
    expect(gone.tokeninfo).toMatchObject({ status: 'failed', httpStatus: 404 });
    expect(gone.tokeninfo?.status === 'failed' && gone.tokeninfo.message).toMatch(/no longer has \/tokeninfo \(404\)/);
  });

  it('explains a 401 from /userinfo: the user was deleted after the token was issued', async () => {
    const tokens = await mint(3);
    const api = managementApi(emulator, await fetchToken(emulator));
    expect((await api('DELETE', `/users/${encodeURIComponent(tokens.user_id)}`)).status).toBe(204);
    const result = await services.tokens.inspect({ tenantId, token: tokens.access_token });
    expect(result.verdict).toBe('valid');
    expect(result.profileError).toBe(
      'The tenant refused the token at /userinfo (401 invalid_token: The user does not exist). The tenant no longer accepts this token: it expired, was issued for another audience, or its signing key was revoked.',
    );
  });

  it('judges expired, not-yet-valid, wrong-issuer, wrong-audience and tampered tokens the emulator issued', async () => {
    const inspect = async (token: string, expectedAudience?: string) =>
      (await services.tokens.inspect({ tenantId, token, ...(expectedAudience ? { expectedAudience } : {}) })).verdict;
    expect(await inspect((await mint(4, { expiresInSeconds: -3600 })).access_token)).toBe('expired');
    expect(await inspect((await mint(4, { notBeforeInSeconds: 3600 })).id_token)).toBe('not_yet_valid');
    expect(await inspect((await mint(4, { issuer: 'https://elsewhere.auth0.com/' })).id_token)).toBe('wrong_issuer');
    const forOtherTenant = await mint(4, { audience: 'https://other.auth0.com/api/v2/' });
    expect(await inspect(forOtherTenant.access_token)).toBe('wrong_audience');
    const tokens = await mint(4);
    expect(await inspect(tokens.id_token, 'some-other-client')).toBe('wrong_audience');
    const [header, payload, signature] = tokens.id_token.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString());
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, email: 'evil@example.com' })).toString('base64url')}.${signature}`;
    expect(await inspect(tampered)).toBe('bad_signature');
  });

  it('handles a key rotation: the new key is fetched, the revoked one is unknown', async () => {
    const before = await mint(5);
    expect((await services.tokens.inspect({ tenantId, token: before.id_token })).verdict).toBe('valid');
    await emulator.rotateSigningKey();
    // A kid the cached set lacks forces a refetch once the cooldown since the last fetch is over.
    skewMs += JWKS_REFETCH_COOLDOWN_MS;
    const after = await mint(5);
    expect((await services.tokens.inspect({ tenantId, token: after.id_token })).verdict).toBe('valid');
    const revoked = await services.tokens.inspect({ tenantId, token: before.id_token });
    expect(revoked.verdict).toBe('unknown_kid');
    expect(revoked.message).toContain(`${emulator.url}/.well-known/jwks.json`);
  });

  it('an HS256 ID token cannot be checked by Roster, and /tokeninfo refuses one made with the wrong secret', async () => {
    const spa = emulator.clients.find((client) => client.grantTypes.includes('authorization_code'));
    const forged = await new SignJWT({ email: 'x@example.com' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(`https://${emulator.domain}/`)
      .setAudience(spa?.clientId ?? '')
      .setSubject(await someUser(emulator, 6))
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('not-the-client-secret'));
    const result = await services.tokens.inspect({ tenantId, token: forged, tokeninfo: true });
    expect(result).toMatchObject({ kind: 'id', verdict: 'unsupported_algorithm', tokeninfoOffered: true });
    expect(result.message).toMatch(/HS256.*cannot check the signature/);
    expect(result.tokeninfo).toMatchObject({ status: 'failed', httpStatus: 401 });
  });

  it('an HS256 ID token the tenant issued: Roster cannot check it, the tenant’s /tokeninfo can', async () => {
    const tokens = await mint(7, { idTokenAlgorithm: 'HS256' });
    const result = await services.tokens.inspect({
      tenantId,
      token: tokens.id_token,
      expectedAudience: tokens.client_id,
      tokeninfo: true,
    });
    expect(result).toMatchObject({ kind: 'id', verdict: 'unsupported_algorithm', signatureVerified: false });
    expect(result.message).toMatch(/issuer, audience and times are in order, but the claims are unproven/);
    expect(result.tokeninfo).toMatchObject({ status: 'ok', profile: { user_id: tokens.user_id } });
  });

  it('an unknown kid and an unsupported algorithm, from keys the tenant never had', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const es = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: 'x' })
      .setIssuer(`https://${emulator.domain}/`)
      .setAudience('x')
      .setExpirationTime('1h')
      .sign(privateKey);
    expect((await services.tokens.inspect({ tenantId, token: es })).verdict).toBe('unsupported_algorithm');
    const rsa = await generateKeyPair('RS256');
    const foreign = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: 'not-a-key-of-this-tenant' })
      .setIssuer(`https://${emulator.domain}/`)
      .setAudience('x')
      .setExpirationTime('1h')
      .sign(rsa.privateKey);
    expect((await services.tokens.inspect({ tenantId, token: foreign })).verdict).toBe('unknown_kid');
  });

  it('sent every pasted token only to the tenant origin, at /userinfo or /tokeninfo', () => {
    const carrying = sent.filter(
      (request) => /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/.test(JSON.stringify(request)) && !request.url.includes('/api/v2/'),
    );
    expect(carrying.length).toBeGreaterThan(3);
    for (const request of carrying) {
      const url = new URL(request.url);
      const target = [emulator.url, legacyless.url].includes(url.origin);
      expect(target, request.url).toBe(true);
      expect(['/userinfo', '/tokeninfo'], request.url).toContain(url.pathname);
    }
  });
});
