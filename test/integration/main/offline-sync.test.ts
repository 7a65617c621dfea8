// Offline and sync end to end in main: the emulator over HTTP, the real cache on disk (node:sqlite),
// the real keychain. A full sync of a seeded tenant, an incremental sync after changes made
// behind Roster's back, a cancelled sync that leaves the previous cache, reads offline past the
// 1000 cap and sorted by metadata, writes refused, and the cache deleted with its tenant.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { User } from '../../../common/auth0.ts';
import type { ConnectivityChange, SyncProgress } from '../../../common/sync.ts';
import { startEmulator, type EmulatorHandle } from '../../../emulator/index.ts';
import { silentLogger } from '../../../main/log.ts';
import { createServices, type Services } from '../../../main/services.ts';
import { createHttpExportOpener } from '../../../main/sync/export-download.ts';
import { fetchToken, managementApi } from '../emulator/helpers.ts';
import { requireSecretService, temporaryDirectory, uniqueKeychainService } from './support.ts';

const USERS = 1_500;
const keychainService = uniqueKeychainService();
let emulator: EmulatorHandle;
let services: Services;
let tenantId: string;
let userData: string;
let api: ReturnType<typeof managementApi>;
const progress: SyncProgress[] = [];
const connectivity: ConnectivityChange[] = [];
/** Set by a test to cancel the next download as soon as its first bytes arrive. */
let cancelOnDownload: AbortController | null = null;

beforeAll(async () => {
  const keychain = await requireSecretService(keychainService);
  emulator = await startEmulator({ users: USERS, seed: 21 });
  api = managementApi(emulator, await fetchToken(emulator));
  userData = await temporaryDirectory('roster-int-offline-');
  const opener = createHttpExportOpener();
  services = await createServices({
    userDataDir: userData,
    keychain,
    keychainService,
    log: silentLogger,
    emit: (event, payload) => {
      if (event === 'sync:progress') progress.push(payload as SyncProgress);
      if (event === 'connectivity:changed') connectivity.push(payload as ConnectivityChange);
    },
    openExport: async (url, reach, signal) => {
      const download = await opener(url, reach, signal);
      const cancel = cancelOnDownload;
      if (!cancel) return download;
      return {
        contentLength: download.contentLength,
        body: (async function* () {
          for await (const chunk of download.body) {
            yield chunk;
            cancel.abort();
          }
        })(),
      };
    },
  });
  const added = await services.tenants.add({
    name: 'Offline test',
    domain: emulator.domain,
    apiBaseUrl: emulator.url,
    auth: { mode: 'client_credentials', clientId: emulator.clientId, clientSecret: emulator.clientSecret },
    verify: false,
  });
  tenantId = added.tenant.id;
}, 60_000);

afterAll(async () => {
  await services?.dispose();
  await emulator?.stop();
});

async function allEmulatorUsers(q?: string): Promise<User[]> {
  const users: User[] = [];
  for (let page = 0; page < 10; page += 1) {
    const query = new URLSearchParams({
      per_page: '100',
      page: String(page),
      include_totals: 'true',
      ...(q ? { q } : {}),
    });
    const body = (await api('GET', `/users?${query}`)).body as { users: User[] };
    users.push(...body.users);
    if (body.users.length < 100) break;
  }
  return users;
}

