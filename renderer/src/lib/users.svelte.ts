// The user list of the selected tenant: one search, one page, cancelled when a newer one starts.
import type { UsersListPage } from '../../../common/sync.ts';
import { analyzeQuery } from '../../../common/query/index.ts';
import type { ErrorInfo } from '../../../common/result.ts';
import { call } from './api.ts';

export const PER_PAGE = 50;
export const DEFAULT_SORT = 'created_at:-1';

export class UsersState {
  tenantId = $state<string | null>(null);
  /** What is typed in the search box; `query` is what the shown result answers. */
  draft = $state('');
  query = $state('');
  page = $state(0);
  result = $state.raw<UsersListPage | null>(null);
  /** Auth0's `field:1` / `field:-1`; a metadata path sorts from the offline cache. */
  sort = $state(DEFAULT_SORT);
  loading = $state(false);
  error = $state<ErrorInfo | null>(null);
  /** A problem found in the query before anything was sent, with where it is. */
  queryError = $state<{ message: string; position: number } | null>(null);
  #inFlight: AbortController | null = null;

  /** A search of the API pages through 1,000 results; the whole-tenant cache has no such cap. */
  uncapped = $derived(this.result?.source === 'cache' && this.result.complete);
  pageCount = $derived(
    this.result
      ? Math.max(1, Math.ceil((this.uncapped ? this.result.total : Math.min(this.result.total, 1000)) / PER_PAGE))
      : 1,
  );

  reset(tenantId: string | null): void {
    this.#inFlight?.abort();
    this.tenantId = tenantId;
    this.draft = '';
    this.query = '';
    this.page = 0;
    this.sort = DEFAULT_SORT;
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
      { tenantId, page, per_page: PER_PAGE, ...(q ? { q } : {}), sort: this.sort },
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

  /** Searches again with a new sort (the same query, from the first page). */
  sortBy(sort: string): Promise<void> {
    this.sort = sort;
    return this.search(this.query);
  }

  /** Shows the current page again (the source changed: a sync finished, the tenant went offline). */
  refresh(): Promise<void> {
    return this.search(this.query, this.page);
  }
}

export const users = new UsersState();
