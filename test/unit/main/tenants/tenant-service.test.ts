import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { addTenantArgs, type TenantList } from '../../../../common/tenant.ts';
import { silentLogger } from '../../../../main/log.ts';
import { createServices, type Services } from '../../../../main/services.ts';
import { FakeClock, FakeHttp, FakeKeychain, fixedRandom, jsonResponse, makeJwt } from '../fakes.ts';

const SECRET = 'canary-client-secret-4f2a';
let dir: string;
let keychain: FakeKeychain;
let clock: FakeClock;
let http: FakeHttp;
let events: { event: string; payload: unknown }[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'roster-tenants-'));
  keychain = new FakeKeychain();
  clock = new FakeClock();
  events = [];
  http = new FakeHttp((request) => {
    if (request.url.endsWith('/oauth/token')) {
      if (request.form?.client_secret !== SECRET)
        return jsonResponse(401, { error: 'access_denied', error_description: 'Unauthorized' });
      const exp = Math.floor(clock.now() / 1000) + 86_400;
      return jsonResponse(200, {
        access_token: makeJwt({ exp, scope: 'read:users create:users' }),
        expires_in: 86_400,
      });
    }
    return jsonResponse(200, { start: 0, limit: 1, length: 0, total: 0, users: [] });
  });
});

function services(): Promise<Services> {
  return createServices({
    userDataDir: dir,
    keychain,
    keychainService: 'Roster (unit)',
    log: silentLogger,
    emit: (event, payload) => events.push({ event, payload }),
    http,
    clock,
    random: fixedRandom(),
  });
}

const input = (secret = SECRET) =>
  addTenantArgs.parse({
    name: 'Acme',
    domain: 'https://Acme.EU.auth0.com/',
    auth: { mode: 'client_credentials', clientId: 'abc123', clientSecret: secret },
  });

