// The order of every user holding a field, read once from the field's postings and kept in memory
// (like the row sets of match-sets.ts), so that a sorted page of any query is one pass over an
// array testing the query's row set, instead of a walk through SQLite's rows for each search.
// Every write to the cache calls invalidate() before the next search.
import type { DatabaseSync } from 'node:sqlite';
import type { RowSet } from './row-set.ts';

/** One field's postings in index order (value, then rid), and where each value's group starts. */
interface FieldOrder {
  rids: Int32Array;
  /** 1 where a new value starts. */
  groupStarts: Uint8Array;
  /** Whether a user can appear more than once (several values). */
  repeats: boolean;
}

/** Fields kept at once: about 0.5 MB each at 100k users, 5 MB at 1M. */
const KEPT_FIELDS = 8;

export class SortOrders {
  #db: DatabaseSync;
  #isMultiValued: (field: number) => boolean;
  #kept = new Map<number, FieldOrder>();

  /** `isMultiValued`: whether some user holds several values of the field (catalog.ts). */
  constructor(db: DatabaseSync, isMultiValued: (field: number) => boolean) {
    this.#db = db;
    this.#isMultiValued = isMultiValued;
  }

  invalidate(): void {
    this.#kept.clear();
  }

  /**
   * The first `wanted` users of `matches` that hold `field`, in the sort's order: ascending by a
   * user's smallest value, descending by its largest (common/query's sortKey); users sharing a
   * value in rid order, which is the order they were added in.
   */
  firstMatches(field: number, ascending: boolean, matches: RowSet, wanted: number): number[] {
    const { rids, groupStarts, repeats } = this.#order(field);
    const out: number[] = [];
    const seen = repeats ? new Set<number>() : null;
    const take = (rid: number): boolean => {
      if (!matches.has(rid) || seen?.has(rid)) return false;
      seen?.add(rid);
      out.push(rid);
      return out.length >= wanted;
    };
    if (ascending) {
      for (let index = 0; index < rids.length; index++) if (take(rids[index] as number)) return out;
      return out;
    }
    // Descending: the value groups from the last, each group's users still in rid order.
    let end = rids.length;
    for (let start = end - 1; start >= 0; start--) {
      if (groupStarts[start] !== 1) continue;
      for (let index = start; index < end; index++) if (take(rids[index] as number)) return out;
      end = start;
    }
    return out;
  }

  #order(field: number): FieldOrder {
    const kept = this.#kept.get(field);
    if (kept) {
      // Most recently used last: the oldest is dropped first.
      this.#kept.delete(field);
      this.#kept.set(field, kept);
      return kept;
    }
    // One pass in the primary key's order (f, v, rid), with no sort. A boolean's blob comes as a
    // one-element array (JSON holds no blobs), so that it never equals a text; numbers come back
    // exactly (SQLite writes them with 17 digits).
    const row = this.#db
      .prepare(
        `SELECT json_group_array(rid) AS rids,
           json_group_array(CASE typeof(v) WHEN 'blob' THEN json_array(hex(v)) ELSE v END) AS vs
         FROM (SELECT rid, v FROM postings WHERE f = ? ORDER BY v, rid)`,
      )
      .get(field) as { rids: string; vs: string };
    const rids = Int32Array.from(JSON.parse(row.rids) as number[]);
    const values = JSON.parse(row.vs) as unknown[];
    const groupStarts = new Uint8Array(rids.length);
    for (let index = 0; index < values.length; index++) {
      if (index === 0 || !sameValue(values[index], values[index - 1])) groupStarts[index] = 1;
    }
    const order = { rids, groupStarts, repeats: this.#isMultiValued(field) };
    if (this.#kept.size >= KEPT_FIELDS) this.#kept.delete(this.#kept.keys().next().value as number);
    this.#kept.set(field, order);
    return order;
  }
}

function sameValue(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  return Array.isArray(left) && Array.isArray(right) && left[0] === right[0];
}
