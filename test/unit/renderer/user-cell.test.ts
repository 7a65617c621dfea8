// Users' pictures in the list and the profile header: only the known avatar hosts load (issue 19),
// others show initials whose tooltip names the host, "Load all pictures" lifts that for its tenant;
// a picture that fails shows initials for that picture only, is not asked for again for a while,
// and a late error from a row that was recycled away reads nothing of that row (issue 18, item 11).
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../../../common/auth0.ts';
import type { UserWithOrigin } from '../../../common/sync.ts';
import type { TenantView } from '../../../common/tenant.ts';
import ProfileHeader from '../../../renderer/src/components/profile/ProfileHeader.svelte';
import UserCell from '../../../renderer/src/components/UserCell.svelte';
import UserTable from '../../../renderer/src/components/UserTable.svelte';
import { pictureToTry, RETRY_MS } from '../../../renderer/src/lib/pictures.ts';
import { switchTenant } from '../../../renderer/src/lib/tenant-scope.svelte.ts';
import { tenants } from '../../../renderer/src/lib/tenants.svelte.ts';
import { users } from '../../../renderer/src/lib/users.svelte.ts';
import { bridge, makeUsers, serveUsers } from './fake-bridge.ts';

const GRAVATAR =
  'https://s.gravatar.com/avatar/0bc83cb571cd1c50ba6f3e8a78ef1346?s=480&r=pg&d=https%3A%2F%2Fcdn.auth0.com%2Favatars%2Fal.png';

function user(index: number, picture: string): User {
  return { user_id: `auth0|${index}`, name: `Ada Lovelace${index}`, picture } as User;
}

function selectTenant(loadAllPictures: boolean): void {
  const tenant = { id: 'ten_picturestest0001', name: 'Pictures', loadAllPictures } as TenantView;
  tenants.tenants = [tenant];
  tenants.selectedId = tenant.id;
}

beforeEach(() => selectTenant(false));
afterEach(cleanup);

describe('the picture cell', () => {
  it('loads a picture from a known avatar host, and shows initials naming the host for any other', () => {
    const known = render(UserCell, { user: user(1, GRAVATAR), column: 'picture' });
    expect(known.container.querySelector('img')?.getAttribute('src')).toBe(GRAVATAR);
    const google = render(UserCell, {
      user: user(2, 'https://lh3.googleusercontent.com/a/abc=s96-c'),
      column: 'picture',
    });
    expect(google.container.querySelector('img')).not.toBeNull();

    const unknown = render(UserCell, { user: user(3, 'https://evil.example/track.png?who=3'), column: 'picture' });
    expect(unknown.container.querySelector('img')).toBeNull();
    const initials = unknown.getByTestId('avatar-initials');
    expect(initials.textContent).toBe('AL');
    expect(initials.getAttribute('title')).toContain(
      'Picture not loaded: it is hosted at evil.example, outside the known avatar hosts',
    );
  });

  it('refuses a Gravatar picture whose fallback would redirect to an unknown host', () => {
    const redirect = 'https://s.gravatar.com/avatar/abc?d=https%3A%2F%2Fevil.example%2Fpixel.png';
    const { container, getByTestId } = render(UserCell, { user: user(4, redirect), column: 'picture' });
    expect(container.querySelector('img')).toBeNull();
    expect(getByTestId('avatar-initials').getAttribute('title')).toContain('hosted at evil.example');
  });

  it('loads any public https picture for a tenant with "Load all pictures", but never an internal address', () => {
    selectTenant(true);
    const outside = render(UserCell, { user: user(5, 'https://pictures.example.net/5.png'), column: 'picture' });
    expect(outside.container.querySelector('img')?.getAttribute('src')).toBe('https://pictures.example.net/5.png');
    const internal = render(UserCell, { user: user(6, 'https://192.168.1.1/6.png'), column: 'picture' });
    expect(internal.container.querySelector('img')).toBeNull();
    expect(internal.getByTestId('avatar-initials').getAttribute('title')).toContain(
      '192.168.1.1 is not a public address',
    );
  });

  it('shows initials when a picture fails, and the next user’s picture when the slot changes user', async () => {
    const { container, rerender } = render(UserCell, {
      user: user(7, 'https://avatars.githubusercontent.com/u/7?v=4'),
      column: 'picture',
    });
    const first = container.querySelector('img');
    expect(first?.getAttribute('src')).toBe('https://avatars.githubusercontent.com/u/7?v=4');
    await fireEvent.error(first as HTMLImageElement);
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByText('AL')).toBeTruthy();

    await rerender({ user: user(8, 'https://avatars.githubusercontent.com/u/8?v=4'), column: 'picture' });
    expect(container.querySelector('img')?.getAttribute('src')).toBe('https://avatars.githubusercontent.com/u/8?v=4');
  });

  it('does not ask again for a picture that failed lately, in any cell, until RETRY_MS has passed', async () => {
    const url = 'https://pbs.twimg.com/profile_images/offline.png';
    const first = render(UserCell, { user: user(9, url), column: 'picture' });
    await fireEvent.error(first.container.querySelector('img') as HTMLImageElement);
    const second = render(UserCell, { user: user(10, url), column: 'picture' });
    expect(second.container.querySelector('img')).toBeNull();
    expect(pictureToTry(url, { loadAll: false })).toEqual({ load: false, reason: 'failed' });
    expect(pictureToTry(url, { loadAll: false }, Date.now() + RETRY_MS)).toEqual({ load: true, url });
  });

  it('shows initials for a picture that is not https', () => {
    const { container } = render(UserCell, { user: user(11, 'http://s.gravatar.com/avatar/3'), column: 'picture' });
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByText('AL')).toBeTruthy();
  });
});

