// The UserCache surface over a real SQLite file: write-through keeps search exact, sorting on
// metadata, paging with no cap, field selection.
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../../common/auth0.ts';
import { SqliteUserCacheStore, type UserCache } from '../../../main/cache/index.ts';
import { silentLogger } from '../../../main/log.ts';
import { makeUsers, temporaryCacheDirectory } from '../../integration/cache/cache-files.ts';

let directory: string;
let store: SqliteUserCacheStore;
let cache: UserCache;

beforeEach(() => {
  directory = temporaryCacheDirectory('cache-api');
  store = new SqliteUserCacheStore({ directory, log: silentLogger });
  cache = store.open('ten_cacheapi00000000');
});

afterEach(() => {
  store.dispose();
  rmSync(directory, { recursive: true, force: true });
});

const ids = (users: readonly User[]) => users.map((user) => user.user_id);
const search = (q: string, extra: { sort?: string; page?: number; perPage?: number } = {}) =>
  cache.search({
    q,
    page: extra.page ?? 0,
    perPage: extra.perPage ?? 100,
    ...(extra.sort ? { sort: extra.sort } : {}),
  });

describe('write-through', () => {
  it('an update replaces the user and its index entries; a delete removes both', () => {
    cache.upsert(makeUsers('u', 3));
    expect(cache.state()).toMatchObject({ userCount: 3, complete: false, fullSyncAt: null });
    cache.upsert([
      {
        ...(cache.get('auth0|u000001') as User),
        email: 'changed@example.org',
        app_metadata: { plan: { tier: 'gold' } },
      },
    ]);
    expect(search('email:u1@example.com').total).toBe(0);
    expect(ids(search('email:changed@example.org').users)).toEqual(['auth0|u000001']);
    expect(ids(search('email:*@example.org').users)).toEqual(['auth0|u000001']);
    expect(search('app_metadata.roles:admin').total).toBe(1);
    cache.remove('auth0|u000001');
    cache.remove('auth0|missing');
    expect(search('email:changed@example.org').total).toBe(0);
    expect(search('*:*').total).toBe(2);
    expect(cache.state().userCount).toBe(2);
    cache.recordIncrementalSync('2026-02-01T00:00:00.000Z');
    expect(cache.state().syncedAt).toBe('2026-02-01T00:00:00.000Z');
  });

  it('keeps the user as given, JSON and all', () => {
    const user = {
      ...makeUsers('j', 1)[0],
      user_metadata: { nested: { list: [1, 'two', null, { deep: true }] } },
    } as User;
    cache.upsert([user]);
    expect(cache.get(user.user_id)).toEqual(user);
  });
});

describe('metadata paths', () => {
  it('lists the paths of the cached users’ metadata values, without the date twins', () => {
    expect(cache.metadataPaths()).toEqual([]);
    cache.upsert([
      {
        ...(makeUsers('m', 1)[0] as User),
        app_metadata: { plan: { tier: 'gold', renews_at: '2026-05-01' }, roles: ['admin'] },
        user_metadata: { locale: 'fr', empty: {} },
      },
    ]);
    expect(cache.metadataPaths()).toEqual([
      'app_metadata.plan.renews_at',
      'app_metadata.plan.tier',
      'app_metadata.roles',
      'user_metadata.locale',
    ]);
    // Rewritten without some of them (a write-through after an edit): those are no longer offered.
    cache.upsert([{ ...(makeUsers('m', 1)[0] as User), app_metadata: { roles: ['admin'] } }]);
    expect(cache.metadataPaths()).toEqual(['app_metadata.roles']);
  });
});

describe('search', () => {
  beforeEach(async () => {
    const ingest = cache.beginFullSync();
    ingest.add(makeUsers('p', 2500));
    await ingest.commit('2026-01-01T00:00:00.000Z');
  });

  it('pages past 1000 results', () => {
    const page = search('*:*', { page: 24, perPage: 100 });
    expect(page).toMatchObject({ total: 2500, start: 2400, limit: 100 });
    expect(page.users[99]?.user_id).toBe('auth0|p002499');
    expect(search('*:*', { page: 25, perPage: 100 }).users).toEqual([]);
  });

  it('sorts on a metadata path, users without it last, ties in input order', () => {
    const sorted = search('logins_count:[0 TO 20]', { sort: 'app_metadata.plan.tier:-1', perPage: 1000 });
    const tiers = sorted.users.map((user) => (user.app_metadata as { plan: { tier: string } }).plan.tier);
    expect(tiers).toEqual([...tiers].sort().reverse());
    const platinum = sorted.users.filter((_, index) => tiers[index] === 'platinum');
    expect(ids(platinum)).toEqual([...ids(platinum)].sort());
    cache.upsert([{ user_id: 'auth0|zz-no-metadata', logins_count: 3 }]);
    const ascending = search('logins_count:3', { sort: 'app_metadata.plan.tier:1', perPage: 1000 });
    expect(ascending.users.at(-1)?.user_id).toBe('auth0|zz-no-metadata');
    expect(ascending.total).toBe(ascending.users.length);
  });

  it('sorts a multi-valued field by its smallest value ascending and its largest descending', () => {
    cache.upsert([
      { user_id: 'auth0|m1', app_metadata: { codes: [5, 50] } },
      { user_id: 'auth0|m2', app_metadata: { codes: [10] } },
    ]);
    expect(ids(search('_exists_:app_metadata.codes', { sort: 'app_metadata.codes:1' }).users)).toEqual([
      'auth0|m1',
      'auth0|m2',
    ]);
    expect(ids(search('_exists_:app_metadata.codes', { sort: 'app_metadata.codes:-1' }).users)).toEqual([
      'auth0|m1',
      'auth0|m2',
    ]);
  });

  it('returns only the fields asked for, or all but them', () => {
    const [only] = cache.search({
      q: 'email:p1@example.com',
      page: 0,
      perPage: 1,
      fields: ['email'],
      includeFields: true,
    }).users;
    expect(only).toEqual({ email: 'p1@example.com' });
    const [without] = cache.search({
      q: 'email:p1@example.com',
      page: 0,
      perPage: 1,
      fields: ['app_metadata', 'identities'],
      includeFields: false,
    }).users;
    expect(without).not.toHaveProperty('app_metadata');
    expect(without).toHaveProperty('email', 'p1@example.com');
  });

  it('refuses a sort Auth0 cannot read, and bad paging', () => {
    expect(() => search('*:*', { sort: 'app_metadata:1' })).toThrow(expect.objectContaining({ code: 'invalid_query' }));
    expect(() => search('*:*', { sort: 'created_at' })).toThrow(/does not match pattern/);
    expect(() => search('*:*', { perPage: 1001 })).toThrow(RangeError);
  });
});
