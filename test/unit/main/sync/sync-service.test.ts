// SyncService with fakes: progress carries the starting call's id, one sync per tenant, a
// cancelled call stops its sync, a stale tenant updates itself when opened, settings persist and
// a damaged settings file gives the defaults.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Job, User, UsersPage } from '../../../../common/auth0.ts';
import type { SyncProgress } from '../../../../common/sync.ts';
import type { ManagementApi } from '../../../../main/auth0/management-api.ts';
import { silentLogger } from '../../../../main/log.ts';
import { Connectivity } from '../../../../main/sync/connectivity.ts';
import { ingestExport } from '../../../../main/sync/export-ingest.ts';
import { SyncService } from '../../../../main/sync/sync-service.ts';
import { SyncSettingsStore } from '../../../../main/sync/sync-settings.ts';
import { FakeClock } from '../fakes.ts';
import { FakeUserCacheStore, makeUser } from './fake-cache.ts';

const tenantId = 'ten_BBBBBBBBBBBBBBBB';

function setup(options: { holdExport?: Promise<void> } = {}) {
  const clock = new FakeClock(Date.parse('2025-06-01T12:00:00.000Z'));
  const users = Array.from({ length: 12 }, () => makeUser());
  const progress: SyncProgress[] = [];
  const caches = new FakeUserCacheStore();
  const directory = mkdtempSync(join(tmpdir(), 'roster-sync-settings-'));
  const settings = new SyncSettingsStore({ directory, log: silentLogger });
  const listed: string[] = [];
  const api = {
    exportUsers: async (): Promise<Job> => ({ id: 'job_1', type: 'users_export', status: 'pending', created_at: '' }),
    getJob: async (): Promise<Job> => {
      await options.holdExport;
      return {
        id: 'job_1',
        type: 'users_export',
        status: 'completed',
        created_at: '',
        location: 'https://x.example/f.json.gz',
      };
    },
    listUsers: async (args: { q?: string }): Promise<UsersPage> => {
      listed.push(args.q ?? '');
      return { start: 0, limit: 100, length: 1, total: 1, users: [users[0] as User] };
    },
  };
  const connectivity = new Connectivity({
    clock,
    random: () => 0.5,
    probe: async () => true,
    workOffline: (id) => settings.get(id).workOffline,
    emit: () => undefined,
    log: silentLogger,
  });
  const service = new SyncService({
    access: {
      withApi: (_id, call) => call(api as unknown as ManagementApi),
      nameOf: (id) => (id === tenantId ? 'Acme' : undefined),
    },
    caches,
    settings,
    connectivity,
    openExport: async () => ({
      contentLength: null,
      body: (async function* () {
        yield gzipSync(users.map((user) => JSON.stringify(user)).join('\n'));
      })(),
    }),
    reachOf: async () => 'public',
    ingestExport,
    clock,
    log: silentLogger,
    emitProgress: (event) => progress.push(event),
  });
  return { service, progress, caches, clock, listed, directory, settings };
}

