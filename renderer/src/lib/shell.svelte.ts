// Shell state: what the window shows around the current tenant.
import type { AppInfo } from '../../../common/app-info.ts';
import type { ErrorInfo } from '../../../common/result.ts';
import { call } from './api.ts';

export class ShellState {
  appInfo = $state<AppInfo | null>(null);
  error = $state<ErrorInfo | null>(null);
  aboutOpen = $state(false);

  async load(): Promise<void> {
    const result = await call('app:info', {});
    if (result.ok) this.appInfo = result.value;
    else this.error = result.error;
  }
}

export const shell = new ShellState();
