// Trust at a glance (issue 18), end to end through the shim: the full-name search on the demo
// tenant; a second tenant browsed without syncing whose host then stops: its search answer says
// it is partial (count "at least", a banner, the cache's true state), the sidebar shows each
// tenant's health, the profile says offline and "not cached"; and once the host is back, "Ask
// Auth0 again" replaces the partial answer with Auth0's. Each state is pictured at 900×600 and
// 1400×900, light and dark, asserting what each picture shows.
import { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../emulator/index.ts';
import { __shim } from '../electron-shim/index.ts';
import { keychainUnavailable } from '../support/environment.ts';
import { addEmulatorTenant, e2eUnavailable, launchApp, saveScreenshot, shownUserIds } from './support.ts';

const unavailable = e2eUnavailable() ?? keychainUnavailable('the trust e2e suite');
const SIZES = [
  { width: 900, height: 600 },
  { width: 1400, height: 900 },
] as const;

/** The in-process server listening on `port` (the shim runs main, and so the emulators, here). */
function serverOn(port: number): Server {
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  const server = handles.find(
    (handle): handle is Server => handle instanceof Server && (handle.address() as AddressInfo | null)?.port === port,
  );
  if (!server) throw new Error(`no server listens on port ${port}`);
  return server;
}

/** Stops the host as if it were down (connections refused); the returned function brings it back. */
async function stopHost(port: number): Promise<() => Promise<void>> {
  const server = serverOn(port);
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  return () => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
}

/**
 * Pictures the window at each size, light and dark, after `check` asserted what the picture must
 * show at that size; the window is left at its first size and in light mode.
 */
async function pictureEverywhere(page: Page, name: string, check: () => Promise<void>): Promise<void> {
  const original = page.viewportSize();
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await expect.poll(() => page.evaluate(() => window.innerWidth)).toBe(size.width);
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await expect
        .poll(() => page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches))
        .toBe(colorScheme === 'dark');
      await check();
      await saveScreenshot(page, `${name}-${size.width}x${size.height}-${colorScheme}`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  if (original) await page.setViewportSize(original);
}

async function inView(page: Page, testId: string): Promise<void> {
  const box = await page.getByTestId(testId).first().boundingBox();
  const viewport = page.viewportSize();
  expect(box, testId).not.toBeNull();
  expect(box!.y + box!.height, `${testId} within the window`).toBeLessThanOrEqual(viewport!.height);
  expect(box!.x + 20, `${testId} within the window`).toBeLessThanOrEqual(viewport!.width);
}

const caption = (page: Page) =>
  page
    .getByTestId('user-summary')
    .textContent()
    .then((text) => text?.trim() ?? '');

// Skipped only where there is no Chromium, with a printed reason; under CI=true that is a failure.
// Skipped only on a machine without Chromium, with the reason printed (e2eUnavailable); under
// CI=true a missing Chromium fails the run instead (test/support/environment.ts).
describe.skipIf(unavailable)('trust at a glance', () => {
  let page: Page;
  let remote: EmulatorHandle;
  let port: number;
  let bringBack: (() => Promise<void>) | null = null;

  beforeAll(async () => {
    remote = await startEmulator({ users: 102, seed: 41 });
    port = Number(new URL(remote.url).port);
    ({ page } = await launchApp({ ROSTER_KEYCHAIN_SERVICE: `Roster e2e trust ${process.pid}` }));
    await page.getByTestId('user-table').waitFor({ timeout: 30_000 });
  }, 120_000);

  afterAll(async () => {
    await bringBack?.();
    await __shim.quit();
    await remote?.stop();
  });

  it('finds a full name typed as the list shows it, in any case, the exact person first', async () => {
    await expect.poll(() => caption(page), { timeout: 20_000 }).toMatch(/^3,000 users/);
    for (const typed of ['Webster Brakus', 'webster brakus']) {
      await page.getByTestId('user-search').fill(typed);
      await page.getByTestId('user-search').press('Enter');
      await expect.poll(() => caption(page)).toMatch(new RegExp(`^[\\d,]+ users? match(es)? “${typed}”`));
    }
    const first = page.locator('[data-testid=user-row][aria-rowindex="2"] [data-column=name]');
    await expect.poll(() => first.textContent()).toMatch(/Webster Brakus/);
    await pictureEverywhere(page, 'trust-full-name-search', async () => {
      await inView(page, 'user-summary');
      expect(await first.isVisible()).toBe(true);
      expect(await first.textContent()).toMatch(/Webster Brakus/);
    });
    await page.getByTestId('user-search').fill('');
    await page.getByTestId('user-search').press('Escape');
  });

  it('says an answer from a partial cache is partial, and the sidebar shows each tenant’s health', async () => {
    await addEmulatorTenant(page, 'Field office', remote);
    await expect.poll(() => caption(page), { timeout: 20_000 }).toMatch(/^102 users/);
    // Browsed, not synced: the first window (100 users) is written through to the cache.
    const field = page.getByTestId('tenant-item').filter({ hasText: 'Field office' }).getByTestId('tenant-health');
    await expect.poll(() => field.textContent()).toBe('Online · partial cache');
    expect(await page.getByTestId('cache-summary').textContent()).toMatch(
      /Partial cache: only the 100 users seen while browsing · never synced/,
    );
    const browsed = await shownUserIds(page);
    expect(browsed.length).toBeGreaterThan(5);

    bringBack = await stopHost(port);
    await page.getByTestId('user-search').fill('name:d*');
    await page.getByTestId('user-search').press('Enter');
    await expect
      .poll(() => caption(page), { timeout: 20_000 })
      .toMatch(
        /^At least \d+ users? match(es)? “name:d\*” · sorted by [^·]+ · from the offline cache \(partial cache: only the 100 users seen while browsing · never synced\)/,
      );
    const banner = page.getByTestId('partial-banner');
    expect(await banner.textContent()).toMatch(/Partial answer: Auth0 may hold more matches\.\s+The tenant is offline/);
    await expect.poll(() => page.getByTestId('offline-badge').textContent()).toMatch(/^\s*Offline\s*$/);
    expect(await page.getByTestId('cache-summary').textContent()).toMatch(
      /^\s*Partial cache: only the 100 users seen while browsing · never synced\s*$/,
    );
    await expect.poll(() => field.getAttribute('data-reach')).toBe('offline');
    expect(await field.textContent()).toBe('Offline · partial cache');
    const demo = page.getByTestId('tenant-item').filter({ hasText: 'Demo tenant' }).getByTestId('tenant-health');
    expect(await demo.getAttribute('data-reach')).toBe('online');
    expect(await demo.textContent()).toBe('Online · partial cache');
    await pictureEverywhere(page, 'trust-partial-answer', async () => {
      await inView(page, 'partial-banner');
      await inView(page, 'tenant-health');
      expect(await banner.isVisible()).toBe(true);
      expect(await field.isVisible()).toBe(true);
      expect(await caption(page)).toMatch(/^At least /);
    });
  });

  it('offline, the profile says so, disables every write with that reason and says roles are not cached', async () => {
    await page.locator('[data-testid=user-row][aria-rowindex="2"]').click();
    await page.getByTestId('user-panel').waitFor();
    await expect
      .poll(() => page.getByTestId('user-origin').textContent())
      .toMatch(
        /^\s*From the offline cache \(partial cache: only the 100 users seen while browsing · never synced\)\s*$/,
      );
    expect(await page.getByTestId('user-block').isDisabled()).toBe(true);
    expect(await page.getByTestId('action-delete').isDisabled()).toBe(true);
    expect(await page.getByTestId('actions-scope').textContent()).toMatch(/^Offline: the tenant does not answer\./);
    await page.getByTestId('tab-attributes').click();
    expect(await page.getByTestId('reason-name').textContent()).toBe('Offline: changes need the tenant online.');
    await page.getByTestId('tab-roles').click();
    await expect
      .poll(() => page.getByTestId('roles-unknown').textContent())
      .toBe('Roles are not cached offline: they show once the tenant is back online.');
    expect(await page.getByTestId('profile-roles').textContent()).not.toContain('No roles.');
    await pictureEverywhere(page, 'trust-offline-profile', async () => {
      await inView(page, 'roles-unknown');
      await inView(page, 'actions-scope');
    });
    await page.getByTestId('user-panel-close').click();
  });

  it('once the host is back, “Ask Auth0 again” replaces the partial answer with Auth0’s', async () => {
    await bringBack?.();
    bringBack = null;
    await page.getByTestId('ask-again').click();
    await expect.poll(() => caption(page), { timeout: 20_000 }).toMatch(/^\d+ users? match(es)? “name:d\*”/);
    expect(await caption(page)).not.toMatch(/At least|offline cache/);
    expect(await page.getByTestId('partial-banner').count()).toBe(0);
    const field = page.getByTestId('tenant-item').filter({ hasText: 'Field office' }).getByTestId('tenant-health');
    await expect.poll(() => field.getAttribute('data-reach')).toBe('online');
    await expect.poll(() => page.getByTestId('online-badge').count()).toBe(1);
  });
});
