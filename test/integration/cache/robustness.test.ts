// The cache against what can be found on disk: damaged, truncated, foreign, empty and newer files
// are set aside (never used, never deleted) and the cache starts empty, saying why; a half-built
// full sync is discarded; permissions are the user's alone; forget() deletes every file.
import { existsSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteUserCacheStore } from '../../../main/cache/index.ts';
import { stagingPath } from '../../../main/cache/full-sync.ts';
import { SCHEMA_VERSION } from '../../../main/cache/schema.ts';
import { silentLogger } from '../../../main/log.ts';
import { integrityOf, makeUsers, temporaryCacheDirectory } from './cache-files.ts';

const TENANT = 'ten_robustness000000';
let directory: string;
let store: SqliteUserCacheStore;
let path: string;

beforeEach(() => {
  directory = temporaryCacheDirectory('cache-robustness');
  store = new SqliteUserCacheStore({ directory, log: silentLogger, clock: { now: () => Date.UTC(2026, 0, 2) } });
  path = store.pathOf(TENANT);
});

afterEach(() => {
  store.dispose();
  rmSync(directory, { recursive: true, force: true });
});

/** A healthy cache of `count` users, closed. */
async function writeHealthyCache(count = 400): Promise<void> {
  const cache = store.open(TENANT);
  const ingest = cache.beginFullSync();
  ingest.add(makeUsers('old', count));
  await ingest.commit('2026-01-01T00:00:00.000Z');
  cache.close();
}

/** Opens the file again and expects a fresh, empty, working cache that says why. */
function expectSetAside(reason: RegExp, original: Buffer): void {
  const cache = store.open(TENANT);
  const state = cache.state();
  expect(state.recovered?.reason).toMatch(reason);
  expect(state.userCount).toBe(0);
  expect(state.complete).toBe(false);
  const aside = state.recovered?.setAsidePath as string;
  expect(aside.startsWith(`${path}.set-aside-`)).toBe(true);
  // The old file is kept as it was, for the admin to inspect.
  expect(readFileSync(aside).equals(original)).toBe(true);
  cache.upsert(makeUsers('new', 3));
  expect(cache.search({ q: 'email:new1@example.com', page: 0, perPage: 10 }).total).toBe(1);
  cache.close();
  expect(integrityOf(path)).toBe('ok');
  // Once rebuilt, the next open is a plain one.
  expect(store.open(TENANT).state().recovered).toBeUndefined();
}

