// Selection and view of the user list, per tenant: which row has the keyboard focus, which users
// are selected (for copying and the bulk actions to come), where the list is scrolled, which
// columns are shown and how wide. Switching tenants and back restores all of it.
import { TenantMemory, tenantScoped } from './tenant-scope.svelte.ts';
import { DEFAULT_COLUMNS, type ColumnChoice } from './columns.ts';

interface Saved {
  focus: number;
  selected: string[];
  anchor: number;
  scrollTop: number;
  columns: ColumnChoice[];
}

export class SelectionState {
  tenantId = $state<string | null>(null);
  /** Row index with the keyboard focus (-1: none). */
  focus = $state(-1);
  /** Selected user ids, in the order they were selected. */
  selected = $state.raw<string[]>([]);
  /** Where a Shift range starts. */
  anchor = $state(-1);
  scrollTop = $state(0);
  columns = $state<ColumnChoice[]>(DEFAULT_COLUMNS.map((column) => ({ ...column })));
  readonly #memory = new TenantMemory<Saved>();

  count = $derived(this.selected.length);

  reset(tenantId: string | null): void {
    this.#memory.save(this.tenantId, {
      focus: this.focus,
      selected: this.selected,
      anchor: this.anchor,
      scrollTop: this.scrollTop,
      columns: $state.snapshot(this.columns),
    });
    this.tenantId = tenantId;
    const saved = this.#memory.recall(tenantId);
    this.focus = saved?.focus ?? -1;
    this.selected = saved?.selected ?? [];
    this.anchor = saved?.anchor ?? -1;
    this.scrollTop = saved?.scrollTop ?? 0;
    this.columns = saved?.columns ?? DEFAULT_COLUMNS.map((column) => ({ ...column }));
  }

  /** A new answer (another query or sort): the old row positions mean nothing. */
  clearForNewAnswer(): void {
    this.focus = -1;
    this.anchor = -1;
    this.selected = [];
    this.scrollTop = 0;
  }

  isSelected(userId: string): boolean {
    return this.selected.includes(userId);
  }

  /** A plain click or arrow: only this row. */
  only(index: number, userId: string | undefined): void {
    this.focus = index;
    this.anchor = index;
    this.selected = userId ? [userId] : [];
  }

  /** Ctrl/⌘-click: add or remove one row, keeping the others. */
  toggle(index: number, userId: string | undefined): void {
    this.focus = index;
    this.anchor = index;
    if (!userId) return;
    this.selected = this.selected.includes(userId)
      ? this.selected.filter((id) => id !== userId)
      : [...this.selected, userId];
  }

  /** Shift-click or Shift+arrow: the rows from the anchor to `index`, whose ids `idAt` knows. */
  extendTo(index: number, idAt: (index: number) => string | undefined): void {
    if (this.anchor < 0) this.anchor = index;
    const from = Math.min(this.anchor, index);
    const to = Math.max(this.anchor, index);
    const ids: string[] = [];
    for (let at = from; at <= to; at++) {
      const id = idAt(at);
      if (id) ids.push(id);
    }
    this.focus = index;
    this.selected = ids;
  }

  clear(): void {
    this.selected = [];
  }

  forgetTenant(tenantId: string): void {
    this.#memory.forget(tenantId);
  }
}

export const selection = tenantScoped(new SelectionState());
