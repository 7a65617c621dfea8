// Writes users and their postings into the live cache database, one user at a time (write-through
// from online reads and writes; a full sync loads in bulk instead, full-sync.ts).
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { User } from '../../common/auth0.ts';
import type { MetadataCatalog } from './catalog.ts';
import { repeatedFields, userPostings, type UserPostings } from './postings.ts';
import type { TrigramIndexes } from './trigrams.ts';

export function postingsOf(user: User, catalog: MetadataCatalog): UserPostings {
  return userPostings(user, catalog);
}

/** Live writes: replaces or removes one user and exactly its postings (and trigram rows). */
export class LiveUserWriter {
  #db: DatabaseSync;
  #catalog: MetadataCatalog;
  #trigrams: TrigramIndexes;
  #find: StatementSync;
  #insertUser: StatementSync;
  #updateUser: StatementSync;
  #deleteUser: StatementSync;
  #insertPosting: StatementSync;
  #deletePosting: StatementSync;
  #insertReversed: StatementSync;
  #deleteReversed: StatementSync;
  #onWrite: (rid: number) => void;

  /** `onWrite` hears the row id of each user written or removed. */
  constructor(
    db: DatabaseSync,
    catalog: MetadataCatalog,
    trigrams: TrigramIndexes,
    onWrite: (rid: number) => void = () => {},
  ) {
    this.#db = db;
    this.#onWrite = onWrite;
    this.#catalog = catalog;
    this.#trigrams = trigrams;
    this.#find = db.prepare('SELECT rid, doc FROM users WHERE user_id = ?');
    this.#insertUser = db.prepare('INSERT INTO users (user_id, doc) VALUES (?, ?)');
    this.#updateUser = db.prepare('UPDATE users SET doc = ? WHERE rid = ?');
    this.#deleteUser = db.prepare('DELETE FROM users WHERE rid = ?');
    this.#insertPosting = db.prepare('INSERT OR IGNORE INTO postings (f, v, rid) VALUES (?, ?, ?)');
    this.#deletePosting = db.prepare('DELETE FROM postings WHERE f = ? AND v = ? AND rid = ?');
    this.#insertReversed = db.prepare('INSERT OR IGNORE INTO reversed (f, v, rid) VALUES (?, ?, ?)');
    this.#deleteReversed = db.prepare('DELETE FROM reversed WHERE f = ? AND v = ? AND rid = ?');
  }

  /** Inserts or replaces; returns +1 when the user is new. */
  upsert(user: User): number {
    const existing = this.#find.get(user.user_id) as { rid: number; doc: string } | undefined;
    let rid: number;
    if (existing) {
      rid = existing.rid;
      this.#forEachPosting(JSON.parse(existing.doc) as User, rid, this.#deletePosting, this.#deleteReversed);
      this.#updateUser.run(JSON.stringify(user), rid);
    } else {
      rid = Number(this.#insertUser.run(user.user_id, JSON.stringify(user)).lastInsertRowid);
    }
    this.#onWrite(rid);
    const { fields, values } = this.#forEachPosting(user, rid, this.#insertPosting, this.#insertReversed);
    this.#catalog.markMultiValued(repeatedFields(fields));
    this.#trigrams.replace(rid, fields, values);
    return existing ? 0 : 1;
  }

  /** Returns 1 when the user was there. */
  remove(userId: string): number {
    const existing = this.#find.get(userId) as { rid: number; doc: string } | undefined;
    if (!existing) return 0;
    this.#onWrite(existing.rid);
    this.#forEachPosting(JSON.parse(existing.doc) as User, existing.rid, this.#deletePosting, this.#deleteReversed);
    this.#trigrams.replace(existing.rid, [], []);
    this.#deleteUser.run(existing.rid);
    return 1;
  }

  get db(): DatabaseSync {
    return this.#db;
  }

  /** Runs the statements for each of the user's postings; returns them. */
  #forEachPosting(user: User, rid: number, postings: StatementSync, reversed: StatementSync): UserPostings {
    const all = postingsOf(user, this.#catalog);
    const { fields, values, reversedFields, reversedValues } = all;
    for (let index = 0; index < fields.length; index++) postings.run(fields[index]!, values[index]!, rid);
    for (let index = 0; index < reversedFields.length; index++) {
      reversed.run(reversedFields[index]!, reversedValues[index]!, rid);
    }
    return all;
  }
}
