// The selection of the user list: row positions kept as ranges, so that every row of a
// 100,000-row answer can be selected, counted and toggled without an array of 100,000 ids.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  addRows,
  clampRows,
  containsRow,
  countRows,
  removeRow,
  rowIndices,
  toggleRow,
  type RowRange,
} from '../../../renderer/src/lib/row-ranges.ts';
import { selection } from '../../../renderer/src/lib/selection.svelte.ts';
import { forgetTenant, switchTenant } from '../../../renderer/src/lib/tenant-scope.svelte.ts';
import { bridge } from './fake-bridge.ts';

describe('row ranges', () => {
  it('adds rows in either order, merging ranges that overlap or touch', () => {
    let ranges: RowRange[] = [];
    ranges = addRows(ranges, 10, 5);
    expect(ranges).toEqual([[5, 10]]);
    ranges = addRows(ranges, 20, 22);
    ranges = addRows(ranges, 0, 1);
    expect(ranges).toEqual([
      [0, 1],
      [5, 10],
      [20, 22],
    ]);
    // 11..19 touches both neighbours: one range.
    expect(addRows(ranges, 11, 19)).toEqual([
      [0, 1],
      [5, 22],
    ]);
    expect(addRows(ranges, 2, 4)).toEqual([
      [0, 10],
      [20, 22],
    ]);
  });

  it('splits a range when a row inside it is removed, and toggles a row back', () => {
    const all: RowRange[] = [[0, 99_999]];
    const split = toggleRow(all, 500);
    expect(split).toEqual([
      [0, 499],
      [501, 99_999],
    ]);
    expect(countRows(split)).toBe(99_999);
    expect(containsRow(split, 500)).toBe(false);
    expect(containsRow(split, 499)).toBe(true);
    expect(containsRow(split, 501)).toBe(true);
    expect(toggleRow(split, 500)).toEqual(all);
    expect(removeRow([[3, 3]], 3)).toEqual([]);
    expect(removeRow(all, 0)).toEqual([[1, 99_999]]);
    expect(removeRow(all, 99_999)).toEqual([[0, 99_998]]);
  });

  it('finds rows among many ranges, cuts them to a shorter answer and lists them in order', () => {
    const every3rd: RowRange[] = Array.from({ length: 1000 }, (_, index) => [index * 3, index * 3] as const);
    expect(containsRow(every3rd, 2997)).toBe(true);
    expect(containsRow(every3rd, 2998)).toBe(false);
    expect(containsRow(every3rd, -1)).toBe(false);
    expect(countRows(every3rd)).toBe(1000);
    expect(
      clampRows(
        [
          [0, 4],
          [8, 12],
          [20, 30],
        ],
        10,
      ),
    ).toEqual([
      [0, 4],
      [8, 9],
    ]);
    expect([
      ...rowIndices([
        [1, 3],
        [7, 8],
      ]),
    ]).toEqual([1, 2, 3, 7, 8]);
  });
});

describe('the selection state', () => {
  beforeEach(() => {
    bridge.reset();
    // No answer arrives: these tests are about the selection alone, which a new answer would clear.
    bridge.handle('users:list', () => new Promise(() => undefined));
    switchTenant(null);
    switchTenant('ten_selection');
  });

  it('selects one row with a click or arrow, a range with Shift, and every row with select all', () => {
    selection.only(4);
    expect(selection.ranges).toEqual([[4, 4]]);
    expect(selection.count).toBe(1);
    selection.extendTo(1);
    expect(selection.ranges).toEqual([[1, 4]]);
    expect(selection.focus).toBe(1);
    expect(selection.anchor).toBe(4);
    // Extending again replaces the range from the same anchor, it does not add to it.
    selection.extendTo(9);
    expect(selection.ranges).toEqual([[4, 9]]);
    selection.selectAll(100_000);
    expect(selection.count).toBe(100_000);
    expect(selection.isSelected(99_999)).toBe(true);
    expect(selection.isSelected(100_000)).toBe(false);
    expect(selection.focus).toBe(9);
  });

  it('toggles a row inside a range with Ctrl-click, and Ctrl+Shift adds a range to what was selected', () => {
    selection.selectAll(1000);
    selection.toggle(10);
    expect(selection.count).toBe(999);
    expect(selection.isSelected(10)).toBe(false);
    expect(selection.ranges).toEqual([
      [0, 9],
      [11, 999],
    ]);
    selection.only(2000);
    selection.toggle(2005);
    selection.extendTo(2008, { add: true });
    expect(selection.ranges).toEqual([
      [2000, 2000],
      [2005, 2008],
    ]);
    // A plain Shift from the same anchor drops the rows outside the range.
    selection.extendTo(2006);
    expect(selection.ranges).toEqual([[2005, 2006]]);
  });

  it('Escape clears the selection and keeps the focus; a new answer forgets both', () => {
    selection.only(7);
    selection.extendTo(12);
    selection.clear();
    expect(selection.count).toBe(0);
    expect(selection.focus).toBe(12);
    selection.extendTo(14);
    expect(selection.ranges).toEqual([[12, 14]]);
    selection.clearForNewAnswer();
    expect(selection.count).toBe(0);
    expect(selection.focus).toBe(-1);
  });

  it('cuts the selection to the rows a reloaded answer still has', () => {
    selection.only(50);
    selection.extendTo(250);
    selection.keepWithin(200);
    expect(selection.ranges).toEqual([[50, 199]]);
    expect(selection.focus).toBe(199);
  });

  it('keeps each tenant’s selection, all rows included, and forgets a removed tenant’s', () => {
    selection.selectAll(100_000);
    selection.toggle(42);
    switchTenant('ten_selection_other');
    expect(selection.count).toBe(0);
    selection.only(3);
    switchTenant('ten_selection');
    expect(selection.count).toBe(99_999);
    expect(selection.isSelected(42)).toBe(false);
    expect(selection.focus).toBe(42);
    switchTenant('ten_selection_other');
    expect(selection.ranges).toEqual([[3, 3]]);
    forgetTenant('ten_selection');
    switchTenant('ten_selection');
    expect(selection.count).toBe(0);
  });
});
