// Exporting what the list shows: main asks where to save and writes the file; this follows the
// call's progress events; what was written (or why not) is returned for the list's notice.
import type { NoticeTone } from './notice.svelte.ts';
import { call, newCallId, on } from './api.ts';
import { selection } from './selection.svelte.ts';
import { tenantScoped } from './tenant-scope.svelte.ts';
import { toAuth0Query, withConnection } from './quick-search.ts';
import { users } from './users.svelte.ts';

export interface ExportOutcome {
  text: string;
  tone: NoticeTone;
  key: 'export-outcome' | 'export-error';
}

export class ExportState {
  running = $state(false);
  written = $state(0);
  total = $state(0);
  #controller: AbortController | null = null;

  reset(): void {
    this.#controller?.abort();
    this.running = false;
  }

  /** Null when nothing is to be said (nothing to export, or the admin chose no file). */
  async start(format: 'csv' | 'json'): Promise<ExportOutcome | null> {
    const tenantId = users.tenantId;
    const answer = users.answer;
    if (!tenantId || !answer || this.running) return null;
    const columns = selection.columns.map((column) => column.key).filter((key) => key !== 'picture');
    const q = withConnection(toAuth0Query(answer.text), users.connection);
    const callId = newCallId();
    const controller = new AbortController();
    this.#controller = controller;
    this.running = true;
    this.written = 0;
    this.total = 0;
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
    if (controller.signal.aborted)
      return { text: 'Export cancelled; no file was written.', tone: 'info', key: 'export-outcome' };
    this.running = false;
    if (!result.ok) return { text: result.error.message, tone: 'error', key: 'export-error' };
    if (result.value.path !== null) {
      const { users: count, total, path, source } = result.value;
      const capped =
        source === 'api' && total > count
          ? ` (the first ${count.toLocaleString()} of ${total.toLocaleString()}: Auth0 pages through 1,000 results; sync the tenant to export all)`
          : '';
      const text = `Exported ${count.toLocaleString()} ${count === 1 ? 'user' : 'users'} to ${path}${capped}.`;
      return { text, tone: 'ok', key: 'export-outcome' };
    }
    return null;
  }

  /** The running export's start() then answers that it was cancelled. */
  cancel(): void {
    this.#controller?.abort();
    this.running = false;
  }
}

export const exporter = tenantScoped(new ExportState());
