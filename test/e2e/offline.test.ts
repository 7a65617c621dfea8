// Offline and sync end to end: the real main, preload and renderer through the shim, the real
// cache on disk. The demo tenant is synced with the progress bar on screen and browsed with "Work
// offline"; a second tenant, on an emulator this test stops, is synced, loses its server, and is
// browsed, searched, sorted by a metadata column and opened from the cache, with writes refused
// in words.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../emulator/index.ts';
import { __shim } from '../electron-shim/index.ts';
import { keychainUnavailable } from '../support/environment.ts';
import { e2eUnavailable, launchApp, saveScreenshot } from './support.ts';

const unavailable = e2eUnavailable() ?? keychainUnavailable('the offline e2e suite');

/** The metadata column's values as shown, in order. */
async function metadataColumn(page: Page): Promise<string[]> {
  return page.getByTestId('metadata-value').allTextContents();
}

async function sortBy(page: Page, field: string, descending: boolean): Promise<void> {
  await page.getByTestId('sort-field').fill(field);
  await page.getByTestId('sort-descending').setChecked(descending);
  await page.getByTestId('sort-apply').click();
  await page.getByTestId('metadata-column').waitFor();
}

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
    expect(await page.getByTestId('cache-summary').textContent()).toMatch(/Not synced/);
    await page.getByTestId('sync-start').click();
    const bar = page.getByTestId('sync-progress');
    await bar.waitFor();
    // The picture is taken while the bar shows; what it shows is read from the same element.
    const shown = await bar.textContent();
    await saveScreenshot(page, 'sync-progress');
    expect(shown?.trim()).toMatch(/^\d+% · .+ · [\d,]+ users/);
    expect(await page.getByTestId('sync-cancel').isVisible()).toBe(true);
    await page.getByTestId('sync-outcome').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('sync-outcome').textContent()).toMatch(/Synced 3,000 users\..*next full sync/);
    expect(await page.getByTestId('cache-summary').textContent()).toMatch(/^3,000 users cached · synced /);
    expect(await bar.count()).toBe(0);
  });

  it('works offline on the demo tenant by choice: past the 1000 cap, sorted by metadata', async () => {
    await page.getByTestId('work-offline').check();
    await expect.poll(() => page.getByTestId('offline-badge').textContent()).toMatch(/^\s*Offline · as of /);
    await expect.poll(() => page.getByTestId('user-source').textContent()).toMatch(/from the offline cache, as of/);
    // The whole tenant pages from the cache: 3,000 users at 50 a page.
    expect(await page.locator('.pager span').textContent()).toBe('Page 1 of 60');
    await sortBy(page, 'app_metadata.plan.seats', true);
    const seats = (await metadataColumn(page)).filter((value) => value !== '—').map(Number);
    expect(seats.length).toBeGreaterThan(10);
    expect(seats).toEqual([...seats].sort((a, b) => b - a));
    expect(await page.getByTestId('sync-start').isDisabled()).toBe(true);
    await saveScreenshot(page, 'demo-work-offline');
    await page.getByTestId('work-offline').uncheck();
    await expect.poll(() => page.getByTestId('online-badge').count()).toBe(1);
  });

  it('syncs a second tenant, then browses it from the cache once its server is gone', async () => {
    const added = await page.evaluate(
      (remoteTenant) =>
        window.roster.call('tenants:add', {
          name: 'Field office',
          domain: remoteTenant.domain,
          apiBaseUrl: remoteTenant.url,
          auth: {
            mode: 'client_credentials',
            clientId: remoteTenant.clientId,
            clientSecret: remoteTenant.clientSecret,
          },
        }),
      { domain: remote.domain, url: remote.url, clientId: remote.clientId, clientSecret: remote.clientSecret },
    );
    expect(added.ok).toBe(true);
    await page.getByTestId('tenant-item').filter({ hasText: 'Field office' }).click();
    await expect.poll(() => page.getByTestId('tenant-header').textContent()).toContain('Field office');
    await expect.poll(() => page.getByTestId('user-summary').textContent()).toContain('400 users');
    await page.getByTestId('sync-start').click();
    await page.getByTestId('sync-outcome').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('cache-summary').textContent()).toMatch(/^400 users cached/);

    await remote.stop();
    // The next request gets no answer: the window hears the tenant is offline and shows the cache.
    await page.getByTestId('user-search').fill('blocked:true');
    await page.getByTestId('user-search').press('Enter');
    await expect
      .poll(() => page.getByTestId('offline-badge').textContent(), { timeout: 30_000 })
      .toMatch(/Offline · as of/);
    await expect.poll(() => page.getByTestId('user-source').textContent()).toMatch(/from the offline cache/);
    await expect.poll(() => page.locator('[data-testid=user-table] .status.blocked').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=user-table] .status.active').count()).toBe(0);

    await page.getByTestId('user-search').fill('');
    await page.getByTestId('user-search').press('Enter');
    await expect.poll(() => page.getByTestId('user-summary').textContent()).toMatch(/^400 users/);
    await sortBy(page, 'app_metadata.plan.tier', false);
    const tiers = (await metadataColumn(page)).filter((value) => value !== '—');
    expect(tiers.length).toBeGreaterThan(10);
    expect(tiers).toEqual([...tiers].sort());
    await saveScreenshot(page, 'offline-list');
  });

  it('opens a user from the cache and refuses a write in words', async () => {
    await page.getByTestId('user-row').first().click();
    const panel = page.getByTestId('user-panel');
    await panel.waitFor();
    await expect.poll(() => page.getByTestId('user-origin').textContent()).toMatch(/^From the offline cache, as of /);
    const json = JSON.parse((await page.getByTestId('user-json').textContent()) ?? '{}') as {
      user_id?: string;
      app_metadata?: unknown;
    };
    expect(json.user_id).toMatch(/\|/);
    expect(json).not.toHaveProperty('origin');
    await page.getByTestId('user-block').click();
    await page.getByTestId('user-action-error').waitFor();
    expect(await page.getByTestId('user-action-error').textContent()).toMatch(
      /Field office is offline: Roster could not reach .*\(ECONNREFUSED\), so Roster cannot (block|unblock) a user now\. Nothing was changed and nothing is queued/,
    );
    await saveScreenshot(page, 'offline-write-refused');
  });
});
