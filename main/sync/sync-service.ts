// Sync for the window (issue 8): full and incremental syncs, one at a time per tenant, each tied
// to the IPC call that started it (its progress events carry the call id; cancelling the call
// stops it); the automatic incremental sync when a stale tenant opens; status, settings, "Work
// offline" and "Forget cached data".
import type { AddressReach } from '../../common/address-policy.ts';
import type { SyncKind, SyncProgress, SyncSettings, SyncStatus, SyncSummary } from '../../common/sync.ts';
import type { Clock } from '../auth0/clock.ts';
import type { UserCacheStore } from '../cache/types.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { Connectivity } from './connectivity.ts';
import type { OpenTenantExport } from './export-download.ts';
import { runFullSync, type FullSyncProgress, type IngestExport } from './full-sync.ts';
import { runIncrementalSync } from './incremental-sync.ts';
import { callOnline, type ApiAccess } from './online-call.ts';
import type { SyncSettingsStore } from './sync-settings.ts';

export interface SyncServiceDeps {
  access: ApiAccess;
  caches: UserCacheStore;
  settings: SyncSettingsStore;
  connectivity: Connectivity;
  openExport: OpenTenantExport;
  /** Where the tenant may lead (common/address-policy.ts): its export link passes the same policy. */
  reachOf(tenantId: string): Promise<AddressReach>;
  ingestExport: IngestExport;
  clock: Clock;
  log: Logger;
  emitProgress: (progress: SyncProgress) => void;
}

interface Running {
  kind: SyncKind;
  controller: AbortController;
  done: Promise<unknown>;
}

/** Progress events at most this often, besides every change of phase. */
const PROGRESS_INTERVAL_MS = 100;
/** The export job's share of a full sync's bar; the download and ingest take it to DOWNLOAD_END. */
const EXPORT_SHARE = 30;
/** Where the download ends on the bar: committing (the user_id index, writing the file to disk,
 * the swap) takes the rest: about a fifth of the time after the export with the export at hand
 * (0.17 of 0.8 s at 100k users), less behind a network. */
const DOWNLOAD_END = 90;

export class SyncService {
  readonly #deps: SyncServiceDeps;
  readonly #running = new Map<string, Running>();

  constructor(deps: SyncServiceDeps) {
    this.#deps = deps;
  }

  status(tenantId: string, opened = false): SyncStatus {
    const { caches, settings, connectivity, clock } = this.#deps;
    this.#requireTenant(tenantId);
    const state = caches.open(tenantId).state();
    const tenantSettings = settings.get(tenantId);
    const maxAgeMs = (tenantSettings.autoSyncAfterMinutes ?? Infinity) * 60_000;
    const stale = state.syncedAt === null || clock.now() - Date.parse(state.syncedAt) > maxAgeMs;
    if (opened && stale && state.complete && connectivity.isOnline(tenantId) && !this.#running.has(tenantId)) {
      // Auto-sync: in the background, with no call to cancel it but "Forget" or closing the app.
      this.#deps.log.info('cache stale on open; incremental sync', { tenantId });
      void this.incremental(tenantId, '', new AbortController().signal).catch(() => undefined);
    }
    return {
      tenantId,
      online: connectivity.isOnline(tenantId),
      reachable: connectivity.isReachable(tenantId),
      workOffline: tenantSettings.workOffline,
      cache: {
        userCount: state.userCount,
        complete: state.complete,
        syncedAt: state.syncedAt,
        fullSyncAt: state.fullSyncAt,
        recovered: state.recovered
          ? `${state.recovered.reason} The old file was kept as ${state.recovered.setAsidePath}.`
          : null,
        indexing: state.indexing,
        indexFailed: state.indexFailed ?? null,
      },
      stale,
      running: this.#running.get(tenantId)?.kind ?? null,
      settings: tenantSettings,
    };
  }

