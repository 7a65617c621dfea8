// One cell of the user list: a picture that fails to load shows initials for that picture only,
// since a cell shows whichever user its recycled row slot holds next, and is not asked for again
// for a while (offline, every picture fails).
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { User } from '../../../common/auth0.ts';
import UserCell from '../../../renderer/src/components/UserCell.svelte';
import { pictureToTry, RETRY_MS } from '../../../renderer/src/lib/pictures.ts';

afterEach(cleanup);

function user(index: number, picture: string): User {
  return { user_id: `auth0|${index}`, name: `Ada Lovelace${index}`, picture } as User;
}

describe('the picture cell', () => {
  it('shows initials when a picture fails, and the next user’s picture when the slot changes user', async () => {
    const { container, rerender } = render(UserCell, {
      user: user(1, 'https://pictures.test/1.png'),
      column: 'picture',
    });
    const first = container.querySelector('img');
    expect(first?.getAttribute('src')).toBe('https://pictures.test/1.png');
    await fireEvent.error(first as HTMLImageElement);
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByText('AL')).toBeTruthy();

    await rerender({ user: user(2, 'https://pictures.test/2.png'), column: 'picture' });
    expect(container.querySelector('img')?.getAttribute('src')).toBe('https://pictures.test/2.png');
  });

  it('does not ask again for a picture that failed lately, in any cell, until RETRY_MS has passed', async () => {
    const url = 'https://pictures.test/offline.png';
    const first = render(UserCell, { user: user(4, url), column: 'picture' });
    await fireEvent.error(first.container.querySelector('img') as HTMLImageElement);
    const second = render(UserCell, { user: user(5, url), column: 'picture' });
    expect(second.container.querySelector('img')).toBeNull();
    expect(pictureToTry(url)).toBeNull();
    expect(pictureToTry(url, Date.now() + RETRY_MS)).toBe(url);
  });

  it('shows initials for a picture the CSP would refuse', () => {
    const { container } = render(UserCell, { user: user(3, 'http://pictures.test/3.png'), column: 'picture' });
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByText('AL')).toBeTruthy();
  });
});