describe('SyncService', () => {
  it('tags every progress event with the id of the call that started the sync', async () => {
    const { service, progress, caches } = setup();
    const summary = await service.full(tenantId, 'c42', new AbortController().signal);
    expect(summary.users).toBe(12);
    expect(caches.open(tenantId).users.size).toBe(12);
    expect(progress.length).toBeGreaterThan(1);
    expect(new Set(progress.map((event) => event.callId))).toEqual(new Set(['c42']));
    expect(progress.at(-1)).toMatchObject({ phase: 'done', percentage: 100, kind: 'full', users: 12 });
    // The bar: the export up to 30%, the download and ingest up to 90%, the commit's steps to 99%.
    const bar = progress.map((event) => [event.phase, Math.round(event.percentage)]);
    expect(bar.filter(([phase]) => phase === 'committing').map(([, percentage]) => percentage)).toEqual([90]);
    const percentages = progress.map((event) => event.percentage);
    expect(percentages).toEqual([...percentages].sort((left, right) => left - right));
  });

  it('runs one sync per tenant and stops the one whose call is cancelled', async () => {
    let release: () => void = () => undefined;
    const { service, progress, caches } = setup({ holdExport: new Promise((resolve) => (release = resolve)) });
    const controller = new AbortController();
    const first = service.full(tenantId, 'c1', controller.signal);
    await expect(service.full(tenantId, 'c2', new AbortController().signal)).rejects.toMatchObject({
      code: 'conflict',
    });
    expect(service.status(tenantId).running).toBe('full');
    controller.abort();
    release();
    await expect(first).rejects.toMatchObject({ code: 'cancelled' });
    expect(progress.at(-1)).toMatchObject({
      callId: 'c1',
      phase: 'failed',
      message: expect.stringMatching(/cache is as it was/),
    });
    expect(caches.open(tenantId).users.size).toBe(0);
    expect(service.status(tenantId).running).toBeNull();
  });

  it('updates a stale synced tenant by itself when the window opens it', async () => {
    const { service, progress, clock, listed } = setup();
    await service.full(tenantId, 'c1', new AbortController().signal);
    expect(service.status(tenantId, true).stale).toBe(false);
    expect(listed).toEqual([]);
    clock.time += 2 * 60 * 60 * 1000;
    const status = service.status(tenantId, true);
    expect(status.stale).toBe(true);
    await expect.poll(() => progress.at(-1)).toMatchObject({ callId: '', kind: 'incremental', phase: 'done' });
    expect(listed).toHaveLength(1);
    expect(service.status(tenantId).stale).toBe(false);
    // With auto-sync off, opening does nothing.
    service.settings(tenantId, { autoSyncAfterMinutes: null });
    clock.time += 30 * 24 * 60 * 60 * 1000;
    service.status(tenantId, true);
    expect(listed).toHaveLength(1);
  });

  it('refuses to sync while working offline, and keeps the choice on disk', async () => {
    const { service, directory } = setup();
    expect(service.setOffline(tenantId, true)).toMatchObject({ online: false, workOffline: true, reachable: true });
    await expect(service.full(tenantId, 'c1', new AbortController().signal)).rejects.toMatchObject({
      code: 'offline',
      message: 'You chose to work offline with Acme: a sync needs the tenant. Go online and sync again.',
    });
    expect(new SyncSettingsStore({ directory, log: silentLogger }).get(tenantId).workOffline).toBe(true);
  });

  it('reads a damaged settings file as the defaults', () => {
    const { directory } = setup();
    writeFileSync(join(directory, `${tenantId}.json`), '{"autoSyncAfterMinutes": -3, "workOffline": "yes"}');
    expect(new SyncSettingsStore({ directory, log: silentLogger }).get(tenantId)).toEqual({
      autoSyncAfterMinutes: 60,
      workOffline: false,
    });
    writeFileSync(join(directory, `${tenantId}.json`), 'not json');
    expect(new SyncSettingsStore({ directory, log: silentLogger }).get(tenantId)).toEqual({
      autoSyncAfterMinutes: 60,
      workOffline: false,
    });
  });

  it('lists the metadata paths of the tenant’s cache, and refuses a tenant that does not exist', async () => {
    const { service, caches } = setup();
    expect(service.metadataPaths(tenantId)).toEqual([]);
    caches.open(tenantId).users.set('auth0|m1', {
      ...makeUser(),
      user_id: 'auth0|m1',
      app_metadata: { plan: { tier: 'gold' } },
      user_metadata: { locale: 'fr' },
    } as User);
    expect(service.metadataPaths(tenantId)).toEqual(['app_metadata.plan.tier', 'user_metadata.locale']);
    expect(() => service.metadataPaths('ten_missing000000000')).toThrow(/no such tenant|not/i);
  });

  it('forgets a tenant’s cache', async () => {
    const { service, caches } = setup();
    await service.full(tenantId, 'c1', new AbortController().signal);
    await service.forget(tenantId);
    expect(caches.forgotten).toEqual([tenantId]);
  });
});
