// The one rule for tenant switches: every domain state that belongs to a tenant registers here
// once, and a switch resets all of them together (STYLE 8). App.svelte does not wire each one.
import { untrack } from 'svelte';

export interface TenantScoped {
  /** Forgets the previous tenant's state (keeping what should come back) and takes this tenant's. */
  reset(tenantId: string | null): void;
  /** A removed tenant: drop what was kept for switching back. */
  forgetTenant?(tenantId: string): void;
}

const members: TenantScoped[] = [];
let current: string | null | undefined;

/** Registers a state to be reset on every tenant switch; returns it for `export const x = tenantScoped(new X())`. */
export function tenantScoped<T extends TenantScoped>(state: T): T {
  members.push(state);
  return state;
}

/** Resets every registered state for `tenantId`; a repeated id (a list refresh) changes nothing. */
export function switchTenant(tenantId: string | null): void {
  if (tenantId === current) return;
  current = tenantId;
  for (const member of members) member.reset(tenantId);
}

/** A tenant was removed: nothing of it is kept. */
export function forgetTenant(tenantId: string): void {
  for (const member of members) member.forgetTenant?.(tenantId);
}

/** Follows the selected tenant: one effect for the whole window. Returns its cleanup. */
export function followSelectedTenant(selectedId: () => string | null): () => void {
  return $effect.root(() => {
    $effect(() => {
      const id = selectedId();
      untrack(() => switchTenant(id));
    });
  });
}

/** What a state keeps of each tenant it has shown, to restore when the admin switches back. */
export class TenantMemory<T> {
  // Not state: nothing renders from it.
  readonly #saved: Record<string, T | undefined> = {};

  save(tenantId: string | null, value: T): void {
    if (tenantId) this.#saved[tenantId] = value;
  }

  recall(tenantId: string | null): T | undefined {
    return tenantId ? this.#saved[tenantId] : undefined;
  }

  /** A removed tenant leaves nothing behind. */
  forget(tenantId: string): void {
    this.#saved[tenantId] = undefined;
  }
}
