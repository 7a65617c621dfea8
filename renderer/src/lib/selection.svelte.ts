// Selection and view of the user list, per tenant: which row has the keyboard focus, which rows
// are selected (for copying and the bulk actions to come), where the list is scrolled, which
// columns are shown and how wide. Switching tenants and back restores all of it.
//
// Rows are selected by their position in the current answer, not by user id: an answer is fixed
// (a new query or sort calls clearForNewAnswer), and positions can be selected before their
// window of rows has arrived (Ctrl/⌘+A on 100,000 rows, Shift+End). The users are looked up only
// when the selection is used (UsersState.usersAt).
import { TenantMemory, tenantScoped } from './tenant-scope.svelte.ts';
import { DEFAULT_COLUMNS, type ColumnChoice } from './columns.ts';
import { addRows, clampRows, containsRow, countRows, toggleRow, type RowRange } from './row-ranges.ts';

interface Saved {
  focus: number;
  ranges: RowRange[];
  anchor: number;
  scrollTop: number;
  columns: ColumnChoice[];
}

export class SelectionState {
  tenantId = $state<string | null>(null);
  /** Row index with the keyboard focus (-1: none). */
  focus = $state(-1);
  /** Selected rows: sorted, disjoint, non-adjacent inclusive ranges of row indices. */
  ranges = $state.raw<RowRange[]>([]);
  /** Where a Shift range starts. */
  anchor = $state(-1);
  scrollTop = $state(0);
  columns = $state<ColumnChoice[]>(DEFAULT_COLUMNS.map((column) => ({ ...column })));
  // Not state: what was selected when the anchor was set, kept beside a Ctrl+Shift range.
  #base: RowRange[] = [];
  readonly #memory = new TenantMemory<Saved>();

  /** How many rows are selected: O(ranges). */
  count = $derived(countRows(this.ranges));

  reset(tenantId: string | null): void {
    this.#memory.save(this.tenantId, {
      focus: this.focus,
      ranges: this.ranges,
      anchor: this.anchor,
      scrollTop: this.scrollTop,
      columns: $state.snapshot(this.columns),
    });
    this.tenantId = tenantId;
    const saved = this.#memory.recall(tenantId);
    this.focus = saved?.focus ?? -1;
    this.ranges = saved?.ranges ?? [];
    this.anchor = saved?.anchor ?? -1;
    this.#base = [];
    this.scrollTop = saved?.scrollTop ?? 0;
    this.columns = saved?.columns ?? DEFAULT_COLUMNS.map((column) => ({ ...column }));
  }

  /** A new answer (another query or sort): the old row positions mean nothing. */
  clearForNewAnswer(): void {
    this.focus = -1;
    this.anchor = -1;
    this.ranges = [];
    this.#base = [];
    this.scrollTop = 0;
  }

  /** The same answer asked again came back with `rowCount` rows: nothing past its end stays selected. */
  keepWithin(rowCount: number): void {
    if (this.ranges.length > 0 && (this.ranges.at(-1) as RowRange)[1] >= rowCount)
      this.ranges = clampRows(this.ranges, rowCount);
    if (this.focus >= rowCount) this.focus = rowCount - 1;
    if (this.anchor >= rowCount) this.anchor = rowCount - 1;
  }

  isSelected(index: number): boolean {
    return containsRow(this.ranges, index);
  }

  /** A plain click or arrow: only this row. */
  only(index: number): void {
    this.focus = index;
    this.anchor = index;
    this.ranges = [[index, index]];
    this.#base = [];
  }

  /** Ctrl/⌘-click: add or remove one row, keeping the others (a range that held it is split). */
  toggle(index: number): void {
    this.ranges = toggleRow(this.ranges, index);
    this.focus = index;
    this.anchor = index;
    this.#base = this.ranges;
  }

  /**
   * Shift-click, Shift+arrow, Shift+Home/End: the rows from the anchor to `index`. With `add`
   * (Ctrl/⌘+Shift-click) the range joins what was selected when the anchor was set.
   */
  extendTo(index: number, options: { add?: boolean } = {}): void {
    if (this.anchor < 0) this.anchor = index;
    const base = options.add ? this.#base : [];
    this.ranges = addRows(base, this.anchor, index);
    this.focus = index;
  }

  /** Ctrl/⌘+A: every row of the answer, loaded or not; the focus and anchor stay. */
  selectAll(rowCount: number): void {
    this.ranges = rowCount > 0 ? [[0, rowCount - 1]] : [];
  }

  /** Escape in the table: nothing selected; the focus stays where it is. */
  clear(): void {
    this.ranges = [];
    this.#base = [];
    this.anchor = this.focus;
  }

  forgetTenant(tenantId: string): void {
    this.#memory.forget(tenantId);
  }
}

export const selection = tenantScoped(new SelectionState());
