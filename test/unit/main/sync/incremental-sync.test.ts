// Incremental sync with a fake API that answers `updated_at` range searches as Auth0 does,
// 1000-result cap included: windows split until each fits, every changed user arrives once.
import { describe, expect, it } from 'vitest';
import type { User, UsersPage } from '../../../../common/auth0.ts';
import type { ListUsersArgs } from '../../../../common/users.ts';
import { AppError } from '../../../../main/errors.ts';
import { OVERLAP_MS, runIncrementalSync, SEARCH_CAP, windowQuery } from '../../../../main/sync/incremental-sync.ts';
import { FakeClock } from '../fakes.ts';
import { FakeUserCache, makeUser } from './fake-cache.ts';

const RANGE = /^updated_at:\[(\S+) TO (\S+)([\]}])$/;

/** GET /users with an updated_at range, sorted by updated_at, refusing to page past 1000. */
class RangeSearchApi {
  readonly queries: Omit<ListUsersArgs, 'tenantId'>[] = [];
  readonly users: User[];

  constructor(users: User[]) {
    this.users = users;
  }

  async listUsers(args: Omit<ListUsersArgs, 'tenantId'>): Promise<UsersPage> {
    this.queries.push(args);
    const page = args.page ?? 0;
    const perPage = args.per_page ?? 50;
    if ((page + 1) * perPage > SEARCH_CAP) throw new AppError('api_error', 'invalid_paging', { status: 400 });
    const [, lower = '', upper = '', close] = RANGE.exec(args.q ?? '') ?? [];
    const from = Date.parse(lower);
    const to = upper === '*' ? Infinity : Date.parse(upper);
    const matches = this.users
      .filter((user) => {
        const at = Date.parse(user.updated_at ?? '');
        return at >= from && (close === ']' ? at <= to : at < to);
      })
      .sort((a, b) => (a.updated_at ?? '').localeCompare(b.updated_at ?? ''));
    const users = matches.slice(page * perPage, (page + 1) * perPage);
    return { start: page * perPage, limit: perPage, length: users.length, total: matches.length, users };
  }
}

const lastSync = Date.parse('2025-03-01T00:00:00.000Z');

function cacheSyncedAt(time: number, users: User[] = []): FakeUserCache {
  const cache = new FakeUserCache('ten_AAAAAAAAAAAAAAAA', users);
  cache.syncedAt = cache.fullSyncAt = new Date(time).toISOString();
  cache.complete = true;
  return cache;
}

describe('incremental sync', () => {
  it('splits windows past the 1000 cap and brings every changed user, and only those', async () => {
    const clock = new FakeClock(lastSync + 3 * 86_400_000);
    // 2,500 changes spread over the three days since the last sync; 300 older ones stay out.
    const changed = Array.from({ length: 2500 }, (_, index) =>
      makeUser({ updated_at: new Date(lastSync + index * 100_000).toISOString() }),
    );
    const unchanged = Array.from({ length: 300 }, (_, index) =>
      makeUser({ updated_at: new Date(lastSync - OVERLAP_MS - (index + 1) * 60_000).toISOString() }),
    );
    const api = new RangeSearchApi([...changed, ...unchanged]);
    const cache = cacheSyncedAt(lastSync);
    const progress: number[] = [];
    const summary = await runIncrementalSync({
      api,
      cache,
      clock,
      signal: new AbortController().signal,
      onProgress: ({ users }) => progress.push(users),
    });
    expect(summary).toEqual({ kind: 'incremental', users: 2500, syncedAt: new Date(clock.now()).toISOString() });
    expect(cache.users.size).toBe(2500);
    for (const user of changed) expect(cache.users.get(user.user_id)).toEqual(user);
    expect(cache.syncedAt).toBe(summary.syncedAt);
    // No request reached past the cap, and the windows really were split.
    for (const query of api.queries)
      expect(((query.page ?? 0) + 1) * (query.per_page ?? 50)).toBeLessThanOrEqual(SEARCH_CAP);
    expect(new Set(api.queries.map((query) => query.q)).size).toBeGreaterThan(3);
    expect(api.queries.every((query) => query.sort === 'updated_at:1')).toBe(true);
    expect(progress.at(-1)).toBe(2500);
  });

  it('looks back an overlap before the last sync (eventual consistency, clock skew)', async () => {
    const api = new RangeSearchApi([makeUser({ updated_at: new Date(lastSync - 60_000).toISOString() })]);
    const cache = cacheSyncedAt(lastSync);
    await runIncrementalSync({
      api,
      cache,
      clock: new FakeClock(lastSync + 1000),
      signal: new AbortController().signal,
      onProgress: () => undefined,
    });
    expect(cache.users.size).toBe(1);
    expect(api.queries[0]?.q).toBe(`updated_at:[${new Date(lastSync - OVERLAP_MS).toISOString()} TO *]`);
  });

  it('gives up in words when more than 1000 users share one millisecond', async () => {
    const at = new Date(lastSync + 5000).toISOString();
    const api = new RangeSearchApi(Array.from({ length: 1001 }, () => makeUser({ updated_at: at })));
    const sync = runIncrementalSync({
      api,
      cache: cacheSyncedAt(lastSync),
      clock: new FakeClock(lastSync + 10_000),
      signal: new AbortController().signal,
      onProgress: () => undefined,
    });
    await expect(sync).rejects.toThrow(/more than one search can list.*Run a full sync instead/);
  });

  it('needs a full sync first', async () => {
    const cache = new FakeUserCache('ten_AAAAAAAAAAAAAAAA');
    const sync = runIncrementalSync({
      api: new RangeSearchApi([]),
      cache,
      clock: new FakeClock(),
      signal: new AbortController().signal,
      onProgress: () => undefined,
    });
    await expect(sync).rejects.toThrow(/run a full sync first/);
  });

  it('writes half-open windows with Auth0 range syntax', () => {
    expect(windowQuery({ from: 0, to: 1000 })).toBe(
      'updated_at:[1970-01-01T00:00:00.000Z TO 1970-01-01T00:00:01.000Z}',
    );
    expect(windowQuery({ from: 0, to: null })).toBe('updated_at:[1970-01-01T00:00:00.000Z TO *]');
  });
});
