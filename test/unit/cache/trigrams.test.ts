// Infix wildcards through FTS5 trigram tables (main/cache/trigrams.ts): built on the first infix
// search of a field, answering exactly what a scan of the values answers, kept up to date by every
// write, and started over by a full sync.
import { rmSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../../common/auth0.ts';
import { SqliteUserCacheStore, type UserCache } from '../../../main/cache/index.ts';
import { PROFILE_FIELD_IDS } from '../../../main/cache/postings.ts';
import { trigramMatch } from '../../../main/cache/trigrams.ts';
import { silentLogger } from '../../../main/log.ts';
import { makeUsers, temporaryCacheDirectory } from '../../integration/cache/cache-files.ts';

const TENANT = 'ten_trigrams00000000';
let directory: string;
let store: SqliteUserCacheStore;
let cache: UserCache;

beforeEach(() => {
  directory = temporaryCacheDirectory('cache-trigrams');
  store = new SqliteUserCacheStore({ directory, log: silentLogger });
  cache = store.open(TENANT);
});

afterEach(() => {
  store.dispose();
  rmSync(directory, { recursive: true, force: true });
});

const ids = (q: string) =>
  cache
    .search({ q, page: 0, perPage: 1000 })
    .users.map((user) => user.user_id)
    .sort();

/** Field ids with a trigram table, read from the file by a second connection. */
function builtFields(): number[] {
  const db = new DatabaseSync(store.pathOf(TENANT), { readOnly: true });
  try {
    return (db.prepare('SELECT f FROM trigram_fields ORDER BY f').all() as { f: number }[]).map((row) => row.f);
  } finally {
    db.close();
  }
}

const EMAIL = PROFILE_FIELD_IDS.get('email') as number;
const NAME = PROFILE_FIELD_IDS.get('name') as number;

function withNames(users: User[], names: Record<number, string>): User[] {
  return users.map((user, index) => (names[index] ? { ...user, name: names[index] } : user));
}

describe('infix wildcards through trigram tables', () => {
  it('builds a field’s table on its first infix search and answers as the values say', () => {
    cache.upsert(withNames(makeUsers('t', 40), { 3: 'Ann Robinson', 7: 'Jon Robins', 9: 'Robin Hood', 12: 'BOB' }));
    expect(builtFields()).toEqual([]);
    // name is case-insensitive: ROBIN finds Robinson and Robins, not "Robin Hood" (no inner match needed).
    expect(ids('name:*ROBIN*')).toEqual(['auth0|t000003', 'auth0|t000007', 'auth0|t000009']);
    expect(builtFields()).toEqual([NAME]);
    expect(ids('name:*obin*s*')).toEqual(['auth0|t000003', 'auth0|t000007']);
    expect(ids('name:*robins')).toEqual(['auth0|t000007']);
    expect(ids('name:*zzz*')).toEqual([]);
    // A table per field: email gets its own on its first infix search.
    expect(ids('email:*7@exa*')).toEqual(['auth0|t000007', 'auth0|t000017', 'auth0|t000027', 'auth0|t000037']);
    expect(builtFields()).toEqual([EMAIL, NAME].sort((a, b) => a - b));
  });

  it('follows every write after the build: new values, changed values, removed users', () => {
    cache.upsert(withNames(makeUsers('w', 10), { 1: 'Maria Stevenson' }));
    expect(ids('name:*even*')).toEqual(['auth0|w000001']);
    cache.upsert([
      { ...(cache.get('auth0|w000002') as User), name: 'Steven Even' },
      { ...(cache.get('auth0|w000001') as User), name: 'Maria Smith' },
    ]);
    cache.upsert(withNames(makeUsers('x', 1), { 0: 'Evenlyn' }));
    expect(ids('name:*even*')).toEqual(['auth0|w000002', 'auth0|x000000']);
    cache.remove('auth0|w000002');
    expect(ids('name:*even*')).toEqual(['auth0|x000000']);
    expect(ids('name:*smit*')).toEqual(['auth0|w000001']);
  });

  it('is started over by a full sync, and built again when needed', () => {
    cache.upsert(withNames(makeUsers('s', 5), { 2: 'Old Name' }));
    expect(ids('name:*old*')).toEqual(['auth0|s000002']);
    const ingest = cache.beginFullSync();
    ingest.add(withNames(makeUsers('n', 5), { 4: 'New Name' }));
    ingest.commit('2026-03-01T00:00:00.000Z');
    expect(builtFields()).toEqual([]);
    expect(ids('name:*old*')).toEqual([]);
    expect(ids('name:*new*')).toEqual(['auth0|n000004']);
    expect(builtFields()).toEqual([NAME]);
  });

  it('matches metadata values exactly as stored, case and all, across array elements', () => {
    const users = makeUsers('m', 4).map((user, index) => ({
      ...user,
      app_metadata: { tags: index === 1 ? ['Enterprise', 'beta'] : index === 2 ? ['enterprise'] : ['other'] },
    }));
    cache.upsert(users);
    expect(ids('app_metadata.tags:*nterpr*')).toEqual(['auth0|m000001', 'auth0|m000002']);
    expect(ids('app_metadata.tags:*Enter*')).toEqual(['auth0|m000001']);
    expect(cache.search({ q: 'app_metadata.tags:*nterpr*', page: 0, perPage: 10 }).total).toBe(2);
  });
});

describe('a cache file of schema version 1', () => {
  it('is migrated on open and then searches infixes through a trigram table', () => {
    cache.upsert(withNames(makeUsers('v', 3), { 1: 'Vera Longname' }));
    store.dispose();
    const db = new DatabaseSync(store.pathOf(TENANT));
    db.exec('DROP TABLE trigram_fields; PRAGMA user_version = 1');
    db.close();
    store = new SqliteUserCacheStore({ directory, log: silentLogger });
    cache = store.open(TENANT);
    expect(cache.state()).toMatchObject({ userCount: 3 });
    expect(cache.state().recovered).toBeUndefined();
    expect(ids('name:*ongna*')).toEqual(['auth0|v000001']);
    expect(builtFields()).toEqual([NAME]);
  });
});

describe('trigramMatch', () => {
  it('keeps the segments a trigram can find, quoted for FTS5', () => {
    expect(trigramMatch(['', 'ab', 'say "hi"', ''])).toBe('"say ""hi"""');
    expect(trigramMatch(['', 'smith', 'example', ''])).toBe('"smith" AND "example"');
    expect(trigramMatch(['', 'ab', ''])).toBeNull();
  });
});
