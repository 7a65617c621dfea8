// Focus and room for the list (issue 18), in a DOM: the list under a profile takes no keys, the
// caption names the sort, columns elide before they scroll, a column added is reported so the
// table can scroll to it, the tenant header folds the capabilities into one line, editors report
// their drafts, and the profile's tabs follow the WAI-ARIA tabs pattern and ask before a draft goes.
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../../../common/auth0.ts';
import type { Capabilities, TenantView } from '../../../common/tenant.ts';
import CapabilityList from '../../../renderer/src/components/CapabilityList.svelte';
import ColumnPicker from '../../../renderer/src/components/ColumnPicker.svelte';
import AttributesEditor from '../../../renderer/src/components/profile/AttributesEditor.svelte';
import UserProfile from '../../../renderer/src/components/profile/UserProfile.svelte';
import TenantHeader from '../../../renderer/src/components/TenantHeader.svelte';
import UserTable from '../../../renderer/src/components/UserTable.svelte';
import { columnTrack, describeSort } from '../../../renderer/src/lib/columns.ts';
import { ProfileState } from '../../../renderer/src/lib/profile.svelte.ts';
import { selection } from '../../../renderer/src/lib/selection.svelte.ts';
import { switchTenant } from '../../../renderer/src/lib/tenant-scope.svelte.ts';
import { users } from '../../../renderer/src/lib/users.svelte.ts';
import { bridge, makeUsers, serveUsers } from './fake-bridge.ts';

let tenant = 0;
async function openList(props: { covered?: boolean } = {}) {
  bridge.reset();
  serveUsers(makeUsers(300), 'cache');
  switchTenant(`ten_focus${++tenant}`);
  render(UserTable, { list: users, ...props });
  await vi.waitFor(() => expect(screen.getAllByTestId('user-row').length).toBeGreaterThan(0));
  return screen.getByTestId('user-search') as HTMLInputElement;
}

const ALL: Capabilities = {
  readUsers: true,
  createUsers: true,
  updateUsers: true,
  deleteUsers: true,
  readRoles: true,
  assignRoles: true,
  readLogs: true,
  readConnections: true,
  tickets: true,
  jobs: true,
};

beforeEach(() => switchTenant(null));
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('the list under a profile', () => {
  it('is inert, and `/` and Ctrl+F leave its hidden search box alone', async () => {
    const box = await openList({ covered: true });
    expect(box.closest('section')?.hasAttribute('inert')).toBe(true);
    await fireEvent.keyDown(document.body, { key: '/' });
    expect(document.activeElement).not.toBe(box);
    await fireEvent.keyDown(document.body, { key: 'f', ctrlKey: true });
    expect(document.activeElement).not.toBe(box);
  });

  it('uncovered, is not inert and `/` focuses the search box', async () => {
    const box = await openList();
    expect(box.closest('section')?.hasAttribute('inert')).toBe(false);
    await fireEvent.keyDown(document.body, { key: '/' });
    expect(document.activeElement).toBe(box);
  });
});

describe('the caption names the sort', () => {
  it('in words, for the default sort and after a header click', async () => {
    await openList();
    expect(screen.getByTestId('list-sort').textContent).toBe(' · sorted by Created, newest first');
    await fireEvent.click(screen.getByTestId('sort-last_login'));
    await vi.waitFor(() =>
      expect(screen.getByTestId('list-sort').textContent).toBe(' · sorted by Last login, newest first'),
    );
    await fireEvent.click(screen.getByTestId('sort-last_login'));
    await vi.waitFor(() =>
      expect(screen.getByTestId('list-sort').textContent).toBe(' · sorted by Last login, oldest first'),
    );
  });

  it('says each kind of field its own way', () => {
    expect(describeSort('name:1')).toBe('Name, A to Z');
    expect(describeSort('email:-1')).toBe('Email, Z to A');
    expect(describeSort('logins_count:-1')).toBe('Logins, most first');
    expect(describeSort('blocked:-1')).toBe('Status, blocked first');
    expect(describeSort('created_at:1')).toBe('Created, oldest first');
    expect(describeSort('app_metadata.plan:1')).toBe('app_metadata.plan, A to Z');
  });
});

