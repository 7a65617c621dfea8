// A full sync builds the new cache in a separate file next to the live one, fast (no journal, no
// fsync per transaction, postings appended unsorted and sorted at the end, one field at a time
// with the event loop free between fields), and only then swaps it in with one rename. The live
// file is never touched before that rename, so a crash or a kill at any moment of an ingest
// leaves the previous cache as it was, and it stays readable throughout; a leftover half-built
// file is deleted the next time the cache opens.
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { closeSync, openSync } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
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
  /** Each field's unsorted postings (and reversed texts), in a table of its own in the scratch file. */
  #postings = new Map<number, RowStager>();
  #reversed = new Map<number, RowStager>();
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
    // keeps no free pages from them), a table per field, and sorted into their tables at the end.
    removeWithSideFiles(scratchPath(this.path));
    closeSync(openSync(scratchPath(this.path), 'wx', 0o600));
    this.#db.prepare('ATTACH DATABASE ? AS scratch').run(scratchPath(this.path));
    this.#db.exec('PRAGMA scratch.journal_mode = OFF');
    this.#db.exec('PRAGMA scratch.synchronous = OFF');
    this.#db.exec('PRAGMA scratch.cache_size = -8000');
    this.#catalog = new MetadataCatalog(this.#db);
    this.#insertUser = this.#db.prepare('INSERT INTO users (rid, user_id, doc) VALUES (?, ?, ?)');
  }

  #stager(stagers: Map<number, RowStager>, prefix: 'p' | 'r', field: number): RowStager {
    let stager = stagers.get(field);
    if (!stager) {
      const table = `scratch.${prefix}${field}`;
      this.#db.exec(`CREATE TABLE ${table} (v, rid INTEGER NOT NULL)`);
      stager = new RowStager(this.#db, table);
      stagers.set(field, stager);
    }
    return stager;
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
          this.#stager(this.#postings, 'p', fields[index] as number).add(values[index] as StoredValue, rid);
        }
        for (let index = 0; index < reversedFields.length; index++) {
          this.#stager(this.#reversed, 'r', reversedFields[index] as number).add(reversedValues[index] as string, rid);
        }
      }
    } catch (error) {
      this.#fail();
      throw error;
    }
  }

  #fail(): void {
    this.#failed = true;
    this.#postings.clear();
    this.#reversed.clear();
    if (this.#inTransaction && this.#db.isOpen) {
      this.#inTransaction = false;
      this.#db.exec('ROLLBACK');
      this.#catalog.reload(this.#db);
    }
    this.#inTransaction = false;
  }

  /**
   * Sorts the postings into their tables, builds the indexes, records the sync and closes the file.
   * Each field's sorted load is one statement, and the event loop turns between them, so that the
   * process keeps answering (from the live cache) while a large tenant's postings are sorted: the
   * longest hold is the largest field's sort, instead of every field's at once. `onProgress` hears
   * the steps done of all (each field's load, then the indexes). Rejects with `stopped()`'s error
   * when it says to stop between fields (the sync was cancelled, the cache closed).
   */
  async finish(
    meta: Record<string, string>,
    options: { stopped?: () => Error | null; onProgress?: (done: number, total: number) => void } = {},
  ): Promise<void> {
    const { stopped = () => null, onProgress } = options;
    if (this.#failed) throw new Error('This staged cache failed earlier: discard it');
    const db = this.#db;
    if (!this.#inTransaction) {
      db.exec('BEGIN');
      this.#inTransaction = true;
    }
    const total = this.#postings.size + this.#reversed.size + 1;
    let done = 0;
    try {
      for (const [table, stagers, prefix] of [
        ['postings', this.#postings, 'p'],
        ['reversed', this.#reversed, 'r'],
      ] as const) {
        // In field order, so that each load appends to the table's b-tree (its key is f, v, rid).
        for (const field of [...stagers.keys()].sort((left, right) => left - right)) {
          await nextTurn();
          const reason = stopped() ?? (db.isOpen ? null : new Error('The staged cache was closed'));
          if (reason) throw reason;
          (stagers.get(field) as RowStager).flush();
          // OR IGNORE: a value repeated in one user's array is one posting.
          db.exec(
            `INSERT OR IGNORE INTO main.${table} (f, v, rid) SELECT ${field}, v, rid FROM scratch.${prefix}${field} ORDER BY 1, 2, 3`,
          );
          onProgress?.(++done, total);
        }
      }
      await nextTurn();
      const reason = stopped() ?? (db.isOpen ? null : new Error('The staged cache was closed'));
      if (reason) throw reason;
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
      this.#inTransaction = false;
      onProgress?.(total, total);
    } catch (error) {
      this.#fail();
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

/** Appends (value, rid) rows to one field's staging table, many rows per statement. */
class RowStager {
  #many: StatementSync;
  #one: StatementSync;
  #row: StoredValue[] = new Array(ROWS_PER_INSERT * 2);
  #count = 0;

  constructor(db: DatabaseSync, table: string) {
    this.#many = db.prepare(
      `INSERT INTO ${table} (v, rid) VALUES ${new Array(ROWS_PER_INSERT).fill('(?, ?)').join(', ')}`,
    );
    this.#one = db.prepare(`INSERT INTO ${table} (v, rid) VALUES (?, ?)`);
  }

  add(value: StoredValue, rid: number): void {
    const at = this.#count * 2;
    this.#row[at] = value;
    this.#row[at + 1] = rid;
    if (++this.#count === ROWS_PER_INSERT) {
      this.#many.run(...this.#row);
      this.#count = 0;
    }
  }

  /** Writes the rows still held (within the ingest's transaction). */
  flush(): void {
    for (let index = 0; index < this.#count; index++) {
      this.#one.run(this.#row[index * 2] as StoredValue, this.#row[index * 2 + 1] as number);
    }
    this.#count = 0;
  }
}
