// The theme in the window (issue 18, item 16): the list and the profile's metadata editor in dark
// and light, at 900×600 and 1400×900. "Use the system setting" follows the system's scheme; a
// choice made in Settings (Ctrl+,) overrides it; the JSON editor's own colours (background, text,
// keys, gutter) follow the theme, where before they kept CodeMirror's light colours on a dark page.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { __shim } from '../electron-shim/index.ts';
import { keychainUnavailable } from '../support/environment.ts';
import { e2eUnavailable, launchApp, saveScreenshot } from './support.ts';

const unavailable = e2eUnavailable() ?? keychainUnavailable('the theme e2e suite');
const SIZES = [
  { width: 900, height: 600 },
  { width: 1400, height: 900 },
];

/** The mean of a computed colour's red, green and blue: under 80 reads as dark, over 180 as light. */
async function brightness(locator: Locator, property: 'backgroundColor' | 'color'): Promise<number> {
  const colour = await locator.evaluate((element, name) => getComputedStyle(element)[name], property);
  const [red = 0, green = 0, blue = 0] = (colour.match(/[\d.]+/g) ?? []).map(Number);
  return (red + green + blue) / 3;
}

function expectTheme(value: number, theme: 'light' | 'dark', what: string): void {
  if (theme === 'dark') expect(value, what).toBeLessThan(80);
  else expect(value, what).toBeGreaterThan(180);
}

// Skipped only on a machine without Chromium, with the reason printed (e2eUnavailable); under
// CI=true a missing Chromium fails the run instead (test/support/environment.ts).
describe.skipIf(unavailable)('light and dark', () => {
  let page: Page;

  async function chooseInSettings(theme: 'light' | 'dark' | 'system'): Promise<void> {
    await page.keyboard.press('Control+,');
    const dialog = page.getByTestId('settings-dialog');
    await expect.poll(() => dialog.evaluate((element) => (element as HTMLDialogElement).open)).toBe(true);
    await page.getByTestId(`theme-${theme}`).check();
    await page.getByTestId('settings-close').click();
    await expect.poll(() => dialog.evaluate((element) => (element as HTMLDialogElement).open)).toBe(false);
  }

  async function checkList(theme: 'light' | 'dark', size: { width: number; height: number }): Promise<void> {
    await page.setViewportSize(size);
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
    await page.getByTestId('user-row').first().waitFor();
    expectTheme(await brightness(page.locator('body'), 'backgroundColor'), theme, 'window background');
    expectTheme(await brightness(page.getByTestId('user-table'), 'backgroundColor'), theme, 'table background');
    const name = page.getByTestId('user-row').first().locator('[data-column=name]');
    expectTheme(255 - (await brightness(name, 'color')), theme, 'a name in the list (inverted: text is the opposite)');
    await saveScreenshot(page, `theme-list-${theme}-${size.width}x${size.height}`);
  }

  async function checkMetadataEditor(theme: 'light' | 'dark', size: { width: number; height: number }): Promise<void> {
    await page.getByTestId('user-row').first().click();
    await page.getByTestId('tab-metadata').click();
    const editor = page.getByTestId('json-user_metadata').locator('.cm-editor');
    await editor.locator('.cm-line').first().waitFor();
    expectTheme(await brightness(editor, 'backgroundColor'), theme, 'editor background');
    expectTheme(255 - (await brightness(editor.locator('.cm-content'), 'color')), theme, 'editor text');
    expectTheme(await brightness(editor.locator('.cm-gutters'), 'backgroundColor'), theme, 'editor gutter');
    // Every highlighted token (keys, strings, numbers, true/false) stands out from the editor's
    // background: CodeMirror's default colours (dark red strings) did not on a dark one.
    const background = await brightness(editor, 'backgroundColor');
    const tokens = await editor
      .locator('.cm-content span')
      .evaluateAll((spans) =>
        spans
          .filter((span) => span.textContent?.trim())
          .map((span) => ({ text: span.textContent ?? '', colour: getComputedStyle(span).color })),
      );
    expect(tokens.filter((token) => token.text.startsWith('"')).length).toBeGreaterThan(0);
    for (const token of tokens) {
      const [red = 0, green = 0, blue = 0] = (token.colour.match(/[\d.]+/g) ?? []).map(Number);
      expect(Math.abs((red + green + blue) / 3 - background), `${token.text} in ${token.colour}`).toBeGreaterThan(70);
    }
    await saveScreenshot(page, `theme-metadata-${theme}-${size.width}x${size.height}`);
    await page.getByTestId('user-panel-close').click();
  }

  beforeAll(async () => {
    ({ page } = await launchApp({ ROSTER_KEYCHAIN_SERVICE: `Roster e2e theme ${process.pid}` }));
    await page.getByTestId('user-table').waitFor({ timeout: 60_000 });
    // A user with user_metadata, so that the editor shows keys.
    await page.getByTestId('user-search').fill('_exists_:user_metadata.preferences');
    await page.getByTestId('user-search').press('Enter');
    await page.getByTestId('user-row').first().waitFor({ timeout: 30_000 });
  }, 120_000);

  afterAll(async () => {
    await __shim.quit();
  });

  it('follows a dark system with "Use the system setting"', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    for (const size of SIZES) {
      await checkList('dark', size);
      await checkMetadataEditor('dark', size);
    }
  });

  it('stays light when the admin chooses Light in Settings, on a dark system', async () => {
    await chooseInSettings('light');
    for (const size of SIZES) {
      await checkList('light', size);
      await checkMetadataEditor('light', size);
    }
  });

  it('goes dark at once when the admin chooses Dark, on a light system', async () => {
    await page.emulateMedia({ colorScheme: 'light' });
    await chooseInSettings('dark');
    await checkList('dark', SIZES[0] ?? { width: 900, height: 600 });
    const saved = await page.evaluate(() => window.roster.call('settings:get', {}));
    expect(saved).toEqual({ ok: true, value: { theme: 'dark' } });
    await chooseInSettings('system');
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
  });
});
