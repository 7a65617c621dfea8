// The offline cache and sync of the selected tenant as the window sees them: where reads come
// from, the running sync's progress (events of the call this window started, or of an automatic
// sync), "Work offline", the auto-sync age, "Forget cached data". Main owns the truth.
import type { ErrorInfo } from '../../../common/result.ts';
import type { SyncProgress, SyncStatus } from '../../../common/sync.ts';
import { Notice } from './notice.svelte.ts';
import { call, newCallId, on } from './api.ts';
import { health } from './health.svelte.ts';
import { tenantScoped } from './tenant-scope.svelte.ts';

export class SyncState {
  tenantId = $state<string | null>(null);
  status = $state.raw<SyncStatus | null>(null);
  progress = $state.raw<SyncProgress | null>(null);
  error = $state<ErrorInfo | null>(null);
  /** What the last finished sync did, in words: the sync bar's notice, for this tenant only. */
  readonly outcome = new Notice(() => [this.tenantId], 'sync-outcome');
  /** This window's syncs, by tenant: they go on while another tenant is shown. */
  // Not state: nothing renders from it.
  readonly #mine: Record<string, { callId: string; controller: AbortController } | undefined> = {};
  /** Called when what the list shows may have changed (sync done, back online, offline). */
  onDataChanged: () => void = () => undefined;
  /** While the cache's search index is being built, its status is asked again this often. */
  static readonly INDEXING_POLL_MS = 1000;
  #poll: ReturnType<typeof setTimeout> | null = null;

  online = $derived(this.status?.online ?? true);
  running = $derived(this.progress !== null && this.progress.phase !== 'done' && this.progress.phase !== 'failed');

  reset(tenantId: string | null): void {
    this.#stopPolling();
    this.tenantId = tenantId;
    this.status = null;
    this.progress = null;
    this.error = null;
    this.outcome.clear();
    // Opening a tenant may start its automatic sync (main decides from the cache's age).
    if (tenantId) void this.load(true);
  }

  /** `opened`: the window just opened the tenant, so main may start an automatic sync. */
  async load(opened = false): Promise<void> {
    const tenantId = this.tenantId;
    if (!tenantId) return;
    const result = await call('sync:status', { tenantId, opened });
    if (tenantId !== this.tenantId) return;
    if (result.ok) this.#show(result.value);
    else this.error = result.error;
  }

  #show(status: SyncStatus): void {
    this.status = status;
    health.note(status);
    // The index is built in main's background with no event of its own: follow it by asking.
    this.#stopPolling();
    if (status.cache.indexing !== null && status.cache.indexFailed === null) {
      this.#poll = setTimeout(() => void this.load(), SyncState.INDEXING_POLL_MS);
    }
  }

  #stopPolling(): void {
    if (this.#poll !== null) clearTimeout(this.#poll);
    this.#poll = null;
  }

  listen(): () => void {
    const offProgress = on('sync:progress', (progress) => {
      if (progress.tenantId !== this.tenantId) return;
      // This window's own call, or an automatic sync (no call); not another window's.
      if (progress.callId !== '' && progress.callId !== this.#mine[progress.tenantId]?.callId) return;
      this.progress = progress;
      if (progress.phase === 'done' || progress.phase === 'failed') {
        void this.load();
        if (progress.phase === 'done') this.onDataChanged();
      }
    });
    const offConnectivity = on('connectivity:changed', (change) => {
      if (change.tenantId !== this.tenantId) return;
      const wasOnline = this.status?.online;
      void this.load();
      if (wasOnline !== change.online) this.onDataChanged();
    });
    return () => {
      offProgress();
      offConnectivity();
      this.#stopPolling();
    };
  }

  start(kind: 'full' | 'incremental'): Promise<void> {
    return this.#run(kind === 'full' ? 'sync:start' : 'sync:incremental');
  }

  /** Stops this window's sync: the cache stays as it was before it. */
  cancel(): void {
    if (this.tenantId) this.#mine[this.tenantId]?.controller.abort();
  }

  async setWorkOffline(offline: boolean): Promise<void> {
    const tenantId = this.tenantId;
    if (!tenantId) return;
    const result = await call('connectivity:set-offline', { tenantId, offline });
    if (tenantId !== this.tenantId) return;
    if (result.ok) {
      this.#show(result.value);
      this.onDataChanged();
    } else this.error = result.error;
  }

  async setAutoSync(minutes: number | null): Promise<void> {
    const tenantId = this.tenantId;
    if (!tenantId) return;
    const result = await call('sync:settings', { tenantId, settings: { autoSyncAfterMinutes: minutes } });
    if (!result.ok) this.error = result.error;
    await this.load();
  }

  async forget(): Promise<void> {
    const tenantId = this.tenantId;
    if (!tenantId) return;
    const result = await call('cache:forget', { tenantId });
    if (!result.ok) this.error = result.error;
    this.progress = null;
    this.outcome.clear();
    await this.load();
    this.onDataChanged();
  }

  async #run(channel: 'sync:start' | 'sync:incremental'): Promise<void> {
    const tenantId = this.tenantId;
    if (!tenantId || this.running || this.#mine[tenantId]) return;
    const controller = new AbortController();
    const callId = newCallId();
    this.#mine[tenantId] = { callId, controller };
    this.error = null;
    this.outcome.clear();
    this.progress = {
      callId,
      tenantId,
      kind: channel === 'sync:start' ? 'full' : 'incremental',
      phase: channel === 'sync:start' ? 'export' : 'incremental',
      percentage: 0,
      jobPercentage: 0,
      bytes: 0,
      users: 0,
      etaSeconds: null,
    };
    const result = await call(channel, { tenantId }, { signal: controller.signal, callId });
    this.#mine[tenantId] = undefined;
    if (tenantId !== this.tenantId) return;
    // The call's answer ends the sync for this window, whether or not its last event came first.
    this.progress = null;
    if (result.ok) {
      const { kind, users } = result.value;
      this.outcome.show(
        kind === 'full'
          ? `Synced ${users.toLocaleString()} users.`
          : `Brought ${users.toLocaleString()} changed ${users === 1 ? 'user' : 'users'} up to date.`,
      );
      this.onDataChanged();
    } else {
      this.error =
        result.error.code === 'cancelled'
          ? { code: 'cancelled', message: 'Sync cancelled. The cached data is as it was before.' }
          : result.error;
    }
    await this.load();
  }
}

export const sync = tenantScoped(new SyncState());
