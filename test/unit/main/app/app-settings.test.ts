// The app's settings in main (issue 18, item 16): the theme is kept in userData/settings.json
// across restarts and applied at load and on change; a damaged file gives the defaults. The View
// menu shows the choice and changes it; Settings… opens the dialog.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as nodeFs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import type { AppSettings } from '../../../../common/settings.ts';
import { AppSettingsService } from '../../../../main/app/app-settings.ts';
import { buildMenu } from '../../../../main/app/menu.ts';
import { captureLogger } from '../fakes.ts';

function service(userDataDir: string) {
  const applied: AppSettings[] = [];
  const { log, lines } = captureLogger();
  const settings = new AppSettingsService({
    userDataDir,
    fs: nodeFs,
    log,
    onchange: (next) => applied.push(next),
  });
  return { settings, applied, lines };
}

describe('the app settings', () => {
  it('start at "system", keep a choice across restarts and apply it at load and on change', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'roster-settings-'));
    const first = service(folder);
    expect(await first.settings.load()).toEqual({ theme: 'system' });
    expect(await first.settings.set({ theme: 'dark' })).toEqual({ theme: 'dark' });
    expect(first.applied).toEqual([{ theme: 'system' }, { theme: 'dark' }]);
    expect(JSON.parse(readFileSync(join(folder, 'settings.json'), 'utf8'))).toEqual({ theme: 'dark' });

    const restarted = service(folder);
    expect(await restarted.settings.load()).toEqual({ theme: 'dark' });
    expect(restarted.applied).toEqual([{ theme: 'dark' }]);
  });

  it('refuses a theme it does not know, and reads a damaged file as the defaults with a log line', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'roster-settings-'));
    writeFileSync(join(folder, 'settings.json'), '{"theme": "sepia"');
    const { settings, lines } = service(folder);
    expect(await settings.load()).toEqual({ theme: 'system' });
    expect(lines.join('\n')).toContain('settings unreadable');
    await expect(settings.set({ theme: 'sepia' as 'dark' })).rejects.toThrow();
    expect(settings.get()).toEqual({ theme: 'system' });
  });
});

describe('the View menu', () => {
  const viewOf = (theme: 'system' | 'light' | 'dark', setTheme = vi.fn(), send = vi.fn()) => {
    const menu = buildMenu({ isMac: false, isDev: false, theme, setTheme, send }) as unknown as {
      items: MenuItemConstructorOptions[];
    };
    const view = menu.items.find((item) => item.label === '&View')?.submenu as MenuItemConstructorOptions[];
    return { view, setTheme, send };
  };

  it('shows the theme in force as a checked radio item, and changes it', () => {
    const { view, setTheme } = viewOf('dark');
    const appearance = view.find((item) => item.label === 'Appearance')?.submenu as MenuItemConstructorOptions[];
    expect(appearance.map((item) => [item.label, item.type, item.checked])).toEqual([
      ['Use System Setting', 'radio', false],
      ['Light', 'radio', false],
      ['Dark', 'radio', true],
    ]);
    (appearance[1]?.click as () => void)();
    expect(setTheme).toHaveBeenCalledWith('light');
  });

  it('opens the settings with Settings… (Ctrl+,)', () => {
    const { view, send } = viewOf('system');
    const settings = view.find((item) => item.label === 'Settings…');
    expect(settings?.accelerator).toBe('CmdOrCtrl+,');
    (settings?.click as () => void)();
    expect(send).toHaveBeenCalledWith('settings:show');
  });
});
