// Every tenant's health for the sidebar (issue 18): reachable, offline, working offline or
// failing, and whether its cache is a full copy, partial or empty. Main's `sync:status` tells the
// reach and the cache; `connectivity:changed` and the end of a sync ask again; what the window saw
// fail (a connection test, a refused token) marks a tenant failing until it succeeds again.
import type { SyncStatus } from '../../../common/sync.ts';
import { call, on } from './api.ts';
import { describeTenant, reachOf, type Health } from './tenant-health.ts';

export class HealthState {
  statuses = $state.raw<Record<string, SyncStatus | undefined>>({});
  /** Why a tenant is failing, in words (its host answers, with errors). */
  failures = $state.raw<Record<string, string | undefined>>({});
  // Not state: the tenants followed.
  #ids: string[] = [];

  /** The health of `tenantId`, or null until its status is known. */
  of(tenantId: string): Health | null {
    const status = this.statuses[tenantId];
    if (!status) return null;
    const failure = this.failures[tenantId];
    const health = describeTenant(reachOf(status, failure !== undefined), status.cache);
    return failure && health.reach === 'failing' ? { ...health, sentence: `${health.sentence} · ${failure}` } : health;
  }

  /** Follows these tenants: asks for the status of each one not known yet. */
  follow(ids: readonly string[]): void {
    this.#ids = [...ids];
    for (const id of ids) if (!this.statuses[id]) void this.load(id);
  }

  async load(tenantId: string): Promise<void> {
    const result = await call('sync:status', { tenantId });
    if (result.ok && this.#ids.includes(tenantId)) this.note(result.value);
  }

  /** A status main gave the window (the sync bar's, or this class's own). */
  note(status: SyncStatus): void {
    this.statuses = { ...this.statuses, [status.tenantId]: status };
  }

  failed(tenantId: string, message: string): void {
    this.failures = { ...this.failures, [tenantId]: message };
  }

  succeeded(tenantId: string): void {
    if (this.failures[tenantId] === undefined) return;
    this.failures = { ...this.failures, [tenantId]: undefined };
  }

  listen(): () => void {
    const offConnectivity = on('connectivity:changed', ({ tenantId }) => {
      if (this.#ids.includes(tenantId)) void this.load(tenantId);
    });
    const offProgress = on('sync:progress', ({ tenantId, phase }) => {
      if ((phase === 'done' || phase === 'failed') && this.#ids.includes(tenantId)) void this.load(tenantId);
    });
    return () => {
      offConnectivity();
      offProgress();
    };
  }
}

export const health = new HealthState();
