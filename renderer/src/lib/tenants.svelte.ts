// Tenants as the window sees them: the list from main, the selected one, and what a connection
// test found. Main owns the truth; `tenants:changed` keeps this copy current.
import type {
  AddTenantArgs,
  ConnectionTest,
  TenantList,
  TenantView,
  UpdateTenantArgs,
} from '../../../common/tenant.ts';
import type { ErrorInfo, Result } from '../../../common/result.ts';
import { call, on } from './api.ts';
import { capabilities } from './capabilities.svelte.ts';
import { health } from './health.svelte.ts';
import { forgetTenant } from './tenant-scope.svelte.ts';

export type ConnectionState =
  | { status: 'unknown' }
  | { status: 'testing' }
  | { status: 'ok'; test: ConnectionTest }
  | { status: 'failed'; error: ErrorInfo };

export class TenantsState {
  tenants = $state.raw<TenantView[]>([]);
  selectedId = $state<string | null>(null);
  notices = $state.raw<string[]>([]);
  loaded = $state(false);
  error = $state<ErrorInfo | null>(null);
  connections = $state<Record<string, ConnectionState>>({});

  /** Selections this window has asked main for and not yet heard back about. */
  #pendingSelects = 0;

  selected = $derived(this.tenants.find((tenant) => tenant.id === this.selectedId) ?? null);

  async load(): Promise<void> {
    const result = await call('tenants:list', {});
    if (result.ok) this.#apply(result.value);
    else this.error = result.error;
    this.loaded = true;
  }

  /** Subscribes to main's pushes; returns the unsubscribe function. */
  listen(): () => void {
    const offChanged = on('tenants:changed', (list) => this.#apply(list));
    const offExpired = on('tenants:token-expired', ({ tenantId, message }) => {
      this.connections[tenantId] = { status: 'failed', error: { code: 'token_expired', message } };
      health.failed(tenantId, message);
    });
    const offHealth = health.listen();
    return () => {
      offChanged();
      offExpired();
      offHealth();
    };
  }

  async select(id: string): Promise<void> {
    if (id === this.selectedId) return;
    const previous = this.selectedId;
    this.selectedId = id;
    this.#pendingSelects += 1;
    const result = await call('tenants:select', { id }).finally(() => (this.#pendingSelects -= 1));
    if (!result.ok) {
      this.selectedId = previous;
      this.error = result.error;
    }
  }

  /** Switches by position (Ctrl/Cmd+1..9) or cycles (Ctrl+Tab); out-of-range does nothing. */
  async selectAt(index: number): Promise<void> {
    const tenant = this.tenants[index];
    if (tenant) await this.select(tenant.id);
  }

  async cycle(step: 1 | -1): Promise<void> {
    if (this.tenants.length === 0) return;
    const current = this.tenants.findIndex((tenant) => tenant.id === this.selectedId);
    await this.selectAt((current + step + this.tenants.length) % this.tenants.length);
  }

  async add(args: AddTenantArgs): Promise<Result<TenantView>> {
    const result = await call('tenants:add', args);
    if (!result.ok) return result;
    const { tenant, connection } = result.value;
    if (connection) {
      this.connections[tenant.id] = { status: 'ok', test: connection };
      capabilities.set(tenant.id, connection);
    }
    await this.load();
    await this.select(tenant.id);
    return { ok: true, value: tenant };
  }

  async update(args: UpdateTenantArgs): Promise<Result<TenantView>> {
    const result = await call('tenants:update', args);
    if (result.ok) {
      // New credentials or a new address: what the last test found no longer holds.
      if (args.auth || args.domain !== undefined || args.apiBaseUrl !== undefined) {
        delete this.connections[args.id];
        capabilities.forgetTenant(args.id);
        if (args.id === this.selectedId) void capabilities.load(args.id);
      }
      await this.load();
    }
    return result;
  }

  async remove(id: string): Promise<Result<void>> {
    const result = await call('tenants:remove', { id });
    if (result.ok) {
      delete this.connections[id];
      forgetTenant(id);
      await this.load();
    }
    return result;
  }

  async test(id: string): Promise<void> {
    this.connections[id] = { status: 'testing' };
    const result = await call('tenants:test', { id });
    this.connections[id] = result.ok ? { status: 'ok', test: result.value } : { status: 'failed', error: result.error };
    if (result.ok) {
      capabilities.set(id, result.value);
      health.succeeded(id);
    } else if (!unreachable(result.error)) health.failed(id, result.error.message);
    // The test reached the tenant, or found it gone: its reach may have changed either way.
    void health.load(id);
  }

  connectionOf(id: string): ConnectionState {
    return this.connections[id] ?? { status: 'unknown' };
  }

  #apply(list: TenantList): void {
    this.tenants = list.tenants;
    health.follow(list.tenants.map((tenant) => tenant.id));
    // While a switch this window asked for is under way, an older list must not undo it (quick
    // Ctrl+Tab presses would bounce between tenants); main's answer to the last one settles it.
    const known = list.tenants.some((tenant) => tenant.id === this.selectedId);
    if (this.#pendingSelects === 0 || !known) this.selectedId = list.selectedId ?? list.tenants[0]?.id ?? null;
    this.notices = list.notices;
  }
}

/** No answer reached Roster: the tenant is offline (its dot says so), not failing. */
export function unreachable(error: ErrorInfo): boolean {
  return error.code === 'network' || error.code === 'timeout' || error.code === 'offline';
}

export const tenants = new TenantsState();
