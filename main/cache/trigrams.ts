// Infix wildcards (`*son*`, `email:*@corp.*`) as index lookups: one FTS5 trigram table per field,
// whose MATCH finds the values holding every segment of three characters or more; the exact
// wildcard check then runs on those values only, instead of on every value of the field.
//
// A full sync builds none (it would add to every sync for searches that are rare): a field's
// table is asked for the first time an infix search meets it and filled in the background, a
// slice at a time (trigram-builder.ts), walking the field's postings in index order from a resume
// key kept in `trigram_fields` and merging its index in bounded steps; searches scan the values
// until the table is done. From the moment a table exists every write keeps it up to date
// (user-writer.ts), until the next full sync.
//
// Why a table in progress stays exact: a write deletes the user's rows in every field that has a
// table and inserts all of its current text values, whether or not the build has reached them.
// A value the build has passed is there by the write; one it has not reached yet is there by the
// write now and again when the build reaches it (a duplicate, which the search's DISTINCT
// absorbs); a removed user's postings are gone, so the build never reaches them, and the rows it
// already had are deleted through `trigram_rows`. Rows get FTS5's own sequential rowids (a user's
// values can come in several slices); `trigram_rows` (f, rid, row) finds one user's rows.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { StoredValue } from './postings.ts';

/** Segments shorter than a trigram cannot be looked up. */
export const TRIGRAM = 3;

/** Where a field's build stands: done, or the last posting (v, rid) it has put in the table. */
interface FieldBuild {
  done: boolean;
  afterV: string;
  afterRid: number;
  /** Every posting is in (known once a slice finds none left; not kept in the file). */
  filled?: boolean;
  /** The last step put postings in: the next one merges. */
  merge?: boolean;
}

/**
 * FTS5 merges its index segments when a transaction commits, sometimes a whole level at once
 * (tens of ms at 100k values): during a build that is switched off and the builder merges in steps
 * of this many pages instead (a few ms each), then gives the table FTS5's defaults back.
 */
const MERGE_PAGES = 16;
const FTS5_AUTOMERGE = 4;
const FTS5_CRISISMERGE = 16;
/** The most FTS5 allows (FTS5_MAX_SEGMENT - 1): no level is ever merged in one go. */
const NO_CRISIS = 1999;

/**
 * A build writes megabytes; SQLite would copy its WAL into the file (and fsync) whenever the WAL
 * passes 1000 pages, inside whichever commit crossed it (tens of ms). The builder checkpoints in a
 * step of its own every few slices instead, so that each copy stays small.
 */
const CHECKPOINT_EVERY = 4;

/** One slice's outcome: postings put in the table, and whether the field is now complete. */
export interface SliceResult {
  rows: number;
  done: boolean;
}

export class TrigramIndexes {
  #db: DatabaseSync;
  #fields = new Map<number, FieldBuild>();
  #statements = new Map<string, StatementSync>();
  /** Steps since the cache opened (every CHECKPOINT_EVERY-th one checkpoints). */
  #slices = 0;
  #warn: (message: string, error: unknown) => void;

  constructor(db: DatabaseSync, warn: (message: string, error: unknown) => void) {
    this.#db = db;
    this.#warn = warn;
    this.reload();
  }

  /** Whether the field's table is complete (searches may use it). */
  isReady(field: number): boolean {
    return this.#fields.get(field)?.done === true;
  }

  /** Whether the field has a table, complete or in progress (writes keep it up to date). */
  has(field: number): boolean {
    return this.#fields.has(field);
  }

