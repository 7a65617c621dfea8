// What each tenant's token allows, known as soon as the tenant opens (`tenants:capabilities`
// reads the scopes of the token the tenant already has or gets, without listing users), so any
// screen can disable what would fail with 403 and name the missing scope.
import type { Capabilities } from '../../../common/tenant.ts';
import type { ErrorInfo } from '../../../common/result.ts';
import { call } from './api.ts';
import { health } from './health.svelte.ts';
import { tenantScoped } from './tenant-scope.svelte.ts';

type Known = { scopes: string[]; capabilities: Capabilities };

export class CapabilitiesState {
  #known = $state<Record<string, Known | undefined>>({});
  errors = $state<Record<string, ErrorInfo | undefined>>({});
  // Not state: which tenants were asked already.
  readonly #asked: Record<string, boolean | undefined> = {};

  /** A switch asks once per tenant; the answer is kept for switching back. */
  reset(tenantId: string | null): void {
    if (tenantId && !this.#asked[tenantId]) void this.load(tenantId);
  }

  async load(tenantId: string): Promise<void> {
    this.#asked[tenantId] = true;
    const result = await call('tenants:capabilities', { id: tenantId });
    if (result.ok) {
      this.#known[tenantId] = result.value;
      this.errors[tenantId] = undefined;
      health.succeeded(tenantId);
    } else {
      this.errors[tenantId] = result.error;
      // An answer that refused the credentials: the tenant is failing, not offline.
      const { code } = result.error;
      if (code !== 'network' && code !== 'timeout' && code !== 'offline' && code !== 'cancelled')
        health.failed(tenantId, result.error.message);
      // A failure (offline, a lapsed token) is asked again on the next switch.
      this.#asked[tenantId] = false;
    }
  }

  /** A connection test or new credentials found the scopes again. */
  set(tenantId: string, known: Known): void {
    this.#known[tenantId] = known;
    this.#asked[tenantId] = true;
  }

  forgetTenant(tenantId: string): void {
    this.#known[tenantId] = undefined;
    this.#asked[tenantId] = false;
  }

  of(tenantId: string): Capabilities | null {
    return this.#known[tenantId]?.capabilities ?? null;
  }

  scopes(tenantId: string): string[] {
    return this.#known[tenantId]?.scopes ?? [];
  }

  /** Null when the token holds `scope` (or it is not known yet); otherwise a sentence naming it. */
  missingScope(tenantId: string, scope: string): string | null {
    const known = this.#known[tenantId];
    if (!known || known.scopes.includes(scope)) return null;
    return `The token of this tenant lacks the ${scope} scope. Grant it to the application in the Auth0 Dashboard (APIs › Auth0 Management API › Machine to Machine Applications), then test the connection again.`;
  }
}

export const capabilities = tenantScoped(new CapabilitiesState());
