// The user list of the selected tenant: one search, one page, cancelled when a newer one starts.
import type { UsersPage } from '../../../common/auth0.ts';
import { analyzeQuery } from '../../../common/query/index.ts';
import type { ErrorInfo } from '../../../common/result.ts';
import { call } from './api.ts';

export const PER_PAGE = 50;

export class UsersState {
  tenantId = $state<string | null>(null);
  /** What is typed in the search box; `query` is what the shown result answers. */
  draft = $state('');
  query = $state('');
  page = $state(0);
  result = $state.raw<UsersPage | null>(null);
  loading = $state(false);
  error = $state<ErrorInfo | null>(null);
  /** A problem found in the query before anything was sent, with where it is. */
  queryError = $state<{ message: string; position: number } | null>(null);
  #inFlight: AbortController | null = null;

  pageCount = $derived(this.result ? Math.max(1, Math.ceil(Math.min(this.result.total, 1000) / PER_PAGE)) : 1);

  reset(tenantId: string | null): void {
    this.#inFlight?.abort();
    this.tenantId = tenantId;
    this.draft = '';
    this.query = '';
    this.page = 0;
    this.result = null;
    this.error = null;
    this.queryError = null;
  }

  async search(query: string, page = 0): Promise<void> {
    const tenantId = this.tenantId;
    if (!tenantId) return;
    const q = query.trim();
    if (q) {
      const analysis = analyzeQuery(q);
      if (!analysis.ok) {
        this.queryError = { message: analysis.error.message, position: analysis.error.position };
        return;
      }
    }
    this.queryError = null;
    this.query = query;
    this.page = page;
    this.#inFlight?.abort();
    const controller = new AbortController();
    this.#inFlight = controller;
    this.loading = true;
    const result = await call(
      'users:list',
      { tenantId, page, per_page: PER_PAGE, ...(q ? { q } : {}), sort: 'created_at:-1' },
      { signal: controller.signal },
    );
    if (controller.signal.aborted) return;
    this.loading = false;
    if (result.ok) {
      this.result = result.value;
      this.error = null;
    } else {
      this.error = result.error;
    }
  }
}

export const users = new UsersState();
