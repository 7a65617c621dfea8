// The tenants the UI talks to: list, add, update, remove, select, test. Secrets go from the
// argument to the keychain (and to the token request) and never come back: every profile this
// service returns is a TenantView, which has no field that could hold one.
import type { EventName } from '../../common/channels.ts';
import type { EventPayload } from '../../common/contract.ts';
import { tenantAddressProblem } from '../../common/address-policy.ts';
import {
  TENANT_COLORS,
  type AddTenantArgs,
  type ConnectionTest,
  type TenantCapabilities,
  type TenantAdded,
  type TenantAuthInput,
  type TenantList,
  type TenantProfile,
  type TenantView,
  type TestTenantArgs,
  type UpdateTenantArgs,
} from '../../common/tenant.ts';
import type { ManagementApi } from '../auth0/management-api.ts';
import { BoundSecret } from '../auth0/bound-secret.ts';
import { capabilitiesFromScopes } from '../auth0/capabilities.ts';
import { readPastedToken, tokenExpiredError } from '../auth0/pasted-token.ts';
import type { Clock } from '../auth0/clock.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { CredentialStore } from './credential-store.ts';
import type { DemoTenant } from './demo-tenant.ts';
import { newTenantId } from './new-tenant-id.ts';
import { bindingOfSettings, type ConnectionSettings, type TenantConnections } from './tenant-connections.ts';
import type { TenantStore } from './tenant-store.ts';

export type EmitEvent = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface TenantServiceDeps {
  store: TenantStore;
  credentials: CredentialStore;
  connections: TenantConnections;
  clock: Clock;
  log: Logger;
  emit: EmitEvent;
  demo?: DemoTenant;
  /** After a tenant is removed: its offline cache goes too (main/sync). */
  onRemoved?: (tenantId: string) => Promise<void>;
}

/** The secret of an auth input, and the profile fields it decides. */
function credentialsOf(auth: TenantAuthInput) {
  if (auth.mode === 'client_credentials') {
    return {
      secret: auth.clientSecret,
      fields: { authMode: auth.mode, clientId: auth.clientId, tokenExpiresAt: undefined },
    };
  }
  const token = readPastedToken(auth.token);
  return {
    secret: auth.token,
    fields: { authMode: auth.mode, clientId: undefined, tokenExpiresAt: new Date(token.expiresAt).toISOString() },
  };
}

export class TenantService {
  readonly #deps: TenantServiceDeps;
  readonly #expiredReported = new Set<string>();

  constructor(deps: TenantServiceDeps) {
    this.#deps = deps;
  }

