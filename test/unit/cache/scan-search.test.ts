// Searches before the index is built read every user (scan-search.ts), after SQLite has skipped
// the users whose JSON lacks a text the query needs. These users are written so that the text is
// not where a byte-wise look would find it: escaped (`\u004a` is `J`), or lower-cased by
// JavaScript from a character beyond ASCII (the Kelvin sign into `k`). Every answer must be the
// emulator's over the same users, and then the index's.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../../common/auth0.ts';
import { searchUsers } from '../../../emulator/search/index.ts';
import { SqliteUserCacheStore, type SqliteUserCache } from '../../../main/cache/index.ts';
import { silentLogger } from '../../../main/log.ts';

const LINES = [
  String.raw`{"user_id":"auth0|escaped","name":"\u004aohn Escaped","email":"j\u006fhn@example.com","app_metadata":{"plan":"\u0067old"}}`,
  `{"user_id":"auth0|kelvin","name":"\u212Aate Kelvin","email":"kate@example.com","app_metadata":{"plan":"silver"}}`,
  `{"user_id":"auth0|plain","name":"John Plain","email":"JOHN.PLAIN@EXAMPLE.COM","app_metadata":{"plan":"gold","tags":["a/b","50%_off"]}}`,
  `{"user_id":"auth0|other","name":"Mary Other","email":"mary@example.org","app_metadata":{"plan":"Gold"}}`,
];
const USERS = LINES.map((line) => JSON.parse(line) as User);
const QUERIES = [
  'name:john*',
  'john',
  'name:"john escaped"',
  'email:john@example.com',
  'name:kate*',
  'name:"kate kelvin"',
  'app_metadata.plan:gold',
  'app_metadata.plan:Gold',
  'app_metadata.plan:gol*',
  'app_metadata.tags:"a/b"',
  'app_metadata.tags:50%_off',
  'app_metadata.tags:50*',
  'name:*ohn* AND NOT app_metadata.plan:gold',
  'app_metadata.plan:silver OR name:mary',
  'email:*example.com',
];

let directory: string;
let store: SqliteUserCacheStore;
let held: (() => void)[];

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'roster-scan-search-'));
  held = [];
  store = new SqliteUserCacheStore({
    directory,
    log: silentLogger,
    postingBuild: { schedule: (step) => (held.push(step), () => undefined) },
  });
});

afterEach(() => {
  store.dispose();
  rmSync(directory, { recursive: true, force: true });
});

async function synced(): Promise<SqliteUserCache> {
  const cache = store.open('ten_scansearch000001');
  const ingest = cache.beginFullSync();
  ingest.addLines(LINES.map((line) => Buffer.from(line)));
  await ingest.commit('2026-03-01T00:00:00.000Z');
  return cache;
}

const ids = (users: readonly User[]) => users.map((user) => user.user_id).sort();

describe('a search before the index is built', () => {
  it('answers as the emulator does, escaped and non-ASCII text included, and as the index then does', async () => {
    const cache = await synced();
    expect(cache.state().indexing).toBe(0);
    const scanned = QUERIES.map((q) => ids(cache.search({ q, page: 0, perPage: 10 }).users));
    QUERIES.forEach((q, index) => expect(scanned[index], q).toEqual(ids(searchUsers(USERS, q))));
    // Not vacuous: the escaped and the Kelvin users are found by the texts they hide.
    expect(scanned[QUERIES.indexOf('name:john*')]).toContain('auth0|escaped');
    expect(scanned[QUERIES.indexOf('name:"kate kelvin"')]).toEqual(['auth0|kelvin']);
    expect(scanned[QUERIES.indexOf('name:kate*')]).toEqual(['auth0|kelvin']);
    expect(scanned[QUERIES.indexOf('app_metadata.plan:gold')]).toEqual(['auth0|escaped', 'auth0|plain']);
    while (held.length > 0) (held.shift() as () => void)();
    expect(cache.state().indexing).toBeNull();
    expect(QUERIES.map((q) => ids(cache.search({ q, page: 0, perPage: 10 }).users))).toEqual(scanned);
  });
});
