// The Management API client against the emulator over HTTP, with the real keychain: token single
// flight, one refresh after a 401, a 429 storm, no retried POST, cancellation.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../../emulator/index.ts';
import { fetchToken } from '../emulator/helpers.ts';
import { DEFAULT_RETRY_POLICY } from '../../../main/auth0/send-with-retries.ts';
import { silentLogger } from '../../../main/log.ts';
import { createServices, type Services } from '../../../main/services.ts';
import type { Keychain } from '../../../main/tenants/keychain.ts';
import {
  recordingHttp,
  requireSecretService,
  temporaryDirectory,
  uniqueKeychainService,
  type Exchange,
} from './support.ts';

const keychainService = uniqueKeychainService();
let keychain: Keychain;
const cleanup: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  keychain = await requireSecretService(keychainService);
});
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function connect(emulator: EmulatorHandle) {
  const recording = recordingHttp();
  const services: Services = await createServices({
    userDataDir: await temporaryDirectory('roster-int-client-'),
    keychain,
    keychainService,
    log: silentLogger,
    emit: () => undefined,
    http: recording.http,
    retryPolicy: { ...DEFAULT_RETRY_POLICY, backoffBaseMs: 200 },
  });
  const { tenant } = await services.tenants.add({
    name: 'Emulator',
    domain: emulator.domain,
    apiBaseUrl: emulator.url,
    auth: { mode: 'client_credentials', clientId: emulator.clientId, clientSecret: emulator.clientSecret },
    verify: false,
  });
  cleanup.push(async () => {
    await services.tenants.remove(tenant.id);
    await services.dispose();
  });
  return {
    services,
    users: services.users,
    tenantId: tenant.id,
    exchanges: recording.exchanges,
    onSend: recording.onSend,
  };
}

async function emulatorWith(options: Parameters<typeof startEmulator>[0] = {}) {
  const emulator = await startEmulator({ users: 60, seed: 11, ...options });
  cleanup.push(() => emulator.stop());
  return emulator;
}

const count = (exchanges: Exchange[], method: string, path: string) =>
  exchanges.filter((exchange) => exchange.method === method && exchange.path === path).length;

describe('the Management API client against the emulator', () => {
  it('reads a user’s MFA enrollments and organizations (the profile’s Details)', async () => {
    const emulator = await emulatorWith();
    const { services, users, tenantId } = await connect(emulator);
    const page = await users.list({ tenantId, q: '_exists_:multifactor', per_page: 1 });
    const enrolled = page.users[0];
    expect(enrolled, 'the seeded tenant has users with MFA').toBeDefined();
    const enrollments = await services.reads.enrollments({ tenantId, userId: enrolled?.user_id ?? '' });
    expect(enrollments.length).toBeGreaterThan(0);
    expect(enrollments[0]).toMatchObject({ status: 'confirmed', type: expect.any(String) });
    const organizations = await services.reads.organizations({
      tenantId,
      userId: enrolled?.user_id ?? '',
      per_page: 10,
    });
    expect(organizations).toMatchObject({ organizations: [], start: 0, limit: 10 });
  });

  it('makes one token request for 20 concurrent calls (single flight)', async () => {
    const { users, tenantId, exchanges } = await connect(await emulatorWith());
    const pages = await Promise.all(
      Array.from({ length: 20 }, (_, page) => users.list({ tenantId, page, per_page: 2 })),
    );
    expect(pages.every((page) => page.users.length === 2)).toBe(true);
    expect(count(exchanges, 'POST', '/oauth/token')).toBe(1);
    expect(count(exchanges, 'GET', '/api/v2/users')).toBe(20);
  });

  it('after a 401 (the signing key rotated) fetches one new token and the call succeeds', async () => {
    const emulator = await emulatorWith();
    const { users, tenantId, exchanges } = await connect(emulator);
    await users.list({ tenantId, per_page: 1 });
    // The tenant revokes its signing key: the cached token is refused from now on.
    await emulator.rotateSigningKey();

    exchanges.length = 0;
    await expect(users.list({ tenantId, per_page: 1 })).resolves.toMatchObject({ length: 1 });
    expect(exchanges).toEqual([
      { method: 'GET', path: '/api/v2/users', status: 401 },
      { method: 'POST', path: '/oauth/token', status: 200 },
      { method: 'GET', path: '/api/v2/users', status: 200 },
    ]);
  });

  it('under a 429 storm, every call completes after the reset without failing', async () => {
    const emulator = await emulatorWith();
    const { users, tenantId, exchanges } = await connect(emulator);
    const ids = (await users.list({ tenantId, per_page: 8, fields: ['user_id'] })).users.map((user) => user.user_id);
    emulator.setTier('free');
    // Drain the bucket (2 requests, 2/s) from outside Roster, so that Roster meets a 429 first.
    const access_token = await fetchToken(emulator);
    for (let index = 0; index < 4; index += 1) {
      await fetch(`${emulator.url}/api/v2/users?per_page=1`, { headers: { authorization: `Bearer ${access_token}` } });
    }
    exchanges.length = 0;
    const fetched = await Promise.all(ids.map((userId) => users.get({ tenantId, userId })));
    expect(fetched.map((user) => user.user_id)).toEqual(ids);
    expect(exchanges.some((exchange) => exchange.status === 429)).toBe(true);
    expect(exchanges.filter((exchange) => exchange.status === 200)).toHaveLength(ids.length);
  }, 60_000);

  it('does not retry a POST after a 500, and the user is not created', async () => {
    const emulator = await emulatorWith();
    const { users, tenantId, exchanges } = await connect(emulator);
    await users.list({ tenantId, per_page: 1 });
    emulator.setFaults({ failNext: 1, errorStatus: 500, pathPrefix: '/api/v2/users' });
    const email = 'not-twice@example.com';
    await expect(
      users.create(tenantId, { connection: 'Username-Password-Authentication', email, password: 'Correct-Horse-42!' }),
    ).rejects.toMatchObject({ code: 'api_error', status: 500 });
    expect(count(exchanges, 'POST', '/api/v2/users')).toBe(1);
    expect((await users.list({ tenantId, q: `email:"${email}"` })).total).toBe(0);
  });

  it('retries a GET after a 503 and succeeds', async () => {
    const emulator = await emulatorWith();
    const { users, tenantId, exchanges } = await connect(emulator);
    await users.list({ tenantId, per_page: 1 });
    emulator.setFaults({ failNext: 1, errorStatus: 503, pathPrefix: '/api/v2/users' });
    exchanges.length = 0;
    await expect(users.list({ tenantId, per_page: 3 })).resolves.toMatchObject({ length: 3 });
    expect(exchanges.map((exchange) => exchange.status)).toEqual([503, 200]);
  });

  it('cancelling a call stops its request', async () => {
    const emulator = await emulatorWith();
    const { users, tenantId, exchanges, onSend } = await connect(emulator);
    await users.list({ tenantId, per_page: 1 });
    emulator.setFaults({ latencyMs: 20_000, pathPrefix: '/api/v2/users' });
    const controller = new AbortController();
    onSend.push((request) => {
      if (request.url.includes('/api/v2/users')) setImmediate(() => controller.abort());
    });
    exchanges.length = 0;
    await expect(users.list({ tenantId, per_page: 1 }, controller.signal)).rejects.toMatchObject({ code: 'cancelled' });
    expect(exchanges).toEqual([{ method: 'GET', path: '/api/v2/users', status: 'cancelled' }]);
  });
});
