// The user list end to end: the real main, preload and renderer through the shim, against an
// emulator this test starts (2,000 users; list-100k.test.ts scrolls and searches 100,000 synced
// users). What the list shows is compared with what the emulator itself answers for the same query
// and sort.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../common/auth0.ts';
import type { EmulatorHandle } from '../../emulator/index.ts';
import { __shim } from '../electron-shim/index.ts';
import { keychainUnavailable } from '../support/environment.ts';
import { e2eUnavailable, emulatorUsers, launchOnEmulator, saveScreenshot, shownUserIds } from './support.ts';

const unavailable = e2eUnavailable() ?? keychainUnavailable('the list e2e suite');
const USERS = 2000;

// Skipped only where there is no Chromium, with a printed reason; under CI=true that is a failure.
describe.skipIf(unavailable)('the user list in the window', () => {
  let page: Page;
  let remote: EmulatorHandle;
  let token: string;

  const emulatorSearch = (query: { q?: string; sort?: string; per_page?: number }) =>
    emulatorUsers(remote, token, query);

  /** Every id the emulator returns for `sort`, page by page (FACTS.md: the first 1,000 only). */
  async function emulatorIds(sort: string): Promise<string[]> {
    const ids: string[] = [];
    for (let page = 0; page < 10; page++) {
      const params = new URLSearchParams({ sort, page: String(page), per_page: '100' });
      const response = await fetch(`${remote.url}/api/v2/users?${params}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      ids.push(...((await response.json()) as User[]).map((user) => user.user_id));
    }
    return ids;
  }

  const shownIds = () => shownUserIds(page);
  const caption = async () => ((await page.getByTestId('user-summary').textContent()) ?? '').replace(/\s+/g, ' ');

  async function search(text: string): Promise<void> {
    await page.getByTestId('user-search').fill(text);
    await page.getByTestId('user-search').press('Enter');
  }

  beforeAll(async () => {
    ({ page, remote, token } = await launchOnEmulator({
      users: USERS,
      seed: 9,
      tenantName: 'Field office',
      keychainService: `Roster e2e list ${process.pid}`,
      timeoutMs: 30_000,
    }));
  }, 120_000);

  afterAll(async () => {
    await __shim.quit();
    await remote?.stop();
  });

  it('lists the newest users first, online, and says the 1,000 cap in words', async () => {
    await expect.poll(caption, { timeout: 20_000 }).toContain(`${USERS.toLocaleString('en-US')} users`);
    const expected = await emulatorSearch({ sort: 'created_at:-1', per_page: 10 });
    await expect.poll(async () => (await shownIds()).slice(0, 10)).toEqual(expected.users.map((user) => user.user_id));
    expect(((await page.getByTestId('list-cap').textContent()) ?? '').replace(/\s+/g, ' ')).toContain(
      'Showing the first 1,000 of 2,000: narrow the search, or sync the tenant to search all of it.',
    );
    expect(await caption()).toMatch(/online, Auth0 sorts by name, email, created_at, last_login, logins_count/);
    await saveScreenshot(page, 'list-online');
  });

  it('shows exactly the users the emulator returns for a search', async () => {
    for (const q of [
      'email:*@example.com AND logins_count:[10 TO *]',
      'email:*@gmail.com AND logins_count:[10 TO *]',
    ]) {
      const expected = await emulatorSearch({ q, sort: 'created_at:-1' });
      await search(q);
      if (expected.total === 0) {
        await page.getByTestId('list-empty').waitFor();
        expect(await page.getByTestId('list-empty').textContent()).toContain('No user matches this search.');
        await saveScreenshot(page, 'list-search-empty');
        continue;
      }
      await expect
        .poll(caption)
        .toContain(
          `${expected.total.toLocaleString('en-US')} ${expected.total === 1 ? 'user matches' : 'users match'}`,
        );
      const shown = await shownIds();
      expect(shown).toEqual(expected.users.slice(0, shown.length).map((user) => user.user_id));
      expect(shown.length).toBeGreaterThan(0);
      await saveScreenshot(page, 'list-search');
    }
  });

  it('shows a malformed query’s error at its place and keeps the answer it had', async () => {
    const before = await caption();
    await search('email:(jane');
    await page.getByTestId('query-error').waitFor();
    expect(await page.getByTestId('query-error').textContent()).toMatch(/at character \d+/);
    expect(await page.locator('[data-testid=search-highlight] .error').count()).toBeGreaterThan(0);
    expect(await caption()).toBe(before);
    await saveScreenshot(page, 'list-query-error');
    await page.getByTestId('user-search').press('Escape');
    await expect.poll(caption).toMatch(/^2,000 users/);
    expect(await page.getByTestId('query-error').count()).toBe(0);
  });

  it('sorts online by a header, as the emulator sorts', async () => {
    await page.getByTestId('sort-email').click();
    await expect
      .poll(() => page.locator('[data-column=email][role=columnheader]').getAttribute('aria-sort'))
      .toBe('ascending');
    const expected = await emulatorSearch({ sort: 'email:1', per_page: 10 });
    await expect.poll(async () => (await shownIds()).slice(0, 10)).toEqual(expected.users.map((user) => user.user_id));
    expect(await page.getByTestId('sort-connection').isDisabled()).toBe(true);
    await saveScreenshot(page, 'list-sorted-online');
  });

  it('moves with the keyboard and opens a user with Enter; the list keeps its place', async () => {
    const grid = page.getByTestId('user-table');
    await grid.focus();
    for (const key of ['ArrowDown', 'ArrowDown', 'PageDown', 'Shift+ArrowDown', 'Shift+ArrowDown'])
      await page.keyboard.press(key);
    await expect.poll(() => page.getByTestId('selection-count').textContent()).toBe('3 selected');
    const scrolled = await grid.evaluate((element) => element.scrollTop);
    await page.keyboard.press('Enter');
    await page.getByTestId('user-panel').waitFor();
    await saveScreenshot(page, 'list-open-user');
    await page.getByTestId('user-panel-close').click();
    expect(await grid.evaluate((element) => element.scrollTop)).toBe(scrolled);
    expect(await page.getByTestId('selection-count').textContent()).toBe('3 selected');
  });

  it('reads the rows to assistive technology in screen order after the rows were recycled', async () => {
    await search('');
    const grid = page.getByTestId('user-table');
    // 37 rows down: the recycled row elements are no longer in screen order in the DOM.
    await grid.evaluate((element) => (element.scrollTop = 36 * 37));
    await expect.poll(() => page.locator('[aria-rowindex="39"][data-testid=user-row]').count()).toBe(1);
    const cdp = await page.context().newCDPSession(page);
    try {
      // Chromium's own accessibility tree, as a screen reader gets it: the rows under the row
      // group, in their order there, named by their aria-rowindex.
      const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
        nodes: {
          nodeId: string;
          role?: { value: string };
          childIds?: string[];
          backendDOMNodeId?: number;
          ignored?: boolean;
        }[];
      };
      const byId = new Map(nodes.map((node) => [node.nodeId, node]));
      const group = nodes.find((node) => node.role?.value === 'rowgroup' && (node.childIds?.length ?? 0) > 10);
      expect(group, 'the row group is in the accessibility tree').toBeDefined();
      const rows = (group?.childIds ?? []).map((id) => byId.get(id)).filter((node) => node?.role?.value === 'row');
      const indices: number[] = [];
      for (const row of rows) {
        const { node } = (await cdp.send('DOM.describeNode', { backendNodeId: row?.backendDOMNodeId as number })) as {
          node: { attributes?: string[] };
        };
        const attributes = node.attributes ?? [];
        indices.push(Number(attributes[attributes.indexOf('aria-rowindex') + 1]));
      }
      expect(indices.length).toBeGreaterThan(10);
      expect(indices).toContain(39);
      expect(indices).toEqual([...indices].sort((left, right) => left - right));
      const domOrder = await page
        .locator('[role=rowgroup] > [role=row]:not([hidden])')
        .evaluateAll((elements) => elements.map((element) => Number(element.getAttribute('aria-rowindex'))));
      expect(domOrder).not.toEqual(indices);
    } finally {
      await cdp.detach();
    }
  });

  it('switching tenants and back restores the query, sort and position', async () => {
    await search('jo');
    await expect.poll(caption).toMatch(/users? match/);
    const grid = page.getByTestId('user-table');
    await grid.evaluate((element) => (element.scrollTop = 36 * 20));
    await expect.poll(() => grid.evaluate((element) => element.scrollTop)).toBeGreaterThan(600);
    await expect.poll(() => page.getByTestId('user-row-loading').count()).toBe(0);
    const position = await grid.evaluate((element) => element.scrollTop);
    const before = await shownIds();
    await page.getByTestId('tenant-item').filter({ hasText: 'Demo tenant' }).click();
    await expect.poll(() => page.getByTestId('user-search').inputValue()).toBe('');
    await page.getByTestId('tenant-item').filter({ hasText: 'Field office' }).click();
    await expect.poll(() => page.getByTestId('user-search').inputValue()).toBe('jo');
    await expect.poll(() => grid.evaluate((element) => element.scrollTop)).toBe(position);
    await expect.poll(shownIds).toEqual(before);
    expect(await page.locator('[data-column=email][role=columnheader]').getAttribute('aria-sort')).toBe('ascending');
    await saveScreenshot(page, 'list-restored');
  });

  it('once synced, reads every user from the cache, sorts any column and scrolls to the end', async () => {
    await page.getByTestId('user-search').press('Escape');
    await page.getByTestId('sync-start').click();
    await page.getByTestId('sync-outcome').waitFor({ timeout: 60_000 });
    await expect
      .poll(() => page.getByTestId('user-source').textContent(), { timeout: 20_000 })
      .toMatch(/from the offline cache/);
    expect(await page.getByTestId('list-cap').count()).toBe(0);
    // Newest first: the last row is the emulator's oldest user, past its 1,000 cap.
    await page.getByTestId('sort-created_at').click();
    await expect
      .poll(() => page.locator('[data-column=created_at][role=columnheader]').getAttribute('aria-sort'))
      .toBe('descending');
    const [last] = (await emulatorSearch({ sort: 'created_at:1', per_page: 1 })).users;
    await page.getByTestId('user-table').focus();
    await page.keyboard.press('End');
    await expect.poll(async () => (await shownIds()).at(-1)).toBe(last?.user_id);
    expect(await page.getByTestId('user-table').getAttribute('aria-rowcount')).toBe(String(USERS + 1));
    await saveScreenshot(page, 'list-cache-end');
    expect(await page.getByTestId('sort-connection').isDisabled()).toBe(true);
  });

  it('Ctrl+A selects all 2,000 cached rows, loaded or not, and Copy IDs copies every id in order', async () => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    const grid = page.getByTestId('user-table');
    await grid.focus();
    await page.keyboard.press('ControlOrMeta+A');
    await expect.poll(() => page.getByTestId('selection-count').textContent()).toBe('2,000 selected');
    // Only the windows scrolled past have arrived; the copy fetches the others from the cache.
    await page.getByTestId('copy-ids').click();
    const copyStatus = () => page.locator('[data-testid=copy-outcome], [data-testid=copy-progress]').textContent();
    await expect.poll(copyStatus, { timeout: 20_000 }).toBe('Copied 2,000 user IDs.');
    const copied = (await page.evaluate(() => navigator.clipboard.readText())).split('\n');
    // Newest first: the emulator's first 1,000 of created_at:-1, then its first 1,000 of
    // created_at:1 backwards (2,000 users: the two halves meet).
    const newest = await emulatorIds('created_at:-1');
    const oldest = await emulatorIds('created_at:1');
    expect(copied).toHaveLength(2000);
    expect(new Set(copied).size).toBe(2000);
    expect(copied).toEqual([...newest, ...oldest.reverse()]);
    await saveScreenshot(page, 'list-copied-all');
    await grid.focus();
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('selection-count').count()).toBe(0);
  });

  it('exports every match from the cache to the file picked, with the columns shown', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'roster-export-')), 'users.csv');
    __shim.savePaths.push(path);
    await page.getByTestId('export-csv').click();
    await page.getByTestId('export-outcome').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('export-outcome').textContent()).toBe(`Exported 2,000 users to ${path}.`);
    const lines = readFileSync(path, 'utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe('name,email,connection,logins_count,last_login,created_at,status');
    expect(lines).toHaveLength(USERS + 1);
    await saveScreenshot(page, 'list-exported');
  });

  it('every help example finds someone in the demo tenant', async () => {
    await page.getByTestId('tenant-item').filter({ hasText: 'Demo tenant' }).click();
    await expect.poll(caption, { timeout: 20_000 }).toMatch(/3,000 users/);
    await page.getByTestId('search-help-toggle').click();
    await saveScreenshot(page, 'list-search-help');
    const count = await page.getByTestId('search-example').count();
    for (let index = 0; index < count; index++) {
      if (!(await page.getByTestId('search-help').isVisible())) await page.getByTestId('search-help-toggle').click();
      const example = page.getByTestId('search-example').nth(index);
      const text = (await example.textContent()) ?? '';
      await example.click();
      await expect
        .poll(caption, { message: text })
        .toMatch(new RegExp(`^[\\d,]+ users? match(es)? “${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}”`));
      expect(await caption(), text).not.toMatch(/^0 users/);
    }
  });
  it('fits a narrow window: no sideways page scroll, the header and at least 8 rows in view', async () => {
    if (await page.getByTestId('search-help').isVisible()) await page.getByTestId('search-help-toggle').click();
    await page.getByTestId('user-search').fill('');
    await page.getByTestId('user-search').press('Escape');
    await expect.poll(caption).toMatch(/^3,000 users/);
    for (const size of [
      { width: 880, height: 600 },
      { width: 900, height: 700 },
    ]) {
      await page.setViewportSize(size);
      await expect.poll(() => page.evaluate(() => window.innerWidth)).toBe(size.width);
      await expect.poll(() => page.getByTestId('user-row-loading').count()).toBe(0);
      const layout = await page.evaluate(() => {
        const grid = document.querySelector<HTMLElement>('[data-testid=user-table]')!;
        const box = grid.getBoundingClientRect();
        const header = grid.querySelector<HTMLElement>('[role=row]')!.getBoundingClientRect();
        const rows = [...grid.querySelectorAll<HTMLElement>('[data-testid=user-row]')].filter((row) => {
          const rect = row.getBoundingClientRect();
          return rect.top >= header.bottom - 1 && rect.bottom <= box.bottom + 1;
        });
        const page = document.scrollingElement!;
        return {
          pageOverflow: page.scrollWidth - page.clientWidth,
          pageScroll: page.scrollHeight - page.clientHeight,
          gridRight: box.right,
          gridBottom: box.bottom,
          headerTop: header.top,
          headerInGrid: header.top >= box.top - 1 && header.bottom <= box.bottom,
          rowsInView: rows.length,
        };
      });
      await saveScreenshot(page, `list-narrow-${size.width}x${size.height}`);
      expect(layout.pageOverflow, JSON.stringify(layout)).toBeLessThanOrEqual(0);
      expect(layout.pageScroll, JSON.stringify(layout)).toBeLessThanOrEqual(0);
      expect(layout.gridRight).toBeLessThanOrEqual(size.width);
      expect(layout.gridBottom).toBeLessThanOrEqual(size.height);
      expect(layout.headerInGrid).toBe(true);
      expect(layout.headerTop).toBeGreaterThanOrEqual(0);
      expect(layout.rowsInView, JSON.stringify(layout)).toBeGreaterThanOrEqual(8);
    }
    // With every row selected the copy buttons join the caption's line or wrap under it, in view.
    await page.setViewportSize({ width: 880, height: 600 });
    await page.getByTestId('user-table').focus();
    await page.keyboard.press('ControlOrMeta+A');
    // Online, the rows are Auth0's first 1,000 (FACTS.md): all of them, not the 3,000 matches.
    await expect.poll(() => page.getByTestId('selection-count').textContent()).toBe('1,000 selected');
    await saveScreenshot(page, 'list-narrow-880x600-selected');
    for (const id of ['copy-ids', 'copy-emails', 'export-json']) {
      const box = await page.getByTestId(id).boundingBox();
      expect(box!.x + box!.width, id).toBeLessThanOrEqual(880);
    }
    expect(
      await page.evaluate(() => document.scrollingElement!.scrollWidth <= document.scrollingElement!.clientWidth),
    ).toBe(true);
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('selection-count').count()).toBe(0);
  });

  it('at 880x600 the add-tenant dialog with Advanced open keeps its buttons in view', async () => {
    await page.setViewportSize({ width: 880, height: 600 });
    await page.getByTestId('add-tenant').click();
    const dialog = page.getByTestId('tenant-dialog');
    await dialog.waitFor();
    await dialog.locator('summary').click();
    await dialog.getByLabel('API base URL').waitFor();
    await saveScreenshot(page, 'tenant-dialog-880x600');
    for (const name of ['Add tenant', 'Cancel', 'Test connection']) {
      const box = await dialog.getByRole('button', { name, exact: true }).boundingBox();
      expect(box, name).not.toBeNull();
      expect(box!.y, name).toBeGreaterThanOrEqual(0);
      expect(box!.y + box!.height, name).toBeLessThanOrEqual(600);
      expect(box!.x + box!.width, name).toBeLessThanOrEqual(880);
    }
    // The fields scroll under the pinned buttons: at the end, the last one is above them.
    await dialog.evaluate((element) => (element.scrollTop = element.scrollHeight));
    const production = dialog.getByLabel(/Production tenant/);
    await expect
      .poll(async () => {
        const field = await production.boundingBox();
        const actions = await dialog.locator('.actions').boundingBox();
        return field && actions ? actions.y - (field.y + field.height) : -1;
      })
      .toBeGreaterThanOrEqual(0);
    await saveScreenshot(page, 'tenant-dialog-880x600-scrolled');
    await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.setViewportSize({ width: 1280, height: 820 });
  });
});
