// Opening a tenant's cache file safely. A file that is not a healthy Roster cache of this version
// (empty, not SQLite, another program's database, corrupt or truncated, or written by a newer
// Roster) is never used and never deleted: it is renamed aside, the cache starts empty, and the
// caller tells the admin where the old file went.
import { closeSync, existsSync, fsyncSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { registerFunctions } from './functions.ts';
import { APPLICATION_ID, applicationId, migrate, SCHEMA_VERSION, userVersion } from './schema.ts';

const SQLITE_HEADER = 'SQLite format 3\u0000';
export const SIDE_FILES = ['-wal', '-shm', '-journal'];

export interface OpenedCacheFile {
  db: DatabaseSync;
  recovered?: { reason: string; setAsidePath: string };
}

/**
 * Opens (creating when missing, mode 0600) a live cache database in WAL mode at the current schema.
 * `builtHere`: the file is one this process has just finished and fsynced (a full sync's), so the
 * check of every page (about a second at 100k users) is skipped.
 */
export function openCacheFile(path: string, now: () => number, builtHere = false): OpenedCacheFile {
  let recovered: OpenedCacheFile['recovered'];
  if (!builtHere && existsSync(path)) {
    const problem = diagnose(path);
    if (problem) recovered = { reason: problem, setAsidePath: setAside(path, now()) };
  }
  if (!existsSync(path)) closeSync(openSync(path, 'wx', 0o600));
  const db = new DatabaseSync(path);
  try {
    configureLive(db);
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return recovered ? { db, recovered } : { db };
}

export function configureLive(db: DatabaseSync): void {
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('PRAGMA temp_store = MEMORY');
  // 8 MB: searches read their row sets once and keep them in memory (match-sets.ts), so a larger
  // page cache only added RSS (16 MB cost about 50 MB more at 100k users).
  db.exec('PRAGMA cache_size = -8000');
  // A user deleted or rewritten through Roster leaves no bytes behind: SQLite zeroes the space a
  // row gave up and every page it frees, instead of only unlinking them, so a copy of the file
  // cannot read removed users back. (The WAL's older frames: SqliteUserCache.remove.)
  db.exec('PRAGMA secure_delete = ON');
  registerFunctions(db);
}

/** Why the file cannot be used as this version's cache, in a sentence for the admin; null when it can. */
export function diagnose(path: string): string | null {
  if (statSync(path).size === 0) return 'The offline cache file was empty.';
  const header = Buffer.alloc(16);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString('latin1') !== SQLITE_HEADER) return 'The offline cache file was not a database.';
  let db: DatabaseSync | undefined;
  try {
    // Read-write: a cache left by a crash has a WAL to recover, which a read-only open cannot.
    db = new DatabaseSync(path);
    const check = db.prepare('PRAGMA quick_check').all() as { quick_check: string }[];
    const first = check[0]?.quick_check;
    if (first !== 'ok') return `The offline cache file was damaged (${first ?? 'no answer from the check'}).`;
    const version = userVersion(db);
    const application = applicationId(db);
    if (application !== APPLICATION_ID) {
      return application === 0 && version === 0 && !hasTables(db)
        ? 'The offline cache file was empty.'
        : 'The offline cache file belonged to another program.';
    }
    if (version > SCHEMA_VERSION) return 'The offline cache file was written by a newer version of Roster.';
    return null;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return `The offline cache file was damaged (${detail}).`;
  } finally {
    db?.close();
  }
}

function hasTables(db: DatabaseSync): boolean {
  return db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' LIMIT 1").get() !== undefined;
}

/** Renames the file (and its WAL and shared-memory files) to `<path>.set-aside-<time>`. */
export function setAside(path: string, time: number): string {
  const stamp = new Date(time).toISOString().replace(/[:.]/g, '-');
  let target = `${path}.set-aside-${stamp}`;
  for (let n = 2; existsSync(target); n++) target = `${path}.set-aside-${stamp}-${n}`;
  renameSync(path, target);
  for (const suffix of SIDE_FILES) if (existsSync(path + suffix)) renameSync(path + suffix, target + suffix);
  return target;
}

export function removeWithSideFiles(path: string): void {
  for (const file of [path, ...SIDE_FILES.map((suffix) => path + suffix)]) rmSync(file, { force: true });
}

export function fsyncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
