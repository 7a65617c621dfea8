// Interned metadata paths of one cache database: path <-> small integer, kept in memory.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { FIRST_METADATA_FIELD_ID } from './postings.ts';
import type { FieldCatalog } from './query-sql.ts';

export class MetadataCatalog implements FieldCatalog {
  #ids = new Map<string, number>();
  #next = FIRST_METADATA_FIELD_ID;
  #insert: StatementSync;

  constructor(db: DatabaseSync) {
    for (const row of db.prepare('SELECT id, name FROM fields').all() as { id: number; name: string }[]) {
      this.#ids.set(row.name, row.id);
      this.#next = Math.max(this.#next, row.id + 1);
    }
    this.#insert = db.prepare('INSERT INTO fields (id, name) VALUES (?, ?)');
  }

  metadataId(path: string): number | undefined {
    return this.#ids.get(path);
  }

  /** The id of `path`, interning it (inside the caller's transaction) when new. */
  intern(path: string): number {
    let id = this.#ids.get(path);
    if (id === undefined) {
      id = this.#next++;
      this.#insert.run(id, path);
      this.#ids.set(path, id);
    }
    return id;
  }

  metadataIdsUnder(path: string): number[] {
    const ids: number[] = [];
    const below = `${path}.`;
    for (const [name, id] of this.#ids) {
      // Date twins (`path#date`) repeat values their path already holds.
      if (name.endsWith('#date')) continue;
      if (name === path || name.startsWith(below)) ids.push(id);
    }
    return ids;
  }

  /** Forgets ids interned by a transaction that was rolled back. */
  reload(db: DatabaseSync): void {
    this.#ids.clear();
    this.#next = FIRST_METADATA_FIELD_ID;
    for (const row of db.prepare('SELECT id, name FROM fields').all() as { id: number; name: string }[]) {
      this.#ids.set(row.name, row.id);
      this.#next = Math.max(this.#next, row.id + 1);
    }
  }
}
