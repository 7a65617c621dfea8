// What the window says (issue 18): times in words with the exact time as a tooltip, the values
// the admin typed in the conflict dialog, log events said once, the search-timeout link that opens
// through the audited path, required fields marked, a delete confirmed by email in any case, the
// token's user shown for an expired token, and role changes by name in the Changes panel.
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../../../common/auth0.ts';
import type { HistoryEntryView } from '../../../common/history.ts';
import type { TokenInspection } from '../../../common/tokens.ts';
import ChangesPanel from '../../../renderer/src/components/ChangesPanel.svelte';
import CreateUserDialog from '../../../renderer/src/components/CreateUserDialog.svelte';
import LinkedText from '../../../renderer/src/components/LinkedText.svelte';
import ActionsBar from '../../../renderer/src/components/profile/ActionsBar.svelte';
import ConflictDialog from '../../../renderer/src/components/profile/ConflictDialog.svelte';
import DetailsTab from '../../../renderer/src/components/profile/DetailsTab.svelte';
import LogsTab from '../../../renderer/src/components/profile/LogsTab.svelte';
import MembershipsSection from '../../../renderer/src/components/profile/MembershipsSection.svelte';
import TokenProfile from '../../../renderer/src/components/TokenProfile.svelte';
import UserCell from '../../../renderer/src/components/UserCell.svelte';
import UserTable from '../../../renderer/src/components/UserTable.svelte';
import { HistoryState } from '../../../renderer/src/lib/history.svelte.ts';
import { logEventInWords } from '../../../renderer/src/lib/log-types.ts';
import { ProfileState } from '../../../renderer/src/lib/profile.svelte.ts';
import { switchTenant } from '../../../renderer/src/lib/tenant-scope.svelte.ts';
import { timeInWords } from '../../../renderer/src/lib/time-format.ts';
import { users } from '../../../renderer/src/lib/users.svelte.ts';
import { bridge, makeUsers, serveUsers } from './fake-bridge.ts';

afterEach(() => cleanup());
beforeEach(() => bridge.reset());

const tenantId = 'ten_WORDSAAAAAAAAAA';
const DAY = 86_400_000;

describe('timeInWords', () => {
  it('says a moment relative to now, with the exact time for the tooltip', () => {
    const now = Date.parse('2026-03-10T12:00:00Z');
    expect(timeInWords('2026-03-07T12:00:00Z', now)?.text).toBe('3 days ago');
    expect(timeInWords(now + 9.9 * 3_600_000, now)?.text).toBe('in 9 hours');
    expect(timeInWords(now - 20_000, now)?.text).toBe('now');
    expect(timeInWords(now - 400 * DAY, now)?.text).toBe('last year');
    const time = timeInWords('2026-03-07T12:00:00Z', now);
    expect(time?.iso).toBe('2026-03-07T12:00:00.000Z');
    expect(time?.exact).toMatch(/2026/);
    expect(timeInWords('not a date', now)).toBeNull();
    expect(timeInWords(undefined, now)).toBeNull();
  });
});

describe('times in words where the README promises them', () => {
  it('Details: last_login in words, the exact time beside and as the tooltip', () => {
    const lastLogin = new Date(Date.now() - 3 * DAY - 60_000).toISOString();
    render(DetailsTab, {
      tenantId,
      user: { user_id: 'auth0|1', last_login: lastLogin, name: 'Ada' } as User,
      disabledReason: null,
      busy: false,
      onunlink: vi.fn(),
    });
    const time = screen.getByTestId('detail-time');
    expect(time.textContent).toBe('3 days ago');
    expect(time.getAttribute('datetime')).toBe(lastLogin);
    expect(time.getAttribute('title')).toMatch(/\d/);
  });

  it('Details: MFA enrollments in words too', async () => {
    const enrolled = new Date(Date.now() - 2 * DAY - 60_000).toISOString();
    bridge.handle('users:enrollments', () => ({
      ok: true,
      value: [
        {
          id: 'dev_1',
          status: 'confirmed',
          type: 'authenticator',
          auth_method: 'authenticator',
          enrolled_at: enrolled,
        },
      ],
    }));
    bridge.handle('users:organizations', () => ({
      ok: true,
      value: { organizations: [], start: 0, limit: 100, total: 0 },
    }));
    render(MembershipsSection, { tenantId, userId: 'auth0|1', multifactor: undefined });
    await vi.waitFor(() => expect(screen.getByText('2 days ago').getAttribute('datetime')).toBe(enrolled));
  });

  it('the list’s last login: in words with the exact time as the tooltip, Never without one', () => {
    const lastLogin = new Date(Date.now() - 2 * 3_600_000 - 60_000).toISOString();
    const { container } = render(UserCell, {
      user: { user_id: 'auth0|1', last_login: lastLogin } as User,
      column: 'last_login',
    });
    expect(container.querySelector('time')?.textContent).toBe('2 hours ago');
    expect(container.querySelector('time')?.getAttribute('title')).toBeTruthy();
    cleanup();
    render(UserCell, { user: { user_id: 'auth0|2' } as User, column: 'last_login' });
    expect(screen.getByText('Never')).toBeTruthy();
  });

  it('log events: the time in words, and the type said once ("Successful login", not twice)', async () => {
    const date = new Date(Date.now() - 5 * 60_000).toISOString();
    bridge.handle('users:logs', () => ({
      ok: true,
      value: {
        logs: [
          { log_id: '1', date, type: 's', description: 'Successful login' },
          { log_id: '2', date, type: 'fp', description: 'Wrong email or password.' },
        ],
        start: 0,
        limit: 25,
        length: 2,
        total: 2,
      },
    }));
    render(LogsTab, { tenantId, userId: 'auth0|1', disabledReason: null });
    await vi.waitFor(() => expect(screen.getAllByTestId('log-event')).toHaveLength(2));
    expect(screen.getAllByTestId('log-event').map((cell) => cell.textContent)).toEqual([
      'Successful login',
      'Failed login (incorrect password) — Wrong email or password.',
    ]);
    expect(screen.getAllByText('5 minutes ago')).toHaveLength(2);
    expect(logEventInWords('s', 'successful login.')).toBe('Successful login');
    expect(logEventInWords('scp', '')).toBe('Password changed');
  });
});

