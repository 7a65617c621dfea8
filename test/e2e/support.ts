// Starts the real, built main process against the Chromium stand-in for Electron.
import { existsSync, mkdtempSync } from 'node:fs';
import type { ConsoleMessage, Page } from 'playwright-core';
import { afterEach } from 'vitest';
import type { User } from '../../common/auth0.ts';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findChromium } from '../electron-shim/chromium.ts';
import { __shim } from '../electron-shim/index.ts';
import { skipReason } from '../support/environment.ts';

const root = resolve(import.meta.dirname, '../..');
export const builtMain = join(root, 'out/main/index.js');

/** Why the e2e suite cannot run here, or null. Under CI=true a missing Chromium is a failure. */
export function e2eUnavailable(): string | null {
  return skipReason(
    'the e2e suite',
    findChromium() ? null : 'no Chromium (install Debian\'s "chromium" or set ROSTER_CHROMIUM)',
  );
}

/**
 * Uncaught errors the window threw since the last test ended. Every suite that launches the app
 * gets the guard below: a test during which the page threw fails with the error's message, so an
 * error that the window survives (a handler firing on a recycled row) cannot pass unnoticed.
 */
const pageErrors: string[] = [];

/** Takes (and forgets) the uncaught errors seen so far: for a test that provokes one on purpose. */
export function takePageErrors(): string[] {
  return pageErrors.splice(0);
}

function watchForUncaughtErrors(page: Page): void {
  page.on('pageerror', (error) => pageErrors.push(error.stack ?? `${error.name}: ${error.message}`));
  // Chromium reports some uncaught errors (a rejected promise nobody awaited, an error thrown by
  // an event handler of an element) only on the console, as "Uncaught …".
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error' && /^Uncaught\b/.test(message.text())) pageErrors.push(message.text());
  });
}

// Registered once per test file (vitest loads this module afresh for each file).
afterEach(() => {
  const errors = takePageErrors();
  if (errors.length > 0)
    throw new Error(`The window threw ${errors.length} uncaught error(s) during this test:\n${errors.join('\n\n')}`);
});

export async function launchApp(env: Record<string, string> = {}) {
  if (!existsSync(builtMain)) throw new Error('The app is not built: run `npm run build` first.');
  const userData = mkdtempSync(join(tmpdir(), 'roster-e2e-'));
  Object.assign(process.env, { ROSTER_USER_DATA_DIR: userData, ...env });
  await import(/* @vite-ignore */ builtMain);
  const window = await __shim.firstWindow();
  watchForUncaughtErrors(window.page);
  return { window, page: window.page, userData, shim: __shim };
}

/**
 * The app, with a tenant of `users` seeded users on an emulator this test starts, added and open,
 * and a Management API token to ask that emulator directly (emulatorUsers). The emulator is
 * imported here only, so that the ui bench, which runs it in a process of its own, never loads it.
 */
export async function launchOnEmulator(options: {
  users: number;
  seed: number;
  tenantName: string;
  keychainService: string;
  timeoutMs: number;
}) {
  const { startEmulator } = await import('../../emulator/index.ts');
  const { fetchToken } = await import('../integration/emulator/helpers.ts');
  const remote = await startEmulator({ users: options.users, seed: options.seed });
  const token = await fetchToken(remote);
  const { page } = await launchApp({ ROSTER_KEYCHAIN_SERVICE: options.keychainService });
  await page.getByTestId('user-table').waitFor({ timeout: options.timeoutMs });
  await addEmulatorTenant(page, options.tenantName, remote);
  return { page, remote, token };
}

/** An emulator's tenant, as `startEmulator` describes it. */
export interface EmulatorTenant {
  domain: string;
  url: string;
  clientId: string;
  clientSecret: string;
}

/**
 * Adds the emulator's tenant through the window's own bridge (as the tenant dialog does) and opens
 * it in the sidebar; throws with main's message when the tenant is refused.
 */
export async function addEmulatorTenant(page: Page, name: string, tenant: EmulatorTenant): Promise<void> {
  const added = await page.evaluate(
    (args) =>
      window.roster.call('tenants:add', {
        name: args.name,
        domain: args.domain,
        apiBaseUrl: args.url,
        auth: { mode: 'client_credentials', clientId: args.clientId, clientSecret: args.clientSecret },
      }),
    { name, domain: tenant.domain, url: tenant.url, clientId: tenant.clientId, clientSecret: tenant.clientSecret },
  );
  if (!added.ok) throw new Error(added.error.message);
  await page.getByTestId('tenant-item').filter({ hasText: name }).click();
}

/** The emulator's own answer to GET /api/v2/users with totals (its first 1,000 at most, FACTS.md). */
export async function emulatorUsers(
  tenant: { url: string },
  token: string,
  query: { q?: string; sort?: string; per_page?: number },
): Promise<{ total: number; users: User[] }> {
  const params = new URLSearchParams({ include_totals: 'true', per_page: String(query.per_page ?? 100) });
  if (query.q) params.set('q', query.q);
  if (query.sort) params.set('sort', query.sort);
  const response = await fetch(`${tenant.url}/api/v2/users?${params}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return (await response.json()) as { total: number; users: User[] };
}

/** The ids of the user rows on screen in row order (aria-rowindex): the table recycles its rows. */
export function shownUserIds(page: Page): Promise<(string | undefined)[]> {
  return page
    .locator('[data-testid=user-row]')
    .evaluateAll((rows) =>
      (rows as HTMLElement[])
        .sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')))
        .map((row) => row.dataset.userId),
    );
}

export async function saveScreenshot(page: Page, name: string): Promise<string> {
  const path = join(root, 'test-results/screenshots', `${name}.png`);
  await page.screenshot({ path });
  return path;
}
