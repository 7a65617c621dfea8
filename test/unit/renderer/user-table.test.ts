// The virtual table: only the rows on screen are in the DOM, windows are fetched as they come
// into view, headers sort (online only where Auth0 can), and the keyboard moves, selects and opens.
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import UserTable from '../../../renderer/src/components/UserTable.svelte';
import { selection } from '../../../renderer/src/lib/selection.svelte.ts';
import { switchTenant } from '../../../renderer/src/lib/tenant-scope.svelte.ts';
import { users } from '../../../renderer/src/lib/users.svelte.ts';
import { bridge, makeUsers, serveUsers } from './fake-bridge.ts';

const everyone = makeUsers(100_000);
let tenant = 0;

async function open(source: 'api' | 'cache' = 'cache', onopen = vi.fn(), list = everyone) {
  bridge.reset();
  serveUsers(list, source);
  switchTenant(`ten_table${++tenant}`);
  render(UserTable, { list: users, onopen });
  await vi.waitFor(() => expect(screen.getAllByTestId('user-row').length).toBeGreaterThan(0));
  return { grid: screen.getByTestId('user-table'), onopen };
}

/** From now on main answers `users:list` only when the returned function is called. */
function serveUsersLater(list = everyone): () => void {
  const waiting: (() => void)[] = [];
  let released = false;
  bridge.handle('users:list', (args) => {
    const page = args.page ?? 0;
    const slice = list.slice(page * 100, (page + 1) * 100);
    const answer = {
      ok: true as const,
      value: {
        start: page * 100,
        limit: 100,
        length: slice.length,
        total: list.length,
        users: slice,
        source: 'cache' as const,
        syncedAt: null,
        complete: true,
        cachedUsers: 0,
      },
    };
    if (released) return answer;
    return new Promise((resolve) => waiting.push(() => resolve(answer)));
  });
  return () => {
    released = true;
    for (const resolve of waiting.splice(0)) resolve();
  };
}

/** In row order (aria-rowindex): the table recycles its rows, so their DOM order is not their order. */
function shownIds(): string[] {
  return screen
    .getAllByTestId('user-row')
    .sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')))
    .map((row) => row.dataset.userId ?? '');
}

beforeEach(() => switchTenant(null));
afterEach(() => cleanup());