describe('a picture’s late error after its row was recycled (issue 18, item 11)', () => {
  it('is handled without reading the row that is gone, and remembers the address that failed', async () => {
    switchTenant(null);
    const list = makeUsers(300).map((each, index) => ({
      ...each,
      picture: `https://avatars.githubusercontent.com/u/${index}?v=4`,
    }));
    bridge.reset();
    serveUsers(list);
    switchTenant('ten_recycledrows0001');
    render(UserTable, { list: users });
    await vi.waitFor(() => expect(screen.getAllByTestId('user-row').length).toBeGreaterThan(0));
    const image = document.querySelector<HTMLImageElement>('[data-column=picture] img');
    const src = image?.getAttribute('src');
    expect(src).toMatch(/^https:\/\/avatars\.githubusercontent\.com\/u\/\d+\?v=4$/);

    // A fast scroll: every row slot moves on to rows whose window has not arrived ("Loading…") and
    // its cells are taken away; the image's request, still in flight, ends afterwards with an error.
    bridge.handle('users:list', () => new Promise(() => undefined));
    const grid = screen.getByTestId('user-table');
    grid.scrollTop = 36 * 250;
    await fireEvent.scroll(grid);
    await tick();
    expect(image?.isConnected).toBe(false);
    const uncaught: unknown[] = [];
    const onError = (event: ErrorEvent) => uncaught.push(event.error ?? event.message);
    window.addEventListener('error', onError);
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await fireEvent.error(image as HTMLImageElement);
    } finally {
      window.removeEventListener('error', onError);
      consoleError.mockRestore();
    }
    expect(uncaught).toEqual([]);
    expect(consoleError).not.toHaveBeenCalled();
    expect(pictureToTry(src ?? '', { loadAll: false })).toEqual({ load: false, reason: 'failed' });
  });
});

describe('the profile header’s picture', () => {
  const profileUser = (picture: string): UserWithOrigin =>
    ({ user_id: 'auth0|42', name: 'Grace Hopper', picture, origin: { source: 'api' } }) as UserWithOrigin;

  it('loads a known avatar host and shows initials with the host in the tooltip for another', () => {
    const known = render(ProfileHeader, {
      user: profileUser('https://lh4.googleusercontent.com/-Ods/photo.jpg'),
      production: false,
      onback: () => undefined,
    });
    expect(known.getByTestId('profile-header').querySelector('img')?.getAttribute('src')).toBe(
      'https://lh4.googleusercontent.com/-Ods/photo.jpg',
    );
    cleanup();
    const unknown = render(ProfileHeader, {
      user: profileUser('https://tracker.example.org/p.png'),
      production: false,
      onback: () => undefined,
    });
    expect(unknown.getByTestId('profile-header').querySelector('img')).toBeNull();
    const initials = unknown.getByTestId('profile-initials');
    expect(initials.textContent?.trim()).toBe('GH');
    expect(initials.getAttribute('title')).toContain('hosted at tracker.example.org, outside the known avatar hosts');
  });

  it('loads it with "Load all pictures" on for the tenant', () => {
    selectTenant(true);
    const { getByTestId } = render(ProfileHeader, {
      user: profileUser('https://tracker.example.org/p.png'),
      production: false,
      onback: () => undefined,
    });
    expect(getByTestId('profile-header').querySelector('img')?.getAttribute('src')).toBe(
      'https://tracker.example.org/p.png',
    );
  });
});
