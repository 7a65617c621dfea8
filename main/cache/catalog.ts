// Interned metadata paths of one cache database: path <-> small integer, kept in memory.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { dateTwinName, FIRST_METADATA_FIELD_ID, type MetadataPaths, type PathNode } from './postings.ts';
import type { FieldCatalog } from './query-sql.ts';

/** The `meta` key listing the fields where some user holds several values. */
const MULTI_VALUED_KEY = 'multiValuedFields';

export class MetadataCatalog implements FieldCatalog, MetadataPaths {
  #ids = new Map<string, number>();
  /** The metadata roots' path nodes; new ones after reload(), so no node keeps a forgotten id. */
  #roots = new Map<string, PathNode>();
  #next = FIRST_METADATA_FIELD_ID;
  #insert: StatementSync;
  #saveMulti: StatementSync;
  #multi = new Set<number>();

  constructor(db: DatabaseSync) {
    this.#insert = db.prepare('INSERT INTO fields (id, name) VALUES (?, ?)');
    this.#saveMulti = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
    this.reload(db);
  }

  isMultiValued(id: number): boolean {
    return this.#multi.has(id);
  }

  /** Records (inside the caller's transaction) that these fields hold several values for some user. */
  markMultiValued(ids: readonly number[]): void {
    let changed = false;
    for (const id of ids) {
      if (this.#multi.has(id)) continue;
      this.#multi.add(id);
      changed = true;
    }
    if (changed) this.#saveMulti.run(MULTI_VALUED_KEY, JSON.stringify([...this.#multi]));
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

  child(parent: PathNode | null, key: string): PathNode {
    const children = parent ? (parent.children ??= new Map()) : this.#roots;
    let node = children.get(key);
    if (!node) {
      node = { path: parent ? `${parent.path}.${key}` : key };
      children.set(key, node);
    }
    return node;
  }

  fieldId(node: PathNode): number {
    return (node.id ??= this.intern(node.path));
  }

  dateTwinId(node: PathNode): number {
    return (node.twinId ??= this.intern(dateTwinName(node.path)));
  }

  /** Every interned path but the date twins, sorted. */
  paths(): string[] {
    return [...this.#ids.keys()].filter((name) => !name.endsWith('#date')).sort();
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

  /** Reads the catalog; again after a rolled-back transaction, to forget what it added. */
  reload(db: DatabaseSync): void {
    this.#ids.clear();
    this.#roots = new Map();
    this.#next = FIRST_METADATA_FIELD_ID;
    for (const row of db.prepare('SELECT id, name FROM fields').all() as { id: number; name: string }[]) {
      this.#ids.set(row.name, row.id);
      this.#next = Math.max(this.#next, row.id + 1);
    }
    const saved = db.prepare('SELECT value FROM meta WHERE key = ?').get(MULTI_VALUED_KEY) as
      { value: string } | undefined;
    this.#multi = new Set(saved ? (JSON.parse(saved.value) as number[]) : []);
  }
}
