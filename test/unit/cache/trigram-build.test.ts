// The background build of trigram tables (main/cache/trigram-builder.ts): slices bounded in rows,
// progress kept in the file across a close, a full sync starting over with none, a failure
// costing only speed, and no timer left behind by close().
import { rmSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteUserCacheStore, type SqliteUserCache, type TrigramBuildOptions } from '../../../main/cache/index.ts';
import { tableName } from '../../../main/cache/trigrams.ts';
import { silentLogger, type Logger } from '../../../main/log.ts';
import { temporaryCacheDirectory } from '../../integration/cache/cache-files.ts';
import {
  EMAIL,
  expectTableExact,
  infixUsers,
  ManualSlices,
  NAME,
  progress,
  readFile,
  sortedIds,
} from './trigram-helpers.ts';

const TENANT = 'ten_trigrambuild0000';
let directory: string;
let store: SqliteUserCacheStore;
let cache: SqliteUserCache;
let path: string;

function openStore(trigramBuild: TrigramBuildOptions, log: Logger = silentLogger): void {
  store = new SqliteUserCacheStore({ directory, log, trigramBuild });
  cache = store.open(TENANT);
  path = store.pathOf(TENANT);
}

beforeEach(() => {
  directory = temporaryCacheDirectory('cache-trigram-build');
});

afterEach(() => {
  store.dispose();
  rmSync(directory, { recursive: true, force: true });
});

const ids = (q: string) => sortedIds(cache, q);

const textPostings = (field: number) =>
  readFile<{ n: number }>(path, `SELECT count(*) AS n FROM postings WHERE f = ? AND typeof(v) = 'text'`, field)[0]?.n;

