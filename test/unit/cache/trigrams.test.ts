// Infix wildcards through FTS5 trigram tables (main/cache/trigrams.ts): the first infix search of
// a field answers by a scan of its values and starts the table, built a slice at a time; the
// table answers once complete, exactly as the scan did; every write keeps a table exact, during
// its build and after.
import { rmSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../../common/auth0.ts';
import { SqliteUserCacheStore, type SqliteUserCache } from '../../../main/cache/index.ts';
import { tableName, trigramMatch } from '../../../main/cache/trigrams.ts';
import { silentLogger } from '../../../main/log.ts';
import { makeUsers, temporaryCacheDirectory } from '../../integration/cache/cache-files.ts';
import {
  expectTableExact,
  infixUsers,
  INFIX_QUERIES,
  ManualSlices,
  NAME,
  progress,
  readFile,
  sortedIds,
} from './trigram-helpers.ts';

const TENANT = 'ten_trigrams00000000';
let directory: string;
let store: SqliteUserCacheStore;
let cache: SqliteUserCache;
let slices: ManualSlices;
let path: string;

function openStore(sliceRows = 7): void {
  slices = new ManualSlices();
  store = new SqliteUserCacheStore({ directory, log: silentLogger, trigramBuild: slices.options(sliceRows) });
  cache = store.open(TENANT);
  path = store.pathOf(TENANT);
}

beforeEach(() => {
  directory = temporaryCacheDirectory('cache-trigrams');
  openStore();
});

afterEach(() => {
  store.dispose();
  rmSync(directory, { recursive: true, force: true });
});

const ids = (q: string) => sortedIds(cache, q);

const answers = () => Object.fromEntries(INFIX_QUERIES.map((q) => [q, ids(q)]));

const fields = () => progress(path).map((row) => row.f);

describe('infix searches while their tables are built in the background', () => {
  it('answers by the scan until a table is complete, then by the table, the same answers', () => {
    const users = infixUsers('a', 120);
    cache.upsert(users);
    const scanned = answers();
    // The scan answers as the data says.
    const named = (part: string) => users.filter((user) => (user.name as string).toLowerCase().includes(part));
    expect(scanned['name:*robin*']).toHaveLength(named('robin').length);
    expect(scanned['name:*son*']).toHaveLength(named('son').length);
    expect(scanned['name:*zzz*']).toEqual([]);
    expect(scanned['app_metadata.tags:*Enter*']).toHaveLength(24);
    expect(scanned['app_metadata.tags:*nterpr*']).toHaveLength(72);
    // Asked for by those searches, which wrote nothing: the first slice is yet to run.
    expect(progress(path)).toEqual([]);
    expect(slices.pending).toBe(1);
    // Half way: still the scan, still the same.
    for (let slice = 0; slice < 30; slice++) slices.runOne();
    expect(progress(path).length).toBeGreaterThanOrEqual(1);
    expect(progress(path).some((row) => row.done === 0)).toBe(true);
    expect(answers()).toEqual(scanned);
    slices.runAll();
    expect(fields().length).toBeGreaterThanOrEqual(4);
    expect(progress(path).every((row) => row.done === 1)).toBe(true);
    for (const field of fields()) expectTableExact(path, field);
    expect(answers()).toEqual(scanned);
  });

  it('switches to the table only once it is complete', () => {
    cache.upsert(infixUsers('b', 30));
    expect(ids('name:*qqq*')).toEqual([]);
    // A row only the table holds (not a posting) tells which one answered.
    const marker = () => {
      const db = new DatabaseSync(path);
      db.prepare(`INSERT INTO ${tableName(NAME)} (v, rid) VALUES ('marker qqq', 1)`).run();
      db.close();
    };
    slices.runFills(1);
    marker();
    expect(progress(path)[0]).toMatchObject({ f: NAME, done: 0 });
    expect(ids('name:*qqq*')).toEqual([]);
    slices.runAll();
    expect(progress(path)[0]).toMatchObject({ f: NAME, done: 1 });
    expect(ids('name:*qqq*')).toEqual(['auth0|b000000']);
  });

  it('stays exact through writes before and after the build’s position, and removals', () => {
    cache.upsert(infixUsers('w', 63));
    expect(ids('name:*son*')).toHaveLength(21);
    // Two slices of 7: the 7 'ann robinson …' and the 7 'bob …' (names are stored lower-cased).
    slices.runFills(2);
    const [{ after_v: position } = { after_v: '' }] = progress(path);
    expect(position).toMatch(/^bob /);
    const user = (id: string) => cache.get(id) as User;
    cache.upsert([
      // A new value the build has passed, and one it has not reached.
      ...makeUsers('new', 2).map((u, index) => ({ ...u, name: index === 0 ? 'Aaron Robinsonne' : 'Zed Robinsonne' })),
      // Old value passed → new value ahead, and the other way round.
      { ...user('auth0|w000000'), name: 'Stevenson Ahead' },
      { ...user('auth0|w000004'), name: 'Anne Passed-son' },
    ]);
    // Removed: one whose value was passed (w000009 'Ann Robinson 9'), one not reached (w000003).
    cache.remove('auth0|w000009');
    cache.remove('auth0|w000003');
    expectTableExact(path, NAME);
    const during = [ids('name:*son*'), ids('name:*even*'), ids('name:*robin*')];
    expect(during[0]).toContain('auth0|new000000');
    expect(during[0]).toContain('auth0|new000001');
    expect(during[0]).toContain('auth0|w000000');
    expect(during[0]).toContain('auth0|w000004');
    expect(during[0]).not.toContain('auth0|w000009');
    expect(during[1]).not.toContain('auth0|w000003');
    slices.runAll();
    expect(progress(path)[0]).toMatchObject({ done: 1 });
    expectTableExact(path, NAME);
    expect([ids('name:*son*'), ids('name:*even*'), ids('name:*robin*')]).toEqual(during);
  });

  it('keeps no removed user’s value as the build’s resume key, and none once the table is complete', () => {
    cache.upsert(infixUsers('k', 63));
    expect(ids('name:*son*')).toHaveLength(21);
    slices.runFills(2);
    const [key] = progress(path);
    expect(key?.after_v).toMatch(/^bob /);
    const [holder] = readFile<{ user_id: string }>(path, 'SELECT user_id FROM users WHERE rid = ?', key!.after_rid);
    cache.remove(holder!.user_id);
    const [moved] = progress(path);
    // Back to the posting before it: the previous 'bob …' value, another user's.
    expect(moved?.after_v).toMatch(/^bob /);
    expect(moved?.after_v).not.toBe(key?.after_v);
    expect(moved?.after_rid).not.toBe(key?.after_rid);
    expectTableExact(path, NAME);
    slices.runAll();
    expect(progress(path)[0]).toMatchObject({ done: 1, after_v: '', after_rid: -1 });
    expectTableExact(path, NAME);
    expect(ids('name:*bob*')).toHaveLength(6);
  });

  it('follows every write after the build: new values, changed values, removed users', () => {
    cache.upsert(makeUsers('w', 10).map((u, index) => (index === 1 ? { ...u, name: 'Maria Stevenson' } : u)));
    expect(ids('name:*even*')).toEqual(['auth0|w000001']);
    slices.runAll();
    cache.upsert([
      { ...(cache.get('auth0|w000002') as User), name: 'Steven Even' },
      { ...(cache.get('auth0|w000001') as User), name: 'Maria Smith' },
    ]);
    cache.upsert(makeUsers('x', 1).map((u) => ({ ...u, name: 'Evenlyn' })));
    expect(ids('name:*even*')).toEqual(['auth0|w000002', 'auth0|x000000']);
    cache.remove('auth0|w000002');
    expect(ids('name:*even*')).toEqual(['auth0|x000000']);
    expect(ids('name:*smit*')).toEqual(['auth0|w000001']);
    expectTableExact(path, NAME);
  });

  it('matches metadata values exactly as stored, case and all, across array elements', () => {
    const users = makeUsers('m', 4).map((user, index) => ({
      ...user,
      app_metadata: { tags: index === 1 ? ['Enterprise', 'beta'] : index === 2 ? ['enterprise'] : ['other'] },
    }));
    cache.upsert(users);
    for (const pass of ['scan', 'table']) {
      expect(ids('app_metadata.tags:*nterpr*'), pass).toEqual(['auth0|m000001', 'auth0|m000002']);
      expect(ids('app_metadata.tags:*Enter*'), pass).toEqual(['auth0|m000001']);
      expect(cache.search({ q: 'app_metadata.tags:*nterpr*', page: 0, perPage: 10 }).total, pass).toBe(2);
      slices.runAll();
    }
    expect(progress(path)).toHaveLength(1);
  });
});

describe('a cache file of schema version 1', () => {
  it('is migrated on open and then searches infixes through a trigram table', () => {
    cache.upsert(makeUsers('v', 3).map((u, index) => (index === 1 ? { ...u, name: 'Vera Longname' } : u)));
    store.dispose();
    const db = new DatabaseSync(path);
    db.exec('DROP TABLE trigram_fields; DROP TABLE trigram_rows; PRAGMA user_version = 1');
    db.close();
    openStore();
    expect(cache.state()).toMatchObject({ userCount: 3 });
    expect(cache.state().recovered).toBeUndefined();
    expect(ids('name:*ongna*')).toEqual(['auth0|v000001']);
    slices.runAll();
    expect(progress(path)).toEqual([{ f: NAME, done: 1, after_v: '', after_rid: -1 }]);
    expect(ids('name:*ongna*')).toEqual(['auth0|v000001']);
  });
});

describe('trigramMatch', () => {
  it('keeps the segments a trigram can find, quoted for FTS5', () => {
    expect(trigramMatch(['', 'ab', 'say "hi"', ''])).toBe('"say ""hi"""');
    expect(trigramMatch(['', 'smith', 'example', ''])).toBe('"smith" AND "example"');
    expect(trigramMatch(['', 'ab', ''])).toBeNull();
  });
});
