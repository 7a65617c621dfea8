// The token inspector of the selected tenant. The pasted token lives here only while the view is
// open: reset() (tenant switch) and close() drop it together with everything decoded from it.
import type { ErrorInfo } from '../../../common/result.ts';
import type { TokenInspection } from '../../../common/tokens.ts';
import { call } from './api.ts';
import { tenantScoped } from './tenant-scope.svelte.ts';

export class TokensState {
  tenantId = $state<string | null>(null);
  open = $state(false);
  /** The pasted token; never persisted, never logged. */
  draft = $state('');
  /** An API identifier or a client ID to check `aud` against; optional. */
  expectedAudience = $state('');
  result = $state.raw<TokenInspection | null>(null);
  loading = $state(false);
  askingTokeninfo = $state(false);
  error = $state<ErrorInfo | null>(null);
  #inFlight: AbortController | null = null;

  reset(tenantId: string | null): void {
    this.#inFlight?.abort();
    this.tenantId = tenantId;
    this.open = false;
    this.#forget();
  }

  show(): void {
    this.open = true;
  }

  /** Leaves the view: the token and what was decoded from it are gone. */
  close(): void {
    this.#inFlight?.abort();
    this.open = false;
    this.#forget();
  }

  async inspect(): Promise<void> {
    await this.#run(false);
  }

  /** Asks the tenant's legacy /tokeninfo about the same ID token. */
  async askTokeninfo(): Promise<void> {
    await this.#run(true);
  }

  async #run(tokeninfo: boolean): Promise<void> {
    const tenantId = this.tenantId;
    const token = this.draft.trim();
    if (!tenantId || !token) return;
    this.#inFlight?.abort();
    const controller = new AbortController();
    this.#inFlight = controller;
    this.loading = !tokeninfo;
    this.askingTokeninfo = tokeninfo;
    const audience = this.expectedAudience.trim();
    const result = await call(
      'tokens:inspect',
      { tenantId, token, ...(audience ? { expectedAudience: audience } : {}), ...(tokeninfo ? { tokeninfo } : {}) },
      { signal: controller.signal },
    );
    if (controller.signal.aborted) return;
    this.loading = false;
    this.askingTokeninfo = false;
    if (result.ok) {
      this.result = result.value;
      this.error = null;
    } else {
      this.error = result.error;
      if (!tokeninfo) this.result = null;
    }
  }

  #forget(): void {
    this.draft = '';
    this.expectedAudience = '';
    this.result = null;
    this.error = null;
    this.loading = false;
    this.askingTokeninfo = false;
  }
}

// A pasted token belongs to the tenant it was pasted for: a switch drops it.
export const tokens = tenantScoped(new TokensState());
