// The Changes panel's state (issue 10): the tenant's change history from main, newest first,
// and undo, which main refuses with `conflict` when the attributes changed again since.
import type { HistoryEntryView } from '../../../common/history.ts';
import type { ErrorInfo } from '../../../common/result.ts';
import { call } from './api.ts';
import { tenantScoped } from './tenant-scope.svelte.ts';

export class HistoryState {
  tenantId = $state<string | null>(null);
  open = $state(false);
  entries = $state.raw<HistoryEntryView[]>([]);
  error = $state<ErrorInfo | null>(null);
  /** A conflict on undo: the entry and main's sentence, until the admin forces or dismisses it. */
  conflict = $state<{ entryId: string; message: string } | null>(null);
  busy = $state(false);
  /** Told after an undo reached Auth0. */
  onchanged: () => void = () => undefined;

  reset(tenantId: string | null): void {
    this.tenantId = tenantId;
    this.entries = [];
    this.error = null;
    this.conflict = null;
    if (tenantId && this.open) void this.load();
  }

  async load(): Promise<void> {
    const tenantId = this.tenantId;
    if (!tenantId) return;
    const result = await call('history:list', { tenantId, limit: 200 });
    if (tenantId !== this.tenantId) return;
    if (result.ok) {
      this.entries = result.value;
      this.error = null;
    } else this.error = result.error;
  }

  show(): void {
    this.open = true;
    void this.load();
  }

  async undo(entryId: string, force = false): Promise<boolean> {
    const tenantId = this.tenantId;
    if (!tenantId) return false;
    this.busy = true;
    this.error = null;
    this.conflict = null;
    const result = await call('history:undo', { tenantId, entryId, ...(force ? { force } : {}) });
    this.busy = false;
    if (!result.ok) {
      if (result.error.code === 'conflict') this.conflict = { entryId, message: result.error.message };
      else this.error = result.error;
      return false;
    }
    await this.load();
    this.onchanged();
    return true;
  }
}

export const history = tenantScoped(new HistoryState());
