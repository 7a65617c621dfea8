// Rows appended to a table of the posting build's scratch file (posting-build.ts), many to a
// statement: one call into SQLite for 128 rows instead of one each.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { StoredValue } from './postings.ts';

/** Rows per INSERT of the scratch tables: one call into SQLite for many rows. */
const ROWS_PER_INSERT = 128;

/** Appends (value, rid) rows to one field's scratch table, many rows per statement. */
export class RowStager {
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

  /** Writes the rows still held (within the caller's transaction). */
  flush(): void {
    for (let index = 0; index < this.#count; index++) {
      this.#one.run(this.#row[index * 2] as StoredValue, this.#row[index * 2 + 1] as number);
    }
    this.#count = 0;
  }
}
