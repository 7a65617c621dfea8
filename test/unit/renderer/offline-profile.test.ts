// The profile offline (issue 18): it says offline, every write is disabled with that reason
// (not "the token may not change users", not a click that fails), and a tab whose data the cache
// does not hold (roles, permissions, logs, organizations, MFA) says it is not cached, never "none".
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../../../common/auth0.ts';
import type { SyncStatus } from '../../../common/sync.ts';
import UserProfile from '../../../renderer/src/components/profile/UserProfile.svelte';
import { profile } from '../../../renderer/src/lib/profile.svelte.ts';
import { sync } from '../../../renderer/src/lib/sync.svelte.ts';
import { switchTenant } from '../../../renderer/src/lib/tenant-scope.svelte.ts';
import { bridge } from './fake-bridge.ts';

const TENANT = 'ten_offlineprofile01';
const user: User = {
  user_id: 'auth0|1',
  email: 'ada@example.com',
  name: 'Ada Lovelace',
  updated_at: '2026-01-01T00:00:00.000Z',
  identities: [{ connection: 'Username-Password-Authentication', provider: 'auth0', user_id: '1', isSocial: false }],
};
const offline = {
  code: 'offline' as const,
  message: 'Field office is offline: Roster could not reach it. Roles are not kept offline; they need the tenant.',
};

function offlineStatus(): SyncStatus {
  return {
    tenantId: TENANT,
    online: false,
    reachable: false,
    workOffline: false,
    cache: {
      userCount: 369,
      complete: false,
      syncedAt: null,
      fullSyncAt: null,
      recovered: null,
      indexing: null,
      indexFailed: null,
    },
    stale: true,
    running: null,
    settings: { autoSyncAfterMinutes: 60, workOffline: false },
  };
}

beforeEach(async () => {
  bridge.reset();
  switchTenant(null);
  bridge.handle('sync:status', () => ({ ok: true, value: offlineStatus() }));
  bridge.handle('users:list', () => ({ ok: false, error: offline }));
  for (const channel of ['tenants:capabilities', 'connections:list', 'cache:metadata-paths'] as const)
    bridge.handle(channel, () => ({ ok: false, error: offline }));
  bridge.handle('users:get', () => ({
    ok: true,
    value: { ...user, origin: { source: 'cache', syncedAt: null, complete: false, cachedUsers: 369 } },
  }));
  for (const channel of [
    'users:roles',
    'roles:list',
    'users:permissions',
    'users:logs',
    'users:organizations',
    'users:enrollments',
  ] as const)
    bridge.handle(channel, () => ({ ok: false, error: offline }));
  switchTenant(TENANT);
  await vi.waitFor(() => expect(sync.status?.online).toBe(false));
  await profile.open(TENANT, user.user_id);
});
afterEach(() => cleanup());

describe('the profile of a user read from the cache while the tenant is offline', () => {
  it('says where it came from, in the one sentence, and never “as of the last sync” for a tenant never synced', () => {
    render(UserProfile, { profile, production: false, missing: () => null, onback: vi.fn() });
    expect(screen.getByTestId('user-origin').textContent?.trim()).toBe(
      'From the offline cache (partial cache: only the 369 users seen while browsing · never synced)',
    );
  });

  it('disables every action and field with the offline reason', async () => {
    render(UserProfile, { profile, production: false, missing: () => null, onback: vi.fn() });
    for (const id of ['user-block', 'action-clear-blocks', 'action-verify-email', 'action-ticket', 'action-delete'])
      expect((screen.getByTestId(id) as HTMLButtonElement).disabled, id).toBe(true);
    expect(screen.getByTestId('actions-scope').textContent).toMatch(
      /^Offline: the tenant does not answer\. Changes need it online; nothing is queued/,
    );
    await fireEvent.click(screen.getByTestId('tab-attributes'));
    expect(screen.getByTestId('reason-name').textContent).toBe('Offline: changes need the tenant online.');
    expect(screen.getByTestId('attributes-scope').textContent).toMatch(/^Offline: /);
    expect(document.body.textContent).not.toContain('may not change users');
  });

  it('says roles, permissions, logs and organizations are not cached, never that there are none', async () => {
    render(UserProfile, { profile, production: false, missing: () => null, onback: vi.fn() });
    await vi.waitFor(() =>
      expect(screen.getByTestId('organizations-unknown').textContent).toMatch(/^Organizations are not cached offline/),
    );
    expect(screen.getByTestId('enrollments-unknown').textContent).toMatch(/^MFA enrollments are not cached offline/);
    await fireEvent.click(screen.getByTestId('tab-roles'));
    await vi.waitFor(() =>
      expect(screen.getByTestId('roles-unknown').textContent).toBe(
        'Roles are not cached offline: they show once the tenant is back online.',
      ),
    );
    expect(screen.getByTestId('profile-roles').textContent).not.toContain('No roles.');
    expect(screen.queryByTestId('role-assign')).toBeNull();
    await fireEvent.click(screen.getByTestId('tab-permissions'));
    await vi.waitFor(() =>
      expect(screen.getByTestId('permissions-unknown').textContent).toMatch(/^Permissions are not cached/),
    );
    expect(screen.getByTestId('profile-permissions').textContent).not.toContain('No permissions.');
    await fireEvent.click(screen.getByTestId('tab-logs'));
    await vi.waitFor(() =>
      expect(screen.getByTestId('logs-unknown').textContent).toMatch(/^Log events are not cached/),
    );
    expect(screen.getByTestId('profile-logs').textContent).not.toContain('No log events.');
  });
});
