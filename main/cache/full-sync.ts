// A full sync builds the new cache in a separate file next to the live one, fast (no journal, no
// fsync per transaction, postings appended unsorted and sorted once at the end), and only then
// swaps it in with one rename. The live file is never touched before that rename, so a crash or a
// kill at any moment of an ingest leaves the previous cache as it was, and it stays readable
// throughout; a leftover half-built file is deleted the next time the cache opens.
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { closeSync, openSync } from 'node:fs';
import type { User } from '../../common/auth0.ts';
import { MetadataCatalog } from './catalog.ts';
import { removeWithSideFiles } from './cache-file.ts';
import { createBulkTables, USER_ID_INDEX } from './schema.ts';
import { repeatedFields, type StoredValue } from './postings.ts';
import { postingsOf } from './user-writer.ts';

export function stagingPath(livePath: string): string {
  return `${livePath}.next`;
}

/** Where the staged cache keeps its unsorted postings until finish(). */
export function scratchPath(stagedPath: string): string {
  return `${stagedPath}.scratch`;
}

/** The new cache being built: add batches, then finish() (sorted postings, indexes, metadata) or discard(). */
export class StagedCache {
  readonly path: string;
  #db: DatabaseSync;
  #catalog: MetadataCatalog;
  #insertUser: StatementSync;
  #postings: RowStager;
  #reversed: RowStager;
  #nextRid = 1;
  #failed = false;
  /** Whether the ingest's transaction is open. */
  #inTransaction = false;

