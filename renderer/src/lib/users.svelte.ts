// The user list of the selected tenant, fetched from main in windows of 100 rows (Auth0's largest
// page) as they scroll into view. One answer at a time: rows, caption and count always describe
// the same query; while the next one loads the old rows stay, marked stale. Per tenant: the
// query, sort, connection filter and recent searches come back when the admin switches back.
import type { User } from '../../../common/auth0.ts';
import { analyzeQuery, type QueryProblem } from '../../../common/query/index.ts';
import type { ErrorInfo, Result } from '../../../common/result.ts';
import type { ReadOrigin } from '../../../common/sync.ts';
import { call } from './api.ts';
import { listFields, type ColumnChoice } from './columns.ts';
import { loadedConnections, loadedMetadataPaths } from './loaded-rows.ts';
import { quickSearchProblem } from './quick-search-error.ts';
import { planSearch, withConnection, without } from './quick-search.ts';
import { clampRows, rowIndices, type RowRange } from './row-ranges.ts';
import { selection } from './selection.svelte.ts';
import { sync } from './sync.svelte.ts';
import { TenantMemory, tenantScoped } from './tenant-scope.svelte.ts';

/** Rows per request: Auth0's `per_page` maximum. */
export const WINDOW = 100;
/**
 * Rows per request once the offline cache answers: there a request costs only the copy of its rows
 * to this window, so a first window of about a screenful brings a new search's rows soonest (in
 * alternating runs of the ui bench, keystroke p95 21-24 ms with 25 rows against 30-34 ms with 50);
 * online, windows stay at 100 so that scrolling spends as few rate-limited requests as possible
 * (FACTS.md: 2/s on the free plan).
 */
export const CACHE_WINDOW = 25;
/** FACTS.md: a search pages through its first 1,000 results only. */
export const API_CAP = 1000;
export const DEFAULT_SORT = 'created_at:-1';
const RECENT_LIMIT = 8;
/**
 * How long an answer may take before the list says it is loading: about the longest delay that
 * still feels instant. A search from the cache answers sooner, and dimming the rows for it would
 * be a flicker (and the costliest frame of the search).
 */
export const SLOW_MS = 100;
/** Windows a copy of unloaded rows asks main for at once: enough to keep it busy, not to flood it. */
const FETCH_CONCURRENCY = 4;

export interface Answer extends ReadOrigin {
  /** The v3 query the windows page through (with the connection filter; without the pinned users). */
  q: string;
  /**
   * The users whose full name is exactly what was typed (quick search of several words), shown
   * before the windows' rows; `q` leaves them out, so every user is counted and shown once.
   */
  pinned: User[];
  /** What the box held when it was asked. */
  text: string;
  sort: string;
  total: number;
  /** Rows per window (WINDOW or CACHE_WINDOW). */
  size: number;
  /** The attributes its rows hold (listFields), or undefined for whole users. */
  fields: string[] | undefined;
  /** Windows of rows by window index; filled as they scroll into view (not state: `version` says when). */
  windows: (User[] | undefined)[];
}

interface Saved {
  draft: string;
  text: string;
  sort: string;
  connection: string | null;
  recent: string[];
}

export class UsersState {
  tenantId = $state<string | null>(null);
  /** What is typed in the search box. */
  draft = $state('');
  /** What the current (or loading) answer was asked with. */
  text = $state('');
  sort = $state(DEFAULT_SORT);
  connection = $state<string | null>(null);
  answer = $state.raw<Answer | null>(null);
  /** Bumped when a window of rows arrives, so rows re-render. */
  version = $state(0);
  loading = $state(false);
  /** Loading for SLOW_MS or more. */
  slow = $state(false);
  error = $state<ErrorInfo | null>(null);
  /** A problem found in the query before anything was sent, with where it is. */
  queryError = $state<{ message: string; position: number; end?: number } | null>(null);
  warnings = $state.raw<QueryProblem[]>([]);
  recent = $state.raw<string[]>([]);
  /** The tenant's connection names (connections:list, or those seen in the rows without read:connections). */
  connectionNames = $state.raw<string[]>([]);
  /** Metadata paths the tenant's offline cache holds (every cached user's, not only the rows loaded). */
  cachedMetadataPaths = $state.raw<string[]>([]);
  #inFlight: AbortController | null = null;
  #slowTimer: ReturnType<typeof setTimeout> | undefined;
  // Aborted when the answer is replaced: work on its rows (a copy) stops with it.
  #answerWork = new AbortController();
  // Not state: windows asked for and not yet answered.
  #windowsLoading: boolean[] = [];
  readonly #memory = new TenantMemory<Saved>();

