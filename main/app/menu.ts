// Platform menus: the macOS app menu, standard Edit and Window roles, and Roster's shortcuts,
// which reach the renderer as `menu:command` events.
import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../../common/contract.ts';
import type { ThemeChoice } from '../../common/settings.ts';
import { safeOpenExternal } from './open-external.ts';

export interface MenuOptions {
  isMac: boolean;
  isDev: boolean;
  send: (command: MenuCommand) => void;
  /** The appearance in force, checked in View > Appearance. */
  theme: ThemeChoice;
  setTheme: (theme: ThemeChoice) => void;
}

const THEME_LABELS: Record<ThemeChoice, string> = { system: 'Use System Setting', light: 'Light', dark: 'Dark' };

export function buildMenu(options: MenuOptions): Menu {
  const { isMac, isDev, send, theme, setTheme } = options;
  const item = (label: string, accelerator: string, command: MenuCommand): MenuItemConstructorOptions => ({
    label,
    accelerator,
    click: () => send(command),
  });
  const switchItems = Array.from({ length: 9 }, (_, index) =>
    item(`Tenant ${index + 1}`, `CmdOrCtrl+${index + 1}`, `tenant:switch-${index + 1}` as MenuCommand),
  );
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        item('Add Tenant…', 'CmdOrCtrl+N', 'tenant:add'),
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        item('Find Users', 'CmdOrCtrl+F', 'search:focus'),
        { type: 'separator' },
        {
          label: 'Appearance',
          submenu: (['system', 'light', 'dark'] as const).map((choice) => ({
            label: THEME_LABELS[choice],
            type: 'radio' as const,
            checked: choice === theme,
            click: () => setTheme(choice),
          })),
        },
        item('Settings…', 'CmdOrCtrl+,', 'settings:show'),
        { type: 'separator' },
        ...(isDev
          ? [{ role: 'reload' as const }, { role: 'toggleDevTools' as const }, { type: 'separator' as const }]
          : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      label: '&Tenant',
      submenu: [
        item('Next Tenant', 'Ctrl+Tab', 'tenant:next'),
        item('Previous Tenant', 'Ctrl+Shift+Tab', 'tenant:previous'),
        { type: 'separator' },
        ...switchItems,
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        {
          label: 'Management API Reference',
          click: () => void safeOpenExternal('https://auth0.com/docs/api/management/v2'),
        },
        {
          label: 'User Search Syntax',
          click: () =>
            void safeOpenExternal('https://auth0.com/docs/manage-users/user-search/user-search-query-syntax'),
        },
        ...(isMac ? [] : [{ type: 'separator' as const }, item('About Roster', '', 'about:show')]),
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}