  constructor(livePath: string) {
    this.path = stagingPath(livePath);
    removeWithSideFiles(this.path);
    closeSync(openSync(this.path, 'wx', 0o600));
    this.#db = new DatabaseSync(this.path);
    // A disposable file: nothing to recover if this process dies, so no journal and no fsync
    // until finish() (the caller fsyncs the finished file before renaming it into place).
    this.#db.exec('PRAGMA journal_mode = OFF');
    this.#db.exec('PRAGMA synchronous = OFF');
    this.#db.exec('PRAGMA locking_mode = EXCLUSIVE');
    this.#db.exec('PRAGMA temp_store = FILE');
    // 8 MB: the load appends and the final sort streams, so a larger cache only added RSS
    // (32 MB cost about 45 MB more at 100k users and was no faster).
    this.#db.exec('PRAGMA cache_size = -8000');
    createBulkTables(this.#db);
    // Postings are appended unsorted to tables in a scratch file beside it (so that the cache file
    // keeps no free pages from them) and sorted into their tables once, at the end.
    removeWithSideFiles(scratchPath(this.path));
    closeSync(openSync(scratchPath(this.path), 'wx', 0o600));
    this.#db.prepare('ATTACH DATABASE ? AS scratch').run(scratchPath(this.path));
    this.#db.exec('PRAGMA scratch.journal_mode = OFF');
    this.#db.exec('PRAGMA scratch.synchronous = OFF');
    this.#db.exec('PRAGMA scratch.cache_size = -8000');
    this.#db.exec('CREATE TABLE scratch.postings (f INTEGER NOT NULL, v, rid INTEGER NOT NULL)');
    this.#db.exec('CREATE TABLE scratch.reversed (f INTEGER NOT NULL, v TEXT NOT NULL, rid INTEGER NOT NULL)');
    this.#catalog = new MetadataCatalog(this.#db);
    this.#insertUser = this.#db.prepare('INSERT INTO users (rid, user_id, doc) VALUES (?, ?, ?)');
    this.#postings = new RowStager(this.#db, 'scratch.postings');
    this.#reversed = new RowStager(this.#db, 'scratch.reversed');
  }

  /**
   * Adds users to the staged file. The whole ingest is one transaction (begun on the first add,
   * committed by finish()): a disposable file needs no point to go back to, and committing every
   * batch wrote its dirty pages again and again. After an error nothing more can be added: the
   * sync fails and discard() removes the file.
   */
  add(users: readonly User[]): void {
    if (this.#failed) throw new Error('This staged cache failed earlier: discard it');
    if (!this.#inTransaction) {
      this.#db.exec('BEGIN');
      this.#inTransaction = true;
    }
    try {
      for (const user of users) {
        if (typeof user?.user_id !== 'string' || user.user_id === '') {
          throw new TypeError('A user in the export has no user_id');
        }
        const rid = this.#nextRid++;
        this.#insertUser.run(rid, user.user_id, JSON.stringify(user));
        const { fields, values, reversedFields, reversedValues } = postingsOf(user, this.#catalog);
        this.#catalog.markMultiValued(repeatedFields(fields));
        for (let index = 0; index < fields.length; index++) {
          this.#postings.add(fields[index] as number, values[index] as StoredValue, rid);
        }
        for (let index = 0; index < reversedFields.length; index++) {
          this.#reversed.add(reversedFields[index] as number, reversedValues[index] as string, rid);
        }
      }
    } catch (error) {
      this.#failed = true;
      this.#inTransaction = false;
      this.#postings.drop();
      this.#reversed.drop();
      this.#db.exec('ROLLBACK');
      this.#catalog.reload(this.#db);
      throw error;
    }
  }

  /** Sorts the postings into their tables, builds the indexes, records the sync and closes the file. */
  finish(meta: Record<string, string>): void {
    if (this.#failed) throw new Error('This staged cache failed earlier: discard it');
    const db = this.#db;
    if (!this.#inTransaction) db.exec('BEGIN');
    this.#inTransaction = false;
    try {
      this.#postings.flush();
      this.#reversed.flush();
      // OR IGNORE: a value repeated in one user's array is one posting.
      db.exec(
        'INSERT OR IGNORE INTO main.postings (f, v, rid) SELECT f, v, rid FROM scratch.postings ORDER BY 1, 2, 3',
      );
      db.exec(
        'INSERT OR IGNORE INTO main.reversed (f, v, rid) SELECT f, v, rid FROM scratch.reversed ORDER BY 1, 2, 3',
      );
      try {
        db.exec(USER_ID_INDEX);
      } catch (error) {
        const duplicate = db.prepare('SELECT user_id FROM users GROUP BY user_id HAVING count(*) > 1 LIMIT 1').get() as
          { user_id: string } | undefined;
        if (duplicate) {
          throw new Error(`The export holds the user ${duplicate.user_id} more than once`, { cause: error });
        }
        throw error;
      }
      const setMeta = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
      for (const [key, value] of Object.entries(meta)) setMeta.run(key, value);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
    db.exec('DETACH DATABASE scratch');
    removeWithSideFiles(scratchPath(this.path));
    db.exec('PRAGMA journal_mode = DELETE');
    db.close();
  }

  discard(): void {
    if (this.#db.isOpen) this.#db.close();
    removeWithSideFiles(this.path);
    removeWithSideFiles(scratchPath(this.path));
  }
}

/** Rows per INSERT of the staging tables: one call into SQLite for many rows. */
const ROWS_PER_INSERT = 128;

/** Appends (field, value, rid) rows to a staging table, many rows per statement. */
class RowStager {
  #many: StatementSync;
  #one: StatementSync;
  #row: StoredValue[] = new Array(ROWS_PER_INSERT * 3);
  #count = 0;

  constructor(db: DatabaseSync, table: string) {
    this.#many = db.prepare(
      `INSERT INTO ${table} (f, v, rid) VALUES ${new Array(ROWS_PER_INSERT).fill('(?, ?, ?)').join(', ')}`,
    );
    this.#one = db.prepare(`INSERT INTO ${table} (f, v, rid) VALUES (?, ?, ?)`);
  }

  add(field: number, value: StoredValue, rid: number): void {
    const at = this.#count * 3;
    this.#row[at] = field;
    this.#row[at + 1] = value;
    this.#row[at + 2] = rid;
    if (++this.#count === ROWS_PER_INSERT) {
      this.#many.run(...this.#row);
      this.#count = 0;
    }
  }

  /** Writes the rows still held (within the ingest's transaction). */
  flush(): void {
    for (let index = 0; index < this.#count; index++) {
      this.#one.run(
        this.#row[index * 3] as number,
        this.#row[index * 3 + 1] as StoredValue,
        this.#row[index * 3 + 2] as number,
      );
    }
    this.#count = 0;
  }

  /** Forgets the rows still held (the ingest is rolled back). */
  drop(): void {
    this.#count = 0;
  }
}