describe('windowing', () => {
  it('keeps only a screenful of 100,000 rows in the DOM and fetches the window scrolled to', async () => {
    const { grid } = await open();
    expect(grid.getAttribute('aria-rowcount')).toBe('100001');
    expect(screen.getAllByTestId('user-row').length).toBeLessThan(60);
    bridge.calls = [];
    grid.scrollTop = 36 * 50_000;
    await fireEvent.scroll(grid);
    await vi.waitFor(() => expect(shownIds()).toContain(everyone[50_000]?.user_id));
    // The window of the row scrolled to, and the one before it for the rows kept above the screen.
    expect(bridge.callsOf('users:list').map((args) => args.page)).toEqual([499, 500]);
    expect(screen.getByTestId('user-summary').textContent).toContain('100,000 users');
  });

  it('recycles its rows while scrolling: rows still on screen keep their element and their user', async () => {
    const { grid } = await open();
    const rowAt = (index: number) => grid.querySelector<HTMLElement>(`[aria-rowindex="${index + 2}"]`);
    // Rows 0-8 on screen (with its margin); row 6 stays on screen after a scroll of 12 rows.
    const kept = rowAt(6);
    expect(kept?.dataset.userId).toBe(everyone[6]?.user_id);
    grid.scrollTop = 36 * 12;
    await fireEvent.scroll(grid);
    await tick();
    expect(rowAt(6)).toBe(kept);
    expect(kept?.dataset.userId).toBe(everyone[6]?.user_id);
    // Each row shows the user at its index, whatever its place among the elements.
    const rows = screen.getAllByTestId('user-row');
    expect(rows.length).toBeGreaterThan(9);
    for (const row of rows) {
      expect(row.dataset.userId).toBe(everyone[Number(row.getAttribute('aria-rowindex')) - 2]?.user_id);
    }
    expect(shownIds()[0]).toBe(everyone[4]?.user_id);
    expect(rowAt(3)).toBeNull();
    // Three rows further: not one row element made or dropped (spare ones wait hidden).
    const elements = () => new Set(grid.querySelectorAll('[id^="user-row-"]'));
    const before = elements();
    grid.scrollTop = 36 * 15;
    await fireEvent.scroll(grid);
    await tick();
    expect(elements()).toEqual(before);
    expect(shownIds()[0]).toBe(everyone[7]?.user_id);
  });

  it('at rest, asks for the rows on screen first and those just off it a moment later', async () => {
    const { grid } = await open();
    await users.search('');
    expect(users.answer?.size).toBe(25);
    grid.scrollTop = 36 * 20;
    await fireEvent.scroll(grid);
    await vi.waitFor(() => expect(shownIds()).toContain(everyone[20]?.user_id));
    bridge.calls = [];
    // A new answer in place (the data changed): row 20 is on screen, rows 12-28 around it.
    await users.refresh();
    await tick();
    expect(bridge.callsOf('users:list').map((args) => args.page)).toEqual([0]);
    await vi.waitFor(() => expect(bridge.callsOf('users:list').map((args) => args.page)).toEqual([0, 1]));
  });

  it('gives assistive technology the rows in screen order, whatever the order of the recycled elements', async () => {
    const { grid } = await open();
    grid.scrollTop = 36 * 1_234;
    await fireEvent.scroll(grid);
    await vi.waitFor(() => expect(shownIds()).toContain(everyone[1_234]?.user_id));
    const rowgroup = grid.querySelector('[role=rowgroup]');
    const owned = rowgroup?.getAttribute('aria-owns')?.split(' ') ?? [];
    const indices = owned.map((id) => Number(id.replace('user-row-', '')));
    expect(indices[0]).toBe(1_234 - 8);
    expect(indices).toEqual(indices.map((_, at) => (indices[0] as number) + at));
    // Each id is a shown row, and every shown row is listed; the DOM order is another.
    const shown = [...grid.querySelectorAll<HTMLElement>('[role=row]:not([hidden])')].filter((row) =>
      row.id.startsWith('user-row-'),
    );
    expect(new Set(owned)).toEqual(new Set(shown.map((row) => row.id)));
    expect(shown.map((row) => row.id)).not.toEqual(owned);
  });

  it('says the 1,000 cap online, in words', async () => {
    await open('api');
    expect(users.rowCount).toBe(1000);
    expect(screen.getByTestId('list-cap').textContent?.replace(/\s+/g, ' ')).toMatch(
      /Showing the first 1,000 of 100,000: narrow the search, or sync the tenant to search all of it/,
    );
  });
});

describe('sort', () => {
  it('sorts by a clicked header, and again the other way', async () => {
    await open();
    bridge.calls = [];
    await fireEvent.click(screen.getByTestId('sort-email'));
    await vi.waitFor(() => expect(bridge.callsOf('users:list').at(-1)?.sort).toBe('email:1'));
    await fireEvent.click(screen.getByTestId('sort-email'));
    await vi.waitFor(() => expect(bridge.callsOf('users:list').at(-1)?.sort).toBe('email:-1'));
  });

  it('online, offers only the columns Auth0 can sort by', async () => {
    await open('api');
    selection.columns = [...selection.columns, { key: 'app_metadata.plan', width: 120 }];
    await tick();
    expect((screen.getByTestId('sort-email') as HTMLButtonElement).disabled).toBe(false);
    const metadata = screen.getByTestId('sort-app_metadata.plan') as HTMLButtonElement;
    expect(metadata.disabled).toBe(true);
    expect(metadata.title).toMatch(/Auth0 cannot sort by app_metadata.plan online.*Sync the tenant/);
    expect((screen.getByTestId('sort-connection') as HTMLButtonElement).disabled).toBe(true);
  });

  it('from the cache, sorts by metadata too', async () => {
    await open('cache');
    selection.columns = [...selection.columns, { key: 'app_metadata.plan', width: 120 }];
    await tick();
    bridge.calls = [];
    await fireEvent.click(screen.getByTestId('sort-app_metadata.plan'));
    await vi.waitFor(() => expect(bridge.callsOf('users:list').at(-1)?.sort).toBe('app_metadata.plan:1'));
  });
});

