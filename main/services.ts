// The composition root of main's services: storage, keychain, clock and network come in from
// outside (STYLE 6), so the integration tests build exactly what the app runs, in a temporary
// folder, with a keychain service name of their own. Nothing here imports Electron.
import * as nodeFs from 'node:fs/promises';
import { join } from 'node:path';
import { tenantReach } from '../common/address-policy.ts';
import { systemClock, type Clock } from './auth0/clock.ts';
import { createGotHttpClient, type HttpClient } from './auth0/http-client.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './auth0/send-with-retries.ts';
import type { Logger } from './log.ts';
import type { FileSystem } from './tenants/atomic-write.ts';
import { CredentialStore } from './tenants/credential-store.ts';
import { DemoTenant, type StartDemoEmulator } from './tenants/demo-tenant.ts';
import type { Keychain } from './tenants/keychain.ts';
import { TenantConnections } from './tenants/tenant-connections.ts';
import { TenantService, type EmitEvent } from './tenants/tenant-service.ts';
import { TenantStore } from './tenants/tenant-store.ts';
import { TokenInspector } from './tokens/token-inspector.ts';
import { OnlineReads } from './users/online-reads.ts';
import { UsersService } from './users/users-service.ts';
import { HistoryService } from './history/history-service.ts';
import { HistoryStore } from './history/history-store.ts';
import { SqliteUserCacheStore } from './cache/sqlite-store.ts';
import type { UserCacheStore } from './cache/types.ts';
import { Connectivity } from './sync/connectivity.ts';
import { createHttpExportOpener, type OpenTenantExport } from './sync/export-download.ts';
import { ingestExport } from './sync/export-ingest.ts';
import type { ApiAccess } from './sync/online-call.ts';
import { SyncService } from './sync/sync-service.ts';
import { SyncSettingsStore } from './sync/sync-settings.ts';
import { endpointsOf } from './tenants/tenant-connections.ts';

export interface ServicesOptions {
  /** Electron's userData in the app; a temporary folder in tests. */
  userDataDir: string;
  keychain: Keychain;
  /** 'Roster', 'Roster (development)', or a test's own (main/tenants/keychain.ts). */
  keychainService: string;
  log: Logger;
  /** Pushes an event to the renderer(s). */
  emit: EmitEvent;
  /** Absent: no demo tenant (most tests). */
  startDemoEmulator?: StartDemoEmulator;
  http?: HttpClient;
  clock?: Clock;
  random?: () => number;
  retryPolicy?: RetryPolicy;
  fs?: FileSystem;
  /** The offline caches; by default one SQLite file per tenant under userData/cache. */
  caches?: UserCacheStore;
  /** Opens an export job's download link, through the address policy (common/address-policy.ts). */
  openExport?: OpenTenantExport;
}

export interface Services {
  tenants: TenantService;
  users: UsersService;
  /** What the cache does not hold (roles, logs ...): online only. */
  reads: OnlineReads;
  history: HistoryService;
  tokens: TokenInspector;
  sync: SyncService;
  credentials: CredentialStore;
  /** Resolves once the demo tenant is up (or has failed to start); immediately without one. */
  demoReady(): Promise<void>;
  dispose(): Promise<void>;
}

export async function createServices(options: ServicesOptions): Promise<Services> {
  const { userDataDir, log, emit } = options;
  const clock = options.clock ?? systemClock;
  const store = new TenantStore(userDataDir, options.fs ?? nodeFs, log.child({ area: 'tenants' }));
  await store.load();
  const credentials = new CredentialStore(options.keychain, options.keychainService);
  const http = options.http ?? createGotHttpClient();
  const connections = new TenantConnections({
    http,
    clock,
    random: options.random ?? Math.random,
    policy: options.retryPolicy ?? DEFAULT_RETRY_POLICY,
    log: log.child({ area: 'auth0' }),
  });

  const demo = options.startDemoEmulator
    ? new DemoTenant({
        store,
        credentials,
        start: options.startDemoEmulator,
        userDataDir,
        clock,
        log: log.child({ area: 'demo' }),
        // Called after start-up, by which time `tenants` below exists.
        onReady: () => tenants.notifyChanged(),
      })
    : undefined;
  const tenants: TenantService = new TenantService({
    store,
    credentials,
    connections,
    clock,
    log: log.child({ area: 'tenants' }),
    emit,
    demo,
    // Removing a tenant deletes its offline cache and sync settings (issue 8).
    onRemoved: async (tenantId: string): Promise<void> => {
      await sync.removeTenant(tenantId);
      history.forget(tenantId);
    },
  });

  const caches =
    options.caches ??
    new SqliteUserCacheStore({ directory: join(userDataDir, 'cache'), log: log.child({ area: 'cache' }), clock });
  const settings = new SyncSettingsStore({
    directory: join(userDataDir, 'sync-settings'),
    log: log.child({ area: 'sync' }),
  });
  const access: ApiAccess = {
    withApi: (tenantId, call) => tenants.withApi(tenantId, call),
    nameOf: (tenantId) => tenants.list().tenants.find((tenant) => tenant.id === tenantId)?.name,
  };
  const connectivity = new Connectivity({
    clock,
    random: options.random ?? Math.random,
    workOffline: (tenantId) => settings.get(tenantId).workOffline,
    emit: (change) => emit('connectivity:changed', change),
    log: log.child({ area: 'connectivity' }),
    // Any HTTP answer from the tenant's API host proves it reachable; nothing secret is sent.
    probe: async (tenantId, signal) => {
      const tenant = tenants.list().tenants.find((candidate) => candidate.id === tenantId);
      if (!tenant) return false;
      const url = `${endpointsOf(tenant).baseUrl}/.well-known/openid-configuration`;
      // As every request to a tenant, through the address policy (common/address-policy.ts).
      const reach = tenantReach(tenant.apiBaseUrl);
      return http.send({ method: 'GET', url, signal, timeoutMs: 5_000, reach }).then(
        () => true,
        () => false,
      );
    },
  });
  // The change history (issue 10): one JSON-lines file per tenant under userData/history.
  const history: HistoryService = new HistoryService({
    store: new HistoryStore({ directory: join(userDataDir, 'history'), log: log.child({ area: 'history' }) }),
    clock,
    log: log.child({ area: 'history' }),
  });
  const users = new UsersService({
    access,
    caches,
    connectivity,
    log: log.child({ area: 'users' }),
    history,
    now: () => clock.now(),
  });
  const sync: SyncService = new SyncService({
    access,
    caches,
    settings,
    connectivity,
    openExport: options.openExport ?? createHttpExportOpener(),
    reachOf: async (tenantId) => tenantReach((await tenants.profileOf(tenantId)).apiBaseUrl),
    ingestExport,
    clock,
    log: log.child({ area: 'sync' }),
    emitProgress: (progress) => emit('sync:progress', progress),
  });
  const reads = new OnlineReads({ access, connectivity });
  const tokens = new TokenInspector({ tenants, http, clock, log: log.child({ area: 'tokens' }) });
  demo?.start();

  return {
    tenants,
    users,
    reads,
    history,
    tokens,
    sync,
    credentials,
    demoReady: () => demo?.whenReady().catch(() => undefined) ?? Promise.resolve(),
    async dispose() {
      tokens.dispose();
      sync.dispose();
      connectivity.dispose();
      tenants.dispose();
      credentials.dispose();
      caches.dispose();
      await demo?.dispose();
    },
  };
}
