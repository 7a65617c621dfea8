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

/** The new cache being built: add batches, then finish() (sorted postings, indexes, metadata) or discard(). */
export class StagedCache {
  readonly path: string;
  #db: DatabaseSync;
  #catalog: MetadataCatalog;
  #insertUser: StatementSync;
  #insertStage: StatementSync;
  #nextRid = 1;

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
    // One staged row per user: its postings packed as JSON, unpacked by SQLite at the end
    // (one call into SQLite per user instead of one per posting).
    this.#db.exec('CREATE TABLE stage (rid INTEGER PRIMARY KEY, postings TEXT NOT NULL, reversed TEXT NOT NULL)');
    this.#catalog = new MetadataCatalog(this.#db);
    this.#insertUser = this.#db.prepare('INSERT INTO users (rid, user_id, doc) VALUES (?, ?, ?)');
    this.#insertStage = this.#db.prepare('INSERT INTO stage (rid, postings, reversed) VALUES (?, ?, ?)');
  }

  add(users: readonly User[]): void {
    this.#db.exec('BEGIN');
    try {
      for (const user of users) {
        if (typeof user?.user_id !== 'string' || user.user_id === '') {
          throw new TypeError('A user in the export has no user_id');
        }
        const rid = this.#nextRid++;
        this.#insertUser.run(rid, user.user_id, JSON.stringify(user));
        const { fields, values, reversedFields, reversedValues } = postingsOf(user, this.#catalog);
        this.#catalog.markMultiValued(repeatedFields(fields));
        this.#insertStage.run(rid, packPostings(fields, values), packPostings(reversedFields, reversedValues));
      }
      this.#db.exec('COMMIT');
    } catch (error) {
      this.#db.exec('ROLLBACK');
      this.#catalog.reload(this.#db);
      throw error;
    }
  }

  /** Sorts the postings into their tables, builds the indexes, records the sync and closes the file. */
  finish(meta: Record<string, string>): void {
    const db = this.#db;
    db.exec('BEGIN');
    try {
      db.exec(`INSERT OR IGNORE INTO postings (f, v, rid) ${unpack('postings')} ORDER BY 1, 2, 3`);
      db.exec(`INSERT OR IGNORE INTO reversed (f, v, rid) ${unpack('reversed')} ORDER BY 1, 2, 3`);
      db.exec('DROP TABLE stage');
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
    db.exec('PRAGMA journal_mode = DELETE');
    db.close();
  }

  discard(): void {
    if (this.#db.isOpen) this.#db.close();
    removeWithSideFiles(this.path);
  }
}

/**
 * Postings as a JSON array of [field, value] pairs; a boolean (stored as a one-byte blob) is
 * written as JSON true or false, which unpack() turns back into the blob.
 */
function packPostings(fields: readonly number[], values: readonly StoredValue[]): string {
  const packed: [number, number | string | boolean][] = new Array(fields.length);
  for (let index = 0; index < fields.length; index++) {
    const value = values[index] as StoredValue;
    packed[index] = [fields[index] as number, typeof value === 'object' ? value[0] === 1 : value];
  }
  return JSON.stringify(packed);
}

/** (f, v, rid) rows of every staged user's packed postings in `column`. */
function unpack(column: 'postings' | 'reversed'): string {
  return `SELECT p.value ->> 0, CASE json_type(p.value, '$[1]') WHEN 'true' THEN x'01' WHEN 'false' THEN x'00'
    ELSE p.value ->> 1 END, s.rid FROM stage s, json_each(s.${column}) p`;
}
