// What the window says, end to end (issue 18): the real main, preload and renderer through the
// shim, on the demo tenant. A role assignment asks first for a privileged role and is recorded by
// name; a conflict shows its time in words and the values typed; an expired token shows whose it
// is; a connection error names the address and the reason in words, inside the dialog. Each state
// is photographed at 900x600 and 1400x900, light and dark, and asserted in each.
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../common/auth0.ts';
import type { TenantList } from '../../common/tenant.ts';
import { CONTROL_SECRET_HEADER, type UserTokens } from '../../emulator/index.ts';
import { __shim } from '../electron-shim/index.ts';
import { keychainUnavailable } from '../support/environment.ts';
import { e2eUnavailable, launchApp, saveScreenshot } from './support.ts';

const unavailable = e2eUnavailable() ?? keychainUnavailable('the words e2e suite');
const controlSecret = randomBytes(18).toString('base64url');
const VARIANTS = [
  { width: 900, height: 600, scheme: 'light' },
  { width: 900, height: 600, scheme: 'dark' },
  { width: 1400, height: 900, scheme: 'light' },
  { width: 1400, height: 900, scheme: 'dark' },
] as const;

// Skipped only where there is no Chromium, with a printed reason; under CI=true that is a failure.
// Skipped only on a machine without Chromium, with the reason printed (e2eUnavailable); under
// CI=true a missing Chromium fails the run instead (test/support/environment.ts).
describe.skipIf(unavailable)('the window’s words', () => {
  let page: Page;
  let demo: { id: string; apiBaseUrl: string };

  /** Photographs the state in every size and scheme, checking what it shows in each. */
  async function photograph(name: string, check: () => Promise<void>): Promise<void> {
    for (const variant of VARIANTS) {
      await page.setViewportSize({ width: variant.width, height: variant.height });
      await page.emulateMedia({ colorScheme: variant.scheme });
      await check();
      await saveScreenshot(page, `${name}-${variant.width}x${variant.height}-${variant.scheme}`);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme: 'light' });
  }

  async function call<T>(channel: string, args: unknown): Promise<T> {
    const result = (await page.evaluate(
      ([name, payload]) => window.roster.call(name as 'users:list', payload as never),
      [channel, args] as const,
    )) as { ok: boolean; value: T; error?: { message: string } };
    if (!result.ok) throw new Error(result.error?.message);
    return result.value;
  }

  async function databaseUser(skip: number): Promise<User> {
    const page = await call<{ users: User[] }>('users:list', {
      tenantId: demo.id,
      q: 'identities.connection:"Username-Password-Authentication" AND _exists_:email',
      per_page: 10,
    });
    const user = page.users[skip];
    if (!user) throw new Error('no database user');
    return user;
  }

  async function openUser(user: User): Promise<void> {
    await page.getByTestId('user-search').fill(`user_id:"${user.user_id}"`);
    await page.getByTestId('user-search').press('Enter');
    await expect.poll(() => page.getByTestId('user-row').count()).toBe(1);
    await page.getByTestId('user-row').first().click();
    await expect.poll(() => page.getByTestId('profile-user-id').textContent()).toBe(user.user_id);
  }

  beforeAll(async () => {
    ({ page } = await launchApp({
      ROSTER_KEYCHAIN_SERVICE: `Roster e2e words ${process.pid}`,
      ROSTER_DEMO_CONTROL_SECRET: controlSecret,
    }));
    await page.getByTestId('user-table').waitFor({ timeout: 60_000 });
    const list = await call<TenantList>('tenants:list', {});
    const found = list.tenants.find((tenant) => tenant.kind === 'demo');
    demo = { id: found?.id ?? '', apiBaseUrl: found?.apiBaseUrl ?? '' };
  }, 120_000);

  afterAll(() => __shim.quit());

  it('asks before a privileged role, naming what it grants, and records the assignment by name', async () => {
    const user = await databaseUser(0);
    const before = await call<{ roles: { id: string; name: string }[] }>('users:roles', {
      tenantId: demo.id,
      userId: user.user_id,
    });
    for (const role of before.roles) {
      await call('users:remove-roles', { tenantId: demo.id, userId: user.user_id, roleIds: [role.id] });
    }
    await call('users:assign-roles', {
      tenantId: demo.id,
      userId: user.user_id,
      roleIds: [
        (await call<{ roles: { id: string; name: string }[] }>('roles:list', { tenantId: demo.id })).roles.find(
          (role) => role.name === 'Editor',
        )?.id,
      ],
    });
    await openUser(user);
    await page.getByTestId('tab-roles').click();
    const administrator = page.locator('.assignable li').filter({ hasText: 'Administrator' });
    await administrator.getByTestId('role-assign').click();
    await page.getByTestId('role-guard').waitFor();
    await photograph('role-guard', async () => {
      expect(await page.getByTestId('role-guard').textContent()).toContain('Assign Administrator?');
      expect(await page.getByTestId('role-guard-grants').textContent()).toBe(
        'Administrator grants: Full access to every part of the product',
      );
      await page.getByTestId('role-guard').scrollIntoViewIfNeeded();
      expect(await page.getByTestId('role-guard-confirm').isVisible()).toBe(true);
    });
    await page.getByTestId('role-guard-confirm').click();
    await expect.poll(() => page.getByTestId('roles-notice').textContent()).toBe('Assigned Administrator.');
    await expect.poll(() => page.getByTestId('user-role').count()).toBe(2);

    await page.getByTestId('view-changes').click();
    const entry = page.getByTestId('change-entry').first();
    await expect.poll(() => entry.textContent()).toContain('Assigned roles');
    await photograph('history-role-names', async () => {
      expect(await entry.getByTestId('change-text').textContent()).toBe('Editor → Administrator, Editor');
      expect(await entry.locator('time').textContent()).toMatch(/^(now|\d+ seconds? ago)$/);
      expect(await entry.isVisible()).toBe(true);
    });
    await page.getByTestId('view-changes').click();
    await page.getByTestId('user-panel-close').click();
  });

  it('shows the conflict’s time in words and the values the admin typed', async () => {
    const user = await databaseUser(1);
    await openUser(user);
    await page.getByTestId('tab-attributes').click();
    const typed = `Typed ${Date.now()}`;
    await page.getByTestId('input-family_name').fill(typed);
    // Someone else saves the user meanwhile.
    await call('users:update', { tenantId: demo.id, userId: user.user_id, changes: { given_name: 'Changed behind' } });
    await page.getByTestId('save-attributes').click();
    const dialog = page.getByTestId('conflict-dialog');
    await dialog.waitFor();
    await photograph('conflict-dialog', async () => {
      expect(await page.getByTestId('conflict-updated').textContent()).toMatch(/^(now|\d+ seconds? ago)$/);
      expect(await page.getByTestId('conflict-updated').getAttribute('title')).toMatch(/\d/);
      expect(await page.getByTestId('conflict-mine').textContent()).toContain(`family_name: "${typed}"`);
      expect(await page.getByTestId('conflict-server').textContent()).toContain('"Changed behind"');
      const box = await dialog.boundingBox();
      const size = page.viewportSize();
      expect(box && size && box.x >= 0 && box.x + box.width <= size.width).toBe(true);
    });
    await page.getByTestId('conflict-reload').click();
    await page.getByTestId('user-panel-close').click();
  });

  it('shows whose token an expired token is, marked with the verdict', async () => {
    const user = await databaseUser(2);
    const response = await fetch(`${demo.apiBaseUrl}/__emulator/user-tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CONTROL_SECRET_HEADER]: controlSecret },
      body: JSON.stringify({ user_id: user.user_id, expires_in_seconds: -7200 }),
    });
    expect(response.status).toBe(200);
    const tokens = (await response.json()) as UserTokens;
    await page.getByTestId('view-tokens').click();
    await page.getByTestId('token-input').fill(tokens.access_token);
    await page.getByRole('button', { name: 'Inspect' }).click();
    await expect.poll(() => page.getByTestId('token-verdict').getAttribute('data-verdict')).toBe('expired');
    await photograph('token-expired-profile', async () => {
      expect(await page.getByTestId('token-verdict').textContent()).toContain('Expired');
      expect(await page.getByTestId('token-message').textContent()).toMatch(/^Its expiry time \(exp\) passed 2 h ago/);
      expect(await page.getByTestId('profile-verdict').textContent()).toMatch(
        /^The token has expired, but its signature is good/,
      );
      expect(await page.getByTestId('profile-table').textContent()).toContain(user.email ?? user.user_id);
    });
    await page.getByTestId('token-input').fill('hello world');
    await page.getByRole('button', { name: 'Inspect' }).click();
    await expect
      .poll(() => page.getByTestId('token-message').textContent())
      .toMatch(/^Not a token: it contains spaces/);
    expect(await page.getByTestId('token-verdict').textContent()).not.toContain('Access token');
    await page.getByTestId('close-tokens').click();
  });

  it('names the failing address and the reason in words, wrapped inside the tenant dialog', async () => {
    await page.getByTestId('add-tenant').click();
    const dialog = page.getByTestId('tenant-dialog');
    await dialog.waitFor();
    await dialog.getByLabel('Name', { exact: true }).fill('Nowhere');
    await dialog.getByLabel('Domain', { exact: true }).fill('nowhere-roster.eu.auth0.com');
    await dialog.getByLabel('Client ID', { exact: true }).fill('client-id');
    await dialog.getByLabel('Client secret', { exact: true }).fill('client-secret');
    await dialog.locator('summary').click();
    await dialog.getByLabel('API base URL').fill('http://127.0.0.1:1');
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    const error = page.getByTestId('tenant-dialog-error');
    await error.waitFor({ timeout: 30_000 });
    await photograph('tenant-connection-error', async () => {
      await error.scrollIntoViewIfNeeded();
      expect(await error.textContent()).toBe(
        "Roster could not reach 127.0.0.1:1 (the tenant's API base URL): the connection was refused (nothing is listening at that address and port). Check the API base URL under Advanced (its port too), and that the server there is running.",
      );
      // Wrapped inside the dialog: nothing runs past its edge.
      const fits = await error.evaluate((element) => {
        const sheet = element.closest('dialog')?.getBoundingClientRect();
        const own = element.getBoundingClientRect();
        return !!sheet && own.right <= sheet.right && element.scrollWidth <= element.clientWidth;
      });
      expect(fits).toBe(true);
    });

    // A long name (RFC 6761: .invalid never resolves) must wrap inside the dialog too.
    const longDomain = 'rosterendtoendtenantnamelongenough.toneedwrappinginsidethisdialog.invalid';
    await dialog.getByLabel('API base URL').fill('');
    await dialog.getByLabel('Domain', { exact: true }).fill(longDomain);
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => error.textContent(), { timeout: 20_000 }).toContain(longDomain);
    expect(await error.textContent()).toBe(
      `Roster could not reach ${longDomain}: its DNS name was not found. Check the spelling of the tenant's domain, and your connection.`,
    );
    const fits = await error.evaluate((element) => {
      const sheet = element.closest('dialog')?.getBoundingClientRect();
      const own = element.getBoundingClientRect();
      return !!sheet && own.right <= sheet.right && element.scrollWidth <= element.clientWidth;
    });
    expect(fits).toBe(true);
    await saveScreenshot(page, 'tenant-connection-error-long-name');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });
});