  list(): TenantList {
    const { store, demo } = this.#deps;
    const notices = [...store.notices, ...(demo?.notice ? [demo.notice] : [])];
    return { tenants: store.list().map((profile) => this.#view(profile)), selectedId: store.selectedId, notices };
  }

  async add(args: AddTenantArgs, signal?: AbortSignal): Promise<TenantAdded> {
    const { store, credentials, connections, clock } = this.#deps;
    const { secret, fields } = credentialsOf(args.auth);
    if (fields.tokenExpiresAt && Date.parse(fields.tokenExpiresAt) <= clock.now()) {
      throw tokenExpiredError(Date.parse(fields.tokenExpiresAt));
    }
    const duplicate = store
      .list()
      .find((tenant) => tenant.domain === args.domain && fields.clientId && tenant.clientId === fields.clientId);
    if (duplicate) {
      throw new AppError('conflict', `"${duplicate.name}" already uses this domain and client ID.`);
    }
    const profile: TenantProfile = {
      id: newTenantId(),
      name: args.name,
      domain: args.domain,
      ...fields,
      apiBaseUrl: args.apiBaseUrl,
      color: args.color ?? TENANT_COLORS[store.list().length % TENANT_COLORS.length] ?? '#635dff',
      production: args.production ?? false,
      ...(args.loadAllPictures ? { loadAllPictures: true } : {}),
      kind: 'standard',
      createdAt: new Date(clock.now()).toISOString(),
    };
    // The keychain first: without one nothing is saved, and nothing is sent either.
    const binding = bindingOfSettings(profile);
    await credentials.set(profile.id, secret, binding);
    try {
      const connection =
        args.verify === false
          ? null
          : await connections.test(profile, async () => new BoundSecret(secret, binding), signal);
      await store.put(profile);
      if (store.selectedId === null) await store.select(profile.id);
      this.notifyChanged();
      return { tenant: this.#view(profile), connection };
    } catch (error) {
      await credentials
        .delete(profile.id)
        .catch((cause: unknown) => this.#deps.log.warn('secret not removed', { cause }));
      throw error;
    }
  }

  async update(args: UpdateTenantArgs, signal?: AbortSignal): Promise<TenantView> {
    const { store, credentials, connections } = this.#deps;
    const current = this.#require(args.id);
    const changesConnection = args.domain !== undefined || args.apiBaseUrl !== undefined || args.auth !== undefined;
    if (current.kind === 'demo' && changesConnection) {
      throw new AppError(
        'invalid_argument',
        'Roster manages the demo tenant’s connection; only its name and colour change.',
      );
    }
    const credential = args.auth ? credentialsOf(args.auth) : undefined;
    const movesAddress =
      (args.domain !== undefined && args.domain !== current.domain) ||
      (args.apiBaseUrl !== undefined && (args.apiBaseUrl ?? undefined) !== current.apiBaseUrl);
    if (movesAddress && !credential) {
      // A stored secret goes only where it was entered for (DESIGN.md): a new address needs the
      // credentials again, typed for it, in the same change.
      throw new AppError(
        'invalid_argument',
        'Changing the domain or the API base URL needs the credentials again: enter the client secret (or paste a token) for the new address.',
      );
    }
    const next: TenantProfile = {
      ...current,
      ...(args.name !== undefined ? { name: args.name } : {}),
      ...(args.domain !== undefined ? { domain: args.domain } : {}),
      ...(args.apiBaseUrl !== undefined ? { apiBaseUrl: args.apiBaseUrl ?? undefined } : {}),
      ...(args.color !== undefined ? { color: args.color } : {}),
      ...(args.production !== undefined ? { production: args.production } : {}),
      ...(args.loadAllPictures !== undefined ? { loadAllPictures: args.loadAllPictures } : {}),
      ...credential?.fields,
    };
    const addressProblem = tenantAddressProblem(next.domain, next.apiBaseUrl);
    if (addressProblem) throw new AppError('invalid_argument', addressProblem);
    const binding = bindingOfSettings(next);
    if (changesConnection && args.verify !== false) {
      const readSecret = credential
        ? async () => new BoundSecret(credential.secret, binding)
        : () => credentials.require(current.id, current.name, bindingOfSettings(current));
      await connections.test(next, readSecret, signal);
    }
    if (credential) await credentials.set(current.id, credential.secret, binding);
    await store.put(next);
    if (changesConnection) {
      connections.forget(current.id);
      this.#expiredReported.delete(current.id);
    }
    this.notifyChanged();
    return this.#view(next);
  }

  /** Removes the profile and its secret. The secret goes first: a profile is never left without a way to remove it. */
  async remove(id: string): Promise<void> {
    const { store, credentials, connections, demo } = this.#deps;
    const profile = this.#require(id);
    await credentials.delete(id);
    connections.forget(id);
    await store.remove(id);
    if (profile.kind === 'demo') await demo?.dispose();
    await this.#deps.onRemoved?.(id);
    this.notifyChanged();
  }

  async select(id: string): Promise<void> {
    this.#require(id);
    await this.#deps.store.select(id);
    this.notifyChanged();
  }

  async test(args: TestTenantArgs, signal?: AbortSignal): Promise<ConnectionTest> {
    const { connections, credentials } = this.#deps;
    if ('draft' in args) {
      const { secret, fields } = credentialsOf(args.draft.auth);
      const settings: ConnectionSettings = { domain: args.draft.domain, apiBaseUrl: args.draft.apiBaseUrl, ...fields };
      return connections.test(settings, async () => new BoundSecret(secret, bindingOfSettings(settings)), signal);
    }
    const profile = await this.#ready(args.id);
    return connections.test(
      profile,
      () => credentials.require(profile.id, profile.name, bindingOfSettings(profile)),
      signal,
    );
  }

  /**
   * What the tenant's token allows, as soon as the tenant opens: the token the tenant's client
   * already holds (or gets now), read for its scopes. No user is listed.
   */
  async capabilities(id: string, signal?: AbortSignal): Promise<TenantCapabilities> {
    const profile = await this.#ready(id);
    const scopes = await this.#deps.connections.scopesFor(
      id,
      profile,
      () => this.#deps.credentials.require(profile.id, profile.name, bindingOfSettings(profile)),
      signal,
    );
    return { scopes, capabilities: capabilitiesFromScopes(scopes) };
  }

  /**
   * Runs one Management API call for a tenant. A lapsed pasted token is also pushed as an
   * event, once, so every window can ask for a new one.
   */
  async withApi<T>(tenantId: string, call: (api: ManagementApi) => Promise<T>): Promise<T> {
    const profile = await this.#ready(tenantId);
    const api = this.#deps.connections.apiFor(tenantId, profile, () =>
      this.#deps.credentials.require(profile.id, profile.name, bindingOfSettings(profile)),
    );
    try {
      return await call(api);
    } catch (error) {
      if (error instanceof AppError && error.code === 'token_expired' && !this.#expiredReported.has(tenantId)) {
        this.#expiredReported.add(tenantId);
        this.#deps.emit('tenants:token-expired', { tenantId, message: error.message });
      }
      throw error;
    }
  }

  dispose(): void {
    this.#deps.connections.dispose();
  }

  /** Whether any tenant loads all users' pictures: the window's CSP then allows any https image (main/app/protocol.ts). */
  anyLoadsAllPictures(): boolean {
    return this.#deps.store.list().some((profile) => profile.loadAllPictures === true);
  }

  /** The profile once the tenant can be reached (the demo tenant's address is known): its domain and origin. */
  profileOf(id: string): Promise<TenantProfile> {
    return this.#ready(id);
  }

  /** The profile, once the demo tenant (if it is that) points at this run's emulator. */
  async #ready(id: string): Promise<TenantProfile> {
    if (this.#require(id).kind === 'demo') await this.#deps.demo?.whenReady();
    return this.#require(id);
  }

  #require(id: string): TenantProfile {
    const profile = this.#deps.store.get(id);
    if (!profile) throw new AppError('not_found', 'There is no such tenant. It may have been removed.');
    return profile;
  }

  #view(profile: TenantProfile): TenantView {
    return { ...profile, secretStorage: this.#deps.credentials.storageOf(profile.id) };
  }

  /** Pushes the tenant list to every window. */
  notifyChanged(): void {
    this.#deps.emit('tenants:changed', this.list());
  }
}
