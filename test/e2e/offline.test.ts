// Offline and sync end to end: the real main, preload and renderer through the shim, the real
// cache on disk. The demo tenant is synced with the progress bar on screen and browsed with "Work
// offline"; a second tenant, on an emulator this test stops, is synced, loses its server, and is
// browsed, searched, sorted by a metadata column and opened from the cache, with writes refused
// in words.
import { Server, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../emulator/index.ts';
import { __shim } from '../electron-shim/index.ts';
import { keychainUnavailable } from '../support/environment.ts';
import { addEmulatorTenant, e2eUnavailable, launchApp, saveScreenshot } from './support.ts';

const unavailable = e2eUnavailable() ?? keychainUnavailable('the offline e2e suite');

/** A column's values as shown, in row order (aria-rowindex: the table recycles its rows). */
async function metadataColumn(page: Page, field: string): Promise<string[]> {
  return page
    .locator('[data-testid=user-row]')
    .evaluateAll(
      (rows, column) =>
        (rows as HTMLElement[])
          .sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')))
          .map((row) => row.querySelector(`[data-column="${column}"]`)?.textContent ?? ''),
      field,
    );
}

/**
 * The demo tenant's emulator runs inside this very process (the shim runs main here): its
 * listening server is found among the process's handles by the tenant's port.
 */
async function demoServer(page: Page): Promise<Server> {
  const list = await page.evaluate(() => window.roster.call('tenants:list', {}));
  if (!list.ok) throw new Error('tenants:list failed');
  const demo = list.value.tenants.find((tenant) => tenant.kind === 'demo');
  const port = Number(new URL(demo?.apiBaseUrl ?? 'http://x').port);
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  const server = handles.find(
    (handle): handle is Server => handle instanceof Server && (handle.address() as AddressInfo | null)?.port === port,
  );
  if (!server) throw new Error(`The demo emulator's server (port ${port}) was not found`);
  return server;
}

/** Stops the demo's emulator: closed with every open connection, as if its host were down (its own stop() at quit is then a no-op). */
async function stopDemoEmulator(page: Page): Promise<void> {
  const server = await demoServer(page);
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * Holds the demo emulator's export downloads (the signed links under /__downloads/) until the
 * returned function is called, so that a sync of its 3,000 users, which takes a second, stays on
 * screen long enough for a picture on any machine.
 */
async function holdDemoDownloads(page: Page): Promise<() => void> {
  const server = await demoServer(page);
  const handlers = server.listeners('request') as ((request: IncomingMessage, response: ServerResponse) => void)[];
  const held: (() => void)[] = [];
  const serve = (request: IncomingMessage, response: ServerResponse) => {
    for (const handler of handlers) handler.call(server, request, response);
  };
  server.removeAllListeners('request');
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (request.url?.startsWith('/__downloads/')) held.push(() => serve(request, response));
    else serve(request, response);
  });
  return () => {
    server.removeAllListeners('request');
    for (const handler of handlers) server.on('request', handler);
    for (const release of held.splice(0)) release();
  };
}

async function sortBy(page: Page, field: string, descending: boolean): Promise<void> {
  // A metadata path is a column added with the column picker; its header sorts (from the cache).
  if ((await page.getByTestId(`sort-${field}`).count()) === 0) {
    await page.getByTestId('column-picker').click();
    await page.getByTestId('column-add').fill(field);
    await page.getByTestId('column-add-submit').click();
    await page.getByTestId('column-picker').click();
  }
  const header = page.locator(`[role=columnheader][data-column="${field}"]`);
  const wanted = descending ? 'descending' : 'ascending';
  for (let clicks = 0; clicks < 2 && (await header.getAttribute('aria-sort')) !== wanted; clicks++) {
    await page.getByTestId(`sort-${field}`).click();
    await expect.poll(() => header.getAttribute('aria-sort')).not.toBe('none');
  }
  await expect.poll(() => header.getAttribute('aria-sort')).toBe(wanted);
  // The sorted answer is in (the grid is busy from the click until then).
  await expect.poll(() => page.getByTestId('user-table').getAttribute('aria-busy')).toBe('false');
}

