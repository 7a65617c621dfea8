// The row sets of a query plan (query-sql.ts): each leaf's rows read once from SQLite into a
// bitmap and kept in memory, the boolean clauses combined on the bitmaps. The kept sets are exact
// copies of what the database holds: every write to the cache (upsert, remove, a full sync's
// swap) calls invalidate() before the next search, so a search never sees an older answer.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { RowSet } from './row-set.ts';
import type { QueryPlan, SqlParam } from './query-sql.ts';

/** Memory kept for leaf sets: about 2,600 sets at 100k users, 260 at 1M. */
const BUDGET_BYTES = 32 * 1024 * 1024;

export class MatchSets {
  #db: DatabaseSync;
  #prepare: (sql: string) => StatementSync;
  #kept = new Map<string, RowSet>();
  #keptBytes = 0;
  #limit: number | null = null;

  /** `prepare` turns SQLite's errors into the cache's own (search.ts). */
  constructor(db: DatabaseSync, prepare: (sql: string) => StatementSync) {
    this.#db = db;
    this.#prepare = prepare;
  }

  /** Forgets every kept set: the cache's rows changed. */
  invalidate(): void {
    this.#kept.clear();
    this.#keptBytes = 0;
    this.#limit = null;
  }

  of(plan: QueryPlan): RowSet {
    switch (plan.op) {
      case 'rows':
        return this.rows(plan.sql, plan.params);
      case 'and':
        return plan.parts.map((part) => this.of(part)).reduce((all, set) => all.and(set));
      case 'or':
        return plan.parts.map((part) => this.of(part)).reduce((all, set) => all.or(set));
      case 'andNot':
        return plan.minus.reduce((all, part) => all.andNot(this.of(part)), this.of(plan.base));
    }
  }

  /** The rids `sql` selects (its first column), kept for the next search. */
  rows(sql: string, params: readonly SqlParam[]): RowSet {
    const key = `${sql}\u0000${JSON.stringify(params, (_, value: unknown) =>
      value instanceof Uint8Array ? { blob: [...value] } : value,
    )}`;
    const kept = this.#kept.get(key);
    if (kept) {
      // Most recently used last: the budget drops the oldest first.
      this.#kept.delete(key);
      this.#kept.set(key, kept);
      return kept;
    }
    const statement = this.#prepare(`SELECT json_group_array(rid) AS rids FROM (${sql})`);
    const row = statement.get(...params) as { rids: string };
    const rids = JSON.parse(row.rids) as number[];
    let limit = this.#universe();
    for (const rid of rids) if (rid >= limit) limit = rid + 1;
    const set = RowSet.of(rids, limit);
    this.#keep(key, set);
    return set;
  }

  /** One more than the highest rid: every set is sized to hold it. */
  #universe(): number {
    if (this.#limit === null) {
      const row = this.#db.prepare('SELECT max(rid) AS top FROM users').get() as { top: number | null };
      this.#limit = (row.top ?? 0) + 1;
    }
    return this.#limit;
  }

  #keep(key: string, set: RowSet): void {
    const bytes = set.words.byteLength;
    if (bytes > BUDGET_BYTES) return;
    while (this.#keptBytes + bytes > BUDGET_BYTES) {
      const [oldest, dropped] = this.#kept.entries().next().value as [string, RowSet];
      this.#kept.delete(oldest);
      this.#keptBytes -= dropped.words.byteLength;
    }
    this.#kept.set(key, set);
    this.#keptBytes += bytes;
  }
}