  /** Fields whose build has not finished (to resume when the cache opens). */
  unfinished(): number[] {
    return [...this.#fields].filter(([, build]) => !build.done).map(([field]) => field);
  }

  /** Creates the field's empty table; from now on writes keep it up to date. */
  start(field: number): void {
    if (this.#fields.has(field)) return;
    const table = tableName(field);
    this.#inTransaction(() => {
      // What a table given up after a failed write left behind.
      this.#db.exec(`DROP TABLE IF EXISTS ${table}`);
      this.#statement('DELETE FROM trigram_rows WHERE f = ?').run(field);
      // case_sensitive: the stored values are already folded where the field ignores case.
      this.#db.exec(
        `CREATE VIRTUAL TABLE ${table} USING fts5(v, rid UNINDEXED, tokenize = 'trigram case_sensitive 1')`,
      );
      this.#configure(table, 0, NO_CRISIS);
      // A removed user's trigrams leave the index at once, instead of staying in its segments
      // (marked deleted) until a merge: read together, a value's trigrams spell it.
      this.#db.exec(`INSERT INTO ${table} (${table}, rank) VALUES ('secure-delete', 1)`);
      this.#db.prepare('INSERT INTO trigram_fields (f) VALUES (?)').run(field);
    });
    this.#fields.set(field, { done: false, afterV: '', afterRid: -1 });
  }

  /**
   * One step of the field's build, in one transaction: either its next postings, in index order
   * from the resume key (at most `maxRows`, fewer when `timeUp()` says the slice has run long
   * enough), or a bounded merge of its index; the two alternate, and once every posting is in,
   * merges go on until there is nothing left to merge: then the table is complete. Every few
   * steps, a checkpoint of the WAL instead.
   */
  slice(field: number, maxRows: number, timeUp: () => boolean): SliceResult {
    const build = this.#fields.get(field);
    if (!build) throw new Error(`No trigram table was started for field ${field}`);
    if (build.done) return { rows: 0, done: true };
    if (++this.#slices % CHECKPOINT_EVERY === 0) {
      this.#statement('PRAGMA wal_checkpoint(PASSIVE)').get();
      return { rows: 0, done: false };
    }
    if (build.filled || build.merge) return { rows: 0, done: this.#merge(field, build) };
    return { rows: this.#fill(field, build, maxRows, timeUp), done: false };
  }

  #fill(field: number, build: FieldBuild, maxRows: number, timeUp: () => boolean): number {
    const next = { ...build, merge: true };
    let rows = 0;
    this.#inTransaction(() => {
      // Text values only: every number sorts before '' and every blob (booleans) after text.
      const postings = this.#statement(
        `SELECT v, rid FROM postings WHERE f = ? AND (v, rid) > (?, ?) AND v < x'' ORDER BY v, rid LIMIT ?`,
      ).all(field, build.afterV, build.afterRid, maxRows) as { v: string; rid: number }[];
      const insert = this.#insertStatement(field);
      for (const posting of postings) {
        if (rows > 0 && timeUp()) break;
        this.#insertRow(insert, field, posting.rid, posting.v);
        next.afterV = posting.v;
        next.afterRid = posting.rid;
        rows++;
      }
      next.filled = postings.length < maxRows && rows === postings.length;
      this.#statement('UPDATE trigram_fields SET after_v = ?, after_rid = ? WHERE f = ?').run(
        next.afterV,
        next.afterRid,
        field,
      );
    });
    this.#fields.set(field, next);
    return rows;
  }

  /** A bounded merge; once every posting is in and nothing is left to merge, the table is done. */
  #merge(field: number, build: FieldBuild): boolean {
    const table = tableName(field);
    const next = { ...build, merge: false };
    this.#inTransaction(() => {
      const changes = () => (this.#statement('SELECT total_changes() AS n').get() as { n: number }).n;
      const before = changes();
      this.#statement(`INSERT INTO ${table} (${table}, rank) VALUES ('merge', ${MERGE_PAGES})`).run();
      // FTS5: fewer than two rows changed means the merge found no work.
      if (next.filled && changes() - before < 2) {
        this.#configure(table, FTS5_AUTOMERGE, FTS5_CRISISMERGE);
        // The resume key is a user's value: a complete table needs it no more.
        this.#statement("UPDATE trigram_fields SET done = 1, after_v = '', after_rid = -1 WHERE f = ?").run(field);
        next.done = true;
      }
    });
    this.#fields.set(field, next);
    return next.done;
  }

  /** FTS5's merge settings of a table (kept in the table's own config). */
  #configure(table: string, automerge: number, crisismerge: number): void {
    this.#db.exec(`INSERT INTO ${table} (${table}, rank) VALUES ('automerge', ${automerge})`);
    this.#db.exec(`INSERT INTO ${table} (${table}, rank) VALUES ('crisismerge', ${crisismerge})`);
  }

  /** Drops a field's table (a build that failed): its searches scan again. */
  drop(field: number): void {
    this.#inTransaction(() => {
      this.#db.exec(`DROP TABLE IF EXISTS ${tableName(field)}`);
      this.#statement('DELETE FROM trigram_rows WHERE f = ?').run(field);
      this.#statement('DELETE FROM trigram_fields WHERE f = ?').run(field);
    });
    this.#fields.delete(field);
    this.#statements.clear();
  }

  /**
   * Replaces a user's rows in every field with a table by its current text values (none: a removed
   * user), inside the write's transaction. Should the tables refuse it, they are given up (the
   * searches scan again) rather than failing the write or keeping a table that misses rows.
   */
  replace(rid: number, fields: readonly number[], values: readonly StoredValue[]): void {
    if (this.#fields.size === 0) return;
    this.#db.exec('SAVEPOINT trigram_write');
    try {
      this.#remove(rid);
      this.#insert(rid, fields, values);
      this.#db.exec('RELEASE trigram_write');
    } catch (error) {
      this.#db.exec('ROLLBACK TO trigram_write');
      this.#db.exec('RELEASE trigram_write');
      this.#giveUp(error);
    }
  }

  #insert(rid: number, fields: readonly number[], values: readonly StoredValue[]): void {
    for (let index = 0; index < fields.length; index++) {
      const field = fields[index] as number;
      const value = values[index];
      if (typeof value !== 'string' || !this.#fields.has(field)) continue;
      this.#insertRow(this.#insertStatement(field), field, rid, value);
    }
  }

  #remove(rid: number): void {
    this.#moveKeysOff(rid);
    for (const field of this.#fields.keys()) {
      const rows = this.#statement('SELECT row FROM trigram_rows WHERE f = ? AND rid = ?').all(field, rid) as {
        row: number;
      }[];
      if (rows.length === 0) continue;
      const remove = this.#statement(`DELETE FROM ${tableName(field)} WHERE rowid = ?`);
      for (const { row } of rows) remove.run(row);
      this.#statement('DELETE FROM trigram_rows WHERE f = ? AND rid = ?').run(field, rid);
    }
  }

  /**
   * A build's resume key is the value of the last posting it took: when that user is removed or
   * rewritten, the key moves back to the posting before it, so that the file keeps no value of a
   * user it no longer holds (secure delete). The build takes that posting again: a duplicate row,
   * which the search's DISTINCT absorbs.
   */
  #moveKeysOff(rid: number): void {
    for (const [field, build] of this.#fields) {
      if (build.done || build.afterRid !== rid) continue;
      const before = this.#statement(
        `SELECT v, rid FROM postings WHERE f = ? AND (v, rid) < (?, ?) AND v >= '' AND rid <> ?
         ORDER BY v DESC, rid DESC LIMIT 1`,
      ).get(field, build.afterV, build.afterRid, rid) as { v: string; rid: number } | undefined;
      const next = { ...build, afterV: before?.v ?? '', afterRid: before?.rid ?? -1 };
      this.#statement('UPDATE trigram_fields SET after_v = ?, after_rid = ? WHERE f = ?').run(
        next.afterV,
        next.afterRid,
        field,
      );
      this.#fields.set(field, next);
    }
  }

  /** Forgets every table (they would miss this write's rows); start() drops what is left of them. */
  #giveUp(error: unknown): void {
    this.#warn('trigram indexes given up after a failed write; infix searches scan instead', error);
    this.#db.exec('DELETE FROM trigram_fields');
    this.#db.exec('DELETE FROM trigram_rows');
    for (const field of this.#fields.keys()) {
      try {
        this.#db.exec(`DROP TABLE IF EXISTS ${tableName(field)}`);
      } catch {
        // Unreachable now that trigram_fields no longer lists it; start() drops it before reuse.
      }
    }
    this.#fields.clear();
    this.#statements.clear();
  }

  /** Reads the fields and their progress from the file (also after a rolled-back transaction). */
  reload(): void {
    const rows = this.#db.prepare('SELECT f, done, after_v, after_rid FROM trigram_fields').all() as {
      f: number;
      done: number;
      after_v: string;
      after_rid: number;
    }[];
    this.#fields = new Map(
      rows.map((row) => [row.f, { done: row.done === 1, afterV: row.after_v, afterRid: row.after_rid }]),
    );
    this.#statements.clear();
  }

  #insertStatement(field: number): StatementSync {
    return this.#statement(`INSERT INTO ${tableName(field)} (v, rid) VALUES (?, ?)`);
  }

  #insertRow(insert: StatementSync, field: number, rid: number, value: string): void {
    const row = insert.run(value, rid).lastInsertRowid;
    this.#statement('INSERT INTO trigram_rows (f, rid, row) VALUES (?, ?, ?)').run(field, rid, row);
  }

  /** Its own transaction, or a savepoint inside the caller's. */
  #inTransaction(run: () => void): void {
    this.#db.exec('SAVEPOINT trigrams');
    try {
      run();
      this.#db.exec('RELEASE trigrams');
    } catch (error) {
      this.#db.exec('ROLLBACK TO trigrams');
      this.#db.exec('RELEASE trigrams');
      this.reload();
      throw error;
    }
  }

  #statement(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (!statement) this.#statements.set(sql, (statement = this.#db.prepare(sql)));
    return statement;
  }
}

export function tableName(field: number): string {
  return `trigram_${Math.trunc(field)}`;
}

/** An FTS5 query for values holding every segment that is a trigram or longer (none: null). */
export function trigramMatch(segments: readonly string[]): string | null {
  const phrases = segments
    .filter((segment) => [...segment].length >= TRIGRAM)
    .map((segment) => `"${segment.replaceAll('"', '""')}"`);
  return phrases.length === 0 ? null : phrases.join(' AND ');
}
