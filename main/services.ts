// The composition root of main's services: storage, keychain, clock and network come in from
// outside (STYLE 6), so the integration tests build exactly what the app runs, in a temporary
// folder, with a keychain service name of their own. Nothing here imports Electron.
import * as nodeFs from 'node:fs/promises';
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
import { UsersService } from './users/users-service.ts';

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
}

export interface Services {
  tenants: TenantService;
  users: UsersService;
  tokens: TokenInspector;
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
  const tenants = new TenantService({
    store,
    credentials,
    connections,
    clock,
    log: log.child({ area: 'tenants' }),
    emit,
    demo,
  });
  const users = new UsersService(tenants);
  const tokens = new TokenInspector({ tenants, http, clock, log: log.child({ area: 'tokens' }) });
  demo?.start();

  return {
    tenants,
    users,
    tokens,
    credentials,
    demoReady: () => demo?.whenReady().catch(() => undefined) ?? Promise.resolve(),
    async dispose() {
      tokens.dispose();
      tenants.dispose();
      credentials.dispose();
      await demo?.dispose();
    },
  };
}
