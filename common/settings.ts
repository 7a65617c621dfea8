// The app's own settings (not a tenant's): for now the appearance, light, dark or the system's.
// Main keeps them in userData/settings.json and applies the theme to native UI
// (nativeTheme.themeSource); the renderer applies it to the page (renderer/src/lib/appearance.svelte.ts).
import { z } from 'zod';

export const THEME_CHOICES = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];

export const appSettingsSchema = z.object({ theme: z.enum(THEME_CHOICES) });
export type AppSettings = z.output<typeof appSettingsSchema>;

export const DEFAULT_APP_SETTINGS: AppSettings = { theme: 'system' };

/** `settings:set`: the settings to change. */
export const setAppSettingsArgs = z.strictObject({ theme: z.enum(THEME_CHOICES) });