  /** Every match can be shown: the answer came from the offline cache, which has no 1,000 cap. */
  uncapped = $derived(this.answer?.source === 'cache');
  /** Rows before the windows' rows (the exact full-name matches). */
  pinnedCount = $derived(this.answer?.pinned.length ?? 0);
  rowCount = $derived(
    this.answer
      ? this.uncapped
        ? this.answer.total
        : this.pinnedCount + Math.min(this.answer.total - this.pinnedCount, API_CAP)
      : 0,
  );
  capped = $derived(!!this.answer && !this.uncapped && this.answer.total - this.pinnedCount > API_CAP);
  /**
   * The answer came from a cache that holds only the users seen while browsing: Auth0 may hold
   * more matches, so its count is a lower bound and it is never kept once the tenant answers.
   */
  partial = $derived(this.answer?.source === 'cache' && !this.answer.complete);
  /** Whether to say that the list is loading: at once when there are no rows yet, else once slow. */
  showsLoading = $derived(this.loading && (this.slow || this.answer === null));
  /** The rows on screen answer an older query than the one loading (said once it is slow). */
  stale = $derived(this.showsLoading && this.answer !== null);

  reset(tenantId: string | null): void {
    this.#inFlight?.abort();
    this.#inFlight = null;
    this.#memory.save(this.tenantId, {
      draft: this.draft,
      text: this.text,
      sort: this.sort,
      connection: this.connection,
      recent: this.recent,
    });
    this.tenantId = tenantId;
    const saved = this.#memory.recall(tenantId);
    this.draft = saved?.draft ?? '';
    this.text = saved?.text ?? '';
    this.sort = saved?.sort ?? DEFAULT_SORT;
    this.connection = saved?.connection ?? null;
    this.recent = saved?.recent ?? [];
    this.#replaceAnswer(null);
    this.error = null;
    this.queryError = null;
    this.warnings = [];
    // A load cut short by the switch (or by the last tenant's removal) is not loading any more.
    this.#setLoading(false);
    this.#windowsLoading = [];
    this.connectionNames = [];
    this.cachedMetadataPaths = [];
    if (tenantId) {
      void this.#load({ keepPlace: saved !== undefined });
      void this.#loadConnections(tenantId);
      void this.#loadMetadataPaths(tenantId);
    }
  }

  /** Runs what is typed: empty text lists everyone. Returns false when the query has an error. */
  search(text = this.draft): Promise<boolean> {
    this.draft = text;
    return this.#load({ text, keepPlace: false });
  }

  sortBy(sort: string): Promise<boolean> {
    this.sort = sort;
    return this.#load({ keepPlace: false });
  }

  filterConnection(connection: string | null): Promise<boolean> {
    this.connection = connection;
    return this.#load({ keepPlace: false });
  }

  /** Asks again for the same answer, keeping the place (the data changed, or after a failure). */
  refresh(): Promise<boolean> {
    // The data changed (a sync, a write) or a failure is retried: the cache's paths may have too.
    if (this.tenantId) void this.#loadMetadataPaths(this.tenantId);
    return this.#load({ keepPlace: true });
  }

  /**
   * After an answer from a partial cache: the same search asked of the tenant now, not at its next
   * probe (main still answers from the cache if the tenant does not answer).
   */
  askTenantAgain(): Promise<boolean> {
    return this.#load({ keepPlace: true, prefer: 'api' });
  }

  /** The user at a row index, if its window has arrived. */
  rowAt(index: number): User | undefined {
    void this.version;
    const answer = this.answer;
    if (!answer) return undefined;
    if (index < answer.pinned.length) return answer.pinned[index];
    const row = index - answer.pinned.length;
    return answer.windows[Math.floor(row / answer.size)]?.[row % answer.size];
  }

  /** Fetches the windows that rows `first`..`last` fall in and are not loaded yet. */
  ensureRows(first: number, last: number): void {
    const answer = this.answer;
    if (!answer || this.loading) return;
    const offset = answer.pinned.length;
    const end = Math.min(last, this.rowCount - 1) - offset;
    for (let window = Math.floor(Math.max(0, first - offset) / answer.size); window * answer.size <= end; window++) {
      if (!answer.windows[window] && !this.#windowsLoading[window]) void this.#fetchWindow(answer, window);
    }
  }

  /**
   * The users at the rows of `ranges`, in row order. Rows not loaded yet are fetched in pages of
   * WINDOW rows (whatever the list's window size: a copy wants few, large calls) through the same
   * `users:list` query the list made (from the cache when synced; online the answer is capped at
   * 1,000 rows), FETCH_CONCURRENCY at a time, and not kept: a copy of 100,000 rows must not grow
   * the list. Fails with `cancelled` when `signal` aborts or the answer is replaced first.
   */
  async usersAt(
    ranges: readonly RowRange[],
    options: { signal?: AbortSignal; onProgress?: (windowsDone: number, windows: number) => void } = {},
  ): Promise<Result<User[]>> {
    const answer = this.answer;
    const tenantId = this.tenantId;
    const cancelled = { ok: false as const, error: { code: 'cancelled' as const, message: 'The list changed.' } };
    if (!answer || !tenantId) return cancelled;
    const signal = AbortSignal.any([this.#answerWork.signal, ...(options.signal ? [options.signal] : [])]);
    const rows = clampRows(ranges, this.rowCount);
    const offset = answer.pinned.length;
    const loaded = (first: number, last: number): boolean => {
      for (let window = Math.floor(first / answer.size); window <= Math.floor(last / answer.size); window++)
        if (!answer.windows[window]) return false;
      return true;
    };
    // Pages of WINDOW rows holding a wanted row that is not loaded.
    const missing: number[] = [];
    for (const [absoluteFirst, absoluteLast] of rows) {
      // In the windows' own row numbers: the pinned rows come before them and are all loaded.
      if (absoluteLast < offset) continue;
      const first = Math.max(0, absoluteFirst - offset);
      const last = absoluteLast - offset;
      for (let page = Math.floor(first / WINDOW); page <= Math.floor(last / WINDOW); page++) {
        const from = Math.max(first, page * WINDOW);
        const to = Math.min(last, page * WINDOW + WINDOW - 1);
        if (missing.at(-1) !== page && !loaded(from, to)) missing.push(page);
      }
    }
    const pages = { ...answer, size: WINDOW };
    const aborted = new Promise<Result<never>>((resolve) =>
      signal.addEventListener('abort', () => resolve(cancelled), { once: true }),
    );
    // Not state, and not the answer's: pages fetched for this call only, by page index.
    const fetched: (User[] | undefined)[] = [];
    let done = 0;
    let failure: ErrorInfo | null = null;
    let next = 0;
    const work = async (): Promise<void> => {
      while (next < missing.length && !failure && !signal.aborted) {
        const page = missing[next++] as number;
        // Main is told to stop (call cancels by id); the copy does not wait for it to answer.
        const result = await Promise.race([call('users:list', this.#args(tenantId, pages, page), { signal }), aborted]);
        if (signal.aborted) return;
        if (!result.ok) failure ??= result.error;
        else fetched[page] = result.value.users;
        options.onProgress?.(++done, missing.length);
      }
    };
    options.onProgress?.(0, missing.length);
    await Promise.all(Array.from({ length: Math.min(FETCH_CONCURRENCY, missing.length) }, work));
    if (signal.aborted || answer !== this.answer) return cancelled;
    if (failure) return { ok: false, error: failure };
    const users: User[] = [];
    for (const absolute of rowIndices(rows)) {
      const index = absolute - offset;
      // A row past a window that came back short (the cache changed under it) is not there to copy.
      const user =
        index < 0
          ? answer.pinned[absolute]
          : (answer.windows[Math.floor(index / answer.size)]?.[index % answer.size] ??
            fetched[Math.floor(index / WINDOW)]?.[index % WINDOW]);
      if (user) users.push(user);
    }
    return { ok: true, value: users };
  }

  /** Metadata paths for column and search completion: the cache's, and those seen in the loaded rows. */
  metadataPaths(): string[] {
    // Rows from a complete cache hold no path the cache does not list (and up to every user's rows
    // can be loaded: not a walk to repeat whenever a window arrives).
    if (this.uncapped && this.cachedMetadataPaths.length > 0) return this.cachedMetadataPaths;
    void this.version;
    const loaded = loadedMetadataPaths(this.answer?.windows ?? []);
    if (this.cachedMetadataPaths.length === 0) return loaded;
    const extra = loaded.filter((path) => !this.cachedMetadataPaths.includes(path));
    return [...this.cachedMetadataPaths, ...extra].sort();
  }

  forgetTenant(tenantId: string): void {
    this.#memory.forget(tenantId);
  }

  async #load(options: { text?: string; keepPlace: boolean; prefer?: 'api' }): Promise<boolean> {
    const tenantId = this.tenantId;
    if (!tenantId) return false;
    const text = (options.text ?? this.text).trim();
    const plan = planSearch(text);
    const typed = plan.q;
    if (typed) {
      const analysis = analyzeQuery(typed);
      this.warnings = analysis.warnings;
      if (!analysis.ok) {
        // Positions are in what was typed: v3 text is sent as typed; a quick search that Auth0
        // would refuse (`*a`: a leading wildcard needs 3 characters) is blamed on the word at fault.
        this.queryError = typed === text ? analysis.error : quickSearchProblem(text, analysis.error);
        return false;
      }
    } else this.warnings = [];
    this.queryError = null;
    this.text = text;
    const q = withConnection(typed, this.connection);
    this.#inFlight?.abort();
    const controller = new AbortController();
    this.#inFlight = controller;
    this.#setLoading(true);
    this.error = null;
    const sort = this.sort;
    // Once a synced cache answers, rows hold only what the list shows (see CACHE_WINDOW): about half
    // the bytes of whole users (486 of 872 a user in the seeded tenant), and no metadata the window
    // keeps for every row scrolled past. Online they stay whole, so that they are written through;
    // after an answer from a partial cache too: the next one asks the tenant again, as new.
    const fromCache = this.answer?.source === 'cache' && this.answer.complete;
    const size = fromCache ? CACHE_WINDOW : WINDOW;
    const fields = fromCache ? listFields(selection.columns) : undefined;
    const exact = plan.exact === null ? null : withConnection(plan.exact, this.connection);
    const answered = await this.#ask(
      tenantId,
      { q, sort, size, fields },
      exact,
      controller.signal,
      options.prefer ?? 'cache',
    );
    if (controller.signal.aborted) return false;
    this.#inFlight = null;
    this.#setLoading(false);
    this.#windowsLoading = [];
    if (!answered.ok) {
      // The old rows do not answer this query: show none, say why, offer a retry.
      this.#replaceAnswer(null);
      this.error = answered.error;
      return false;
    }
    this.#replaceAnswer({ ...answered.value, text });
    // Browsing writes users through to the cache: the sync bar and the sidebar say what it holds now.
    if (answered.value.cachedUsers !== sync.status?.cache.userCount) void sync.load();
    if (!options.keepPlace) selection.clearForNewAnswer();
    else selection.keepWithin(this.rowCount);
    if (text && options.text !== undefined) this.#remember(text);
    return true;
  }

  /**
   * The first window of `asked`. With `exact` (a full name typed), the exact matches are asked
   * apart and pinned first, and the windows page through the rest (`q AND NOT exact`): both counts
   * are Auth0's own and add up, and paging stays plain. When the exact matches would not fit in
   * one pinned window, or the two answers came from different places, the list is `q` as is.
   */
  async #ask(
    tenantId: string,
    asked: Pick<Answer, 'q' | 'sort' | 'size' | 'fields'>,
    exact: string | null,
    signal: AbortSignal,
    prefer: 'cache' | 'api',
  ): Promise<Result<Omit<Answer, 'text'>>> {
    const first = (query: typeof asked) =>
      call('users:list', { ...this.#args(tenantId, query, 0), prefer }, { signal });
    if (exact !== null) {
      const rest = { ...asked, q: without(asked.q, exact) };
      const [pinned, others] = await Promise.all([first({ ...asked, q: exact, size: WINDOW }), first(rest)]);
      if (pinned.ok && others.ok && pinned.value.total <= WINDOW && pinned.value.source === others.value.source) {
        const { users, total, ...origin } = others.value;
        return {
          ok: true,
          value: {
            ...rest,
            ...originOf(origin),
            pinned: pinned.value.users,
            total: pinned.value.total + total,
            windows: [users],
          },
        };
      }
      if (signal.aborted) return { ok: false, error: { code: 'cancelled', message: 'Replaced by a newer search.' } };
    }
    const result = await first(asked);
    if (!result.ok) return result;
    const { users, total, ...origin } = result.value;
    return { ok: true, value: { ...asked, ...originOf(origin), pinned: [], total, windows: [users] } };
  }

  #setLoading(loading: boolean): void {
    clearTimeout(this.#slowTimer);
    this.loading = loading;
    this.slow = false;
    if (loading) this.#slowTimer = setTimeout(() => (this.slow = this.loading), SLOW_MS);
  }

  #replaceAnswer(answer: Answer | null): void {
    this.#answerWork.abort();
    this.#answerWork = new AbortController();
    this.answer = answer;
  }

  async #fetchWindow(answer: Answer, window: number): Promise<void> {
    const tenantId = this.tenantId;
    if (!tenantId) return;
    this.#windowsLoading[window] = true;
    const result = await call('users:list', this.#args(tenantId, answer, window));
    if (answer !== this.answer) return;
    this.#windowsLoading[window] = false;
    if (result.ok) {
      answer.windows[window] = result.value.users;
      this.version += 1;
      if (result.value.cachedUsers !== sync.status?.cache.userCount) void sync.load();
    } else this.error = result.error;
  }

  async #loadMetadataPaths(tenantId: string): Promise<void> {
    const result = await call('cache:metadata-paths', { tenantId });
    if (tenantId === this.tenantId && result.ok) this.cachedMetadataPaths = result.value;
  }

  async #loadConnections(tenantId: string): Promise<void> {
    const result = await call('connections:list', { tenantId });
    if (tenantId !== this.tenantId) return;
    if (result.ok) this.connectionNames = result.value.map((connection) => connection.name).sort();
  }

  /** Connection names for the filter and completion: the tenant's, else those of the loaded rows. */
  knownConnections(): string[] {
    if (this.connectionNames.length > 0) return this.connectionNames;
    void this.version;
    return loadedConnections(this.answer?.windows ?? []);
  }

  /** After a column is added: rows that lack what it shows are asked for again, in place. */
  columnsChanged(columns: readonly ColumnChoice[]): void {
    const fields = this.answer?.fields;
    if (fields && listFields(columns).some((field) => !fields.includes(field))) void this.refresh();
  }

  #args(tenantId: string, { q, sort, size, fields }: Pick<Answer, 'q' | 'sort' | 'size' | 'fields'>, page: number) {
    return {
      tenantId,
      page,
      per_page: size,
      sort,
      prefer: 'cache' as const,
      ...(q ? { q } : {}),
      ...(fields ? { fields, include_fields: true } : {}),
    };
  }

  #remember(text: string): void {
    this.recent = [text, ...this.recent.filter((item) => item !== text)].slice(0, RECENT_LIMIT);
  }
}

/** Only the origin's own fields: a page's other fields (start, limit, length) are not the answer's. */
function originOf(origin: ReadOrigin): ReadOrigin {
  return {
    source: origin.source,
    syncedAt: origin.syncedAt,
    complete: origin.complete,
    cachedUsers: origin.cachedUsers,
  };
}

export const users = tenantScoped(new UsersState());