describe('the conflict dialog', () => {
  it('shows when the server changed the user, in words, and the values the admin typed', () => {
    const updated = new Date(Date.now() - 2 * 60_000).toISOString();
    render(ConflictDialog, {
      conflict: {
        server: { user_id: 'auth0|1', updated_at: updated, given_name: 'Grace' },
        serverChanges: [{ field: 'given_name', before: 'Ada', after: 'Grace' }],
        mine: ['family_name', 'user_metadata.plan', 'password'],
        body: { family_name: 'Lovelace', user_metadata: { plan: 'gold', old: null }, password: 'secret-Value-1' },
        overwrite: null,
      },
      onresolve: vi.fn(),
    });
    const when = screen.getByTestId('conflict-updated');
    expect(when.textContent).toBe('2 minutes ago');
    expect(when.getAttribute('title')).toBeTruthy();
    const mine = screen.getByTestId('conflict-mine').textContent ?? '';
    expect(mine).toMatch(/family_name:\s*"Lovelace"/);
    expect(mine).toMatch(/user_metadata\.plan:\s*"gold"/);
    expect(mine).toMatch(/user_metadata\.old:\s*removed/);
    expect(mine).toMatch(/password:\s*a new password \(not shown\)/);
    expect(mine).not.toContain('secret-Value-1');
  });
});

describe('the search-timeout link', () => {
  it('is a real link that opens through app:open-external, without the sentence’s final dot', async () => {
    bridge.handle('app:open-external', () => ({ ok: true, value: undefined }));
    render(LinkedText, {
      text: 'The query exceeded the timeout. Please try refining your search criteria. See https://auth0.com/docs/best-practices/search-best-practices.',
    });
    const link = screen.getByTestId('external-link');
    expect(link.tagName).toBe('A');
    expect(link.getAttribute('href')).toBe('https://auth0.com/docs/best-practices/search-best-practices');
    await fireEvent.click(link);
    expect(bridge.callsOf('app:open-external')).toEqual([
      { url: 'https://auth0.com/docs/best-practices/search-best-practices' },
    ]);
    expect(document.body.textContent).toMatch(/search-best-practices\.$/);
  });

  it('is a link where the list shows Auth0’s timeout', async () => {
    bridge.handle('users:list', () => ({
      ok: false,
      error: {
        code: 'api_error',
        status: 400,
        message:
          'The query exceeded the timeout. Please try refining your search criteria. See https://auth0.com/docs/best-practices/search-best-practices.',
      },
    }));
    switchTenant('ten_WORDSTIMEOUTAAAA');
    render(UserTable, { list: users });
    await vi.waitFor(() => expect(screen.getByTestId('list-error')).toBeTruthy());
    expect(screen.getByTestId('external-link').getAttribute('href')).toBe(
      'https://auth0.com/docs/best-practices/search-best-practices',
    );
  });
});

describe('the Add dialog', () => {
  it('marks the connection’s required fields visibly and with aria-required', async () => {
    bridge.handle('connections:list', () => ({
      ok: true,
      value: [{ id: 'con_1', name: 'Username-Password-Authentication', strategy: 'auth0', options: {} }],
    }));
    render(CreateUserDialog, { tenantId, disabledReason: null, onclose: vi.fn(), oncreated: vi.fn() });
    await vi.waitFor(() => expect(screen.getByTestId('create-email')).toBeTruthy());
    for (const id of ['create-email', 'input-password', 'create-connection']) {
      expect(screen.getByTestId(id).getAttribute('aria-required'), id).toBe('true');
    }
    expect(screen.getByTestId('create-email').closest('label')?.textContent).toMatch(/Email\s*\*/);
    expect(screen.getByTestId('field-password').textContent).toMatch(/New password\s*\*/);
  });
});

