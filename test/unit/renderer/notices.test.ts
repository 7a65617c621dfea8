// One notice model (issue 18): a notice belongs to the action and the context it was given in,
// and goes when that context changes (the search, the tab, the user, the tenant); a surface shows
// one notice at a time.
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Role, User } from '../../../common/auth0.ts';
import ActionsBar from '../../../renderer/src/components/profile/ActionsBar.svelte';
import RolesTab from '../../../renderer/src/components/profile/RolesTab.svelte';
import UserTable from '../../../renderer/src/components/UserTable.svelte';
import { ProfileState } from '../../../renderer/src/lib/profile.svelte.ts';
import { switchTenant } from '../../../renderer/src/lib/tenant-scope.svelte.ts';
import { users } from '../../../renderer/src/lib/users.svelte.ts';
import { bridge, makeUsers, serveUsers } from './fake-bridge.ts';

afterEach(() => cleanup());
beforeEach(() => bridge.reset());

const tenantId = 'ten_NOTICESAAAAAAAA';
const ada: User = {
  user_id: 'auth0|ada',
  email: 'ada@example.com',
  blocked: true,
  updated_at: '2026-01-01T00:00:00.000Z',
};
const viewer: Role = { id: 'rol_viewer', name: 'Viewer', description: 'Read-only access to reports' };

async function openedProfile(): Promise<ProfileState> {
  bridge.handle('users:get', () => ({
    ok: true,
    value: { ...ada, origin: { source: 'api', syncedAt: null, complete: true, cachedUsers: 0 } },
  }));
  bridge.handle('users:unblock', () => ({ ok: true, value: { ...ada, blocked: false } }));
  bridge.handle('users:roles', () => ({ ok: true, value: { roles: [], start: 0, limit: 100, total: 0 } }));
  bridge.handle('roles:list', () => ({ ok: true, value: { roles: [viewer], start: 0, limit: 100, total: 1 } }));
  bridge.handle('users:assign-roles', () => ({ ok: true, value: undefined }));
  const profile = new ProfileState();
  await profile.open(tenantId, ada.user_id);
  return profile;
}

describe('the profile’s notice', () => {
  it('goes when the tab changes: "Saved." is not shown while another tab is edited', async () => {
    const profile = await openedProfile();
    profile.tab = 'attributes';
    expect(await profile.setBlocked(false)).toBe(true);
    expect(profile.notice.text).toBe('Unblocked.');
    render(ActionsBar, { profile, production: false, missing: () => null, ondeleted: vi.fn() });
    expect(screen.getByTestId('action-notice').textContent).toBe('Unblocked.');
    profile.tab = 'metadata';
    flushSync();
    expect(screen.queryByTestId('action-notice')).toBeNull();
  });

  it('shows one notice at a time: "Assigned Viewer." replaces "Unblocked."', async () => {
    const profile = await openedProfile();
    profile.tab = 'roles';
    render(ActionsBar, { profile, production: false, missing: () => null, ondeleted: vi.fn() });
    render(RolesTab, {
      tenantId,
      userId: ada.user_id,
      disabledReason: null,
      onchanged: vi.fn(),
      notice: profile.notice,
    });
    await profile.setBlocked(false);
    flushSync();
    expect(screen.getByTestId('action-notice').textContent).toBe('Unblocked.');
    await vi.waitFor(() => expect(screen.getByTestId('role-assign')).toBeTruthy());
    await fireEvent.click(screen.getByTestId('role-assign'));
    await vi.waitFor(() => expect(screen.getByTestId('roles-notice').textContent).toBe('Assigned Viewer.'));
    expect(document.querySelectorAll('[data-notice]')).toHaveLength(1);
    expect(screen.queryByText('Unblocked.')).toBeNull();
  });

  it('stays gone when the admin comes back to the tab it was shown on', async () => {
    const profile = await openedProfile();
    profile.tab = 'attributes';
    await profile.setBlocked(false);
    render(ActionsBar, { profile, production: false, missing: () => null, ondeleted: vi.fn() });
    expect(screen.getByTestId('action-notice').textContent).toBe('Unblocked.');
    profile.tab = 'metadata';
    flushSync();
    profile.tab = 'attributes';
    flushSync();
    expect(screen.queryByTestId('action-notice')).toBeNull();
    profile.notice.show('Saved.');
    flushSync();
    expect(screen.getByTestId('action-notice').textContent).toBe('Saved.');
  });

  it('goes when another user is opened', async () => {
    const profile = await openedProfile();
    await profile.setBlocked(false);
    expect(profile.notice.text).toBe('Unblocked.');
    bridge.handle('users:get', () => ({
      ok: true,
      value: {
        ...ada,
        user_id: 'auth0|grace',
        origin: { source: 'api', syncedAt: null, complete: true, cachedUsers: 0 },
      },
    }));
    await profile.open(tenantId, 'auth0|grace');
    expect(profile.notice.text).toBeNull();
  });
});

describe('the list’s notice', () => {
  it('goes once the search changes: "Copied 2 user IDs." does not outlive its search', async () => {
    serveUsers(makeUsers(50));
    switchTenant('ten_NOTICESLISTAAAA');
    render(UserTable, { list: users });
    await vi.waitFor(() => expect(screen.getAllByTestId('user-row').length).toBeGreaterThan(0));
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const grid = screen.getByTestId('user-table');
    await fireEvent.keyDown(grid, { key: 'ArrowDown' });
    await fireEvent.keyDown(grid, { key: 'ArrowDown', shiftKey: true });
    await fireEvent.click(screen.getByTestId('copy-ids'));
    await vi.waitFor(() => expect(screen.getByTestId('copy-outcome').textContent).toBe('Copied 2 user IDs.'));
    // Typing a new search is a new context, before it even runs.
    users.draft = 'jane';
    flushSync();
    expect(screen.queryByTestId('copy-outcome')).toBeNull();
  });
});