describe('the background build', () => {
  it('never puts more postings in a table in one slice than its bound, and puts every one', async () => {
    const sizes: { field: number; rows: number }[] = [];
    openStore({ sliceRows: 25, onSlice: (field, rows) => sizes.push({ field, rows }) });
    cache.upsert(infixUsers('s', 400));
    expect(ids('name:*robin*').length).toBeGreaterThan(0);
    expect(ids('email:*example2*').length).toBeGreaterThan(0);
    await cache.whenIdle();
    expect(progress(path).map((row) => [row.f, row.done])).toEqual(
      [
        [EMAIL, 1],
        [NAME, 1],
      ].sort((a, b) => (a[0] as number) - (b[0] as number)),
    );
    for (const field of [NAME, EMAIL]) {
      const own = sizes.filter((size) => size.field === field).map((size) => size.rows);
      expect(Math.max(...own)).toBeLessThanOrEqual(25);
      expect(own.length).toBeGreaterThanOrEqual(400 / 25);
      expect(own.reduce((sum, rows) => sum + rows, 0)).toBe(textPostings(field));
      expectTableExact(path, field);
      // Merged in steps during the build; FTS5's own merging given back for the writes after it.
      expect(readFile(path, `SELECT k, v FROM ${tableName(field)}_config WHERE k LIKE '%merge' ORDER BY k`)).toEqual([
        { k: 'automerge', v: 4 },
        { k: 'crisismerge', v: 16 },
      ]);
    }
  });

  it('cuts a slice short when it has run its time, still taking at least one posting', async () => {
    const sizes: number[] = [];
    openStore({ sliceRows: 1000, sliceMs: 0, onSlice: (_field, rows) => sizes.push(rows) });
    cache.upsert(infixUsers('t', 30));
    ids('name:*robin*');
    await cache.whenIdle();
    expect(sizes.filter((rows) => rows > 0)).toEqual(Array.from({ length: 30 }, () => 1));
    expectTableExact(path, NAME);
  });

  it('resumes after a close from where it stopped, and finishes', async () => {
    const first = new ManualSlices();
    openStore(first.options(10));
    cache.upsert(infixUsers('r', 100));
    const scanned = ids('name:*son*');
    first.runFills(2);
    store.dispose();
    // Closed: the loop is stopped, nothing left scheduled.
    expect(first.pending).toBe(0);
    expect(progress(path)).toMatchObject([{ f: NAME, done: 0 }]);
    expectTableExact(path, NAME);
    const sizes: number[] = [];
    openStore({ sliceRows: 10, onSlice: (_field, rows) => sizes.push(rows) });
    // Resumed on open, before any search asks.
    await cache.whenIdle();
    expect(progress(path)).toMatchObject([{ f: NAME, done: 1 }]);
    expect(sizes.reduce((sum, rows) => sum + rows, 0)).toBe((textPostings(NAME) as number) - 20);
    expectTableExact(path, NAME);
    expect(ids('name:*son*')).toEqual(scanned);
  });

  it('stops with close(): no slice runs after it and whenIdle resolves', async () => {
    let slicesRun = 0;
    let firstSlice!: () => void;
    const sliced = new Promise<void>((resolve) => (firstSlice = resolve));
    openStore({
      sliceRows: 1,
      onSlice: () => {
        slicesRun++;
        firstSlice();
      },
    });
    cache.upsert(infixUsers('c', 200));
    ids('name:*robin*');
    const idle = cache.whenIdle();
    await sliced;
    cache.close();
    await idle;
    const atClose = slicesRun;
    // Several turns of the event loop, where a live loop would have run more slices.
    for (let turn = 0; turn < 5; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
    expect(slicesRun).toBe(atClose);
    expect(progress(path)).toMatchObject([{ f: NAME, done: 0 }]);
  });

  it('starts over with no tables after a full sync, the old build stopped', async () => {
    const slices = new ManualSlices();
    openStore(slices.options(5));
    cache.upsert(infixUsers('o', 40));
    expect(ids('name:*even*').length).toBeGreaterThan(0);
    slices.runOne();
    const ingest = cache.beginFullSync();
    ingest.add(infixUsers('n', 20));
    await ingest.commit('2026-03-01T00:00:00.000Z');
    // The new file's postings, which a trigram table is built from, are built first.
    await cache.whenIdle();
    expect(progress(path)).toEqual([]);
    expect(readFile(path, `SELECT name FROM sqlite_master WHERE name = ?`, tableName(NAME))).toEqual([]);
    // The old file's build is cancelled; the new file's starts on its first infix search.
    expect(slices.pending).toBe(0);
    const scanned = ids('name:*even*');
    expect(scanned).toEqual(['auth0|n000003', 'auth0|n000004', 'auth0|n000012', 'auth0|n000013']);
    slices.runAll();
    expect(progress(path)).toMatchObject([{ f: NAME, done: 1 }]);
    expectTableExact(path, NAME);
    expect(ids('name:*even*')).toEqual(scanned);
  });

  it('logs a failed build, drops its table and keeps answering by the scan', () => {
    const warnings: string[] = [];
    const log: Logger = { ...silentLogger, warn: (message) => warnings.push(message) };
    const slices = new ManualSlices();
    openStore(slices.options(5), log);
    cache.upsert(infixUsers('f', 40));
    const scanned = ids('name:*robin*');
    slices.runOne();
    // The table vanishes under the build (as a damaged file would refuse it).
    const db = new DatabaseSync(path);
    db.exec(`DROP TABLE ${tableName(NAME)}`);
    db.close();
    slices.runAll();
    expect(warnings).toEqual([expect.stringContaining('could not build a trigram index')]);
    expect(progress(path)).toEqual([]);
    expect(ids('name:*robin*')).toEqual(scanned);
    // Not tried again while the cache stays open: the scan answers.
    expect(slices.pending).toBe(0);
    cache.upsert(infixUsers('g', 2));
    expect(ids('name:*robin*')).toEqual([...scanned, 'auth0|g000000', 'auth0|g000001'].sort());
  });

  it('gives the tables up rather than failing a write the tables refuse', () => {
    const warnings: string[] = [];
    const log: Logger = { ...silentLogger, warn: (message) => warnings.push(message) };
    const slices = new ManualSlices();
    openStore(slices.options(5), log);
    cache.upsert(infixUsers('h', 20));
    const scanned = ids('name:*robin*');
    slices.runOne();
    const db = new DatabaseSync(path);
    db.exec(`DROP TABLE ${tableName(NAME)}`);
    db.close();
    cache.upsert(infixUsers('i', 1));
    expect(warnings).toEqual([expect.stringContaining('trigram indexes given up')]);
    expect(cache.get('auth0|i000000')).toBeDefined();
    expect(progress(path)).toEqual([]);
    expect(ids('name:*robin*')).toEqual([...scanned, 'auth0|i000000'].sort());
    // Not built again while open (the file may still refuse it): the scan answers.
    slices.runAll();
    expect(progress(path)).toEqual([]);
    expect(ids('name:*robin*')).toEqual([...scanned, 'auth0|i000000'].sort());
    // Opened again, a search starts the table afresh, complete and exact once built.
    store.dispose();
    openStore(slices.options(5), log);
    expect(ids('name:*robin*')).toEqual([...scanned, 'auth0|i000000'].sort());
    slices.runAll();
    expectTableExact(path, NAME);
    expect(progress(path)).toMatchObject([{ f: NAME, done: 1 }]);
    expect(ids('name:*robin*')).toEqual([...scanned, 'auth0|i000000'].sort());
  });
});