describe('the delete confirmation', () => {
  it('takes the email in any case (Auth0 emails are case-insensitive), the user id only exactly', async () => {
    bridge.handle('users:get', () => ({
      ok: true,
      value: {
        user_id: 'auth0|Ada',
        email: 'ada.lovelace@example.com',
        origin: { source: 'api', syncedAt: null, complete: true, cachedUsers: 0 },
      },
    }));
    const profile = new ProfileState();
    await profile.open(tenantId, 'auth0|Ada');
    const { rerender } = render(ActionsBar, { profile, production: false, missing: () => null, ondeleted: vi.fn() });
    await fireEvent.click(screen.getByTestId('action-delete'));
    const button = () => screen.getByTestId('delete-confirm-button') as HTMLButtonElement;
    await fireEvent.input(screen.getByTestId('delete-typed'), { target: { value: 'Ada.Lovelace@Example.COM ' } });
    expect(button().disabled).toBe(false);
    await fireEvent.input(screen.getByTestId('delete-typed'), { target: { value: 'ada.lovelace@example.org' } });
    expect(button().disabled).toBe(true);
    await rerender({ profile, production: true, missing: () => null, ondeleted: vi.fn() });
    await fireEvent.input(screen.getByTestId('delete-typed'), { target: { value: 'auth0|ada' } });
    expect(button().disabled).toBe(true);
    await fireEvent.input(screen.getByTestId('delete-typed'), { target: { value: 'auth0|Ada' } });
    expect(button().disabled).toBe(false);
  });
});

describe('the token profile', () => {
  const base: TokenInspection = {
    kind: 'access',
    verdict: 'expired',
    message: 'Its expiry time (exp) passed 2 h ago.',
    header: { alg: 'RS256' },
    claims: { sub: 'auth0|ada' },
    signatureVerified: true,
    checkedAt: new Date().toISOString(),
    tokeninfoOffered: false,
    differences: [],
    user: { user_id: 'auth0|ada', email: 'ada@example.com' },
  };

  it('shows whose token an expired token is, marked with the verdict', () => {
    render(TokenProfile, { inspection: base, now: Date.now() });
    expect(screen.getByTestId('profile-table').textContent).toContain('ada@example.com');
    expect(screen.getByTestId('profile-verdict').textContent).toMatch(
      /^The token has expired, but its signature is good: this is the user it was issued to/,
    );
  });

  it('shows no user for a token whose signature is not proven, and says why', () => {
    const { user: _user, ...rest } = base;
    render(TokenProfile, { inspection: { ...rest, verdict: 'bad_signature', signatureVerified: false }, now: 0 });
    expect(screen.queryByTestId('profile-table')).toBeNull();
    expect(screen.getByTestId('token-profile').textContent).toContain('signature is not proven');
  });
});

describe('the Changes panel', () => {
  it('shows a role change by name, with the roles before and after', () => {
    const history = new HistoryState();
    const entry: HistoryEntryView = {
      id: 'chg_AAAAAAAAAAAAAAAA',
      at: new Date(Date.now() - 60 * 60_000).toISOString(),
      tenantId,
      userId: 'auth0|ada',
      userLabel: 'ada@example.com',
      action: 'assign-roles',
      changes: [{ field: 'roles', before: ['Editor'], after: ['Administrator', 'Editor'] }],
      outcome: { ok: true },
      undoable: false,
    };
    const removal: HistoryEntryView = {
      ...entry,
      id: 'chg_BBBBBBBBBBBBBBBB',
      action: 'remove-roles',
      changes: [{ field: 'roles', before: ['Viewer'], after: [] }],
    };
    history.entries = [entry, removal];
    render(ChangesPanel, { history, onclose: vi.fn() });
    expect(screen.getAllByTestId('change-text').map((line) => line.textContent)).toEqual([
      'Editor → Administrator, Editor',
      'Viewer → none',
    ]);
    expect(screen.getAllByText('1 hour ago')).toHaveLength(2);
  });
});

describe('where a search’s mistake is', () => {
  it('blames the word of a quick search that breaks a rule, not character 1', async () => {
    serveUsers(makeUsers(5));
    switchTenant('ten_WORDSQUERYAAAAA');
    expect(await users.search('jane *ab')).toBe(false);
    expect(users.queryError).toMatchObject({ position: 5, end: 8 });
    expect(await users.search('email:*a')).toBe(false);
    expect(users.queryError).toMatchObject({ position: 6, end: 8 });
  });
});
