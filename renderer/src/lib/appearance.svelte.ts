// The window's theme (issue 18, item 16): the admin's choice (light, dark or the system's), kept by
// main in the app settings, and the system's colour scheme for "system". The resolved theme goes on
// <html data-theme> at once: app.css's colours, native form controls (color-scheme) and the JSON
// editors (JsonCode.svelte) follow it. Main sets nativeTheme.themeSource from the same setting,
// so menus, scroll bars and dialogs agree.
import type { ErrorInfo } from '../../../common/result.ts';
import type { ThemeChoice } from '../../../common/settings.ts';
import { call, on } from './api.ts';

export type Theme = 'light' | 'dark';

const SYSTEM_DARK = '(prefers-color-scheme: dark)';

export class AppearanceState {
  choice = $state<ThemeChoice>('system');
  error = $state<ErrorInfo | null>(null);
  #systemDark = $state(false);
  readonly theme: Theme = $derived(this.choice === 'system' ? (this.#systemDark ? 'dark' : 'light') : this.choice);

  /**
   * Applies the system's scheme at once (before main answers: no light flash on a dark system),
   * then main's setting, and follows both. Returns the cleanup.
   */
  start(): () => void {
    const query = window.matchMedia(SYSTEM_DARK);
    this.#systemDark = query.matches;
    const onSystem = (event: MediaQueryListEvent) => (this.#systemDark = event.matches);
    query.addEventListener('change', onSystem);
    const offChanged = on('settings:changed', (settings) => (this.choice = settings.theme));
    const stopApplying = $effect.root(() => {
      $effect(() => applyTheme(this.theme));
    });
    applyTheme(this.theme);
    void this.load();
    return () => {
      query.removeEventListener('change', onSystem);
      offChanged();
      stopApplying();
    };
  }

  async load(): Promise<void> {
    const result = await call('settings:get', {});
    if (result.ok) this.choice = result.value.theme;
    else this.error = result.error;
  }

  /** Applies the choice at once and asks main to keep it; goes back if main cannot. */
  async choose(theme: ThemeChoice): Promise<void> {
    const previous = this.choice;
    this.choice = theme;
    this.error = null;
    const result = await call('settings:set', { theme });
    if (!result.ok) {
      this.choice = previous;
      this.error = result.error;
    }
  }
}

function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
}

export const appearance = new AppearanceState();