describe('opening a cache file', () => {
  it('keeps a healthy cache, with its users and sync times', async () => {
    await writeHealthyCache();
    const state = store.open(TENANT).state();
    expect(state).toMatchObject({
      userCount: 400,
      complete: true,
      fullSyncAt: '2026-01-01T00:00:00.000Z',
      syncedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(state.recovered).toBeUndefined();
  });

  it('sets aside a damaged file', async () => {
    await writeHealthyCache();
    const bytes = readFileSync(path);
    // Overwrite the b-tree pages after the schema page with garbage (a page size of 65536 is written 1).
    const pageSize = bytes.readUInt16BE(16) === 1 ? 65536 : bytes.readUInt16BE(16);
    for (let at = pageSize; at < Math.min(bytes.length, pageSize * 12); at++) bytes[at] = (at * 7) & 0xff;
    writeFileSync(path, bytes);
    expectSetAside(/damaged/, bytes);
  });

  it('sets aside a truncated file', async () => {
    await writeHealthyCache();
    truncateSync(path, Math.floor(statSync(path).size / 2));
    expectSetAside(/damaged/, readFileSync(path));
  });

  it('sets aside another program’s SQLite database', () => {
    const db = new DatabaseSync(path);
    db.exec('CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES (1)');
    db.close();
    expectSetAside(/another program/, readFileSync(path));
  });

  it('sets aside a file that is not a database', () => {
    writeFileSync(path, 'user_id,email\nauth0|1,a@example.com\n');
    expectSetAside(/not a database/, readFileSync(path));
  });

  it('sets aside an empty file', () => {
    writeFileSync(path, '');
    expectSetAside(/empty/, readFileSync(path));
  });

  it('sets aside a cache written by a newer Roster', async () => {
    await writeHealthyCache();
    const db = new DatabaseSync(path);
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expectSetAside(/newer version of Roster/, readFileSync(path));
  });

  it('discards a full sync that a crash left half built, and keeps the cache', async () => {
    await writeHealthyCache(50);
    writeFileSync(stagingPath(path), 'half a database');
    const cache = store.open(TENANT);
    expect(existsSync(stagingPath(path))).toBe(false);
    expect(cache.state()).toMatchObject({ userCount: 50, complete: true });
  });

  it('makes the directory and every file readable by the user alone', async () => {
    await writeHealthyCache(10);
    const cache = store.open(TENANT);
    cache.upsert(makeUsers('more', 2));
    expect(statSync(directory).mode & 0o777).toBe(0o700);
    for (const name of readdirSync(directory)) {
      expect(statSync(join(directory, name)).mode & 0o777, name).toBe(0o600);
    }
  });
});

describe('full sync, abort and forget', () => {
  it('keeps the previous cache readable and unchanged until commit, and drops users missing from the new export', async () => {
    await writeHealthyCache(100);
    const cache = store.open(TENANT);
    const ingest = cache.beginFullSync();
    ingest.add(makeUsers('new', 30));
    expect(cache.state().userCount).toBe(100);
    expect(cache.search({ q: 'email:new1@example.com', page: 0, perPage: 10 }).total).toBe(0);
    await ingest.commit('2026-01-03T00:00:00.000Z');
    expect(cache.state()).toMatchObject({ userCount: 30, fullSyncAt: '2026-01-03T00:00:00.000Z' });
    expect(cache.get('auth0|old000001')).toBeUndefined();
    expect(cache.search({ q: 'email:new1@example.com', page: 0, perPage: 10 }).total).toBe(1);
  });

  it('abort leaves the previous cache as it was', async () => {
    await writeHealthyCache(100);
    const cache = store.open(TENANT);
    const ingest = cache.beginFullSync();
    ingest.add(makeUsers('new', 30));
    ingest.abort();
    expect(existsSync(stagingPath(path))).toBe(false);
    expect(cache.state()).toMatchObject({ userCount: 100, fullSyncAt: '2026-01-01T00:00:00.000Z' });
    await expect(ingest.commit('2026-01-04T00:00:00.000Z')).rejects.toThrow(/already ended/);
  });

  it('applies write-through made during a full sync on top of the new data', async () => {
    await writeHealthyCache(10);
    const cache = store.open(TENANT);
    const ingest = cache.beginFullSync();
    ingest.add(makeUsers('old', 10));
    const renamed = { ...makeUsers('old', 1)[0], name: 'Renamed During Sync' };
    cache.upsert([renamed as never]);
    cache.remove('auth0|old000002');
    await ingest.commit('2026-01-05T00:00:00.000Z');
    expect(cache.get('auth0|old000000')?.name).toBe('Renamed During Sync');
    expect(cache.get('auth0|old000002')).toBeUndefined();
    expect(cache.state().userCount).toBe(9);
  });

  it('keeps answering from the previous data until the swap, and replays writes made meanwhile', async () => {
    await writeHealthyCache(100);
    const cache = store.open(TENANT);
    const ingest = cache.beginFullSync();
    ingest.add(makeUsers('new', 300));
    let committed = false;
    const steps: [number, number][] = [];
    const commit = ingest
      .commit('2026-01-06T00:00:00.000Z', { onProgress: (done, total) => steps.push([done, total]) })
      .then(() => (committed = true));
    // The commit yields once before it builds the user_id index: reads and writes meet the previous data.
    expect(committed).toBe(false);
    expect(cache.state().userCount).toBe(100);
    expect(cache.search({ q: 'email:old1@example.com', page: 0, perPage: 10 }).total).toBe(1);
    cache.upsert([{ ...(makeUsers('new', 1)[0] as object), name: 'Written While Committing' } as never]);
    await commit;
    expect(steps).toEqual([[1, 1]]);
    const state = cache.state();
    expect(state).toMatchObject({ userCount: 300, fullSyncAt: '2026-01-06T00:00:00.000Z' });
    // The new data is in place; its postings are being built, and searches answer alike meanwhile.
    expect(state.indexing).not.toBeNull();
    expect(cache.get('auth0|new000000')?.name).toBe('Written While Committing');
    const searches = [
      { q: 'name:"Written While Committing"', page: 0, perPage: 10 },
      { q: 'email:old1@example.com', page: 0, perPage: 10 },
      { q: 'email:new1*', page: 0, perPage: 10, sort: 'email:-1' },
    ];
    const whileBuilding = searches.map((args) => cache.search(args));
    expect(whileBuilding.map((result) => result.total)).toEqual([1, 0, 111]);
    await cache.whenIdle();
    expect(cache.state().indexing).toBeNull();
    expect(searches.map((args) => cache.search(args))).toEqual(whileBuilding);
  });

  it('stops when the sync is cancelled or aborted before the swap, and keeps the previous cache', async () => {
    await writeHealthyCache(100);
    const cache = store.open(TENANT);
    for (const stop of ['cancel', 'abort'] as const) {
      const ingest = cache.beginFullSync();
      ingest.add(makeUsers('new', 300));
      const controller = new AbortController();
      const commit = ingest.commit('2026-01-07T00:00:00.000Z', { signal: controller.signal });
      if (stop === 'cancel') controller.abort();
      else ingest.abort();
      await expect(commit).rejects.toThrow(stop === 'cancel' ? /cancelled/ : /aborted/);
      expect(existsSync(stagingPath(path)), stop).toBe(false);
      expect(cache.state(), stop).toMatchObject({ userCount: 100, fullSyncAt: '2026-01-01T00:00:00.000Z' });
      expect(cache.get('auth0|old000001')?.user_id, stop).toBe('auth0|old000001');
    }
    // A sync after both runs to the end.
    const ingest = cache.beginFullSync();
    ingest.add(makeUsers('new', 5));
    await ingest.commit('2026-01-08T00:00:00.000Z');
    expect(cache.state().userCount).toBe(5);
  });

  it('forget closes the cache and deletes its files, set-aside ones included', () => {
    writeFileSync(path, 'not a database');
    store.open(TENANT).upsert(makeUsers('x', 5));
    expect(readdirSync(directory).length).toBeGreaterThan(1);
    store.forget(TENANT);
    expect(readdirSync(directory)).toEqual([]);
    // Opening again starts a new, empty cache.
    expect(store.open(TENANT).state().userCount).toBe(0);
  });

  it('refuses a tenant id that is not one', () => {
    expect(() => store.open('../escape')).toThrow(/Not a tenant id/);
  });
});
