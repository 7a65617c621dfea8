// The cache database: one SQLite file per tenant. Users are kept as Auth0 returned them (`doc`,
// the JSON text) under an integer row id; searching reads only the covering posting tables, whose
// primary key is the whole row, so every lookup is an index range and no table row is touched.
import type { DatabaseSync } from 'node:sqlite';
import { inTransaction } from './transaction.ts';

/** Identifies a Roster cache among SQLite files ('Rstr'). */
export const APPLICATION_ID = 0x52737472;
/** Bump with a migration below when the layout changes. */
export const SCHEMA_VERSION = 2;

/**
 * Fields with an FTS5 trigram table (trigrams.ts), started on first use and filled in slices: how
 * far the build has come (the last posting (v, rid) it put in the table) and whether it is done;
 * and which rows of those tables hold each user's values (a write replaces them).
 */
const TRIGRAM_TABLES = `
  CREATE TABLE IF NOT EXISTS trigram_fields (
    f INTEGER PRIMARY KEY,
    done INTEGER NOT NULL DEFAULT 0,
    after_v TEXT NOT NULL DEFAULT '',
    after_rid INTEGER NOT NULL DEFAULT -1
  );
  CREATE TABLE IF NOT EXISTS trigram_rows (f INTEGER NOT NULL, rid INTEGER NOT NULL, row INTEGER NOT NULL, PRIMARY KEY (f, rid, row)) WITHOUT ROWID;
`;

const TABLES = `
  CREATE TABLE IF NOT EXISTS users (
    rid INTEGER PRIMARY KEY,
    user_id TEXT NOT NULL,
    doc TEXT NOT NULL
  );
  -- field, value, row: every value Auth0 indexes (postings.ts).
  CREATE TABLE IF NOT EXISTS postings (f INTEGER NOT NULL, v, rid INTEGER NOT NULL, PRIMARY KEY (f, v, rid)) WITHOUT ROWID;
  -- The same text reversed, so that a suffix wildcard (*son) is a prefix range.
  CREATE TABLE IF NOT EXISTS reversed (f INTEGER NOT NULL, v TEXT NOT NULL, rid INTEGER NOT NULL, PRIMARY KEY (f, v, rid)) WITHOUT ROWID;
  -- Interned metadata paths.
  CREATE TABLE IF NOT EXISTS fields (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
  CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
  ${TRIGRAM_TABLES}
`;

/** Built after a bulk load (faster than keeping it up to date row by row). */
export const USER_ID_INDEX = 'CREATE UNIQUE INDEX IF NOT EXISTS users_user_id ON users (user_id)';

/** Migrations from version `index` to `index + 1`. */
const MIGRATIONS: ((db: DatabaseSync) => void)[] = [
  (db) => {
    db.exec(TABLES);
    db.exec(USER_ID_INDEX);
  },
  // 2: infix wildcards through trigram tables.
  (db) => db.exec(TRIGRAM_TABLES),
];

export function userVersion(db: DatabaseSync): number {
  return Number((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version);
}

export function applicationId(db: DatabaseSync): number {
  return Number((db.prepare('PRAGMA application_id').get() as { application_id: number }).application_id);
}

/** Brings a database at an older (or no) version up to SCHEMA_VERSION, in one transaction. */
export function migrate(db: DatabaseSync): void {
  const from = userVersion(db);
  if (from >= SCHEMA_VERSION) return;
  inTransaction(db, () => {
    for (let version = from; version < SCHEMA_VERSION; version++) MIGRATIONS[version]?.(db);
    db.exec(`PRAGMA application_id = ${APPLICATION_ID}`);
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
  });
}

/** The tables of a full sync's new file, without the index that is built after its load. */
export function createBulkTables(db: DatabaseSync): void {
  // 16 KiB pages (a full sync's file; SQLite's default is 4 KiB): users' JSON (about 900 bytes
  // each) is stored with fewer pages to write; a 100k-user ingest took 0.65 instead of 0.85 s.
  // 64 KiB pages were no faster and kept about 70 MB more resident.
  db.exec('PRAGMA page_size = 16384');
  db.exec(TABLES);
  db.exec(`PRAGMA application_id = ${APPLICATION_ID}`);
  db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
}
