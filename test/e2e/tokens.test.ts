// The token inspector end to end: the real main, preload and renderer through the shim, on the
// demo tenant (the in-process emulator), with a demo user's tokens minted by the emulator's
// control endpoint (its secret given to main through ROSTER_DEMO_CONTROL_SECRET).
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantList } from '../../common/tenant.ts';
import { CONTROL_SECRET_HEADER, type UserTokens } from '../../emulator/index.ts';
import { __shim } from '../electron-shim/index.ts';
import { keychainUnavailable } from '../support/environment.ts';
import { e2eUnavailable, launchApp, saveScreenshot } from './support.ts';

const unavailable = e2eUnavailable() ?? keychainUnavailable('the token inspector e2e suite');
const controlSecret = randomBytes(18).toString('base64url');

// Skipped only where there is no Chromium, with a printed reason; under CI=true that is a failure.
describe.skipIf(unavailable)('the token inspector in the window', () => {
  let page: Page;
  let userData: string;
  let demo: { id: string; apiBaseUrl: string };
  let tokens: UserTokens;
  const pasted: string[] = [];

  async function mint(userId: string): Promise<UserTokens> {
    const response = await fetch(`${demo.apiBaseUrl}/__emulator/user-tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CONTROL_SECRET_HEADER]: controlSecret },
      body: JSON.stringify({ user_id: userId }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as UserTokens;
  }

  async function inspect(token: string, audience = ''): Promise<string> {
    pasted.push(token);
    await page.getByTestId('token-input').fill(token);
    await page.getByTestId('token-audience').fill(audience);
    const verdict = page.getByTestId('token-verdict');
    const previous = (await verdict.count()) > 0 ? await verdict.getAttribute('data-checked') : null;
    await page.getByRole('button', { name: 'Inspect' }).click();
    // Each answer carries the moment main judged it: wait for a new one.
    await expect
      .poll(async () => ((await verdict.count()) > 0 ? verdict.getAttribute('data-checked') : null))
      .not.toBe(previous);
    expect(await verdict.getAttribute('data-checked')).not.toBeNull();
    return (await page.getByTestId('token-verdict').getAttribute('data-verdict')) ?? '';
  }

  beforeAll(async () => {
    ({ page, userData } = await launchApp({
      ROSTER_KEYCHAIN_SERVICE: `Roster e2e tokens ${process.pid}`,
      ROSTER_DEMO_CONTROL_SECRET: controlSecret,
    }));
    await page.getByTestId('user-table').waitFor({ timeout: 60_000 });
    const list = (await page.evaluate(() => window.roster.call('tenants:list', {}))) as { ok: true; value: TenantList };
    const found = list.value.tenants.find((tenant) => tenant.kind === 'demo');
    demo = { id: found?.id ?? '', apiBaseUrl: found?.apiBaseUrl ?? '' };
    // A database user, whose name the Management API may change (a social user's is synced at login).
    const users = (await page.evaluate(
      (tenantId) =>
        window.roster.call('users:list', {
          tenantId,
          q: 'identities.connection:"Username-Password-Authentication"',
          per_page: 1,
        }),
      demo.id,
    )) as { ok: true; value: { users: { user_id: string }[] } };
    tokens = await mint(users.value.users[0]?.user_id ?? '');
  }, 120_000);

  afterAll(() => __shim.quit());

  it('checks a demo user’s ID token and shows the profile beside its claims', async () => {
    await page.getByTestId('view-tokens').click();
    await page.getByTestId('token-inspector').waitFor();
    expect(await inspect(tokens.id_token, tokens.client_id)).toBe('valid');
    const verdict = await page.getByTestId('token-verdict').textContent();
    expect(verdict).toContain('Valid');
    expect(verdict).toContain('ID token');
    expect(verdict).toContain(`Valid ID token for ${tokens.user_id}, signed by this tenant`);
    expect(await page.getByTestId('token-claims').textContent()).toContain(tokens.user_id);
    expect(await page.getByTestId('token-claims').getByTestId('claim-time').allTextContents()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^expires in 9 hours/),
        expect.stringMatching(/^issued (now|\d+ seconds? ago)/),
      ]),
    );
    expect(await page.getByTestId('profile-table').textContent()).toContain(tokens.user_id);
    expect(await page.getByTestId('token-differences').count()).toBe(0);
    await saveScreenshot(page, 'tokens-id-valid');
  });

  it('highlights what changed in the profile since the token was issued, and asks /tokeninfo', async () => {
    const renamed = `Renamed ${Date.now()}`;
    const update = await page.evaluate(
      ([tenantId, userId, name]) => window.roster.call('users:update', { tenantId, userId, changes: { name } }),
      [demo.id, tokens.user_id, renamed] as const,
    );
    expect(update.ok).toBe(true);
    expect(await inspect(tokens.id_token)).toBe('valid');
    const differences = await page.getByTestId('token-differences').textContent();
    expect(differences).toContain('The profile changed since this token was issued');
    expect(differences).toMatch(new RegExp(`name: .+ in the token, ${renamed} now`));
    const changedRows = await page.locator('[data-testid=profile-table] tr.changed th').allTextContents();
    expect(changedRows).toEqual(expect.arrayContaining(['name', 'updated_at']));
    expect(await page.getByTestId('token-message').textContent()).toMatch(/audience, the application, was not checked/);

    await page.getByTestId('tokeninfo').getByRole('button', { name: 'Ask /tokeninfo' }).click();
    await page.getByTestId('tokeninfo-answer').waitFor();
    expect(await page.getByTestId('tokeninfo').textContent()).toContain('Deprecated by Auth0');
    expect(await page.getByTestId('tokeninfo-table').textContent()).toContain(tokens.user_id);
    await page.getByTestId('token-differences').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'tokens-id-stale');
  });

  it('checks the access token and shows what /userinfo says', async () => {
    expect(await inspect(tokens.access_token)).toBe('valid');
    expect(await page.getByTestId('token-verdict').textContent()).toContain('Access token');
    expect(await page.getByTestId('token-claims').getByTestId('claim-time').first().textContent()).toMatch(
      /^(expires in 23 hours|issued)/,
    );
    expect(await page.getByTestId('token-claims').textContent()).toContain('openid profile email');
    const profile = await page.getByTestId('token-profile').textContent();
    expect(profile).toContain('GET /userinfo');
    expect(profile).toContain(tokens.user_id);
    expect(await page.getByTestId('tokeninfo').count()).toBe(0);
    await saveScreenshot(page, 'tokens-access-valid');
  });

  it('refuses a tampered token in words', async () => {
    const [header, payload, signature] = tokens.access_token.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, scope: 'openid profile email delete:users' })).toString(
      'base64url',
    );
    expect(await inspect(`${header}.${forged}.${signature}`)).toBe('bad_signature');
    expect(await page.getByTestId('token-verdict').textContent()).toContain('Signature does not match');
    expect(await page.getByTestId('token-message').textContent()).toMatch(
      /the token was changed after Auth0 signed it, or forged\. Do not trust anything it claims\./,
    );
    // A forged signature proves nothing, so no profile is looked up for its subject.
    expect(await page.getByTestId('token-profile').textContent()).toContain('signature is not proven');
    await saveScreenshot(page, 'tokens-tampered');
    expect(await inspect('not-a-token')).toBe('malformed');
    expect(await page.getByTestId('token-message').textContent()).toMatch(/^Not a JWT/);
  });

  it('drops the token when the view closes', async () => {
    await page.getByTestId('close-tokens').click();
    await page.getByTestId('user-table').waitFor();
    await page.getByTestId('view-tokens').click();
    expect(await page.getByTestId('token-input').inputValue()).toBe('');
    expect(await page.getByTestId('token-verdict').count()).toBe(0);
  });

  it('left no pasted token in any file of userData, the log included', () => {
    const files = readdirSync(userData, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    expect(files.map((entry) => entry.name)).toContain('roster.log');
    const log = readFileSync(join(userData, 'logs', 'roster.log'), 'utf8');
    expect(log).toContain('"verdict":"bad_signature"');
    for (const entry of files) {
      const text = readFileSync(join(entry.parentPath, entry.name), 'latin1');
      for (const token of pasted.filter((value) => value.includes('.'))) {
        expect(text.includes(token.split('.')[2] ?? token), entry.name).toBe(false);
      }
    }
  });
});
