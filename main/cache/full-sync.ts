// A full sync builds the new cache in a separate file next to the live one, fast (no journal, no
// fsync until the end, one transaction), and only then swaps it in with one rename. The live file
// is never touched before that rename, so a crash or a kill at any moment of an ingest leaves the
// previous cache as it was, and it stays readable throughout; a leftover half-built file is
// deleted the next time the cache opens.
//
// The new file holds the users, as the export gave them, and is marked `indexPending`: their
// postings are built after the swap, in the background (posting-build.ts), while searches scan.
// So a sync is done when its users are stored: about as fast as the export can be parsed, where
// sorting some thirty postings per user into place used to take five times as long.
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { closeSync, openSync } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { User } from '../../common/auth0.ts';
import { removeWithSideFiles } from './cache-file.ts';
import { INDEX_PENDING_KEY } from './posting-build.ts';
import { createBulkTables, USER_ID_INDEX } from './schema.ts';
import { MalformedLineError } from './types.ts';

export function stagingPath(livePath: string): string {
  return `${livePath}.next`;
}

/** Users per INSERT: one call into SQLite for many rows (the rest of a batch in halves). */
const USERS_PER_INSERT = 64;

/**
 * A line's row, checked as it is inserted: `user_id` is the line's own when the line is a JSON
 * object with a non-empty text user_id, written once, and NULL otherwise, which the NOT NULL
 * column refuses. SQLite's JSON parser checks and reads the line (strict RFC 8259, as JSON.parse),
 * in C: faster than parsing it in JavaScript, which only the postings need, later
 * (posting-build.ts). The line comes as UTF-8 bytes and is stored as the text they are (CAST).
 *
 * Written once, because the line is stored as it came: SQLite reads the first of two `user_id`
 * keys and JSON.parse (every other reader: the postings, the window) the last, so such a line
 * would be indexed under one id and shown under the other. Auth0 never writes a key twice. The
 * test removes the first user_id and looks for another: on SQLite's binary form of the parse it
 * has already made, that costs a tenth of the insert (json_each over the keys cost half). (A key
 * JSON.parse must read to check, such as an IdP token's, is checked on the parsed line, which is
 * then stored as parsed: main/sync/full-sync.ts.)
 */
const CHECKED_ROW = `CASE WHEN json_valid(column2) THEN CASE WHEN json_type(column2) = 'object'
  AND json_type(column2, '$.user_id') = 'text'
  AND json_type(jsonb_remove(jsonb(column2), '$.user_id'), '$.user_id') IS NULL
  THEN nullif(column2 ->> '$.user_id', '') END END`;

/** Why a line is not a user, in the words of the export's error (export-ingest.ts). */
const WHY_NOT_A_USER = `SELECT CASE WHEN NOT json_valid(line) THEN 'it is not JSON'
  WHEN json_type(line) <> 'object' THEN 'it is not a user object'
  WHEN json_type(line, '$.user_id') IS NOT 'text' OR line ->> '$.user_id' = '' THEN 'it has no user_id'
  WHEN json_type(jsonb_remove(jsonb(line), '$.user_id'), '$.user_id') IS NOT NULL
    THEN 'its user_id is written more than once'
  END AS why
  FROM (SELECT CAST(? AS TEXT) AS line)`;

/** The new cache being built: add batches, then finish() (the user_id index, metadata) or discard(). */
export class StagedCache {
  readonly path: string;
  #db: DatabaseSync;
  /** INSERT statements by their number of rows: USERS_PER_INSERT, then halves down to 1. */
  #inserts = new Map<number, StatementSync>();
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
    this.#db.exec('PRAGMA cache_size = -8000');
    createBulkTables(this.#db);
  }

  /** Adds users already parsed (JSON.stringify gives their lines). */
  add(users: readonly User[]): void {
    this.addLines(users.map((user) => Buffer.from(JSON.stringify(user))));
  }

  /**
   * Adds an export's lines, each stored as it is. The whole ingest is one transaction (begun on
   * the first add, committed by finish()): a disposable file needs no point to go back to. Throws
   * MalformedLineError for a line that is not a user; after an error nothing more can be added:
   * the sync fails and discard() removes the file.
   */
  addLines(lines: readonly Uint8Array[]): void {
    if (this.#failed) throw new Error('This staged cache failed earlier: discard it');
    if (!this.#inTransaction) {
      this.#db.exec('BEGIN');
      this.#inTransaction = true;
    }
    let at = 0;
    try {
      for (let size = USERS_PER_INSERT; size >= 1; size >>= 1) {
        for (; lines.length - at >= size; at += size) this.#insert(lines, at, size);
      }
    } catch (error) {
      const malformed = this.#whyNotAUser(lines, at, error);
      this.#fail();
      throw malformed;
    }
  }

  #insert(lines: readonly Uint8Array[], at: number, size: number): void {
    let insert = this.#inserts.get(size);
    if (!insert) {
      const rows = new Array(size).fill('(?, CAST(? AS TEXT))').join(', ');
      insert = this.#db.prepare(
        `INSERT INTO users (rid, user_id, doc) SELECT column1, ${CHECKED_ROW}, column2 FROM (VALUES ${rows})`,
      );
      this.#inserts.set(size, insert);
    }
    const values: (number | Uint8Array)[] = new Array(size * 2);
    for (let index = 0; index < size; index++) {
      values[index * 2] = this.#nextRid + index;
      values[index * 2 + 1] = lines[at + index] as Uint8Array;
    }
    insert.run(...values);
    this.#nextRid += size;
  }

  /** The first line from `at` on that is not a user, as a MalformedLineError; else `error` itself. */
  #whyNotAUser(lines: readonly Uint8Array[], at: number, error: unknown): unknown {
    if (!this.#db.isOpen) return error;
    const why = this.#db.prepare(WHY_NOT_A_USER);
    for (let index = at; index < lines.length; index++) {
      const found = why.get(lines[index] as Uint8Array) as { why: string | null };
      if (found.why !== null) return new MalformedLineError(index, found.why);
    }
    return error;
  }

  #fail(): void {
    this.#failed = true;
    if (this.#inTransaction && this.#db.isOpen) this.#db.exec('ROLLBACK');
    this.#inTransaction = false;
  }

  /**
   * Builds the user_id index, records the sync, marks the postings pending and closes the file.
   * Rejects with `stopped()`'s error when it says to stop (the sync was cancelled, the cache closed).
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
    try {
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
      setMeta.run(INDEX_PENDING_KEY, 'true');
      db.exec('COMMIT');
      this.#inTransaction = false;
      onProgress?.(1, 1);
    } catch (error) {
      this.#fail();
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
