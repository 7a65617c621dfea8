// Starts the real, built main process against the Chromium stand-in for Electron.
import { existsSync, mkdtempSync } from 'node:fs';
import type { Page } from 'playwright-core';
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

export async function launchApp(env: Record<string, string> = {}) {
  if (!existsSync(builtMain)) throw new Error('The app is not built: run `npm run build` first.');
  const userData = mkdtempSync(join(tmpdir(), 'roster-e2e-'));
  Object.assign(process.env, { ROSTER_USER_DATA_DIR: userData, ...env });
  await import(/* @vite-ignore */ builtMain);
  const window = await __shim.firstWindow();
  return { window, page: window.page, userData, shim: __shim };
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

export async function saveScreenshot(page: Page, name: string): Promise<string> {
  const path = join(root, 'test-results/screenshots', `${name}.png`);
  await page.screenshot({ path });
  return path;
}
