// Focus and Escape across the window (issue 18): every view has one focus owner, and Escape goes
// back one level and no further. A modal dialog (a <dialog>, an alert dialog) handles its own
// Escape and focus; then the profile closes, back on the row it came from, asking first when an
// editor holds unsaved changes; Escape inside the Changes panel closes it, back on its button.
// View > Find Users (Ctrl/⌘+F) leaves whatever covers the list and focuses its search box.
import { tick } from 'svelte';
import type { HistoryState } from './history.svelte.ts';
import type { ProfileState } from './profile.svelte.ts';
import type { TokensState } from './tokens.svelte.ts';

/** What the user list offers: the focus on its focused row, or on its search box. */
export interface ListFocus {
  focusRow(): void;
  focusSearch(): void;
}

export interface NavigationParts {
  profile: ProfileState;
  tokens: TokensState;
  history: HistoryState;
  /** The list, when it is on screen. */
  list: () => ListFocus | null;
  /** Whether a tenant is open (nothing to navigate otherwise). */
  hasTenant: () => boolean;
}

export const LEAVE_DRAFT_QUESTION = 'Leave this user? Your unsaved changes will be lost.';

export class Navigation {
  readonly #parts: NavigationParts;

  constructor(parts: NavigationParts) {
    this.#parts = parts;
  }

  /** A modal dialog is open: its own Escape, its own focus. */
  modalOpen(): boolean {
    return document.querySelector('dialog[open], [role=alertdialog]') !== null;
  }

  /** Back from the profile to the list, on the row it came from; false when the admin stays. */
  leaveProfile = (): boolean => {
    const { profile, list } = this.#parts;
    if (profile.hasDraft && !confirm(LEAVE_DRAFT_QUESTION)) return false;
    profile.close();
    void tick().then(() => list()?.focusRow());
    return true;
  };

  /** View > Find Users: the list's search box, from whatever covers it. */
  findUsers = (): void => {
    const { profile, tokens, list } = this.#parts;
    if (this.modalOpen()) return;
    if (profile.tenantId && !this.leaveProfile()) return;
    if (tokens.open) tokens.close();
    void tick().then(() => list()?.focusSearch());
  };

  closeChanges = (): void => {
    this.#parts.history.open = false;
    void tick().then(() => document.querySelector<HTMLElement>('[data-testid=view-changes]')?.focus());
  };

  /** The window's keydown, after every element's own handler (which may have taken the key). */
  onkeydown = (event: KeyboardEvent): void => {
    const { profile, tokens, history, hasTenant } = this.#parts;
    if (event.defaultPrevented || !hasTenant()) return;
    const find = (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'f';
    // Over the list (a profile, the token inspector) Find Users is handled here; on the list, by it.
    if (find && (profile.tenantId || tokens.open)) {
      event.preventDefault();
      this.findUsers();
    } else if (event.key === 'Escape' && !this.modalOpen()) {
      const target = event.target as HTMLElement | null;
      if (history.open && target?.closest('[data-testid=changes-panel]')) {
        event.preventDefault();
        this.closeChanges();
      } else if (profile.tenantId) {
        event.preventDefault();
        this.leaveProfile();
      }
    }
  };
}
