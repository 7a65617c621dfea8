// `settings:get` and `settings:set`: the app's own settings (main/app/app-settings.ts).
import type { AppSettingsService } from '../app/app-settings.ts';
import type { Handlers } from './router.ts';

export function createSettingsHandlers(settings: AppSettingsService): Pick<Handlers, 'settings:get' | 'settings:set'> {
  return {
    'settings:get': () => settings.get(),
    'settings:set': (args) => settings.set(args),
  };
}
