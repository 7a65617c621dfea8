// Sets of row positions kept as sorted, disjoint, non-adjacent inclusive ranges (plain functions:
// no state). A selection of all 100,000 rows of an answer is one range, so counting, testing a row
// and toggling one cost O(ranges), never O(rows).

/** Rows `first`..`last`, both included. */
export type RowRange = readonly [first: number, last: number];

/** How many rows the ranges hold. */
export function countRows(ranges: readonly RowRange[]): number {
  let count = 0;
  for (const [first, last] of ranges) count += last - first + 1;
  return count;
}

/** Whether row `index` is in the ranges (binary search: they are sorted). */
export function containsRow(ranges: readonly RowRange[], index: number): boolean {
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const [first, last] = ranges[middle] as RowRange;
    if (index < first) high = middle - 1;
    else if (index > last) low = middle + 1;
    else return true;
  }
  return false;
}

/** The ranges with rows `from`..`to` (either order) added, merged with what they touch. */
export function addRows(ranges: readonly RowRange[], from: number, to: number): RowRange[] {
  let first = Math.min(from, to);
  let last = Math.max(from, to);
  const before: RowRange[] = [];
  const after: RowRange[] = [];
  for (const range of ranges) {
    if (range[1] < first - 1) before.push(range);
    else if (range[0] > last + 1) after.push(range);
    else {
      first = Math.min(first, range[0]);
      last = Math.max(last, range[1]);
    }
  }
  return [...before, [first, last], ...after];
}

/** The ranges without row `index` (a range that held it is split in two). */
export function removeRow(ranges: readonly RowRange[], index: number): RowRange[] {
  const result: RowRange[] = [];
  for (const range of ranges) {
    const [first, last] = range;
    if (index < first || index > last) result.push(range);
    else {
      if (first < index) result.push([first, index - 1]);
      if (index < last) result.push([index + 1, last]);
    }
  }
  return result;
}

/** The ranges with row `index` flipped: removed when it was in, added when it was not. */
export function toggleRow(ranges: readonly RowRange[], index: number): RowRange[] {
  return containsRow(ranges, index) ? removeRow(ranges, index) : addRows(ranges, index, index);
}

/** The ranges cut to rows 0..count-1 (an answer shorter than the one they were made for). */
export function clampRows(ranges: readonly RowRange[], count: number): RowRange[] {
  const result: RowRange[] = [];
  for (const [first, last] of ranges) {
    if (first >= count) break;
    result.push([Math.max(0, first), Math.min(last, count - 1)]);
  }
  return result;
}

/** Every row index of the ranges, in order (lazily: a 100,000-row selection is not an array). */
export function* rowIndices(ranges: readonly RowRange[]): Generator<number> {
  for (const [first, last] of ranges) for (let index = first; index <= last; index++) yield index;
}
