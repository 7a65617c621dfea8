// The offline cache and sync as the window sees them (issue 8): where an answer came from, how
// a sync is going, whether a tenant is reachable, and its sync settings.
import { z } from 'zod';
import type { User, UsersPage } from './auth0.ts';
import { tenantIdSchema } from './tenant.ts';

/** Where a read was answered from, and how current and whole that source is. */
export interface ReadOrigin {
  source: 'api' | 'cache';
  /** ISO time the cache was last brought up to date; for an API answer, the cache's time too (null if never). */
  syncedAt: string | null;
  /**
   * An API answer is complete; a cache answer is complete once a full sync has committed. An
   * incomplete (partial) cache holds only the users seen while browsing: its answers may miss
   * matches, so they are said to be partial and never kept as an answer of the tenant's.
   */
  complete: boolean;
  /** Users the tenant's cache holds: every user once synced, else those seen while browsing. */
  cachedUsers: number;
}

/** `users:list`: Auth0's page, and where it came from. */
export type UsersListPage = UsersPage & ReadOrigin;

/** `users:get`: the user as Auth0 (or the cache) holds it, and where it came from under `origin`. */
export type UserWithOrigin = User & { origin: ReadOrigin };

export const MIN_AUTO_SYNC_MINUTES = 5;
export const MAX_AUTO_SYNC_MINUTES = 60 * 24 * 30;

/** Stored per tenant beside its cache; read back through this schema (a bad file means defaults). */
export const syncSettingsSchema = z.strictObject({
  /** When a tenant opens and its cache is older than this, an incremental sync runs; null = never. */
  autoSyncAfterMinutes: z.int().min(MIN_AUTO_SYNC_MINUTES).max(MAX_AUTO_SYNC_MINUTES).nullable(),
  /** The admin's "Work offline": reads come from the cache and writes are refused. */
  workOffline: z.boolean(),
});
export type SyncSettings = z.output<typeof syncSettingsSchema>;

export const DEFAULT_SYNC_SETTINGS: SyncSettings = { autoSyncAfterMinutes: 60, workOffline: false };

export const syncTenantArgs = z.strictObject({ tenantId: tenantIdSchema });
export const syncStatusArgs = z.strictObject({ tenantId: tenantIdSchema, opened: z.boolean().optional() });
export const syncSettingsArgs = z.strictObject({
  tenantId: tenantIdSchema,
  /** Absent: only read the settings. */
  settings: syncSettingsSchema.partial().optional(),
});
export const setOfflineArgs = z.strictObject({ tenantId: tenantIdSchema, offline: z.boolean() });

export type SyncKind = 'full' | 'incremental';

export interface SyncStatus {
  tenantId: string;
  /** Reads go to the API (true) or to the cache (false). */
  online: boolean;
  /** The last request or probe reached the tenant. */
  reachable: boolean;
  workOffline: boolean;
  cache: {
    userCount: number;
    complete: boolean;
    syncedAt: string | null;
    fullSyncAt: string | null;
    /** The cache file was damaged and set aside on open: what happened, for the admin. */
    recovered: string | null;
    /**
     * While the search index of a full sync's copy is being built, in the background: how far, 0
     * to 1. Searches give the same answers meanwhile, only slower. null once it is built.
     */
    indexing: number | null;
    /** That build failed (searches keep answering, slower): what happened, for the admin. */
    indexFailed: string | null;
  };
  /** The cache is older than the tenant's auto-sync age (or has never been synced). */
  stale: boolean;
  running: SyncKind | null;
  settings: SyncSettings;
}

export interface SyncSummary {
  kind: SyncKind;
  /** Users written to the cache: the whole tenant for a full sync, the changed ones for an incremental. */
  users: number;
  syncedAt: string;
  /** Only for a full sync: gzip bytes downloaded. */
  bytes?: number;
}

export const syncPhaseSchema = z.enum(['export', 'download', 'incremental', 'committing', 'done', 'failed']);
export type SyncPhase = z.output<typeof syncPhaseSchema>;

export const syncProgressSchema = z.strictObject({
  /** The id of the `sync:start` / `sync:incremental` call this belongs to (empty for an automatic sync). */
  callId: z.string(),
  tenantId: tenantIdSchema,
  kind: z.enum(['full', 'incremental']),
  phase: syncPhaseSchema,
  /** 0..100 over the whole sync. */
  percentage: z.number().min(0).max(100),
  /** The export job's own percentage while it runs. */
  jobPercentage: z.number().min(0).max(100).nullable(),
  bytes: z.number().min(0),
  users: z.number().min(0),
  /** Seconds left, when it can be estimated. */
  etaSeconds: z.number().min(0).nullable(),
  message: z.string().optional(),
});
export type SyncProgress = z.output<typeof syncProgressSchema>;

export const connectivitySchema = z.strictObject({
  tenantId: tenantIdSchema,
  online: z.boolean(),
  reachable: z.boolean(),
  workOffline: z.boolean(),
  /** Why it is offline, in words; absent when online. */
  reason: z.string().optional(),
});
export type ConnectivityChange = z.output<typeof connectivitySchema>;
