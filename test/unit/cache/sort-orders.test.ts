// Sort orders kept in memory (main/cache/sort-orders.ts): ascending by a user's smallest value,
// descending by its largest, ties in rid order, types never equal to each other.
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { createBulkTables } from '../../../main/cache/schema.ts';
import { RowSet } from '../../../main/cache/row-set.ts';
import { SortOrders } from '../../../main/cache/sort-orders.ts';

const FIELD = 1000;

function ordersOver(postings: [unknown, number][], multiValued: boolean) {
  const db = new DatabaseSync(':memory:');
  createBulkTables(db);
  const insert = db.prepare('INSERT INTO postings (f, v, rid) VALUES (?, ?, ?)');
  for (const [value, rid] of postings) insert.run(FIELD, value as string, rid);
  return new SortOrders(db, () => multiValued);
}

const everyone = RowSet.of([1, 2, 3, 4, 5, 6], 7);

describe('SortOrders', () => {
  it('orders single values, ties by rid either way, and pages a subset', () => {
    const orders = ordersOver(
      [
        ['b', 4],
        ['a', 5],
        ['b', 2],
        ['c', 1],
        ['a', 3],
      ],
      false,
    );
    expect(orders.firstMatches(FIELD, true, everyone, 10)).toEqual([3, 5, 2, 4, 1]);
    expect(orders.firstMatches(FIELD, false, everyone, 10)).toEqual([1, 2, 4, 3, 5]);
    expect(orders.firstMatches(FIELD, false, everyone, 2)).toEqual([1, 2]);
    expect(orders.firstMatches(FIELD, true, RowSet.of([4, 1, 5], 7), 10)).toEqual([5, 4, 1]);
  });

  it('places a user with several values by its smallest ascending and its largest descending, once', () => {
    const orders = ordersOver(
      [
        ['m', 1],
        ['a', 2],
        ['z', 2],
        ['k', 3],
      ],
      true,
    );
    expect(orders.firstMatches(FIELD, true, everyone, 10)).toEqual([2, 3, 1]);
    expect(orders.firstMatches(FIELD, false, everyone, 10)).toEqual([2, 1, 3]);
  });

  it('keeps numbers, text and booleans apart, in SQLite’s type order', () => {
    const orders = ordersOver(
      [
        [new Uint8Array([1]), 1],
        ['01', 2],
        [1, 3],
        [new Uint8Array([0]), 4],
        [1, 5],
        ['1', 6],
      ],
      false,
    );
    expect(orders.firstMatches(FIELD, true, everyone, 10)).toEqual([3, 5, 2, 6, 4, 1]);
    expect(orders.firstMatches(FIELD, false, everyone, 10)).toEqual([1, 4, 6, 2, 3, 5]);
  });
});