describe('columns that fit or elide', () => {
  it('lets a column at its default width shrink to its minimum, and keeps a dragged width', () => {
    expect(columnTrack({ key: 'email', width: 230 })).toBe('minmax(98px, 230px)');
    expect(columnTrack({ key: 'email', width: 300 })).toBe('300px');
    expect(columnTrack({ key: 'app_metadata.plan', width: 150 })).toBe('150px');
  });

  it('the grid uses those tracks, so the default columns need no sideways scroll', async () => {
    await openList();
    const header = screen.getByTestId('user-table').querySelector<HTMLElement>('.header')!;
    expect(header.style.gridTemplateColumns).toContain('minmax(84px, 190px)');
    expect(Number.parseInt(header.style.minWidth)).toBeLessThanOrEqual(566);
  });

  it('resizes a column from the keyboard: its width typed in the picker, never under its minimum', async () => {
    switchTenant(`ten_focus${++tenant}`);
    render(ColumnPicker, { list: users, selection });
    await fireEvent.click(screen.getByTestId('column-picker'));
    const email = screen.getByTestId('column-width-email') as HTMLInputElement;
    expect(email.getAttribute('aria-label')).toBe('Width of Email in pixels');
    email.value = '320';
    await fireEvent.change(email);
    expect(selection.columns.find((column) => column.key === 'email')?.width).toBe(320);
    email.value = '10';
    await fireEvent.change(email);
    expect(selection.columns.find((column) => column.key === 'email')?.width).toBe(98);
    // Escape closes the picker, back on its button.
    await fireEvent.keyDown(email, { key: 'Escape' });
    expect(screen.queryByTestId('column-width-email')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('column-picker'));
  });

  it('reports a column added, so that the table scrolls to it', async () => {
    const onadded = vi.fn();
    render(ColumnPicker, { list: users, selection, onadded });
    await fireEvent.click(screen.getByTestId('column-picker'));
    const input = screen.getByTestId('column-add') as HTMLInputElement;
    input.value = 'app_metadata.plan';
    await fireEvent.input(input);
    await fireEvent.click(screen.getByTestId('column-add-submit'));
    expect(onadded).toHaveBeenCalledWith('app_metadata.plan');
  });
});