describe('offline and sync against the emulator', () => {
  it('syncs the whole tenant through the export job, with progress tied to the call', async () => {
    const summary = await services.sync.full(tenantId, 'call-1', new AbortController().signal);
    expect(summary).toMatchObject({ kind: 'full', users: USERS });
    const status = services.sync.status(tenantId);
    expect(status.cache).toMatchObject({ userCount: USERS, complete: true, syncedAt: summary.syncedAt });
    expect(status.stale).toBe(false);
    const mine = progress.filter((event) => event.callId === 'call-1');
    expect(mine.some((event) => event.phase === 'export')).toBe(true);
    expect(mine.at(-1)).toMatchObject({ phase: 'done', percentage: 100, users: USERS });
    // The cached user is the API's user, metadata included (the export asked for both objects).
    const [sample] = await allEmulatorUsers('_exists_:app_metadata');
    const cached = await services.users.get({ tenantId, userId: sample!.user_id });
    expect(cached.origin.source).toBe('api');
    services.sync.setOffline(tenantId, true);
    const offline = await services.users.get({ tenantId, userId: sample!.user_id });
    expect(offline.origin).toMatchObject({ source: 'cache', complete: true });
    expect(offline.app_metadata).toEqual(sample!.app_metadata);
    expect(offline.user_metadata).toEqual(sample!.user_metadata);
    services.sync.setOffline(tenantId, false);
  });

  it('answers past the 1000 cap and sorts by metadata from the cache', async () => {
    const past = await services.users.list({ tenantId, page: 14, per_page: 100, sort: 'created_at:1' });
    expect(past).toMatchObject({ source: 'cache', complete: true, total: USERS, length: 100, start: 1400 });
    const sorted = await services.users.list({
      tenantId,
      q: '_exists_:app_metadata.plan.seats',
      sort: 'app_metadata.plan.seats:-1',
      per_page: 100,
    });
    expect(sorted.source).toBe('cache');
    const seats = sorted.users.map((user) => (user.app_metadata?.plan as { seats: number }).seats);
    expect(seats).toEqual([...seats].sort((a, b) => b - a));
  });

  it('brings changes made elsewhere into the cache with an incremental sync', async () => {
    const [first, second] = await allEmulatorUsers('identities.connection:"Username-Password-Authentication"');
    await api('PATCH', `/users/${encodeURIComponent(first!.user_id)}`, {
      user_metadata: { nickname_note: 'changed elsewhere' },
    });
    await api('PATCH', `/users/${encodeURIComponent(second!.user_id)}`, { blocked: true });
    const created = (
      await api('POST', '/users', {
        connection: 'Username-Password-Authentication',
        email: 'new.person@example.com',
        password: 'A-str0ng-passw0rd!',
      })
    ).body as User;
    const summary = await services.sync.incremental(tenantId, 'call-2', new AbortController().signal);
    expect(summary.users).toBeGreaterThanOrEqual(3);
    services.sync.setOffline(tenantId, true);
    expect((await services.users.get({ tenantId, userId: first!.user_id })).user_metadata?.nickname_note).toBe(
      'changed elsewhere',
    );
    expect((await services.users.get({ tenantId, userId: second!.user_id })).blocked).toBe(true);
    expect((await services.users.get({ tenantId, userId: created.user_id })).email).toBe('new.person@example.com');
    expect(services.sync.status(tenantId).cache.syncedAt).toBe(summary.syncedAt);
    await expect(
      services.users.update({ tenantId, userId: first!.user_id }, { name: 'Offline edit' }),
    ).rejects.toMatchObject({
      code: 'offline',
      message: expect.stringMatching(/nothing is queued/),
    });
    services.sync.setOffline(tenantId, false);
  });

  it('a cancelled full sync leaves the previous cache as it was', async () => {
    // The previous sync's search index, built in the background, first: then nothing moves.
    await vi.waitFor(() => expect(services.sync.status(tenantId).cache.indexing).toBeNull(), { timeout: 30_000 });
    const before = services.sync.status(tenantId).cache;
    const [doomed] = await allEmulatorUsers();
    await api('DELETE', `/users/${encodeURIComponent(doomed!.user_id)}`);
    const controller = new AbortController();
    cancelOnDownload = controller;
    try {
      await expect(services.sync.full(tenantId, 'call-3', controller.signal)).rejects.toMatchObject({
        code: 'cancelled',
      });
    } finally {
      cancelOnDownload = null;
    }
    expect(services.sync.status(tenantId).cache).toEqual(before);
    expect(progress.filter((event) => event.callId === 'call-3').at(-1)).toMatchObject({ phase: 'failed' });
    services.sync.setOffline(tenantId, true);
    // Still there: only a committed full sync removes users deleted in Auth0.
    expect((await services.users.get({ tenantId, userId: doomed!.user_id })).user_id).toBe(doomed!.user_id);
    services.sync.setOffline(tenantId, false);
    await services.sync.full(tenantId, 'call-4', new AbortController().signal);
    expect(services.sync.status(tenantId).cache.userCount).toBe(before.userCount - 1);
  });

  it('goes offline when the tenant stops answering, reads from the cache and refuses writes', async () => {
    await emulator.stop();
    // A plain list goes online first: the request gets no answer, the same call is answered
    // from the cache, and the window hears that the tenant is offline.
    const page = await services.users.list({ tenantId });
    expect(page).toMatchObject({ source: 'cache', complete: true });
    expect(connectivity.at(-1)).toMatchObject({ tenantId, online: false, reachable: false });
    expect(services.sync.status(tenantId)).toMatchObject({ online: false, reachable: false, workOffline: false });
    await expect(services.users.setBlocked({ tenantId, userId: page.users[0]!.user_id }, true)).rejects.toMatchObject({
      code: 'offline',
    });
    await expect(services.sync.full(tenantId, 'call-5', new AbortController().signal)).rejects.toMatchObject({
      code: 'offline',
    });
  }, 30_000);

  it('removing the tenant deletes its cache and settings', async () => {
    const cacheDir = join(userData, 'cache');
    expect(readdirSync(cacheDir).some((name) => name.startsWith(tenantId))).toBe(true);
    await services.tenants.remove(tenantId);
    expect(readdirSync(cacheDir).some((name) => name.startsWith(tenantId))).toBe(false);
    expect(existsSync(join(userData, 'sync-settings', `${tenantId}.json`))).toBe(false);
  });
});
