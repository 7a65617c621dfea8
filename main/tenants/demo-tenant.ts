// The demo tenant (DESIGN.md, Tenants): the emulator, started in-process on 127.0.0.1 on a free
// port, with a fixed seed and its data persisted in userData so edits survive restarts. Its
// generated secret goes through the CredentialStore like any other; without a keychain it stays
// in memory for this run, and the tenant says so (secretStorage: 'memory').
import { join } from 'node:path';
import { TENANT_COLORS, type TenantProfile } from '../../common/tenant.ts';
import type { Clock } from '../auth0/clock.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { CredentialStore } from './credential-store.ts';
import { newTenantId } from './new-tenant-id.ts';
import { bindingOfSettings } from './tenant-connections.ts';
import type { TenantStore } from './tenant-store.ts';

export interface DemoEmulator {
  url: string;
  domain: string;
  clientId: string;
  clientSecret: string;
  stop(): Promise<void>;
}

/** emulator/index.ts startEmulator, or a stand-in in tests. */
export type StartDemoEmulator = (options: {
  port: number;
  users: number;
  seed: number;
  persistTo: string;
  domain: string;
}) => Promise<DemoEmulator>;

export const DEMO_USERS = 3000;
export const DEMO_SEED = 1_000_003;
export const DEMO_DATA_FILE = 'demo-tenant-data.json';
/** A fixed name, so the token audience and the sidebar stay the same when the port changes. */
export const DEMO_DOMAIN = 'demo.roster.local';

export interface DemoTenantDeps {
  store: TenantStore;
  credentials: CredentialStore;
  start: StartDemoEmulator;
  userDataDir: string;
  clock: Clock;
  log: Logger;
  /** Called once the demo profile is saved with this run's address. */
  onReady: () => void;
}

export class DemoTenant {
  readonly #deps: DemoTenantDeps;
  #emulator: DemoEmulator | undefined;
  #ready: Promise<void> | undefined;
  #failure: string | undefined;
  #disposed = false;

  constructor(deps: DemoTenantDeps) {
    this.#deps = deps;
  }

  /** Starts the emulator in the background; the window need not wait for it. */
  start(): void {
    if (this.#deps.store.demoDismissed) return;
    this.#ready ??= this.#boot().catch((error: unknown) => {
      this.#failure = error instanceof Error ? error.message : String(error);
      this.#deps.log.error('demo tenant did not start', { error });
    });
  }

  /** Resolves once the demo tenant's profile points at the running emulator. */
  async whenReady(): Promise<void> {
    await this.#ready;
    if (this.#failure !== undefined || !this.#emulator) {
      throw new AppError('network', `The demo tenant is not running (${this.#failure ?? 'it was not started'}).`);
    }
  }

  get notice(): string | null {
    return this.#failure === undefined ? null : `The demo tenant could not start: ${this.#failure}`;
  }

  async dispose(): Promise<void> {
    this.#disposed = true;
    await this.#ready;
    const emulator = this.#emulator;
    this.#emulator = undefined;
    await emulator?.stop();
  }

  async #boot(): Promise<void> {
    const { store, credentials, userDataDir, clock } = this.#deps;
    const emulator = await this.#deps.start({
      port: 0,
      users: DEMO_USERS,
      seed: DEMO_SEED,
      persistTo: join(userDataDir, DEMO_DATA_FILE),
      domain: DEMO_DOMAIN,
    });
    this.#emulator = emulator;
    if (this.#disposed) return;
    const existing = store.list().find((tenant) => tenant.kind === 'demo');
    const profile: TenantProfile = {
      ...(existing ?? {
        id: newTenantId(),
        name: 'Demo tenant',
        color: TENANT_COLORS[0] ?? '#635dff',
        production: false,
        kind: 'demo' as const,
        createdAt: new Date(clock.now()).toISOString(),
      }),
      authMode: 'client_credentials',
      domain: emulator.domain,
      clientId: emulator.clientId,
      // A new free port at every start.
      apiBaseUrl: emulator.url,
    };
    // The secret is new at each start, and so is the port it is bound to.
    const binding = bindingOfSettings(profile);
    const stored = await credentials.get(profile.id).catch(() => null);
    if (
      !stored?.sameValueAs(emulator.clientSecret) ||
      stored.origin !== binding.origin ||
      stored.audience !== binding.audience
    ) {
      await credentials.setOrKeepInMemory(profile.id, emulator.clientSecret, binding);
    }
    await store.put(profile);
    if (store.selectedId === null) await store.select(profile.id);
    this.#deps.onReady();
  }
}