describe('TenantService', () => {
  it('adds a tenant: the secret goes to the keychain only, the profile to disk, the list to the renderer', async () => {
    const { tenants } = await services();
    const added = await tenants.add(input());
    expect(added.connection?.scopes).toEqual(['create:users', 'read:users']);
    expect(added.connection?.capabilities).toMatchObject({ readUsers: true, createUsers: true, deleteUsers: false });
    expect(added.tenant).toMatchObject({
      name: 'Acme',
      domain: 'acme.eu.auth0.com',
      clientId: 'abc123',
      secretStorage: 'keychain',
    });
    expect([...keychain.entries.keys()]).toEqual([`Roster (unit)/${added.tenant.id}`]);
    expect(keychain.entry(`Roster (unit)/${added.tenant.id}`)).toEqual({
      v: 1,
      secret: SECRET,
      origin: 'https://acme.eu.auth0.com',
      audience: 'https://acme.eu.auth0.com/api/v2/',
    });
    expect(await readFile(join(dir, 'tenants.json'), 'utf8')).not.toContain(SECRET);
    expect(JSON.stringify(added)).not.toContain(SECRET);
    const changed = events.find((entry) => entry.event === 'tenants:changed')?.payload as TenantList;
    expect(changed.selectedId).toBe(added.tenant.id);
    expect(JSON.stringify(events)).not.toContain(SECRET);
    // The token request went to https://{domain}, with the canonical audience.
    expect(http.requests[0]).toMatchObject({
      url: 'https://acme.eu.auth0.com/oauth/token',
      form: { audience: 'https://acme.eu.auth0.com/api/v2/' },
    });
  });

  it('refuses a wrong secret with invalid_credentials, and keeps neither the secret nor the profile', async () => {
    const { tenants } = await services();
    await expect(tenants.add(input('wrong'))).rejects.toMatchObject({ code: 'invalid_credentials' });
    expect(keychain.entries.size).toBe(0);
    expect(tenants.list().tenants).toEqual([]);
  });

  it('without a keychain: keychain_unavailable, no request sent, nothing on disk', async () => {
    keychain.failWith = new Error('Cannot autolaunch D-Bus without X11 $DISPLAY');
    const { tenants } = await services();
    await expect(tenants.add(input())).rejects.toMatchObject({ code: 'keychain_unavailable' });
    expect(http.requests).toEqual([]);
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses a second tenant with the same domain and client ID', async () => {
    const { tenants } = await services();
    await tenants.add(input());
    await expect(tenants.add({ ...input(), verify: false })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('updates the name without asking the tenant, and re-checks new credentials before keeping them', async () => {
    const { tenants } = await services();
    const { tenant } = await tenants.add(input());
    const sent = http.requests.length;
    expect(await tenants.update({ id: tenant.id, name: 'Acme Prod', production: true })).toMatchObject({
      name: 'Acme Prod',
      production: true,
    });
    expect(http.requests.length).toBe(sent);
    await expect(
      tenants.update({
        id: tenant.id,
        auth: { mode: 'client_credentials', clientId: 'abc123', clientSecret: 'wrong' },
      }),
    ).rejects.toMatchObject({ code: 'invalid_credentials' });
    expect(keychain.entry(`Roster (unit)/${tenant.id}`)?.secret).toBe(SECRET);
  });

  it('keeps "Load all pictures" per tenant, off by default, across restarts, without asking the tenant', async () => {
    const first = await services();
    const { tenant } = await first.tenants.add(input());
    expect(tenant.loadAllPictures).toBeUndefined();
    expect(first.tenants.anyLoadsAllPictures()).toBe(false);
    const sent = http.requests.length;
    expect(await first.tenants.update({ id: tenant.id, loadAllPictures: true })).toMatchObject({
      loadAllPictures: true,
    });
    expect(http.requests.length).toBe(sent);
    expect(first.tenants.anyLoadsAllPictures()).toBe(true);
    await first.dispose();

    const restarted = await services();
    expect(restarted.tenants.list().tenants[0]?.loadAllPictures).toBe(true);
    expect(restarted.tenants.anyLoadsAllPictures()).toBe(true);
    await restarted.tenants.update({ id: tenant.id, loadAllPictures: false });
    expect(restarted.tenants.anyLoadsAllPictures()).toBe(false);
  });

  it('switches a tenant to a pasted token and records its expiry', async () => {
    const { tenants } = await services();
    const { tenant } = await tenants.add(input());
    const exp = Math.floor(clock.now() / 1000) + 600;
    const token = makeJwt({ exp, scope: 'read:users', aud: 'https://acme.eu.auth0.com/api/v2/' });
    const updated = await tenants.update({ id: tenant.id, auth: { mode: 'token', token } });
    expect(updated).toMatchObject({ authMode: 'token', tokenExpiresAt: new Date(exp * 1000).toISOString() });
    expect(updated.clientId).toBeUndefined();
    expect(keychain.entry(`Roster (unit)/${tenant.id}`)?.secret).toBe(token);
  });

  it('refuses a pasted token that has already expired, or one issued for another tenant', async () => {
    const { tenants } = await services();
    const expired = makeJwt({ exp: Math.floor(clock.now() / 1000) - 1, scope: 'read:users' });
    await expect(tenants.add({ ...input(), auth: { mode: 'token', token: expired } })).rejects.toMatchObject({
      code: 'token_expired',
    });
    const foreign = makeJwt({ exp: Math.floor(clock.now() / 1000) + 600, aud: 'https://other.auth0.com/api/v2/' });
    await expect(tenants.add({ ...input(), auth: { mode: 'token', token: foreign } })).rejects.toMatchObject({
      code: 'invalid_credentials',
      message: expect.stringContaining('other.auth0.com'),
    });
  });

  it('pushes tenants:token-expired once when a pasted token lapses', async () => {
    const { tenants, users } = await services();
    const token = makeJwt({
      exp: Math.floor(clock.now() / 1000) + 60,
      scope: 'read:users',
      aud: 'https://acme.eu.auth0.com/api/v2/',
    });
    const { tenant } = await tenants.add({ ...input(), auth: { mode: 'token', token } });
    await users.list({ tenantId: tenant.id });
    clock.time += 61_000;
    await expect(users.list({ tenantId: tenant.id })).rejects.toMatchObject({ code: 'token_expired' });
    await expect(users.list({ tenantId: tenant.id })).rejects.toMatchObject({ code: 'token_expired' });
    expect(events.filter((entry) => entry.event === 'tenants:token-expired')).toEqual([
      { event: 'tenants:token-expired', payload: { tenantId: tenant.id, message: expect.stringContaining('expired') } },
    ]);
  });

  it('removes a tenant with its secret, and refuses unknown ids with not_found', async () => {
    const { tenants } = await services();
    const { tenant } = await tenants.add(input());
    await tenants.remove(tenant.id);
    expect(keychain.entries.size).toBe(0);
    expect(tenants.list()).toMatchObject({ tenants: [], selectedId: null });
    await expect(tenants.select(tenant.id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('tests a draft before it is saved, and reports the granted scopes', async () => {
    const { tenants } = await services();
    const draft = input();
    const test = await tenants.test({ draft: { domain: draft.domain, auth: draft.auth } });
    expect(test).toMatchObject({ scopes: ['create:users', 'read:users'], tokenExpiresAt: expect.any(String) });
    expect(keychain.entries.size).toBe(0);
  });
});
