// Exporting what the list shows: main asks where to save and writes the file; this follows the
// call's progress events and says what was written.
import type { ErrorInfo } from '../../../common/result.ts';
import { call, newCallId, on } from './api.ts';
import { selection } from './selection.svelte.ts';
import { tenantScoped } from './tenant-scope.svelte.ts';
import { toAuth0Query, withConnection } from './quick-search.ts';
import { users } from './users.svelte.ts';

export class ExportState {
  running = $state(false);
  written = $state(0);
  total = $state(0);
  outcome = $state<string | null>(null);
  error = $state<ErrorInfo | null>(null);
  #controller: AbortController | null = null;

  reset(): void {
    this.#controller?.abort();
    this.running = false;
    this.outcome = null;
    this.error = null;
  }

  async start(format: 'csv' | 'json'): Promise<void> {
    const tenantId = users.tenantId;
    const answer = users.answer;
    if (!tenantId || !answer || this.running) return;
    const columns = selection.columns.map((column) => column.key).filter((key) => key !== 'picture');
    const q = withConnection(toAuth0Query(answer.text), users.connection);
    const callId = newCallId();
    const controller = new AbortController();
    this.#controller = controller;
    this.running = true;
    this.written = 0;
    this.total = 0;
    this.outcome = null;
    this.error = null;
    const off = on('users:export-progress', (progress) => {
      if (progress.callId !== callId) return;
      this.written = progress.written;
      this.total = progress.total;
    });
    const result = await call(
      'users:export',
      { tenantId, format, columns, sort: answer.sort, ...(q ? { q } : {}) },
      { signal: controller.signal, callId },
    );
    off();
    if (controller.signal.aborted) return;
    this.running = false;
    if (!result.ok) this.error = result.error;
    else if (result.value.path !== null) {
      const { users: count, total, path, source } = result.value;
      const capped =
        source === 'api' && total > count
          ? ` (the first ${count.toLocaleString()} of ${total.toLocaleString()}: Auth0 pages through 1,000 results; sync the tenant to export all)`
          : '';
      this.outcome = `Exported ${count.toLocaleString()} ${count === 1 ? 'user' : 'users'} to ${path}${capped}.`;
    }
  }

  cancel(): void {
    this.#controller?.abort();
    this.running = false;
    this.outcome = 'Export cancelled; no file was written.';
  }
}

export const exporter = tenantScoped(new ExportState());
