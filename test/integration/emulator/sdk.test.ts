// The official Node SDK (auth0 v7), unchanged, against the emulator: its `fetch` option sends
// https://{domain} to the local server, the only thing changed.
import { gunzipSync } from 'node:zlib';
import { ManagementClient, ManagementError } from 'auth0';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../../emulator/index.ts';
import { startTestEmulator } from './helpers.ts';

let emulator: EmulatorHandle;
let client: ManagementClient;

function sdkClient(handle: EmulatorHandle, options: { maxRetries?: number } = {}): ManagementClient {
  const local: typeof fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    return fetch(url.replace(`https://${handle.domain}`, handle.url), init);
  };
  return new ManagementClient({
    domain: handle.domain,
    clientId: handle.clientId,
    clientSecret: handle.clientSecret,
    fetch: local,
    ...options,
  });
}

async function statusOf(promise: Promise<unknown>): Promise<number | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ManagementError);
    return (error as ManagementError).statusCode;
  }
}

beforeAll(async () => {
  emulator = await startTestEmulator({ users: 300, seed: 11 });
  client = sdkClient(emulator);
});
afterAll(() => emulator.stop());

describe('the auth0 v7 SDK against the emulator', () => {
  it('lists users with totals and pages through them', async () => {
    const first = await client.users.list({ per_page: 40, include_totals: true });
    expect(first.data).toHaveLength(40);
    expect(first.response.total).toBe(300);
    const firstIds = first.data.map((user) => user.user_id);
    // getNextPage() loads the next page into the same Page object.
    const second = await first.getNextPage();
    expect(second.data).toHaveLength(40);
    expect(second.data.some((user) => firstIds.includes(user.user_id))).toBe(false);
  });

  it('searches with q and sort', async () => {
    const page = await client.users.list({ q: 'identities.connection:"github"', sort: 'created_at:-1', per_page: 100 });
    expect(page.data.length).toBeGreaterThan(0);
    expect(page.data.every((user) => user.user_id?.startsWith('github|'))).toBe(true);
    const dates = page.data.map((user) => user.created_at as string);
    expect([...dates].sort().reverse()).toEqual(dates);
  });

  it('creates, gets, updates with metadata merge and null removal, and deletes twice', async () => {
    const created = await client.users.create({
      connection: 'Username-Password-Authentication',
      email: 'SDK.User@Example.com',
      password: 'Correct-Horse-9',
      user_metadata: { theme: 'dark', address: { city: 'Lyon', zip: '69001' }, plan: 'pro' },
    });
    expect(created.email).toBe('sdk.user@example.com');
    expect(created.logins_count).toBeUndefined();
    const id = created.user_id as string;
    expect((await client.users.get(id)).user_id).toBe(id);
    const updated = await client.users.update(id, {
      user_metadata: { address: { city: 'Paris' }, plan: null as unknown as string, language: 'fr' },
    });
    expect(updated.user_metadata).toEqual({ theme: 'dark', address: { city: 'Paris' }, language: 'fr' });
    await client.users.delete(id);
    await client.users.delete(id);
    expect(await statusOf(client.users.get(id))).toBe(404);
  });

  it('finds users by email', async () => {
    const [someone] = (
      await client.users.list({ q: 'identities.connection:"Username-Password-Authentication"', per_page: 1 })
    ).data;
    const found = await client.users.listUsersByEmail({ email: someone?.email as string });
    expect(found.map((user) => user.user_id)).toContain(someone?.user_id);
  });

  it('assigns roles and permissions and reads them back', async () => {
    const [user] = (await client.users.list({ per_page: 1 })).data;
    const id = user?.user_id as string;
    const roles = (await client.roles.list()).data;
    await client.users.roles.assign(id, { roles: [roles[0]?.id as string] });
    const userRoles = await client.users.roles.list(id);
    expect(userRoles.data.map((role) => role.id)).toContain(roles[0]?.id);
    await client.users.permissions.create(id, {
      permissions: [{ permission_name: 'read:tickets', resource_server_identifier: 'https://api.demo.roster.local/' }],
    });
    const permissions = await client.users.permissions.list(id);
    expect(permissions.data.map((permission) => permission.permission_name)).toContain('read:tickets');
    await client.users.roles.delete(id, { roles: [roles[0]?.id as string] });
    expect((await client.users.roles.list(id)).data.map((role) => role.id)).not.toContain(roles[0]?.id);
  });

  it('reads and clears brute-force blocks and reads logs', async () => {
    const [user] = (await client.users.list({ per_page: 1, q: '_exists_:last_login' })).data;
    const id = user?.user_id as string;
    expect(Array.isArray((await client.userBlocks.list(id)).blocked_for)).toBe(true);
    await client.userBlocks.delete(id);
    const logs = await client.users.logs.list(id, { per_page: 5 });
    expect(logs.data.length).toBeGreaterThan(0);
    expect(logs.data[0]?.user_id).toBe(id);
  });

  it('runs an export job through to the downloaded file', async () => {
    const connections = (await client.connections.list({ strategy: ['auth0'] })).data;
    const job = await client.jobs.usersExports.create({
      connection_id: connections[0]?.id as string,
      format: 'json',
      fields: [{ name: 'user_id' }, { name: 'email' }, { name: 'app_metadata' }],
    });
    let current = await client.jobs.get(job.id);
    while (current.status !== 'completed') {
      expect(current.status).not.toBe('failed');
      await new Promise((resolve) => setTimeout(resolve, 25));
      current = await client.jobs.get(job.id);
    }
    const file = await fetch(current.location as string);
    const lines = gunzipSync(Buffer.from(await file.arrayBuffer()))
      .toString('utf8')
      .trim()
      .split('\n');
    expect(lines.length).toBeGreaterThan(100);
    expect(Object.keys(JSON.parse(lines[0] as string))).toContain('user_id');
  });

  it('creates a password-change ticket and a verification email job', async () => {
    const [user] = (
      await client.users.list({ q: 'identities.connection:"Username-Password-Authentication"', per_page: 1 })
    ).data;
    const ticket = await client.tickets.changePassword({ user_id: user?.user_id as string });
    expect(ticket.ticket).toMatch(new RegExp(`^https://${emulator.domain}/u/reset-password\\?ticket=`));
    const job = await client.jobs.verificationEmail.create({ user_id: user?.user_id as string });
    expect(job.type).toBe('verification_email');
  });

  it('raises typed errors with the right status for 404, 409 and 400', async () => {
    expect(await statusOf(client.users.get('auth0|000000000000000000000000'))).toBe(404);
    const [user] = (
      await client.users.list({ q: 'identities.connection:"Username-Password-Authentication"', per_page: 1 })
    ).data;
    const duplicate = client.users.create({
      connection: 'Username-Password-Authentication',
      email: user?.email as string,
      password: 'Correct-Horse-9',
    });
    expect(await statusOf(duplicate)).toBe(409);
    expect(await statusOf(client.users.list({ page: 20, per_page: 50 }))).toBe(400);
  });

  it('raises a 429 on the free tier', async () => {
    const free = await startTestEmulator({ users: 10, tier: 'free' });
    try {
      const limited = sdkClient(free, { maxRetries: 0 });
      const statuses = await Promise.all(
        Array.from({ length: 6 }, () => statusOf(limited.users.list({ per_page: 1 }))),
      );
      expect(statuses).toContain(429);
    } finally {
      await free.stop();
    }
  });
});