// Skipped only where there is no Chromium, with a printed reason; under CI=true that is a failure.
describe.skipIf(unavailable)('offline and sync in the window', () => {
  let page: Page;
  let remote: EmulatorHandle;

  beforeAll(async () => {
    remote = await startEmulator({ users: 400, seed: 31 });
    ({ page } = await launchApp({ ROSTER_KEYCHAIN_SERVICE: `Roster e2e offline ${process.pid}` }));
  }, 120_000);

  afterAll(async () => {
    await __shim.quit();
    await remote?.stop();
  });

  it('syncs the demo tenant with the progress bar on screen', async () => {
    await page.getByTestId('user-table').waitFor({ timeout: 30_000 });
    await page.getByTestId('sync-bar').waitFor();
    expect(await page.getByTestId('online-badge').textContent()).toBe('Online');
    // Browsing wrote the first window through: the cache is partial until the first sync (issue 18).
    await expect
      .poll(() => page.getByTestId('cache-summary').textContent())
      .toMatch(/^\s*Partial cache: only the 100 users seen while browsing · never synced/);
    // The export file is held back until the picture is taken: the bar is on screen, past the
    // export job's share, whatever the machine's speed.
    const release = await holdDemoDownloads(page);
    await page.getByTestId('sync-start').click();
    const bar = page.getByTestId('sync-progress');
    await bar.waitFor();
    await expect.poll(() => bar.textContent(), { timeout: 30_000 }).toMatch(/^\s*[1-9]\d*% · /);
    const shown = (await bar.textContent())?.trim();
    expect(await page.getByTestId('sync-cancel').isVisible()).toBe(true);
    await saveScreenshot(page, 'sync-progress');
    expect(shown).toMatch(/^\d+% · .+ · [\d,]+ users/);
    release();
    await page.getByTestId('sync-outcome').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('sync-outcome').textContent()).toMatch(/Synced 3,000 users\..*next full sync/);
    expect(await page.getByTestId('cache-summary').textContent()).toMatch(/^3,000 users cached · synced fully /);
    await expect.poll(() => bar.count()).toBe(0);
    // The search index is built in the background; the window follows it until it is done.
    await expect.poll(() => page.getByTestId('index-progress').count(), { timeout: 30_000 }).toBe(0);
    expect(await page.getByTestId('index-failed').count()).toBe(0);
  });

  it('cancels a sync, and the cache stays as it was', async () => {
    const before = await page.getByTestId('cache-summary').textContent();
    const release = await holdDemoDownloads(page);
    try {
      await page.getByTestId('sync-start').click();
      await expect.poll(() => page.getByTestId('sync-progress').textContent()).toMatch(/Downloading/);
      await page.getByTestId('sync-cancel').click();
      await page.getByTestId('sync-error').waitFor();
      expect(await page.getByTestId('sync-error').textContent()).toBe(
        'Sync cancelled. The cached data is as it was before.',
      );
      expect(await page.getByTestId('sync-progress').count()).toBe(0);
      expect(await page.getByTestId('cache-summary').textContent()).toBe(before);
    } finally {
      release();
    }
  });

  it('works offline on the demo tenant by choice: past the 1000 cap, sorted by metadata', async () => {
    await page.getByTestId('work-offline').check();
    await expect.poll(() => page.getByTestId('offline-badge').textContent()).toMatch(/^\s*Working offline\s*$/);
    await expect
      .poll(() => page.getByTestId('user-source').textContent())
      .toMatch(/from the offline cache \(3,000 users cached · synced fully /);
    // The whole tenant scrolls from the cache: 3,000 rows, no 1,000 cap.
    expect(await page.getByTestId('user-table').getAttribute('aria-rowcount')).toBe('3001');
    expect(await page.getByTestId('list-cap').count()).toBe(0);
    await sortBy(page, 'app_metadata.plan.seats', true);
    const seats = (await metadataColumn(page, 'app_metadata.plan.seats')).filter((value) => value !== '—').map(Number);
    expect(seats.length).toBeGreaterThan(10);
    expect(seats).toEqual([...seats].sort((a, b) => b - a));
    expect(await page.getByTestId('sync-start').isDisabled()).toBe(true);
    await saveScreenshot(page, 'demo-work-offline');
    await page.getByTestId('work-offline').uncheck();
    await expect.poll(() => page.getByTestId('online-badge').count()).toBe(1);
  });

  it('stops the demo emulator: browses, searches, sorts and opens users from the cache; writes are refused', async () => {
    await stopDemoEmulator(page);
    // The list of a synced tenant reads from its cache (issue 9), so browsing goes on; opening a
    // user asks the tenant and finds it gone.
    await sortBy(page, 'created_at', true);
    await page.getByTestId('user-search').fill('identities.connection:"github"');
    await page.getByTestId('user-search').press('Enter');
    await expect.poll(() => page.getByTestId('user-source').textContent()).toMatch(/from the offline cache/);
    await page.getByTestId('user-row').first().click();
    await expect
      .poll(() => page.getByTestId('offline-badge').textContent(), { timeout: 20_000 })
      .toMatch(/^\s*Offline\s*$/);
    await page.getByTestId('user-panel-close').click();
    const connections = await page.locator('[data-testid=user-row] [data-column=connection]').allTextContents();
    expect(connections.length).toBeGreaterThan(0);
    expect(new Set(connections)).toEqual(new Set(['github']));
    await sortBy(page, 'app_metadata.plan.tier', false);
    const tiers = (await metadataColumn(page, 'app_metadata.plan.tier')).filter((value) => value !== '—');
    expect(tiers.length).toBeGreaterThan(5);
    expect(tiers).toEqual([...tiers].sort());
    await saveScreenshot(page, 'demo-offline-search');
    await page.getByTestId('user-row').first().click();
    await expect
      .poll(() => page.getByTestId('user-origin').textContent())
      .toMatch(/^\s*From the offline cache \(3,000 users cached · synced fully /);
    // Offline, writes are disabled with the reason rather than failing after a click (issue 18).
    expect(await page.getByTestId('user-block').isDisabled()).toBe(true);
    expect(await page.getByTestId('actions-scope').textContent()).toMatch(/^Offline: the tenant does not answer\./);
    await saveScreenshot(page, 'demo-offline-user');
    await page.getByTestId('user-panel-close').click();
  });

  it('syncs a second tenant, then browses it from the cache once its server is gone', async () => {
    await addEmulatorTenant(page, 'Field office', remote);
    await expect.poll(() => page.getByTestId('tenant-header').textContent()).toContain('Field office');
    await expect.poll(() => page.getByTestId('user-summary').textContent()).toContain('400 users');
    await page.getByTestId('sync-start').click();
    await page.getByTestId('sync-outcome').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('cache-summary').textContent()).toMatch(/^400 users cached/);

    await remote.stop();
    // The list reads the synced cache; the next request to the tenant (opening a user) gets no
    // answer, and the window hears the tenant is offline.
    await page.getByTestId('user-row').first().click();
    await expect
      .poll(() => page.getByTestId('offline-badge').textContent(), { timeout: 30_000 })
      .toMatch(/^\s*Offline\s*$/);
    await page.getByTestId('user-panel-close').click();
    await page.getByTestId('user-search').fill('blocked:true');
    await page.getByTestId('user-search').press('Enter');
    await expect.poll(() => page.getByTestId('user-source').textContent()).toMatch(/from the offline cache/);
    await expect.poll(() => page.locator('[data-testid=user-table] .status.blocked').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=user-table] .status.active').count()).toBe(0);

    await page.getByTestId('user-search').fill('');
    await page.getByTestId('user-search').press('Enter');
    await expect.poll(() => page.getByTestId('user-summary').textContent()).toMatch(/^400 users/);
    await sortBy(page, 'app_metadata.plan.tier', false);
    const tiers = (await metadataColumn(page, 'app_metadata.plan.tier')).filter((value) => value !== '—');
    expect(tiers.length).toBeGreaterThan(10);
    expect(tiers).toEqual([...tiers].sort());
    await saveScreenshot(page, 'offline-list');
  });

  it('opens a user from the cache and refuses a write in words', async () => {
    await page.getByTestId('user-row').first().click();
    const panel = page.getByTestId('user-panel');
    await panel.waitFor();
    await expect
      .poll(() => page.getByTestId('user-origin').textContent())
      .toMatch(/^\s*From the offline cache \(400 users cached · synced fully /);
    // The profile (issue 10) shows the user as JSON in its Raw JSON tab.
    await page.getByTestId('tab-raw').click();
    const json = JSON.parse((await page.getByTestId('user-json').textContent()) ?? '{}') as {
      user_id?: string;
      app_metadata?: unknown;
    };
    expect(json.user_id).toMatch(/\|/);
    expect(json).not.toHaveProperty('origin');
    // The write is not offered: disabled, with the reason in words (main refuses it too: users-service tests).
    expect(await page.getByTestId('user-block').isDisabled()).toBe(true);
    expect(await page.getByTestId('actions-scope').textContent()).toMatch(
      /^Offline: the tenant does not answer\. Changes need it online; nothing is queued to send later\./,
    );
    await saveScreenshot(page, 'offline-write-refused');
  });
});