describe('the tenant header on one line', () => {
  const tenantView = {
    id: 'ten_header',
    name: 'Field office',
    domain: 'field.eu.auth0.com',
    kind: 'custom',
    authMode: 'client_credentials',
    production: true,
    color: '#2b8a3e',
  } as unknown as TenantView;

  it('puts production, the connection and the actions on the title line, the capabilities in a popover', async () => {
    render(TenantHeader, {
      tenant: tenantView,
      connection: {
        status: 'ok',
        test: { tokenExpiresAt: '2030-01-01T00:00:00.000Z', capabilities: { ...ALL, deleteUsers: false } },
      } as never,
      ontest: vi.fn(),
      onedit: vi.fn(),
      onremove: vi.fn(),
    });
    const title = screen.getByTestId('tenant-header').querySelector('.title')!;
    for (const id of ['production-banner', 'connection-ok', 'test-connection', 'edit-tenant'])
      expect(title.contains(screen.getByTestId(id)), id).toBe(true);
    expect(screen.getByTestId('production-banner').textContent?.trim()).toBe(
      'Production tenant: changes here reach real users.',
    );
    const toggle = screen.getByTestId('capabilities-toggle');
    expect(toggle.textContent).toBe('9 of 10 ▾');
    expect(toggle.getAttribute('aria-label')).toBe('Capabilities: 9 of 10 granted');
    expect(screen.getByTestId('capabilities').closest('[hidden]')).not.toBeNull();
  });

  it('opens the capabilities on click and closes them with Escape, back on the toggle', async () => {
    render(CapabilityList, { capabilities: ALL, folded: true, detail: 'Token valid until tomorrow' });
    const toggle = screen.getByTestId('capabilities-toggle');
    await fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByTestId('capabilities').closest('[hidden]')).toBeNull();
    expect(screen.getByTestId('capabilities').textContent).toContain('✓ Read users');
    await fireEvent.keyDown(toggle, { key: 'Escape' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(toggle);
  });
});

describe('drafts and tabs in the profile', () => {
  const user: User = {
    user_id: 'auth0|1',
    email: 'ada@example.com',
    name: 'Ada',
    nickname: 'ada',
    updated_at: '2026-01-01T00:00:00.000Z',
    created_at: '2025-01-01T00:00:00.000Z',
    identities: [{ connection: 'Username-Password-Authentication', provider: 'auth0', user_id: '1', isSocial: false }],
  };

  it('an editor reports whether its draft holds unsaved changes', async () => {
    const ondraft = vi.fn();
    render(AttributesEditor, {
      user,
      connectionOf: () => ({ name: 'Username-Password-Authentication', strategy: 'auth0' }),
      disabledReason: null,
      busy: false,
      onsave: vi.fn(),
      ondraft,
    });
    await tick();
    expect(ondraft).toHaveBeenLastCalledWith(false);
    const nickname = screen.getByTestId('input-nickname') as HTMLInputElement;
    nickname.value = 'countess';
    await fireEvent.input(nickname);
    expect(ondraft).toHaveBeenLastCalledWith(true);
  });

  async function openProfile(): Promise<ProfileState> {
    bridge.reset();
    bridge.handle('users:get', () => ({
      ok: true,
      value: { ...user, origin: { source: 'api', syncedAt: null, complete: true, cachedUsers: 0 } },
    }));
    bridge.handle('connections:list', () => ({ ok: true, value: [] }));
    const profile = new ProfileState();
    await profile.open('ten_profile', user.user_id);
    render(UserProfile, { profile, production: false, missing: () => null, onback: vi.fn() });
    await vi.waitFor(() => expect(document.activeElement?.getAttribute('data-testid')).toBe('user-panel-close'));
    return profile;
  }

  it('takes the focus on Back, and moves between tabs with the arrow keys (one Tab stop)', async () => {
    const profile = await openProfile();
    const tabs = screen.getAllByRole('tab');
    expect(tabs.filter((tab) => tab.tabIndex === 0)).toHaveLength(1);
    expect(screen.getByTestId('tab-details').getAttribute('aria-selected')).toBe('true');
    await fireEvent.keyDown(screen.getByTestId('tab-details'), { key: 'ArrowRight' });
    expect(profile.tab).toBe('attributes');
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('tab-attributes')));
    await fireEvent.keyDown(screen.getByTestId('tab-attributes'), { key: 'ArrowLeft' });
    expect(profile.tab).toBe('details');
  });

  it('asks before a tab change drops a draft, and stays when told to', async () => {
    const profile = await openProfile();
    await fireEvent.click(screen.getByTestId('tab-attributes'));
    const nickname = screen.getByTestId('input-nickname') as HTMLInputElement;
    nickname.value = 'countess';
    await fireEvent.input(nickname);
    expect(profile.hasDraft).toBe(true);
    const confirm = vi.fn(() => false);
    vi.stubGlobal('confirm', confirm);
    await fireEvent.click(screen.getByTestId('tab-details'));
    expect(confirm).toHaveBeenCalledOnce();
    expect(profile.tab).toBe('attributes');
    expect((screen.getByTestId('input-nickname') as HTMLInputElement).value).toBe('countess');
    confirm.mockReturnValue(true);
    await fireEvent.click(screen.getByTestId('tab-details'));
    expect(profile.tab).toBe('details');
    await tick();
    expect(profile.hasDraft).toBe(false);
  });
});
