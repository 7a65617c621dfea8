import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { BrowserWindow, Menu, __shim } from '../electron-shim/index.ts';
import { decodeReply } from '../electron-shim/web-contents.ts';
import { e2eUnavailable, launchApp, saveScreenshot } from './support.ts';

const unavailable = e2eUnavailable();

// Skipped only where there is no Chromium, with a printed reason; under CI=true that is a failure.
describe.skipIf(unavailable)('the shell, run for real through the electron shim', () => {
  let page: Page;
  let preload: string;

  beforeAll(async () => {
    const launched = await launchApp();
    page = launched.page;
    preload = String(launched.window.options.webPreferences?.preload);
  });

  afterAll(() => __shim.quit());

  it('shows app:info from main in the status line', async () => {
    const info = page.getByTestId('app-info');
    await info.waitFor();
    const text = await info.textContent();
    expect(text).toContain('Roster 0.1.0');
    expect(text).toContain(`Node ${process.versions.node}`);
    expect(text).toContain(`${process.platform}/${process.arch}`);
  });

  it('serves the renderer from app:// with a strict Content-Security-Policy', async () => {
    const served = __shim.servedResponses.find((response) => response.url === 'app://roster/index.html');
    const csp = served?.headers['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    // Chromium enforces it: no eval, no inline script, no fetch from the page.
    const outcome = await page.evaluate(async () => {
      // A string timer is eval: it runs in the page's own context, where the CSP applies, and
      // Chromium reports the refusal as a securitypolicyviolation event.
      const violation = new Promise<string>((resolve) =>
        document.addEventListener('securitypolicyviolation', (event) => resolve(event.violatedDirective), {
          once: true,
        }),
      );
      setTimeout('window.__evalRan = true' as unknown as () => void, 0);
      const directive = await violation;
      const evaluated = (window as { __evalRan?: boolean }).__evalRan ?? false;
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.body.append(script);
      let fetched = 'allowed';
      try {
        await fetch('https://example.com/');
      } catch {
        fetched = 'refused';
      }
      return { directive, evaluated, inline: (window as { __inlineRan?: boolean }).__inlineRan ?? false, fetched };
    });
    expect(outcome).toEqual({ directive: 'script-src', evaluated: false, inline: false, fetched: 'refused' });
  });

  it('refuses to serve files outside the renderer folder', async () => {
    const handler = __shim.app && (await import('../electron-shim/state.ts')).shared.protocol.handlers.get('app');
    expect(handler).toBeDefined();
    for (const url of [
      'app://roster/../main/index.js',
      'app://roster/%2e%2e/main/index.js',
      'app://roster/..%2fmain%2findex.js',
      'app://other/index.html',
    ]) {
      const response = await handler!(new Request(url));
      expect(response.status, url).toBe(404);
    }
  });

  it('gives the page no Node: require, process and module are undefined, window.roster is the bridge', async () => {
    const seen = await page.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      module: typeof (globalThis as { module?: unknown }).module,
      bridge: Object.keys(window.roster).sort(),
      frozen: Object.isFrozen(window.roster),
    }));
    expect(seen).toEqual({
      require: 'undefined',
      process: 'undefined',
      module: 'undefined',
      bridge: ['call', 'cancel', 'on'],
      frozen: true,
    });
  });

  it('refuses a channel that is not in the contract, and a malformed argument', async () => {
    const results = await page.evaluate(async () => [
      await window.roster.call('nope:nothing' as 'app:info', {}),
      await window.roster.call('app:info', { extra: 1 } as never),
    ]);
    expect(results[0]).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect(results[1]).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
  });

  it('refuses to navigate the window to an outside URL', async () => {
    __shim.fakeSite('https://evil.example', () => ({ body: '<h1>evil</h1>' }));
    const before = page.url();
    const [window] = BrowserWindow.getAllWindows();
    // Main's will-navigate handler runs first; by the time this one runs it has decided.
    const decided = new Promise<{ url: string; prevented: boolean }>((resolve) =>
      window?.webContents.once('will-navigate', (event: { defaultPrevented: boolean }, url: string) =>
        resolve({ url, prevented: event.defaultPrevented }),
      ),
    );
    const aborted = page.waitForEvent('requestfailed', (request) => request.url().startsWith('https://evil.example'));
    await page.evaluate(() => {
      location.href = 'https://evil.example/';
    });
    expect(await decided).toEqual({ url: 'https://evil.example/', prevented: true });
    await aborted;
    expect(page.url()).toBe(before);
    expect(await page.getByTestId('app-info').isVisible()).toBe(true);
  });

  it('denies window.open, and opens only allowed Auth0 links in the browser', async () => {
    const pagesBefore = page.context().pages().length;
    await page.evaluate(() => {
      window.open('https://evil.example/');
      window.open('https://auth0.com/docs/api/management/v2');
    });
    await expect.poll(() => __shim.openedExternal.length).toBe(1);
    expect(__shim.openedExternal).toEqual(['https://auth0.com/docs/api/management/v2']);
    await expect.poll(() => page.context().pages().length).toBe(pagesBefore);
  });

  it('denies every permission but a clipboard write from the app’s own page, and enabled the sandbox before ready', async () => {
    const app = { requestingUrl: 'app://roster/index.html', isMainFrame: true };
    const outside = { requestingUrl: 'https://outside.example/', isMainFrame: true };
    expect(await __shim.session.requestPermission('media', app)).toBe(false);
    expect(await __shim.session.requestPermission('notifications', app)).toBe(false);
    expect(await __shim.session.requestPermission('clipboard-read', app)).toBe(false);
    expect(await __shim.session.requestPermission('clipboard-sanitized-write', app)).toBe(true);
    expect(__shim.session.checkPermission('clipboard-sanitized-write', app)).toBe(true);
    expect(await __shim.session.requestPermission('clipboard-sanitized-write', outside)).toBe(false);
    expect(__shim.session.checkPermission('clipboard-sanitized-write', { ...app, isMainFrame: false })).toBe(false);
    expect(__shim.session.checkPermission('media', app)).toBe(false);
    expect(__shim.app.sandboxEnabled).toBe(true);
  });

  it('refuses an IPC call from a page of another origin, top-level or framed', async () => {
    __shim.fakeSite('https://outside.example', () => ({
      body: '<h1>outside</h1><iframe src="https://framed.example/"></iframe>',
    }));
    __shim.fakeSite('https://framed.example', () => ({ body: '<p>framed</p>' }));
    // A window that ended up on an outside page still has the preload: main must refuse it.
    const intruder = new BrowserWindow({ webPreferences: { preload, contextIsolation: true, sandbox: true } });
    await intruder.loadURL('https://outside.example/');
    const top = await intruder.page.evaluate(() => window.roster.call('app:info', {}));
    expect(top).toMatchObject({ ok: false, error: { code: 'invalid_sender' } });
    // A compromised renderer sending from a subframe is refused too.
    const frame = intruder.page.frames().find((candidate) => candidate.url().startsWith('https://framed.example'));
    expect(frame).toBeDefined();
    const framed = await frame!.evaluate(
      (name) =>
        (window as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[name]!(
          'invoke',
          'roster:call',
          [{ channel: 'app:info', args: {}, requestId: 'x1' }],
        ),
      `__electronShimIpc_${intruder.webContents.id}`,
    );
    // The raw binding's reply, as the shim carries it (web-contents.ts, encodeReply).
    expect(decodeReply(framed)).toMatchObject({ ok: false, error: { code: 'invalid_sender' } });
    await intruder.destroy();
  });

  it('has platform menus whose shortcuts reach the window', async () => {
    type Item = { label?: string; role?: string; accelerator?: string; submenu?: Item[]; click?: () => void };
    const items = (Menu.getApplicationMenu() as { items: Item[] }).items;
    const flat = (list: Item[]): Item[] => list.flatMap((item) => [item, ...flat(item.submenu ?? [])]);
    const accelerators = flat(items)
      .map((item) => item.accelerator)
      .filter(Boolean);
    expect(accelerators).toEqual(
      expect.arrayContaining(['CmdOrCtrl+N', 'CmdOrCtrl+F', 'Ctrl+Tab', 'CmdOrCtrl+1', 'CmdOrCtrl+9']),
    );
    expect(items.map((item) => item.role ?? item.label)).toEqual(
      expect.arrayContaining(['editMenu', 'windowMenu', 'help']),
    );
    // Help > About Roster (the macOS app menu has its own) opens the about dialog in the page.
    flat(items)
      .find((item) => item.label === 'About Roster')
      ?.click?.();
    await expect
      .poll(() =>
        page.locator('dialog[aria-labelledby=about-title]').evaluate((dialog) => (dialog as HTMLDialogElement).open),
      )
      .toBe(true);
    await page.keyboard.press('Escape');
  });

  it('saves screenshots of the shell in light and dark, showing what it should', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      // What the picture shows: the status line with the version, in the theme's colours.
      await expect.poll(() => page.getByTestId('app-info').isVisible()).toBe(true);
      expect(await page.getByTestId('app-info').textContent()).toContain('Roster 0.1.0');
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      const [red = 0, green = 0, blue = 0] = (background.match(/\d+/g) ?? []).map(Number);
      const luminance = (red + green + blue) / 3;
      if (scheme === 'light') expect(luminance).toBeGreaterThan(180);
      else expect(luminance).toBeLessThan(80);
      await saveScreenshot(page, `shell-${scheme}`);
    }
    await page.emulateMedia({ colorScheme: 'light' });
  });
});
