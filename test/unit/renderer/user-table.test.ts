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

async function open(source: 'api' | 'cache' = 'cache', onopen = vi.fn()) {
  bridge.reset();
  serveUsers(everyone, source);
  switchTenant(`ten_table${++tenant}`);
  render(UserTable, { list: users, onopen });
  await vi.waitFor(() => expect(screen.getAllByTestId('user-row').length).toBeGreaterThan(0));
  return { grid: screen.getByTestId('user-table'), onopen };
}

function shownIds(): string[] {
  return screen.getAllByTestId('user-row').map((row) => row.dataset.userId ?? '');
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
    expect(selection.selected).toEqual([everyone[0]?.user_id]);
  });

  it('selects several with Shift+arrows, Shift-click and Ctrl-click', async () => {
    const { grid, onopen } = await open();
    const rows = () => screen.getAllByTestId('user-row');
    await fireEvent.click(rows()[2] as HTMLElement);
    expect(onopen).toHaveBeenCalledTimes(1);
    await fireEvent.keyDown(grid, { key: 'ArrowDown', shiftKey: true });
    await fireEvent.keyDown(grid, { key: 'ArrowDown', shiftKey: true });
    expect(selection.selected).toEqual(everyone.slice(2, 5).map((user) => user.user_id));
    await fireEvent.click(rows()[0] as HTMLElement, { shiftKey: true });
    expect(selection.selected).toEqual(everyone.slice(0, 3).map((user) => user.user_id));
    await fireEvent.click(rows()[6] as HTMLElement, { ctrlKey: true });
    expect(selection.selected).toHaveLength(4);
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
    expect(writeText).toHaveBeenLastCalledWith(`${everyone[0]?.user_id}\n${everyone[1]?.user_id}`);
    await fireEvent.click(screen.getByTestId('copy-emails'));
    expect(writeText).toHaveBeenLastCalledWith('user0@example.com\nuser1@example.com');
  });

  it('can be reached with Tab', async () => {
    const { grid } = await open();
    expect(grid.tabIndex).toBe(0);
    expect(grid.getAttribute('role')).toBe('grid');
  });
});