  full(tenantId: string, callId: string, signal: AbortSignal): Promise<SyncSummary> {
    return this.#run(tenantId, 'full', callId, signal, async (report, runSignal) => {
      const { caches, openExport, reachOf, ingestExport, clock, log } = this.#deps;
      return runFullSync({
        api: {
          exportUsers: (body, s) => this.#online(tenantId, (api) => api.exportUsers(body, s)),
          getJob: (jobId, s) => this.#online(tenantId, (api) => api.getJob(jobId, s)),
        },
        cache: caches.open(tenantId),
        openExport: async (url, s) => {
          try {
            return await openExport(url, await reachOf(tenantId), s);
          } catch (error) {
            if (error instanceof AppError && error.code === 'network')
              this.#deps.connectivity.reportFailure(tenantId, error);
            throw error;
          }
        },
        ingestExport,
        clock,
        log: log.child({ tenantId, sync: 'full' }),
        signal: runSignal,
        onProgress: (progress) => report(fullProgress(progress)),
      });
    });
  }

  incremental(tenantId: string, callId: string, signal: AbortSignal): Promise<SyncSummary> {
    return this.#run(tenantId, 'incremental', callId, signal, (report, runSignal) =>
      runIncrementalSync({
        api: { listUsers: (args, s) => this.#online(tenantId, (api) => api.listUsers(args, s)) },
        cache: this.#deps.caches.open(tenantId),
        clock: this.#deps.clock,
        signal: runSignal,
        onProgress: ({ users, expected }) =>
          report({
            phase: 'incremental',
            percentage: expected > 0 ? Math.min(99, (users / expected) * 100) : 0,
            jobPercentage: null,
            bytes: 0,
            users,
            etaSeconds: null,
          }),
      }),
    );
  }

  settings(tenantId: string, changes?: Partial<SyncSettings>): SyncSettings {
    this.#requireTenant(tenantId);
    if (!changes || Object.keys(changes).length === 0) return this.#deps.settings.get(tenantId);
    const before = this.#deps.settings.get(tenantId);
    const after = this.#deps.settings.set(tenantId, changes);
    if (before.workOffline !== after.workOffline) this.#deps.connectivity.notify(tenantId);
    return after;
  }

  setOffline(tenantId: string, offline: boolean): SyncStatus {
    this.settings(tenantId, { workOffline: offline });
    return this.status(tenantId);
  }

  /** "Forget cached data": a running sync stops first, then the files go. */
  /** The metadata paths of the tenant's cached users (none before a sync or write-through). */
  metadataPaths(tenantId: string): string[] {
    this.#requireTenant(tenantId);
    return this.#deps.caches.open(tenantId).metadataPaths();
  }

  async forget(tenantId: string): Promise<void> {
    const running = this.#running.get(tenantId);
    if (running) {
      running.controller.abort();
      await running.done.catch(() => undefined);
    }
    this.#deps.caches.forget(tenantId);
  }

  /** The tenant was removed: its cache, its settings and its probes go with it. */
  async removeTenant(tenantId: string): Promise<void> {
    this.#deps.connectivity.forget(tenantId);
    try {
      await this.forget(tenantId);
      this.#deps.settings.forget(tenantId);
    } catch (error) {
      // The tenant is gone already; a file left behind is logged, not a failed removal.
      this.#deps.log.error('cache of a removed tenant not deleted', { tenantId, error });
    }
  }

  dispose(): void {
    for (const running of this.#running.values()) running.controller.abort();
  }

  async #run(
    tenantId: string,
    kind: SyncKind,
    callId: string,
    signal: AbortSignal,
    work: (
      report: (progress: Omit<SyncProgress, 'callId' | 'tenantId' | 'kind'>) => void,
      signal: AbortSignal,
    ) => Promise<SyncSummary>,
  ): Promise<SyncSummary> {
    const name = this.#requireTenant(tenantId);
    if (this.#running.has(tenantId)) {
      throw new AppError('conflict', `A ${this.#running.get(tenantId)?.kind} sync of ${name} is already running.`);
    }
    const reason = this.#deps.connectivity.offlineReason(tenantId, name);
    if (reason) throw new AppError('offline', `${reason}: a sync needs the tenant. Go online and sync again.`);
    const controller = new AbortController();
    const runSignal = AbortSignal.any([signal, controller.signal]);
    const emit = this.#progressEmitter(tenantId, kind, callId);
    const done = work(emit, runSignal);
    this.#running.set(tenantId, { kind, controller, done });
    try {
      const summary = await done;
      emit(
        {
          phase: 'done',
          percentage: 100,
          jobPercentage: null,
          bytes: summary.bytes ?? 0,
          users: summary.users,
          etaSeconds: 0,
        },
        true,
      );
      return summary;
    } catch (error) {
      const message = error instanceof AppError ? error.message : 'The sync failed; the details are in the log.';
      if (!(error instanceof AppError)) this.#deps.log.error('sync failed', { tenantId, kind, error });
      const cancelled = runSignal.aborted;
      emit(
        {
          phase: 'failed',
          percentage: 0,
          jobPercentage: null,
          bytes: 0,
          users: 0,
          etaSeconds: null,
          message: cancelled ? 'The sync was cancelled; the cache is as it was.' : message,
        },
        true,
      );
      throw error;
    } finally {
      this.#running.delete(tenantId);
    }
  }

  #progressEmitter(tenantId: string, kind: SyncKind, callId: string) {
    let last = -Infinity;
    let lastPhase = '';
    return (progress: Omit<SyncProgress, 'callId' | 'tenantId' | 'kind'>, force = false): void => {
      const now = this.#deps.clock.now();
      if (!force && progress.phase === lastPhase && now - last < PROGRESS_INTERVAL_MS) return;
      last = now;
      lastPhase = progress.phase;
      this.#deps.emitProgress({ callId, tenantId, kind, ...progress });
    };
  }

  #online<T>(tenantId: string, call: Parameters<typeof callOnline<T>>[3]): Promise<T> {
    return callOnline(this.#deps.access, this.#deps.connectivity, tenantId, call);
  }

  #requireTenant(tenantId: string): string {
    const name = this.#deps.access.nameOf(tenantId);
    if (name === undefined) throw new AppError('not_found', 'There is no such tenant. It may have been removed.');
    return name;
  }
}

function fullProgress(progress: FullSyncProgress): Omit<SyncProgress, 'callId' | 'tenantId' | 'kind'> {
  const { phase, jobPercentage, bytes, totalBytes, users, etaSeconds } = progress;
  const downloadShare = totalBytes ? Math.min(1, bytes / totalBytes) : 0;
  const percentage =
    phase === 'export'
      ? ((jobPercentage ?? 0) / 100) * EXPORT_SHARE
      : phase === 'committing'
        ? DOWNLOAD_END + (progress.committed ?? 0) * (99 - DOWNLOAD_END)
        : EXPORT_SHARE + downloadShare * (DOWNLOAD_END - EXPORT_SHARE);
  return {
    phase,
    percentage,
    jobPercentage,
    bytes,
    users,
    etaSeconds: etaSeconds === null ? null : Math.ceil(etaSeconds),
  };
}
