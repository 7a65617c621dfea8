// The profile's editors in a DOM (issue 10): fields enabled or disabled by the rules with their
// reason, only the changed attributes sent, a forbidden pair explained before sending, the
// missing scope named; the metadata editor's validation and its changed-keys save; and the save's
// conflict check (a moved updated_at stops the save and shows the server's changes).
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../../../common/auth0.ts';
import type { ConnectionFacts } from '../../../common/patch-rules.ts';
import AttributesEditor from '../../../renderer/src/components/profile/AttributesEditor.svelte';
import MetadataEditor from '../../../renderer/src/components/profile/MetadataEditor.svelte';
import { ProfileState } from '../../../renderer/src/lib/profile.svelte.ts';
import { bridge } from './fake-bridge.ts';

const CONNECTIONS: Record<string, ConnectionFacts> = {
  'Username-Password-Authentication': { name: 'Username-Password-Authentication', strategy: 'auth0' },
  'google-oauth2': { name: 'google-oauth2', strategy: 'google-oauth2' },
};
const connectionOf = (name: string) => CONNECTIONS[name];

function userOn(connection: string, extra: Partial<User> = {}): User {
  return {
    user_id: `${connection}|1`,
    email: 'ada@example.com',
    name: 'Ada',
    given_name: 'Ada',
    updated_at: '2026-01-01T00:00:00.000Z',
    identities: [
      {
        connection,
        provider: CONNECTIONS[connection]?.strategy ?? 'auth0',
        user_id: '1',
        isSocial: connection !== 'Username-Password-Authentication',
      },
    ],
    ...extra,
  };
}

afterEach(() => cleanup());
beforeEach(() => bridge.reset());

describe('AttributesEditor', () => {
  it('disables a social user’s synced fields with the reason beside them', () => {
    render(AttributesEditor, {
      user: userOn('google-oauth2'),
      connectionOf,
      disabledReason: null,
      busy: false,
      onsave: vi.fn(),
    });
    expect((screen.getByTestId('input-name') as HTMLInputElement).disabled).toBe(true);
    expect(screen.getByTestId('reason-name').textContent).toMatch(/^google-oauth2 overwrites name at each login/);
    expect((screen.getByTestId('input-email') as HTMLInputElement).disabled).toBe(true);
  });

  it('sends only the changed attributes, an emptied one as null', async () => {
    const onsave = vi.fn();
    render(AttributesEditor, {
      user: userOn('Username-Password-Authentication'),
      connectionOf,
      disabledReason: null,
      busy: false,
      onsave,
    });
    await fireEvent.input(screen.getByTestId('input-given_name'), { target: { value: 'Grace' } });
    await fireEvent.input(screen.getByTestId('input-name'), { target: { value: '' } });
    await fireEvent.click(screen.getByTestId('save-attributes'));
    expect(onsave).toHaveBeenCalledWith({ given_name: 'Grace', name: null });
  });

  it('explains a pair Auth0 refuses together and does not save it', async () => {
    const onsave = vi.fn();
    render(AttributesEditor, {
      user: userOn('Username-Password-Authentication'),
      connectionOf,
      disabledReason: null,
      busy: false,
      onsave,
    });
    await fireEvent.input(screen.getByTestId('input-email'), { target: { value: 'new@example.com' } });
    await fireEvent.input(screen.getByTestId('input-password'), { target: { value: 'Another-Passw0rd' } });
    expect(screen.getByTestId('pair-error').textContent).toMatch(/does not change password and email in one request/);
    expect((screen.getByTestId('save-attributes') as HTMLButtonElement).disabled).toBe(true);
  });

  it('names the missing scope on every field', () => {
    const reason = 'The token of this tenant lacks the update:users scope.';
    render(AttributesEditor, {
      user: userOn('Username-Password-Authentication'),
      connectionOf,
      disabledReason: reason,
      busy: false,
      onsave: vi.fn(),
    });
    expect((screen.getByTestId('input-given_name') as HTMLInputElement).disabled).toBe(true);
    expect(screen.getByTestId('attributes-scope').textContent).toBe(reason);
    expect(screen.getByTestId('reason-given_name').textContent).toMatch(/token may not change users/);
  });
});

describe('MetadataEditor', () => {
  it('renders the metadata in the JSON editor and offers nothing to save until it changes', () => {
    const user = userOn('Username-Password-Authentication', { user_metadata: { theme: 'dark' } });
    render(MetadataEditor, { kind: 'user_metadata', user, disabledReason: null, busy: false, onsave: vi.fn() });
    expect(screen.getByTestId('json-user_metadata')).toBeTruthy();
    expect((screen.getByTestId('save-user_metadata') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.queryByTestId('metadata-error')).toBeNull();
  });

  it('names the missing scope and keeps the editor read-only', () => {
    const user = userOn('Username-Password-Authentication', { app_metadata: { plan: 'gold' } });
    render(MetadataEditor, {
      kind: 'app_metadata',
      user,
      disabledReason: 'lacks update:users',
      busy: false,
      onsave: vi.fn(),
    });
    expect(screen.getByTestId('scope-reason').textContent).toBe('lacks update:users');
  });
});

describe('ProfileState.save (conflict detection)', () => {
  const loaded = userOn('Username-Password-Authentication', { user_metadata: { theme: 'dark' } });
  const origin = { source: 'api' as const, syncedAt: null, complete: true, cachedUsers: 0 };

  async function opened(server: User): Promise<ProfileState> {
    const state = new ProfileState();
    let reads = 0;
    bridge.handle('connections:list', () => ({ ok: true, value: [] }));
    bridge.handle('users:get', () => ({ ok: true, value: { ...(reads++ === 0 ? loaded : server), origin } }));
    bridge.handle('users:update', ({ changes }) => ({
      ok: true,
      value: { ...server, ...changes, updated_at: '2026-03-01T00:00:00.000Z' } as User,
    }));
    await state.open('ten_AAAAAAAAAAAAAAAA', loaded.user_id);
    return state;
  }

  it('saves when the user did not move since it was loaded', async () => {
    const state = await opened(loaded);
    expect(await state.save({ given_name: 'Grace' })).toBe(true);
    expect(bridge.callsOf('users:update')).toEqual([
      { tenantId: 'ten_AAAAAAAAAAAAAAAA', userId: loaded.user_id, changes: { given_name: 'Grace' } },
    ]);
  });

  it('stops when updated_at moved, shows the server’s changes, and merges or overwrites on request', async () => {
    const server = {
      ...loaded,
      family_name: 'Elsewhere',
      user_metadata: { theme: 'light', added: 1 },
      updated_at: '2026-02-01T00:00:00.000Z',
    };
    const state = await opened(server);
    const draft = { theme: 'blue' };
    const saved = await state.save({ user_metadata: { theme: 'blue' } }, (fresh) => ({
      user_metadata: {
        ...Object.fromEntries(Object.keys(fresh.user_metadata ?? {}).map((key) => [key, null])),
        ...draft,
      },
    }));
    expect(saved).toBe(false);
    expect(bridge.callsOf('users:update')).toEqual([]);
    expect(state.conflict?.serverChanges.map((change) => change.field)).toEqual([
      'family_name',
      'user_metadata.added',
      'user_metadata.theme',
    ]);
    expect(state.conflict?.mine).toEqual(['user_metadata.theme']);
    expect(state.conflict?.overwrite).toEqual({ user_metadata: { theme: 'blue', added: null } });
    await state.resolve('merge');
    expect(bridge.callsOf('users:update').at(-1)?.changes).toEqual({ user_metadata: { theme: 'blue' } });
    expect(state.conflict).toBeNull();
  });
});
