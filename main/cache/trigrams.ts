// Infix wildcards (`*son*`, `email:*@corp.*`) as index lookups: one FTS5 trigram table per field,
// whose MATCH finds the values holding every segment of three characters or more; the exact
// wildcard check then runs on those values only, instead of on every value of the field.
//
// A full sync builds none (it would add to every sync for searches that are rare): a field's
// table is built the first time an infix search meets it, recorded in `trigram_fields`, and from
// then on kept up to date by every write (user-writer.ts), until the next full sync starts over.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { StoredValue } from './postings.ts';

/**
 * A row's id is `rid * ROW_SLOTS + n`, the n-th text value of that user in the field, so that one
 * user's rows are a rowid range (a write replaces them with one range delete).
 */
const ROW_SLOTS = 65536;

/** Segments shorter than a trigram cannot be looked up. */
export const TRIGRAM = 3;

export class TrigramIndexes {
  #db: DatabaseSync;
  #built = new Set<number>();
  #statements = new Map<string, StatementSync>();

  constructor(db: DatabaseSync) {
    this.#db = db;
    for (const row of db.prepare('SELECT f FROM trigram_fields').all() as { f: number }[]) this.#built.add(row.f);
  }

  /** Fields that have a table (the writes keep those up to date). */
  has(field: number): boolean {
    return this.#built.has(field);
  }

  /** The field's table, built now when it has none; null when the field's values do not fit one. */
  tableFor(field: number): string | null {
    if (this.#built.has(field)) return tableName(field);
    const busiest = this.#db
      .prepare(
        `SELECT count(*) AS n FROM postings WHERE f = ? AND typeof(v) = 'text' GROUP BY rid ORDER BY n DESC LIMIT 1`,
      )
      .get(field) as { n: number } | undefined;
    // A user with that many values in one field (a huge metadata array): scan instead.
    if (busiest && busiest.n >= ROW_SLOTS) return null;
    const table = tableName(field);
    this.#db.exec('SAVEPOINT trigram_build');
    try {
      // case_sensitive: the stored values are already folded where the field ignores case.
      this.#db.exec(`CREATE VIRTUAL TABLE ${table} USING fts5(v, tokenize = 'trigram case_sensitive 1')`);
      this.#db
        .prepare(
          `INSERT INTO ${table} (rowid, v) SELECT rid * ${ROW_SLOTS} + row_number() OVER (PARTITION BY rid) - 1, v
           FROM postings WHERE f = ? AND typeof(v) = 'text'`,
        )
        .run(field);
      this.#db.prepare('INSERT INTO trigram_fields (f) VALUES (?)').run(field);
      this.#db.exec('RELEASE trigram_build');
    } catch (error) {
      this.#db.exec('ROLLBACK TO trigram_build');
      this.#db.exec('RELEASE trigram_build');
      throw error;
    }
    this.#built.add(field);
    return table;
  }

  /** A user's values in built fields, after its postings were inserted (within the write's transaction). */
  insert(rid: number, fields: readonly number[], values: readonly StoredValue[]): void {
    const slots = new Map<number, number>();
    for (let index = 0; index < fields.length; index++) {
      const field = fields[index] as number;
      const value = values[index];
      if (!this.#built.has(field) || typeof value !== 'string') continue;
      const slot = slots.get(field) ?? 0;
      if (slot >= ROW_SLOTS) continue;
      slots.set(field, slot + 1);
      this.#statement(`INSERT INTO ${tableName(field)} (rowid, v) VALUES (?, ?)`).run(rid * ROW_SLOTS + slot, value);
    }
  }

  /** A user's rows in every built field, before its postings change or go. */
  remove(rid: number): void {
    for (const field of this.#built) {
      this.#statement(`DELETE FROM ${tableName(field)} WHERE rowid >= ? AND rowid < ?`).run(
        rid * ROW_SLOTS,
        (rid + 1) * ROW_SLOTS,
      );
    }
  }

  /** Forgets what a rolled-back transaction built. */
  reload(): void {
    this.#built = new Set(
      (this.#db.prepare('SELECT f FROM trigram_fields').all() as { f: number }[]).map((row) => row.f),
    );
    this.#statements.clear();
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

/** The rid of a trigram table's row (see ROW_SLOTS). */
export const RID_OF_ROW = `rowid / ${ROW_SLOTS}`;

/** An FTS5 query for values holding every segment that is a trigram or longer (none: null). */
export function trigramMatch(segments: readonly string[]): string | null {
  const phrases = segments
    .filter((segment) => [...segment].length >= TRIGRAM)
    .map((segment) => `"${segment.replaceAll('"', '""')}"`);
  return phrases.length === 0 ? null : phrases.join(' AND ');
}
