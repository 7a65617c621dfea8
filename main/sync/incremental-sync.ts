// An incremental sync (issue 8): the users changed since the last sync, found by `updated_at`
// range searches (FACTS.md, GET /api/v2/users) and upserted into the cache. A search answers at
// most 1000 results (`invalid_paging` past them) and has no cursor, so a time window holding more
// is split in two until every window fits. Deleted users leave no trace in a search: the next
// full sync removes them.
import type { UsersPage } from '../../common/auth0.ts';
import type { ListUsersArgs } from '../../common/users.ts';
import type { SyncSummary } from '../../common/sync.ts';
import type { Clock } from '../auth0/clock.ts';
import type { UserCache } from '../cache/types.ts';
import { AppError } from '../errors.ts';

export const SEARCH_CAP = 1000;
const PER_PAGE = 100;
/**
 * How far before the last sync the next one looks again. Auth0's search index is eventually
 * consistent, and `updated_at` is the tenant's clock while the sync time is this machine's: a
 * few minutes of overlap catches both. Re-reading a user is harmless (an upsert).
 */
export const OVERLAP_MS = 10 * 60 * 1000;

export interface UserSearchApi {
  listUsers(args: Omit<ListUsersArgs, 'tenantId'>, signal?: AbortSignal): Promise<UsersPage>;
}

export interface IncrementalProgress {
  users: number;
  /** Users the windows found so far (grows as windows are counted). */
  expected: number;
}

export interface IncrementalSyncDeps {
  api: UserSearchApi;
  cache: UserCache;
  clock: Clock;
  signal: AbortSignal;
  onProgress: (progress: IncrementalProgress) => void;
}

/** `[from, to)` in ms; `to` null is open-ended (`TO *]`). */
interface Window {
  from: number;
  to: number | null;
}

export function windowQuery({ from, to }: Window): string {
  const lower = new Date(from).toISOString();
  return to === null ? `updated_at:[${lower} TO *]` : `updated_at:[${lower} TO ${new Date(to).toISOString()}}`;
}

export async function runIncrementalSync(deps: IncrementalSyncDeps): Promise<SyncSummary> {
  const { api, cache, clock, signal, onProgress } = deps;
  const { syncedAt } = cache.state();
  if (!syncedAt) {
    throw new AppError(
      'invalid_argument',
      'This tenant has not been synced yet: run a full sync first; an incremental sync brings a synced cache up to date.',
    );
  }
  const startedAt = clock.now();
  const pending: Window[] = [{ from: Date.parse(syncedAt) - OVERLAP_MS, to: null }];
  let users = 0;
  let expected = 0;
  while (pending.length > 0) {
    const window = pending.pop() as Window;
    const query = (page: number) =>
      api.listUsers({ q: windowQuery(window), page, per_page: PER_PAGE, sort: 'updated_at:1' }, signal);
    const first = await query(0);
    if (first.total > SEARCH_CAP) {
      // Oldest first: the stack takes the later half last.
      const [earlier, later] = split(window, startedAt, first.total);
      pending.push(later, earlier);
      continue;
    }
    expected += first.total;
    cache.upsert(first.users);
    users += first.users.length;
    onProgress({ users, expected });
    for (let page = 1; page * PER_PAGE < first.total; page += 1) {
      const next = await query(page);
      if (next.users.length === 0) break;
      cache.upsert(next.users);
      users += next.users.length;
      onProgress({ users, expected });
    }
  }
  const summary: SyncSummary = { kind: 'incremental', users, syncedAt: new Date(startedAt).toISOString() };
  cache.recordIncrementalSync(summary.syncedAt);
  return summary;
}

function split(window: Window, now: number, total: number): [Window, Window] {
  // An open window ends, for splitting, a little after now (the tenant's clock may run ahead).
  const end = window.to ?? now + OVERLAP_MS;
  if (end - window.from < 2) {
    throw new AppError(
      'api_error',
      `${total} users changed at ${new Date(window.from).toISOString()}, more than one search can list, and that time cannot be split further. Run a full sync instead.`,
    );
  }
  const middle = window.from + Math.floor((end - window.from) / 2);
  return [
    { from: window.from, to: middle },
    { from: middle, to: window.to },
  ];
}