describe('keyboard and selection', () => {
  it('moves with arrows, Page Down, End and Home, and opens with Enter', async () => {
    const { grid, onopen } = await open();
    grid.focus();
    await fireEvent.keyDown(grid, { key: 'ArrowDown' });
    expect(selection.focus).toBe(0);
    await fireEvent.keyDown(grid, { key: 'ArrowDown' });
    expect(selection.focus).toBe(1);
    await fireEvent.keyDown(grid, { key: 'PageDown' });
    expect(selection.focus).toBeGreaterThan(1);
    await fireEvent.keyDown(grid, { key: 'End' });
    expect(selection.focus).toBe(99_999);
    await vi.waitFor(() => expect(users.rowAt(99_999)?.user_id).toBe(everyone[99_999]?.user_id));
    await fireEvent.keyDown(grid, { key: 'Enter' });
    expect(onopen).toHaveBeenCalledWith(everyone[99_999]);
    await fireEvent.keyDown(grid, { key: 'Home' });
    expect(selection.focus).toBe(0);
    expect(selection.ranges).toEqual([[0, 0]]);
  });

  it('selects several with Shift+arrows, Shift-click and Ctrl-click', async () => {
    const { grid, onopen } = await open();
    const rows = () => screen.getAllByTestId('user-row');
    await fireEvent.click(rows()[2] as HTMLElement);
    expect(onopen).toHaveBeenCalledTimes(1);
    await fireEvent.keyDown(grid, { key: 'ArrowDown', shiftKey: true });
    await fireEvent.keyDown(grid, { key: 'ArrowDown', shiftKey: true });
    expect(selection.ranges).toEqual([[2, 4]]);
    await fireEvent.click(rows()[0] as HTMLElement, { shiftKey: true });
    expect(selection.ranges).toEqual([[0, 2]]);
    await fireEvent.click(rows()[6] as HTMLElement, { ctrlKey: true });
    expect(selection.ranges).toEqual([
      [0, 2],
      [6, 6],
    ]);
    expect(onopen).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('selection-count').textContent).toBe('4 selected');
    expect(rows()[6]?.getAttribute('aria-selected')).toBe('true');
  });

  it('copies the selected users’ ids or emails', async () => {
    const { grid } = await open();
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    await fireEvent.keyDown(grid, { key: 'ArrowDown' });
    await fireEvent.keyDown(grid, { key: 'ArrowDown', shiftKey: true });
    await fireEvent.keyDown(grid, { key: 'c', ctrlKey: true });
    await vi.waitFor(() =>
      expect(writeText).toHaveBeenLastCalledWith(`${everyone[0]?.user_id}\n${everyone[1]?.user_id}`),
    );
    await vi.waitFor(() => expect(screen.getByTestId('copy-outcome').textContent).toBe('Copied 2 user IDs.'));
    await fireEvent.click(screen.getByTestId('copy-emails'));
    await vi.waitFor(() => expect(writeText).toHaveBeenLastCalledWith('user0@example.com\nuser1@example.com'));
    await vi.waitFor(() => expect(screen.getByTestId('copy-outcome').textContent).toBe('Copied 2 emails.'));
    // The message belongs to this list: another tenant's list does not show it.
    switchTenant(`ten_table${++tenant}`);
    await vi.waitFor(() => expect(users.answer).not.toBeNull());
    expect(screen.queryByTestId('copy-outcome')).toBeNull();
  });

  it('Ctrl+A selects every row of the answer, loaded or not, and says how many at once', async () => {
    const { grid } = await open();
    bridge.calls = [];
    await fireEvent.keyDown(grid, { key: 'a', ctrlKey: true });
    expect(screen.getByTestId('selection-count').textContent).toBe('100,000 selected');
    expect(selection.ranges).toEqual([[0, 99_999]]);
    // Selecting asks main for nothing; the rows on screen show as selected.
    expect(bridge.callsOf('users:list')).toEqual([]);
    expect(screen.getAllByTestId('user-row').every((row) => row.getAttribute('aria-selected') === 'true')).toBe(true);
    // Escape in the table clears it.
    await fireEvent.keyDown(grid, { key: 'Escape' });
    expect(selection.count).toBe(0);
    expect(screen.queryByTestId('selection-count')).toBeNull();
  });

  it('End then Shift+Home selects every row, before the last window has arrived', async () => {
    const { grid } = await open();
    // Main holds the windows back: the rows at the end are not loaded while they are selected.
    serveUsersLater();
    await fireEvent.keyDown(grid, { key: 'End' });
    expect(selection.focus).toBe(99_999);
    expect(screen.getByTestId('selection-count').textContent).toBe('1 selected');
    const loading = screen.getAllByTestId('user-row-loading');
    expect(loading.at(-1)?.getAttribute('aria-selected')).toBe('true');
    await fireEvent.keyDown(grid, { key: 'Home', shiftKey: true });
    expect(selection.focus).toBe(0);
    expect(screen.getByTestId('selection-count').textContent).toBe('100,000 selected');
    await fireEvent.keyDown(grid, { key: 'ArrowDown', shiftKey: true });
    expect(screen.getByTestId('selection-count').textContent).toBe('99,999 selected');
  });

  it('Escape in the search box leaves the selection alone', async () => {
    const { grid } = await open();
    await fireEvent.keyDown(grid, { key: 'ArrowDown' });
    await fireEvent.keyDown(grid, { key: 'ArrowDown', shiftKey: true });
    const box = screen.getByTestId('user-search');
    box.focus();
    await fireEvent.keyDown(box, { key: 'Escape' });
    expect(selection.count).toBe(2);
  });

  it('copies rows that were not loaded: fetches their windows and copies the ids in row order', async () => {
    const list = makeUsers(2_500);
    const { grid } = await open('cache', vi.fn(), list);
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const release = serveUsersLater(list);
    await fireEvent.keyDown(grid, { key: 'a', ctrlKey: true });
    bridge.calls = [];
    await fireEvent.click(screen.getByTestId('copy-ids'));
    // Progress in words while the windows that were never shown arrive.
    expect(screen.getByTestId('copy-progress').textContent).toContain('Copying 2,500 user IDs…');
    await vi.waitFor(() => expect(bridge.callsOf('users:list').length).toBeGreaterThan(0));
    expect(writeText).not.toHaveBeenCalled();
    release();
    await vi.waitFor(() => expect(writeText).toHaveBeenCalled());
    expect(writeText).toHaveBeenLastCalledWith(list.map((user) => user.user_id).join('\n'));
    await vi.waitFor(() => expect(screen.getByTestId('copy-outcome').textContent).toBe('Copied 2,500 user IDs.'));
    // Every window but the first, which the table had loaded, each once.
    const pages = bridge.callsOf('users:list').map((args) => args.page ?? 0);
    expect(pages.sort((a, b) => a - b)).toEqual(Array.from({ length: 24 }, (_, index) => index + 1));
  });

  it('skips users without an email and says how many', async () => {
    const list = makeUsers(300).map((user, index) => (index % 100 === 7 ? { ...user, email: undefined } : user));
    const { grid } = await open('cache', vi.fn(), list);
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    await fireEvent.keyDown(grid, { key: 'a', ctrlKey: true });
    await fireEvent.keyDown(grid, { key: 'c', ctrlKey: true, shiftKey: true });
    await vi.waitFor(() => expect(screen.getByTestId('copy-outcome').textContent).toMatch(/^Copied/));
    expect(screen.getByTestId('copy-outcome').textContent).toBe(
      'Copied 297 emails; 3 users without an email were skipped.',
    );
    const copied = (writeText.mock.lastCall as unknown as [string])[0].split('\n');
    expect(copied).toHaveLength(297);
    expect(copied.slice(0, 8)).toEqual([0, 1, 2, 3, 4, 5, 6, 8].map((index) => `user${index}@example.com`));
  });

  it('a copy stops, leaving the clipboard alone, when the list changes or Cancel is pressed', async () => {
    const { grid } = await open();
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    serveUsersLater();
    await fireEvent.keyDown(grid, { key: 'a', ctrlKey: true });
    await fireEvent.click(screen.getByTestId('copy-emails'));
    expect(screen.getByTestId('copy-progress').textContent).toContain('Copying 100,000 emails…');
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await vi.waitFor(() => expect(screen.getByTestId('copy-outcome').textContent).toBe('Copy cancelled.'));
    await fireEvent.click(screen.getByTestId('copy-ids'));
    serveUsers(everyone);
    await fireEvent.click(screen.getByTestId('sort-email'));
    await vi.waitFor(() =>
      expect(screen.getByTestId('copy-outcome').textContent).toBe('Copy stopped: the list changed first.'),
    );
    expect(writeText).not.toHaveBeenCalled();
    expect(selection.count).toBe(0);
  });

  it('can be reached with Tab', async () => {
    const { grid } = await open();
    expect(grid.tabIndex).toBe(0);
    expect(grid.getAttribute('role')).toBe('grid');
  });
});
