// Trust at a glance (issue 18): an answer from a partial cache says so unmistakably ("At least",
// a banner, the cache's true state), the sync bar's badge and summary tell one story, the sidebar
// shows each tenant's health, and "Ask Auth0 again" asks the tenant, not the cache.
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SyncStatus, UsersListPage } from '../../../common/sync.ts';
import type { TenantView } from '../../../common/tenant.ts';
import SyncBar from '../../../renderer/src/components/SyncBar.svelte';
import TenantSidebar from '../../../renderer/src/components/TenantSidebar.svelte';
import UserTable from '../../../renderer/src/components/UserTable.svelte';
import { health } from '../../../renderer/src/lib/health.svelte.ts';
import { sync } from '../../../renderer/src/lib/sync.svelte.ts';
import { describeOrigin, describeTenant } from '../../../renderer/src/lib/tenant-health.ts';
import { switchTenant } from '../../../renderer/src/lib/tenant-scope.svelte.ts';
import { users } from '../../../renderer/src/lib/users.svelte.ts';
import { bridge, makeUsers } from './fake-bridge.ts';

const TENANT = 'ten_partial000000001';
const OTHER = 'ten_synced0000000002';
const browsed = { userCount: 369, complete: false, syncedAt: null };

function status(
  tenantId: string,
  patch: Partial<SyncStatus> = {},
  cache: Partial<SyncStatus['cache']> = {},
): SyncStatus {
  return {
    tenantId,
    online: false,
    reachable: false,
    workOffline: false,
    cache: { ...browsed, fullSyncAt: null, recovered: null, indexing: null, indexFailed: null, ...cache },
    stale: true,
    running: null,
    settings: { autoSyncAfterMinutes: 60, workOffline: false },
    ...patch,
  };
}

/** 16 of the 369 users seen while browsing match; the tenant itself is offline. */
function servePartialCache(): void {
  const matches = makeUsers(16);
  bridge.handle('users:list', (args) => {
    const value: UsersListPage = {
      start: 0,
      limit: args.per_page ?? 50,
      length: matches.length,
      total: matches.length,
      users: matches,
      source: args.prefer === 'api' ? 'api' : 'cache',
      syncedAt: null,
      complete: args.prefer === 'api',
      cachedUsers: 369,
    };
    return { ok: true, value: args.prefer === 'api' ? { ...value, total: 102, length: 16 } : value };
  });
}

beforeEach(() => {
  bridge.reset();
  switchTenant(null);
  bridge.handle('sync:status', (args) => ({ ok: true, value: status(args.tenantId) }));
  bridge.handle('tenants:capabilities', () => ({ ok: false, error: { code: 'offline', message: 'offline' } }));
  bridge.handle('connections:list', () => ({ ok: false, error: { code: 'offline', message: 'offline' } }));
  bridge.handle('cache:metadata-paths', () => ({ ok: true, value: [] }));
});
afterEach(() => cleanup());

describe('the one sentence', () => {
  it('says a never-synced cache is partial, with what it holds, wherever it is shown', () => {
    const words = describeTenant('offline', browsed);
    expect(words.sentence).toBe('Offline · Partial cache: only the 369 users seen while browsing · never synced');
    expect(words.short).toBe('Offline · partial cache');
    expect(describeOrigin({ source: 'cache', complete: false, syncedAt: null, cachedUsers: 369 })).toBe(
      'from the offline cache (partial cache: only the 369 users seen while browsing · never synced)',
    );
    expect(describeTenant('online', { userCount: 0, complete: false, syncedAt: null }).sentence).toBe(
      'Online · Nothing cached · never synced',
    );
  });
});

describe('an answer from a partial cache', () => {
  it('counts “at least”, shows a banner with the cache’s true state, and asks Auth0 again on request', async () => {
    servePartialCache();
    switchTenant(TENANT);
    render(UserTable, { list: users });
    await vi.waitFor(() => expect(users.answer).not.toBeNull());
    await users.search('name:d*');
    const caption = screen.getByTestId('user-summary').textContent ?? '';
    expect(caption).toMatch(/^\s*At least 16 users match “name:d\*”/);
    expect(caption).toContain('only the 369 users seen while browsing · never synced');
    const banner = await screen.findByTestId('partial-banner');
    expect(banner.textContent).toMatch(/Partial answer: Auth0 may hold more matches\./);
    expect(banner.textContent?.replace(/\s+/g, ' ')).toMatch(
      /The tenant is offline: this comes from the offline cache \(partial cache: only the 369 users seen while browsing · never synced\)\./,
    );

    await fireEvent.click(screen.getByTestId('ask-again'));
    await vi.waitFor(() => expect(users.answer?.source).toBe('api'));
    expect(bridge.callsOf('users:list').at(-1)).toMatchObject({ q: 'name:d*', prefer: 'api' });
    // Auth0's own answer: whole users, its count, no banner.
    expect(bridge.callsOf('users:list').at(-1)?.fields).toBeUndefined();
    expect(screen.getByTestId('user-summary').textContent).toMatch(/^\s*102 users match/);
    expect(screen.queryByTestId('partial-banner')).toBeNull();
  });
});

describe('the sync bar', () => {
  it('tells one story offline: no “nothing cached” beside the users cached from browsing', async () => {
    sync.reset(TENANT);
    render(SyncBar, { sync });
    await vi.waitFor(() => expect(screen.getByTestId('offline-badge').textContent?.trim()).toBe('Offline'));
    expect(screen.getByTestId('cache-summary').textContent?.trim()).toBe(
      'Partial cache: only the 369 users seen while browsing · never synced',
    );
  });
});

describe('the sidebar', () => {
  it('shows each tenant’s health: reach by colour, synced or not, in words', async () => {
    const tenant = (id: string, name: string): TenantView => ({
      id,
      name,
      domain: `${name}.auth0.com`,
      authMode: 'client_credentials',
      color: '#2b8a3e',
      production: false,
      kind: 'standard',
      createdAt: '2026-12-01T10:00:00.000Z',
      secretStorage: 'keychain',
    });
    bridge.handle('sync:status', (args) => ({
      ok: true,
      value:
        args.tenantId === TENANT
          ? status(TENANT)
          : status(
              OTHER,
              { online: true, reachable: true },
              { userCount: 3000, complete: true, syncedAt: '2026-12-01T10:00:00.000Z' },
            ),
    }));
    health.follow([TENANT, OTHER]);
    render(TenantSidebar, {
      tenants: [tenant(TENANT, 'field'), tenant(OTHER, 'demo')],
      selectedId: TENANT,
      shortcutPrefix: 'Ctrl+',
      onselect: vi.fn(),
      onadd: vi.fn(),
    });
    await vi.waitFor(() => expect(screen.getAllByTestId('tenant-health')[1]?.dataset.reach).toBe('online'));
    const [offline, online] = screen.getAllByTestId('tenant-health') as HTMLElement[];
    expect(offline?.dataset).toMatchObject({ reach: 'offline', cache: 'partial' });
    expect(offline?.textContent).toBe('Offline · partial cache');
    expect(online?.dataset).toMatchObject({ reach: 'online', cache: 'full' });
    expect(online?.textContent).toBe('Online · synced');
    expect(screen.getAllByTestId('tenant-item')[0]?.title).toContain(
      'Offline · Partial cache: only the 369 users seen while browsing · never synced',
    );
    // A refused token: reachable, but failing.
    health.failed(OTHER, 'The tenant refused the credentials.');
    await vi.waitFor(() => expect(screen.getAllByTestId('tenant-health')[1]?.dataset.reach).toBe('failing'));
  });
});
